import { Backtest } from './backtest';
import type { BacktestReport } from './backtest';
import type { RowProblem } from './backtestLog';
import type { CompiledModel } from './compile';
import { readLogRow } from './eventLog';
import type { LogFields, LogRow } from './eventLog';
import { conditionFields, PendingHistories } from './pendingHistory';

/**
 * A backtest over event-log files read as streams (JSON Lines or CSV, the rows of template 05's
 * `lead_events`: id, createdAt, the event as JSON). Several files are one history (an export split
 * by month is read as a whole). A file that lists each lead's rows together is scored one lead at
 * a time, so memory stays flat however long the history. When a lead turns up again after other
 * leads' rows (an export ordered by row ID interleaves leads), the files are read again from the
 * start and every lead's rows are held in a compact form (pendingHistory.ts) until the end.
 */
export type HistoryFormat = 'jsonl' | 'csv';

/** One file of the history. */
export interface HistorySource {
	/** The file from its start, as bytes or text; called again when the files are read a second time. */
	open(): AsyncIterable<Uint8Array | string>;
	format: HistoryFormat;
	/** Where the file comes from (an input item's index), carried by its problems and errors. */
	item: number;
}

/** A bad row of a file: `line` is its first line (1-based), `field` the column or event field, `item` the file's source. */
export interface LineProblem extends RowProblem {
	line: number;
	item: number;
}

/** A file the stream cannot read on (a line over the cap, a CSV without its header); `item`: the file's source. */
export class HistoryFileError extends Error {
	constructor(
		readonly line: number,
		readonly reason: string,
		readonly item = 0,
	) {
		super(`Line ${line}: ${reason}`);
	}
}

/** The longest line (or CSV record) read, in bytes, unless set otherwise: far above any event, far below what runs a worker out of memory. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

export interface StreamOptions {
	fields: LogFields;
	zone: string;
	live: CompiledModel;
	candidate: CompiledModel;
	now: number;
	leadsListed: number;
	maxLineBytes?: number;
	/** Called for each bad row: throw to stop at the first, or return to skip it (skipped rows are listed in `problems`). */
	onProblem: (p: LineProblem) => void;
}

export interface StreamBacktest {
	report: BacktestReport;
	/** Lines read, over all files. */
	lines: number;
	/** The files listed each lead's rows together (scored as they streamed); otherwise rows were held until the end. */
	grouped: boolean;
	/** Rows held at once, at most: one lead's when grouped, every row when not. */
	heldRows: number;
	problems: LineProblem[];
}

