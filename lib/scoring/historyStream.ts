import { Backtest } from './backtest';
import type { BacktestReport } from './backtest';
import type { RowProblem } from './backtestLog';
import type { CompiledModel } from './compile';
import { readLogRow } from './eventLog';
import type { LogFields } from './eventLog';
import type { LeadEvent } from './types';

/**
 * A backtest over an event-log file read as a stream (JSON Lines or CSV, the rows of template 05's
 * `lead_events`: id, createdAt, the event as JSON). Only one lead's rows are held at a time, so
 * memory stays flat however long the history: the file must list each lead's rows together (an
 * export ordered by lead, then row ID). A lead met again after other leads' rows is an error that
 * says so, never a silently wrong report.
 */
export type HistoryFormat = 'jsonl' | 'csv';

/** A bad row of the file: `line` is its first line (1-based), `field` the column or event field. */
export interface LineProblem extends RowProblem {
	line: number;
}

/** Raised for a file the stream cannot read on (a lead's rows apart, a CSV without its header). */
export class HistoryFileError extends Error {
	constructor(
		readonly line: number,
		message: string,
	) {
		super(`Line ${line}: ${message}`);
	}
}

export interface StreamBacktest {
	report: BacktestReport;
	lines: number;
	problems: LineProblem[];
}

interface Pending {
	id: number;
	event: LeadEvent;
	attributes?: Record<string, unknown>;
}

/**
 * The text of a byte stream as lines (UTF-8; "\n" or "\r\n"; a last line without an end counts),
 * given a chunk's worth at a time: one await per chunk, not per line.
 */
