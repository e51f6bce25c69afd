import { getPath } from './path';
import { parseTime } from './time';
import type { LeadEvent } from './types';

/**
 * Raw item fields → engine input, without zod (the Code-node bundle uses this too). Field names
 * are candidate lists; the first one present wins.
 */
export interface EventFields {
	type: string[];
	id: string[];
	time: string[];
}

export const DEFAULT_EVENT_FIELDS = { type: 'type, trigger', id: 'id, eventId', time: 'time, timestamp, createdAt, createTime' };

export const fieldList = (s: string) =>
	s
		.split(',')
		.map((x) => x.trim())
		.filter(Boolean);

export const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function firstField(obj: Record<string, unknown>, names: string[]): [string, unknown] | undefined {
	for (const n of names) {
		const v = getPath(obj, n);
		if (v !== undefined && v !== null && v !== '') return [n, v];
	}
	return undefined;
}

export type ReadResult<T> = { ok: true; value: T } | { ok: false; field?: string; message: string };

/** One raw event → LeadEvent; a missing time is `now`, a missing ID is derived later from the content. */
export function readEvent(raw: unknown, fields: EventFields, zone: string, now: number): ReadResult<LeadEvent> {
	if (!isObj(raw)) return { ok: false, message: 'must be an object with at least an event type' };
	const type = firstField(raw, fields.type);
	if (!type || typeof type[1] !== 'string' || !type[1].trim())
		return {
			ok: false,
			field: fields.type[0] ?? 'type',
			message: `is required: the event type, a text (looked in ${fields.type.join(', ')})`,
		};
	const id = firstField(raw, fields.id);
	if (id && typeof id[1] !== 'string' && typeof id[1] !== 'number')
		return { ok: false, field: id[0], message: 'must be a text or a number' };
	const time = firstField(raw, fields.time);
	const t = time ? parseTime(time[1], zone) : now;
	if (Number.isNaN(t))
		return { ok: false, field: time![0], message: `"${String(time![1])}" is not a time (use ISO 8601, or epoch seconds or milliseconds)` };
	if (raw.attributes !== undefined && raw.attributes !== null && !isObj(raw.attributes))
		return { ok: false, field: 'attributes', message: 'must be an object of lead fields (e.g. {"budget": true})' };
	// Built without spreads (this runs once per event of a backtest); keys in the same order.
	const name = type[1].trim();
	const value: LeadEvent = id ? { id: String(id[1]), type: name, time: t, data: raw } : { type: name, time: t, data: raw };
	if (isObj(raw.attributes)) value.attributes = raw.attributes;
	return { ok: true, value };
}

/** Workflows often store JSON as text (a Data Table column): accept both. */
export function fromJsonText(v: unknown): ReadResult<unknown> {
	if (typeof v !== 'string') return { ok: true, value: v };
	if (!v.trim()) return { ok: true, value: undefined };
	try {
		return { ok: true, value: JSON.parse(v) as unknown };
	} catch {
		return { ok: false, message: 'is text but not valid JSON' };
	}
}