const mb = (bytes: number) => (bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MB` : `${bytes.toLocaleString('en-US')} bytes`);

/** More than `max` bytes as UTF-8 (the length in UTF-16 units bounds it: at most 3 bytes each). */
const over = (text: string, max: number) => text.length > max || (text.length * 3 > max && Buffer.byteLength(text, 'utf8') > max);

/** Bytes decoded at most at once: a file n8n holds in memory is one buffer, read in pieces like a stream. */
const PIECE = 1024 * 1024;

/**
 * The text of a byte stream as lines (UTF-8; "\n" or "\r\n"; a last line without an end counts),
 * given a chunk's worth at a time: one await per chunk, not per line. A line longer than
 * `maxLineBytes` stops the read with its line number, before more of it is held.
 */
export async function* textLines(
	chunks: AsyncIterable<Uint8Array | string>,
	maxLineBytes = DEFAULT_MAX_LINE_BYTES,
	/** The file's source, named in the error. */
	item = 0,
): AsyncGenerator<string[]> {
	const decoder = new TextDecoder('utf-8');
	let rest = '';
	let line = 0;
	const tooLong = (at: number) =>
		new HistoryFileError(
			at,
			`is longer than ${mb(maxLineBytes)} (Max Line Size): a row of the event log is far shorter; is this the export of the event log, one row per line?`,
			item,
		);
	for await (const chunk of chunks) {
		for (let from = 0; ; from += PIECE) {
			if (typeof chunk === 'string') rest += chunk;
			else rest += decoder.decode(chunk.subarray(from, from + PIECE), { stream: true });
			const lines: string[] = [];
			let start = 0;
			for (let nl = rest.indexOf('\n'); nl !== -1; nl = rest.indexOf('\n', start)) {
				const text = rest.charCodeAt(nl - 1) === 13 ? rest.slice(start, nl - 1) : rest.slice(start, nl);
				if (over(text, maxLineBytes)) throw tooLong(line + lines.length + 1);
				lines.push(text);
				start = nl + 1;
			}
			rest = rest.slice(start);
			line += lines.length;
			if (over(rest, maxLineBytes)) throw tooLong(line + 1);
			if (lines.length) yield lines;
			if (typeof chunk === 'string' || from + PIECE >= chunk.length) break;
		}
	}
	rest += decoder.decode();
	if (over(rest, maxLineBytes)) throw tooLong(line + 1);
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
export async function* fileRows(
	batches: AsyncIterable<string[]>,
	format: HistoryFormat,
	maxLineBytes = DEFAULT_MAX_LINE_BYTES,
	item = 0,
): AsyncGenerator<FileRow[]> {
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
				// A quote never closed would otherwise gather the rest of the file into one record.
				if (over(record, maxLineBytes))
					throw new HistoryFileError(
						at,
						`starts a quoted field that is still open after ${mb(maxLineBytes)} (Max Line Size): is a closing quote missing?`,
						item,
					);
				open = record;
				openAt = at;
				continue;
			}
			open = '';
			if (!header) {
				if (!record.trim()) continue;
				header = fields.map((h, k) => (k === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
				if (!header.includes('id') || !header.includes('createdAt'))
					throw new HistoryFileError(at, `the CSV header must name the columns, with id and createdAt (got ${header.join(', ')})`, item);
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

type ReadRow = { ok: true; row: LogRow; line: number } | { ok: false; problem: LineProblem };

/** Every file's rows in turn, read and checked, a batch at a time. */
async function* logRows(sources: HistorySource[], o: StreamOptions, count: { lines: number }): AsyncGenerator<ReadRow[]> {
	for (const source of sources) {
		const { item } = source;
		let last = 0;
		const lines = textLines(source.open(), o.maxLineBytes, item);
		for await (const batch of fileRows(lines, source.format, o.maxLineBytes, item)) {
			const out: ReadRow[] = [];
			for (const r of batch) {
				last = r.line;
				if ('problem' in r) {
					out.push({ ok: false, problem: { index: r.line - 1, item, line: r.line, field: r.field, message: r.problem } });
					continue;
				}
				const read = readLogRow(r.row, o.fields, o.zone);
				if (read.ok) out.push({ ok: true, row: read.row, line: r.line });
				else out.push({ ok: false, problem: { index: r.line - 1, item, line: r.line, field: read.field, message: read.message } });
			}
			yield out;
		}
		count.lines += last;
	}
}

/**
 * Backtests the history in `sources` (one history over all files). Grouped files are scored as
 * they stream; the first lead met again after other leads' rows sends the read back to the start,
 * this time holding every row compactly and scoring all leads at the end.
 */
export async function backtestFiles(sources: HistorySource[], o: StreamOptions): Promise<StreamBacktest> {
	return (await groupedPass(sources, o)) ?? (await heldPass(sources, o));
}

/** One lead at a time; null as soon as a lead's rows turn out to be apart. */
async function groupedPass(sources: HistorySource[], o: StreamOptions): Promise<StreamBacktest | null> {
	const bt = new Backtest(o.live, o.candidate, o.now, o.leadsListed);
	const h = bt.history();
	const done = new Set<string>();
	const problems: LineProblem[] = [];
	const count = { lines: 0 };
	let lead: string | undefined;
	let rows: LogRow[] = [];
	let held = 0;
	const flush = () => {
		if (lead === undefined) return;
		held = Math.max(held, rows.length);
		// Row-ID order within the lead, as the event log replays it (lead fields merged in that order).
		let ascending = true;
		for (let k = 1; k < rows.length; k++) if (rows[k - 1].id > rows[k].id) ascending = false;
		if (!ascending) rows.sort((a, b) => a.id - b.id);
		let attributes: Record<string, unknown> | undefined;
		for (const row of rows) if (row.attributes) attributes = attributes ? Object.assign(attributes, row.attributes) : { ...row.attributes };
		h.reset(lead, attributes);
		for (const row of rows) h.push(row.event.type, row.event.time, row.event.id, row.event.data, row.event.attributes);
		bt.addHistory(h);
		done.add(lead);
		rows = [];
	};
	for await (const batch of logRows(sources, o, count))
		for (const r of batch) {
			if (!r.ok) {
				problems.push(r.problem);
				o.onProblem(r.problem);
				continue;
			}
			const { leadId } = r.row;
			if (leadId !== lead) {
				// Rows apart: this report would be wrong. Leaving the loop closes the file.
				if (done.has(leadId)) return null;
				flush();
				lead = leadId;
			}
			rows.push(r.row);
		}
	flush();
	return { report: bt.report(), lines: count.lines, grouped: true, heldRows: held, problems };
}

/** Every row held compactly (any order), all leads scored at the end. */
async function heldPass(sources: HistorySource[], o: StreamOptions): Promise<StreamBacktest> {
	const bt = new Backtest(o.live, o.candidate, o.now, o.leadsListed);
	const pending = new PendingHistories(conditionFields(o.live, o.candidate), bt.history());
	const problems: LineProblem[] = [];
	const count = { lines: 0 };
	for await (const batch of logRows(sources, o, count))
		for (const r of batch) {
			if (!r.ok) {
				problems.push(r.problem);
				o.onProblem(r.problem);
				continue;
			}
			pending.add(r.row);
		}
	pending.scoreInto(bt);
	return { report: bt.report(), lines: count.lines, grouped: false, heldRows: pending.rows, problems };
}