export async function* textLines(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string[]> {
	const decoder = new TextDecoder('utf-8');
	let rest = '';
	for await (const chunk of chunks) {
		rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
		const lines: string[] = [];
		let start = 0;
		for (let nl = rest.indexOf('\n'); nl !== -1; nl = rest.indexOf('\n', start)) {
			lines.push(rest.charCodeAt(nl - 1) === 13 ? rest.slice(start, nl - 1) : rest.slice(start, nl));
			start = nl + 1;
		}
		rest = rest.slice(start);
		if (lines.length) yield lines;
	}
	rest += decoder.decode();
	if (rest.length) yield [rest.endsWith('\r') ? rest.slice(0, -1) : rest];
}

/**
 * One CSV record's fields (RFC 4180: quoted fields may hold commas, doubled quotes and line
 * breaks), or null while a quoted field is still open at the end of `text` (read the next line on).
 */
export function csvFields(text: string): string[] | null {
	const out: string[] = [];
	let k = 0;
	const n = text.length;
	for (;;) {
		if (text.charCodeAt(k) === 34) {
			let value = '';
			let from = k + 1;
			for (;;) {
				const q = text.indexOf('"', from);
				if (q === -1) return null;
				value += text.slice(from, q);
				if (text.charCodeAt(q + 1) === 34) {
					value += '"';
					from = q + 2;
					continue;
				}
				k = q + 1;
				break;
			}
			const comma = text.indexOf(',', k);
			// Text after the closing quote (not RFC 4180, but spreadsheets write it) is kept.
			value += comma === -1 ? text.slice(k) : text.slice(k, comma);
			out.push(value);
			if (comma === -1) return out;
			k = comma + 1;
		} else {
			const comma = text.indexOf(',', k);
			out.push(comma === -1 ? text.slice(k) : text.slice(k, comma));
			if (comma === -1) return out;
			k = comma + 1;
		}
		if (k > n) return out;
	}
}

type FileRow = { line: number; row: Record<string, unknown> } | { line: number; problem: string; field: string };

/** The rows of a JSON Lines or CSV file, each with the line it starts on (blank lines skipped), a batch of lines at a time. */
export async function* fileRows(batches: AsyncIterable<string[]>, format: HistoryFormat): AsyncGenerator<FileRow[]> {
	let line = 0;
	let header: string[] | undefined;
	let open = '';
	let openAt = 0;
	for await (const batch of batches) {
		const out: FileRow[] = [];
		for (const text of batch) {
			line++;
			if (format === 'jsonl') {
				if (!text.trim()) continue;
				let row: unknown;
				try {
					row = JSON.parse(text);
				} catch (e) {
					out.push({ line, field: 'line', problem: `is not JSON (${(e as Error).message})` });
					continue;
				}
				if (row === null || typeof row !== 'object' || Array.isArray(row))
					out.push({ line, field: 'line', problem: 'must be one row as a JSON object ({"id": …, "createdAt": …, "event": …})' });
				else out.push({ line, row: row as Record<string, unknown> });
				continue;
			}
			const record = open ? `${open}\n${text}` : text;
			const at = open ? openAt : line;
			const fields = csvFields(record);
			if (fields === null) {
				open = record;
				openAt = at;
				continue;
			}
			open = '';
			if (!header) {
				if (!record.trim()) continue;
				header = fields.map((h, k) => (k === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
				if (!header.includes('id') || !header.includes('createdAt'))
					throw new HistoryFileError(at, `the CSV header must name the columns, with id and createdAt (got ${header.join(', ')})`);
				continue;
			}
			if (!record.trim()) continue;
			if (fields.length !== header.length) {
				out.push({ line: at, field: 'line', problem: `has ${fields.length} fields, the header ${header.length}` });
				continue;
			}
			const row: Record<string, unknown> = {};
			for (let k = 0; k < header.length; k++) row[header[k]] = fields[k];
			out.push({ line: at, row });
		}
		if (out.length) yield out;
	}
	if (open) yield [{ line: openAt, field: 'line', problem: 'has a quoted field that is never closed' }];
}

/**
 * Streams the file's rows through a backtest, one lead at a time. `onProblem` decides about bad
 * rows (throw to stop at the first, or return to skip it; skipped rows are listed in `problems`).
 */
export async function backtestStream(
	lines: AsyncIterable<string[]>,
	format: HistoryFormat,
	fields: LogFields,
	zone: string,
	live: CompiledModel,
	candidate: CompiledModel,
	now: number,
	leadsListed: number,
	onProblem: (p: LineProblem) => void,
): Promise<StreamBacktest> {
	const bt = new Backtest(live, candidate, now, leadsListed);
	const h = bt.history();
	const done = new Set<string>();
	const problems: LineProblem[] = [];
	let lead: string | undefined;
	let rows: Pending[] = [];
	let lastLine = 0;
	const flush = () => {
		if (lead === undefined) return;
		// Row-ID order within the lead, as the event log replays it (lead fields merged in that order).
		let ascending = true;
		for (let k = 1; k < rows.length; k++) if (rows[k - 1].id > rows[k].id) ascending = false;
		if (!ascending) rows.sort((a, b) => a.id - b.id);
		let attributes: Record<string, unknown> | undefined;
		for (const r of rows) if (r.attributes) attributes = attributes ? Object.assign(attributes, r.attributes) : { ...r.attributes };
		h.reset(lead, attributes);
		for (const { event: e } of rows) h.push(e.type, e.time, e.id, e.data, e.attributes);
		bt.addHistory(h);
		done.add(lead);
		rows = [];
	};
	const problem = (p: LineProblem) => {
		problems.push(p);
		onProblem(p);
	};
	for await (const batch of fileRows(lines, format))
		for (const r of batch) {
			lastLine = r.line;
			if ('problem' in r) {
				problem({ index: r.line - 1, line: r.line, field: r.field, message: r.problem });
				continue;
			}
			const read = readLogRow(r.row, fields, zone);
			if (!read.ok) {
				problem({ index: r.line - 1, line: r.line, field: read.field, message: read.message });
				continue;
			}
			const { leadId } = read.row;
			if (leadId !== lead) {
				if (done.has(leadId))
					throw new HistoryFileError(
						r.line,
						`lead "${leadId}" appears again after other leads' rows: list each lead's rows together (export ordered by lead, then row ID), or feed the rows as input items`,
					);
				flush();
				lead = leadId;
			}
			rows.push(
				read.row.attributes
					? { id: read.row.id, event: read.row.event, attributes: read.row.attributes }
					: { id: read.row.id, event: read.row.event },
			);
		}
	flush();
	return { report: bt.report(), lines: lastLine, problems };
}
