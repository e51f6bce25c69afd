import { CrmApiError } from '../errors';
import type { ChangedPage, ChangedQuery, ChangedRecord } from './types';

/**
 * Deals and opportunities do not hold the lead's identity: the contact or lead linked to them does.
 * Fields named `<prefix><field>` (HubSpot `contact.email`, Salesforce `Lead.Email`, Fxiaoke
 * `lead.email`) are read on that linked record and merged into the deal's fields under that name.
 */
export function splitLinked(fields: string[], prefix: string): { own: string[]; linked: string[] } {
	const own: string[] = [];
	const linked: string[] = [];
	for (const f of fields) (f.startsWith(prefix) ? linked : own).push(f.startsWith(prefix) ? f.slice(prefix.length) : f);
	return { own: [...new Set(own)], linked: [...new Set(linked.filter(Boolean))] };
}

/** Rules filter in the CRM's query, so they must name fields of the watched object itself. */
export function checkRulesOwnFields(crm: string, q: ChangedQuery, prefix: string, object: string): void {
	const bad = q.rules.find((r) => r.field.startsWith(prefix));
	if (bad)
		throw new CrmApiError(crm, `Outcome rule field "${bad.field}" is on the linked record; rules must name fields of ${object}`, {
			code: 'RULE_ON_LINKED_FIELD',
			hint: `Write the rule on a ${object} field (e.g. its stage); "${prefix}…" fields are for CRM Fields only.`,
			fatal: true,
		});
}

const filled = (v: unknown) => v !== undefined && v !== null && String(v).trim() !== '';

/**
 * The linked record a deal's lead fields come from: of several (a deal with three contacts), the
 * first in the CRM's order that has the earliest-listed field set (the Lead ID Field comes before
 * the fallback), so a contact CRM Push created wins over a colleague added by hand.
 */
export function pickLinked(candidates: Array<Record<string, unknown>>, linked: string[]): Record<string, unknown> | undefined {
	for (const f of linked) {
		const hit = candidates.find((c) => filled(c[f]));
		if (hit) return hit;
	}
	return candidates[0];
}

/** The deal record with the linked record's fields added as `<prefix><field>` (and its ID as `<prefix>id`). */
export function withLinked(
	record: ChangedRecord,
	linkedRecord: Record<string, unknown> | undefined,
	linked: string[],
	prefix: string,
	linkedId?: string,
): ChangedRecord {
	if (!linkedRecord) return record;
	const fields = { ...record.fields };
	for (const f of linked) fields[prefix + f] = linkedRecord[f] ?? null;
	if (linkedId) fields[`${prefix}id`] = linkedId;
	return { ...record, fields };
}

/** A record linked to a deal (contact or lead), as the CRM returned it. */
export type LinkedRecord = Record<string, unknown>;

/** What a CRM's deal reader supplies to `changedWithLinked`: its own queries. */
export interface LinkedReader {
	/** The changed deals, reading only their own fields. */
	readChanged(q: ChangedQuery): Promise<ChangedPage>;
	/** Each deal's candidate linked records by deal ID, in the CRM's order, with the `linked` fields. */
	candidates(deals: ChangedRecord[], linked: string[]): Promise<Map<string, LinkedRecord[]>>;
	/** The linked record's ID, output as `<prefix>id`. */
	idOf(record: LinkedRecord): string;
}

/**
 * The steps every CRM's deal reader shares: the changed deals are read with their own fields; when
 * CRM Fields name linked ones, the candidates of the whole page are looked up at once (batched,
 * not one call per deal) and the chosen record's fields merged into each deal.
 */
export async function changedWithLinked(q: ChangedQuery, prefix: string, reader: LinkedReader): Promise<ChangedPage> {
	const { own, linked } = splitLinked(q.fields, prefix);
	const page = await reader.readChanged({ ...q, fields: own });
	if (!page.records.length || !linked.length) return page;
	const byDeal = await reader.candidates(page.records, linked);
	const records = page.records.map((r) => {
		const chosen = pickLinked(byDeal.get(r.id) ?? [], linked);
		return withLinked(r, chosen, linked, prefix, chosen ? reader.idOf(chosen) : undefined);
	});
	return { records, more: page.more };
}

/** Splits a list into chunks of at most `size` (batch endpoints' input limits). */
export function chunks<T>(list: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}
