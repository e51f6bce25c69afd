import { z } from 'zod';
import { getPath } from './path';
import { firstField, fromJsonText, isObj, readEvent } from './read';
import type { EventFields } from './read';
import type { LeadEvent, LeadProfile } from './types';

/**
 * Workflow items → the engine's input, validated with zod so that every problem names the field
 * (events.2.time, profile, leadId…).
 */

export function eventSchema(fields: EventFields, zone: string, now: number) {
	return z.unknown().transform((raw, ctx): LeadEvent => {
		const r = readEvent(raw, fields, zone, now);
		if (r.ok) return r.value;
		ctx.addIssue({ code: 'custom', path: r.field ? [r.field] : [], message: r.message });
		return z.NEVER;
	});
}

/** A list of events, read in one pass (a zod schema per element costs more than the scoring). */
export function eventListSchema(fields: EventFields, zone: string, now: number) {
	return z.unknown().transform((raw, ctx): LeadEvent[] | undefined => {
		if (raw === undefined || raw === null) return undefined;
		if (!Array.isArray(raw)) {
			ctx.addIssue({ code: 'custom', message: 'must be a list of events' });
			return z.NEVER;
		}
		const events: LeadEvent[] = new Array(raw.length);
		for (let i = 0; i < raw.length; i++) {
			const r = readEvent(raw[i], fields, zone, now);
			if (!r.ok) {
				ctx.addIssue({ code: 'custom', path: r.field ? [i, r.field] : [i], message: r.message });
				return z.NEVER;
			}
			events[i] = r.value;
		}
		return events;
	});
}

const jsonText = (what: string) =>
	z.unknown().transform((v, ctx) => {
		const r = fromJsonText(v);
		if (r.ok) return r.value;
		ctx.addIssue({ code: 'custom', message: `${r.message} ${what}` });
		return z.NEVER;
	});

type Problem = { path: Array<string | number>; message: string } | undefined;
const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function pairs(v: unknown, path: Array<string | number>, first: 'string' | 'number', what: string): Problem {
	if (!Array.isArray(v)) return { path, message: `must be a list of ${what} pairs` };
	for (let i = 0; i < v.length; i++) {
		const e = v[i] as unknown[];
		if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== first || typeof e[1] !== 'number')
			return { path: [...path, i], message: `must be a ${what} pair` };
	}
	return undefined;
}

/**
 * The parts of a stored profile the engine relies on. Checked by hand inside the zod schema: a
 * profile holds hundreds of small pairs, and a zod schema per pair costs more than the scoring.
 */
function profileProblem(p: Record<string, unknown>): Problem {
	if (p.v !== undefined && p.v !== 1)
		return { path: ['v'], message: 'is not a Lead Score profile of version 1 (was it written by a newer version of the node?)' };
	if (p.stage !== undefined && p.stage !== null && typeof p.stage !== 'string') return { path: ['stage'], message: 'must be a text' };
	if (p.attributes !== undefined && !isRecord(p.attributes)) return { path: ['attributes'], message: 'must be an object' };
	if (p.ledger !== undefined) {
		if (!isRecord(p.ledger)) return { path: ['ledger'], message: 'must be an object' };
		for (const [rule, l] of Object.entries(p.ledger)) {
			if (!isRecord(l) || typeof l.awarded !== 'number') return { path: ['ledger', rule], message: 'must be { awarded, entries }' };
			const bad = pairs(l.entries, ['ledger', rule, 'entries'], 'number', '[time, points]');
			if (bad) return bad;
		}
	}
	for (const key of ['caps', 'hits'] as const) {
		if (p[key] === undefined) continue;
		if (!isRecord(p[key])) return { path: [key], message: 'must be an object' };
		for (const [rule, list] of Object.entries(p[key] as Record<string, unknown>)) {
			if (key === 'caps') {
				const bad = pairs(list, [key, rule], 'number', '[time, points]');
				if (bad) return bad;
			} else if (!Array.isArray(list) || list.some((t) => typeof t !== 'number'))
				return { path: [key, rule], message: 'must be a list of times' };
		}
	}
	if (p.once !== undefined && (!Array.isArray(p.once) || p.once.some((r) => typeof r !== 'string')))
		return { path: ['once'], message: 'must be a list of rule IDs' };
	if (p.seen !== undefined) {
		if (!isRecord(p.seen)) return { path: ['seen'], message: 'must be { since, ids }' };
		if (p.seen.since !== null && p.seen.since !== undefined && typeof p.seen.since !== 'number')
			return { path: ['seen', 'since'], message: 'must be a time in ms' };
		return pairs(p.seen.ids, ['seen', 'ids'], 'string', '[event ID, time]');
	}
	return undefined;
}

/** A stored profile: an object, JSON text (a Data Table column), or empty for a new lead. */
export const profileSchema = jsonText('(expected the profile this node output last time)').pipe(
	z.unknown().superRefine((v, ctx) => {
		if (v === undefined || v === null) return;
		if (!isRecord(v)) {
			ctx.addIssue({ code: 'custom', message: 'must be the profile object this node output last time (or empty for a new lead)' });
			return;
		}
		const problem = profileProblem(v);
		if (problem) ctx.addIssue({ code: 'custom', ...problem });
	}),
);

