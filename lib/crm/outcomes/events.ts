import { OUTCOME_EVENT_TYPES, OUTCOME_LABELS } from './types';
import type { ChangedRecord, Outcome, OutcomeFields, OutcomeRule } from './types';

/** One normalised outcome: a Lead Score event (id, type, leadId, time) with what the CRM said. */
export interface OutcomeEvent {
	id: string;
	type: string;
	leadId: string;
	time: string;
	outcome: Outcome;
	outcomeLabel: string;
	crm: string;
	recordId: string;
	/** The CRM field and value that meant this outcome. */
	statusField: string;
	status: string;
	reason?: string;
	amount?: number;
	sdr?: string;
	owner?: string;
	email?: string;
	/** Set when a deal/opportunity was watched: "deals" (recordId is the deal's ID). */
	object?: string;
	/** The linked contact or lead the lead fields were read from (deals only). */
	leadRecordId?: string;
}

/** Deals: the watched object (in the event ID and output) and the prefix of the linked record's fields. */
export interface EventContext {
	object?: string;
	linkedPrefix?: string;
}

const text = (v: unknown): string => {
	if (v === null || v === undefined) return '';
	if (Array.isArray(v)) return v.map(text).filter(Boolean).join(', ');
	return String(v).trim();
};

/** The first rule (in the user's order) whose field holds one of its values. */
export function matchOutcome(fields: Record<string, unknown>, rules: OutcomeRule[]): { rule: OutcomeRule; value: string } | undefined {
	for (const rule of rules) {
		const value = text(fields[rule.field]);
		if (!value) continue;
		const v = value.toLowerCase();
		if (rule.values.some((x) => x.trim().toLowerCase() === v)) return { rule, value };
	}
	return undefined;
}

/** Every field a poll reads: the rules' fields and the detail fields. */
export function fieldsToRead(rules: OutcomeRule[], f: OutcomeFields): string[] {
	const all = [...rules.map((r) => r.field), f.leadId, f.fallbackLeadId, f.reason, f.amount, f.sdr, f.owner];
	return [...new Set(all.filter((x) => !!x))];
}

/** The values the rules watch, by field (each once): what a changed-since query narrows by. */
export function valuesByField(rules: OutcomeRule[]): Map<string, string[]> {
	const byField = new Map<string, string[]>();
	for (const r of rules) byField.set(r.field, [...new Set([...(byField.get(r.field) ?? []), ...r.values])]);
	return byField;
}

/**
 * The outcome event of a record, or why there is none. The ID is the record, the outcome and when
 * the record changed: the same change read twice (an overlapping poll, a redelivered webhook) keeps
 * its ID, so anything keyed on it (the event log, Claim Event) counts it once.
 */
export function toOutcomeEvent(
	crm: string,
	record: ChangedRecord,
	rules: OutcomeRule[],
	f: OutcomeFields,
	cx: EventContext = {},
): { event: OutcomeEvent } | { skip: 'no-outcome' | 'no-lead-id' } {
	const m = matchOutcome(record.fields, rules);
	if (!m) return { skip: 'no-outcome' };
	const leadId = text(record.fields[f.leadId]) || (f.fallbackLeadId ? text(record.fields[f.fallbackLeadId]) : '');
	if (!leadId) return { skip: 'no-lead-id' };
	const amountText = f.amount ? text(record.fields[f.amount]).replace(/[,，\s]/g, '') : '';
	const amount = amountText && Number.isFinite(Number(amountText)) ? Number(amountText) : undefined;
	const optional = (name: string) => (name ? text(record.fields[name]) || undefined : undefined);
	const outcome = m.rule.outcome;
	return {
		event: {
			// Deal IDs and contact IDs are separate sequences in a CRM: the object keeps them apart.
			id: `${crm}:${cx.object ? `${cx.object}:` : ''}${record.id}:${outcome}:${record.modifiedAt}`,
			type: OUTCOME_EVENT_TYPES[outcome],
			leadId,
			time: new Date(record.modifiedAt).toISOString(),
			outcome,
			outcomeLabel: OUTCOME_LABELS[outcome],
			crm,
			recordId: record.id,
			statusField: m.rule.field,
			status: m.value,
			...strip({
				reason: optional(f.reason),
				amount,
				sdr: optional(f.sdr),
				owner: optional(f.owner),
				email: f.fallbackLeadId && /@/.test(text(record.fields[f.fallbackLeadId])) ? text(record.fields[f.fallbackLeadId]) : undefined,
				object: cx.object,
				leadRecordId: cx.linkedPrefix ? text(record.fields[`${cx.linkedPrefix}id`]) || undefined : undefined,
			}),
		},
	};
}

function strip<T extends Record<string, unknown>>(o: T): Partial<T> {
	return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
