import type { CompiledModel } from './compile';
import { scoreLead } from './engine';
import { getPath } from './path';
import { firstField, fromJsonText, isObj, readEvent } from './read';
import type { EventFields } from './read';
import type { LeadEvent, LeadResult } from './types';

/**
 * Scoring from an append-only event log (one data-table row per received event) instead of a
 * stored profile that is read, changed and written back, where the last save wins. An execution
 * adds its event's row, reads all the lead's rows and replays them in row order. Row IDs are
 * handed out in insert order, so concurrent executions (several workers) replay the same
 * sequence and agree on the profile; a repeated event ID scores once (the engine remembers IDs).
 * Each row's step belongs to the execution that inserted it, so a stage change is reported once.
 */
export interface LogRow {
	/** The row's ID in the log (insert order). */
	id: number;
	leadId: string;
	event: LeadEvent;
	attributes?: Record<string, unknown>;
	/** When the row was written (ms): the `now` of its step, the same for every replay. */
	at: number;
}

export interface LogStep {
	rowId: number;
	result: LeadResult;
}

export interface LogReplay {
	leadId: string;
	/** After every row read. */
	result: LeadResult;
	/** The highest row ID replayed: a saved profile is only replaced by one replayed further. */
	lastRow: number;
	/** The lead's oldest row. */
	firstRow: number;
	/** Steps of this execution's own rows that changed the stage, with the state right after each. */
	changes: LogStep[];
}

export type LogRead = { ok: true; row: LogRow } | { ok: false; field: string; message: string };

export interface LogFields {
	/** The column holding the event as JSON text (or an object). */
	event: string;
	leadId: string[];
	/** The event's field with lead attributes (name, company, BANT facts…). */
	attributes: string;
	eventFields: EventFields;
}

/** One data-table row → a log row. The event time defaults to when the row was written. */
export function readLogRow(raw: Record<string, unknown>, f: LogFields, zone: string): LogRead {
	const id = Number(raw.id);
	if (!Number.isInteger(id) || id <= 0)
		return { ok: false, field: 'id', message: 'must be the row ID the data table gave (a positive integer)' };
	const at = Date.parse(String(raw.createdAt ?? ''));
	if (Number.isNaN(at)) return { ok: false, field: 'createdAt', message: 'must be the time the data table wrote the row' };
	const parsed = fromJsonText(getPath(raw, f.event));
	if (!parsed.ok) return { ok: false, field: f.event, message: parsed.message };
	if (!isObj(parsed.value)) return { ok: false, field: f.event, message: 'must be the event as JSON (an object)' };
	const json = parsed.value;
	const lead = firstField(json, f.leadId);
	if (!lead || (typeof lead[1] !== 'string' && typeof lead[1] !== 'number'))
		return { ok: false, field: `${f.event}.${f.leadId[0] ?? 'leadId'}`, message: 'is required: the lead this event belongs to' };
	const e = readEvent(json, f.eventFields, zone, at);
	if (!e.ok) return { ok: false, field: `${f.event}${e.field ? `.${e.field}` : ''}`, message: e.message };
	const attributes = getPath(json, f.attributes);
	const row: LogRow = isObj(attributes)
		? { id, leadId: String(lead[1]), event: e.value, attributes, at }
		: { id, leadId: String(lead[1]), event: e.value, at };
	return { ok: true, row };
}

/**
 * Replays one lead's rows (any order, repeats allowed) in row order. `own`: the rows this
 * execution inserted; only their steps are reported as changes.
 */
export function replayLog(cm: CompiledModel, rows: LogRow[], own: ReadonlySet<number>): LogReplay {
	const byId = new Map<number, LogRow>();
	for (const r of rows) byId.set(r.id, r);
	const ordered = [...byId.values()].sort((a, b) => a.id - b.id);
	if (!ordered.length) throw new Error('replayLog needs at least one row');
	const leadId = ordered[0].leadId;
	let result: LeadResult | undefined;
	const changes: LogStep[] = [];
	for (const r of ordered) {
		if (r.leadId !== leadId) throw new Error(`row ${r.id} belongs to lead "${r.leadId}", not "${leadId}"`);
		result = scoreLead(cm, {
			leadId,
			profile: result?.profile ?? null,
			events: [r.event],
			...(r.attributes ? { attributes: r.attributes } : {}),
			// An event dated a little after its row (a client clock ahead) is scored at its own time.
			now: Math.max(r.at, r.event.time),
		});
		if (own.has(r.id) && result.stageChanged) changes.push({ rowId: r.id, result });
	}
	return { leadId, result: result!, lastRow: ordered[ordered.length - 1].id, firstRow: ordered[0].id, changes };
}
