import { getPath } from './path';
import { compileModel } from './compile';
import { scoreLead } from './engine';
import { firstField, fromJsonText, isObj, readEvent } from './read';
import type { EventFields } from './read';
import type { LeadEvent, LeadProfile, LeadResult, ScoringModel } from './types';

/**
 * Scores items shaped one per lead ({ leadId, profile, events, lead }), with no dependency
 * beyond this folder: this is what the Code-node bundle runs (see benchmarks/codeNode.ts). The node itself
 * validates with zod first and gives richer errors.
 */
export interface BatchOptions {
	profileField: string;
	eventsField: string;
	leadIdField: string[];
	attributesField: string;
	eventFields: EventFields;
	now: number;
	zone: string;
}

function fail(item: number, field: string, message: string): never {
	throw new Error(`Item ${item + 1}: ${field}: ${message}`);
}

export function scoreItems(model: ScoringModel, items: Array<Record<string, unknown>>, o: BatchOptions): LeadResult[] {
	const cm = compileModel(model);
	return items.map((json, i) => {
		const profile = fromJsonText(getPath(json, o.profileField));
		if (!profile.ok) fail(i, o.profileField, profile.message);
		if (profile.value !== undefined && profile.value !== null && !isObj(profile.value))
			fail(i, o.profileField, 'must be the profile object this node output last time');
		const rawEvents = fromJsonText(getPath(json, o.eventsField));
		if (!rawEvents.ok) fail(i, o.eventsField, rawEvents.message);
		if (rawEvents.value !== undefined && rawEvents.value !== null && !Array.isArray(rawEvents.value))
			fail(i, o.eventsField, 'must be a list of events');
		const events: LeadEvent[] = ((rawEvents.value as unknown[] | undefined) ?? []).map((raw, n) => {
			const r = readEvent(raw, o.eventFields, o.zone, o.now);
			if (!r.ok) fail(i, `${o.eventsField}.${n}${r.field ? `.${r.field}` : ''}`, r.message);
			return r.value;
		});
		const attributes = getPath(json, o.attributesField);
		const leadId = firstField(json, o.leadIdField)?.[1];
		return scoreLead(cm, {
			...(leadId !== undefined ? { leadId: String(leadId) } : {}),
			profile: (profile.value as LeadProfile | null | undefined) ?? null,
			events,
			...(isObj(attributes) ? { attributes } : {}),
			now: o.now,
		});
	});
}
