import { Backtest } from './backtest';
import type { BacktestReport } from './backtest';
import type { CompiledModel } from './compile';
import { readLogRow } from './eventLog';
import type { LogFields } from './eventLog';
import type { LeadEvent } from './types';

/**
 * A backtest over an event log's rows (template 05's `lead_events`: one row per received event,
 * its JSON in a column). Rows are read once into columns (lead, row ID, event), grouped by lead
 * without copying the events, and each lead's history goes through the backtest in row-ID order
 * of its lead fields; only the report and a bounded list of moved leads are kept.
 */
export type RowProblem = { index: number; field: string; message: string };

export interface LogBacktest {
	report: BacktestReport;
	/** Input indexes of each listed lead's rows, for pairing. */
	rowsOf: Map<string, number[]>;
	problems: RowProblem[];
}

export function backtestLog(
	rows: ReadonlyArray<Record<string, unknown>>,
	fields: LogFields,
	zone: string,
	live: CompiledModel,
	candidate: CompiledModel,
	now: number,
	leadsListed: number,
	/** Rows that fail validation: stop at the first (throws the problem) or skip and report them. */
	onProblem: (p: RowProblem) => void,
): LogBacktest {
	const n = rows.length;
	const leadOf = new Int32Array(n).fill(-1);
	const rowId = new Float64Array(n);
	const events: Array<LeadEvent | undefined> = new Array(n);
	const leadAttrs: Array<Record<string, unknown> | undefined> = new Array(n);
	const leadIndex = new Map<string, number>();
	const leadIds: string[] = [];
	const problems: RowProblem[] = [];
	for (let i = 0; i < n; i++) {
		const r = readLogRow(rows[i], fields, zone);
		if (!r.ok) {
			const p = { index: i, field: r.field, message: r.message };
			problems.push(p);
			onProblem(p);
			continue;
		}
		let l = leadIndex.get(r.row.leadId);
		if (l === undefined) {
			l = leadIds.length;
			leadIndex.set(r.row.leadId, l);
			leadIds.push(r.row.leadId);
		}
		leadOf[i] = l;
		rowId[i] = r.row.id;
		events[i] = r.row.event;
		leadAttrs[i] = r.row.attributes;
	}
	// Counting sort of the rows by lead: each lead's rows side by side, in input order.
	const start = new Int32Array(leadIds.length + 1);
	for (let i = 0; i < n; i++) if (leadOf[i] >= 0) start[leadOf[i] + 1]++;
	for (let l = 0; l < leadIds.length; l++) start[l + 1] += start[l];
	const next = start.slice(0, leadIds.length);
	const byLead = new Int32Array(start[leadIds.length]);
	for (let i = 0; i < n; i++) if (leadOf[i] >= 0) byLead[next[leadOf[i]]++] = i;

	const bt = new Backtest(live, candidate, now, leadsListed);
	const h = bt.history();
	const rowsOf = new Map<string, number[]>();
	for (let l = 0; l < leadIds.length; l++) {
		const from = start[l];
		const to = start[l + 1];
		let own = byLead.subarray(from, to);
		if (!ascending(own, rowId)) own = Int32Array.from(own).sort((a, b) => rowId[a] - rowId[b]);
		let attributes: Record<string, unknown> | undefined;
		for (let k = 0; k < own.length; k++) {
			const a = leadAttrs[own[k]];
			if (a) attributes = attributes ? Object.assign(attributes, a) : { ...a };
		}
		h.reset(leadIds[l], attributes);
		for (let k = 0; k < own.length; k++) {
			const e = events[own[k]]!;
			h.push(e.type, e.time, e.id, e.data, e.attributes);
		}
		const listed = bt.listedCount();
		bt.addHistory(h);
		if (bt.listedCount() > listed) rowsOf.set(leadIds[l], Array.from(own));
	}
	return { report: bt.report(), rowsOf, problems };
}

function ascending(idx: Int32Array, key: Float64Array): boolean {
	for (let k = 1; k < idx.length; k++) if (key[idx[k - 1]] > key[idx[k]]) return false;
	return true;
}
