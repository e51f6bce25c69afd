import { CrmApiError } from './errors';
import { failed } from './runner';
import type { LeadResult, PreparedLead } from './types';

/**
 * A lead carries more than one identity (email, WeCom external user ID). The CRM matches it on one
 * (the match field); the others may already belong to another record, e.g. a website-form contact
 * that has the email but no WeCom ID yet. Real CRMs refuse the write that would give that value to a
 * second record (HubSpot 409, Salesforce DUPLICATE_VALUE / DUPLICATES_DETECTED, Fxiaoke 查重), so
 * each target looks the other identities up first and decides here:
 * - link: the lead is new on its match field and exactly one record holds its other identities, with
 *   the match field still empty → that record is updated and gets the match value (one record, no
 *   duplicate);
 * - conflict: that record already holds another match value, or the lead's own record differs from
 *   it → nothing is written for the lead; it fails with IDENTITY_CONFLICT naming the other record.
 */

/** CRM fields that identify a person besides the match field, per target (pack defaults). */
export const IDENTITY_FIELDS = {
	hubspot: ['email', 'wecom_external_userid'],
	salesforce: ['Email', 'WeCom_External_User_ID__c'],
	fxiaoke: ['email', 'mobile', 'wecom_external_userid__c'],
} as const;

export const IDENTITY_CONFLICT = 'IDENTITY_CONFLICT';

/** A record found by one of the lead's other identities. */
export interface IdentityHit {
	/** CRM field the record was found by, and the lead's value for it. */
	field: string;
	value: string;
	/** The record's ID and its current value of the match field ('' when empty). */
	id: string;
	matchValue: string;
}

export type IdentityDecision = { kind: 'none' } | { kind: 'link'; hit: IdentityHit } | { kind: 'conflict'; hit: IdentityHit };

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Decides for one lead; `matchedId` is the record found on the match field, if any. `claimed` holds
 * the records already linked to an earlier lead of the run (match value by record ID): a second lead
 * cannot take the same record.
 */
export function decideIdentity(
	lead: PreparedLead,
	matchedId: string | undefined,
	hits: IdentityHit[],
	claimed?: Map<string, string>,
): IdentityDecision {
	const others = hits.filter((h) => h.id !== matchedId);
	if (!others.length) return { kind: 'none' };
	const ids = new Set(others.map((h) => h.id));
	const first = others[0];
	if (!matchedId && ids.size === 1 && (first.matchValue === '' || same(first.matchValue, lead.matchValue))) {
		const taken = claimed?.get(first.id);
		if (taken !== undefined && !same(taken, lead.matchValue)) return { kind: 'conflict', hit: { ...first, matchValue: taken } };
		claimed?.set(first.id, lead.matchValue);
		return { kind: 'link', hit: first };
	}
	return { kind: 'conflict', hit: others.find((h) => h.matchValue !== '') ?? first };
}

/** Values of the lead's other identities that have to be looked up: those its record lacks. */
export function identitiesToCheck(
	lead: PreparedLead,
	fields: readonly string[],
	matchField: string,
	current?: Record<string, unknown>,
): Array<{ field: string; value: string }> {
	const out: Array<{ field: string; value: string }> = [];
	for (const field of fields) {
		if (field === matchField) continue;
		const v = lead.fields[field];
		if (v === undefined || v === null || String(v).trim() === '') continue;
		const have = current?.[field];
		if (current && have !== undefined && have !== null && same(String(have), String(v))) continue;
		out.push({ field, value: String(v).trim() });
	}
	return out;
}

/** Record IDs by field and lower-cased value, from looked-up records. */
export class IdentityIndex {
	private readonly byKey = new Map<string, IdentityHit[]>();

	add(field: string, value: string, id: string, matchValue: string): void {
		const k = `${field}\u0000${value.trim().toLowerCase()}`;
		const list = this.byKey.get(k) ?? [];
		if (!list.some((h) => h.id === id)) list.push({ field, value, id, matchValue });
		this.byKey.set(k, list);
	}

	hits(wanted: Array<{ field: string; value: string }>): IdentityHit[] {
		return wanted.flatMap((w) => (this.byKey.get(`${w.field}\u0000${w.value.toLowerCase()}`) ?? []).map((h) => ({ ...h, value: w.value })));
	}
}

/** The result of a lead whose other identity belongs to another record. */
export function conflictResult(
	lead: PreparedLead,
	crmLabel: string,
	recordLabel: string,
	matchField: string,
	hit: IdentityHit,
	matchedId?: string,
): LeadResult {
	const holder = hit.matchValue ? ` (its ${matchField} is ${hit.matchValue})` : '';
	const own = matchedId ? ` while ${matchField} = ${lead.matchValue} is ${recordLabel} ${matchedId}` : '';
	const reason = `${hit.field} ${hit.value} already belongs to ${crmLabel} ${recordLabel} ${hit.id}${holder}${own}; nothing was written for this lead`;
	const hint = `Two records would describe one person. Merge them in ${crmLabel} (keep ${hit.id}), or correct the ${hit.field} of the lead, then push again.`;
	return { ...failed(lead, new CrmApiError(crmLabel.toLowerCase(), reason, { code: IDENTITY_CONFLICT, hint })), conflictId: hit.id };
}

/** The warning of a lead linked to an existing record found by another identity. */
export function linkWarning(recordLabel: string, matchField: string, hit: IdentityHit): string {
	return `Linked to existing ${recordLabel} ${hit.id} found by ${hit.field}: it had no ${matchField} yet, so it was updated instead of creating a duplicate.`;
}