const attributesSchema = jsonText('(expected an object of lead fields)').pipe(
	z.record(z.unknown(), { invalid_type_error: 'must be an object of lead fields (title, company, companySize…)' }).nullish(),
);

const leadId = z.union([z.string().trim().min(1, 'must not be empty'), z.number().transform(String)], {
	errorMap: () => ({ message: 'must be a text or a number' }),
});

export interface ItemFields {
	profile: string;
	events: string;
	leadId: string[];
	attributes: string;
	event: EventFields;
}

export interface LeadItem {
	leadId?: string;
	profile: LeadProfile | null;
	events: LeadEvent[];
	attributes?: Record<string, unknown>;
}

export interface EventItem {
	leadId: string;
	profile: LeadProfile | null;
	event: LeadEvent;
	attributes?: Record<string, unknown>;
}

const idKey = (f: ItemFields) => f.leadId[0] ?? 'leadId';

/** One item per lead: its previous profile, its new events (a list, or JSON text) and its attributes. */
export function leadItemSchema(f: ItemFields, zone: string, now: number) {
	const key = idKey(f);
	const events = jsonText('(expected a list of events)').pipe(eventListSchema(f.event, zone, now));
	const schema = z.object({ [key]: leadId.optional(), [f.profile]: profileSchema, [f.events]: events, [f.attributes]: attributesSchema });
	return z.unknown().transform((raw, ctx): LeadItem => {
		const json = isObj(raw) ? raw : {};
		const r = schema.safeParse({
			[key]: firstField(json, f.leadId)?.[1],
			[f.profile]: getPath(json, f.profile),
			[f.events]: getPath(json, f.events),
			[f.attributes]: getPath(json, f.attributes),
		});
		if (!r.success) {
			for (const i of r.error.issues) ctx.addIssue(i);
			return z.NEVER;
		}
		const v = r.data;
		return {
			...(v[key] ? { leadId: v[key] as string } : {}),
			profile: (v[f.profile] as LeadProfile | null | undefined) ?? null,
			events: (v[f.events] as LeadEvent[] | null | undefined) ?? [],
			...(v[f.attributes] ? { attributes: v[f.attributes] as Record<string, unknown> } : {}),
		};
	});
}

/** One item per event: the item is the event; it names its lead and may carry the lead's profile and attributes. */
export function eventItemSchema(f: ItemFields, zone: string, now: number) {
	const key = idKey(f);
	const ev = eventSchema(f.event, zone, now);
	const schema = z.object({ [key]: leadId, [f.profile]: profileSchema, [f.attributes]: attributesSchema });
	return z.unknown().transform((raw, ctx): EventItem => {
		const json = isObj(raw) ? raw : {};
		const found = firstField(json, f.leadId);
		const checks = schema.safeParse({
			[key]: found?.[1],
			[f.profile]: getPath(json, f.profile),
			[f.attributes]: getPath(json, f.attributes),
		});
		if (!checks.success) {
			for (const i of checks.error.issues)
				ctx.addIssue({
					...i,
					message:
						i.path[0] === key && !found ? `is required: the lead this event belongs to (looked in ${f.leadId.join(', ')})` : i.message,
				});
			return z.NEVER;
		}
		// The stored profile is not part of the event (it would change a derived event ID).
		const eventJson = { ...json };
		delete eventJson[f.profile];
		const event = ev.safeParse(eventJson);
		if (!event.success) {
			for (const i of event.error.issues) ctx.addIssue(i);
			return z.NEVER;
		}
		const v = checks.data;
		return {
			leadId: v[key] as string,
			profile: (v[f.profile] as LeadProfile | null | undefined) ?? null,
			event: event.data,
			...(v[f.attributes] ? { attributes: v[f.attributes] as Record<string, unknown> } : {}),
		};
	});
}

/** Per-event items grouped by lead, in order of first appearance; each group keeps its item indexes. */
export function groupByLead(
	items: Array<{ index: number; value: EventItem }>,
): Array<{ leadId: string; indexes: number[]; profile: LeadProfile | null; events: LeadEvent[]; attributes?: Record<string, unknown> }> {
	const groups = new Map<
		string,
		{ leadId: string; indexes: number[]; profile: LeadProfile | null; events: LeadEvent[]; attributes?: Record<string, unknown> }
	>();
	for (const { index, value } of items) {
		let g = groups.get(value.leadId);
		if (!g) {
			g = { leadId: value.leadId, indexes: [], profile: null, events: [] };
			groups.set(value.leadId, g);
		}
		g.indexes.push(index);
		g.profile ??= value.profile;
		g.events.push(value.event);
		if (value.attributes) g.attributes = { ...g.attributes, ...value.attributes };
	}
	return [...groups.values()];
}
