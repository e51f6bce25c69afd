import { checkRulesOwnFields, chunks, pickLinked, splitLinked, withLinked } from '../../outcomes/linked';
import type { ChangedPage, ChangedQuery, ChangedRecord, OutcomeRule, OutcomeSource } from '../../outcomes/types';
import { SalesforceApi, sfBase, soqlString } from './client';
import type { SalesforceConfig } from './client';

/**
 * SystemModstamp, not LastModifiedDate: Salesforce also bumps it on system changes (workflow field
 * updates) and indexes it, which is what a changed-since query should filter on.
 */
const MODIFIED = 'SystemModstamp';
/** Opportunity CRM Fields named `Lead.<field>` are read on the lead converted into the opportunity. */
export const SALESFORCE_LEAD_PREFIX = 'Lead.';
/** Opportunity IDs per converted-lead query (keeps the SOQL far below its 100,000-character limit). */
export const SALESFORCE_LINK_BATCH = 200;

/** A SOQL datetime literal (unquoted, whole seconds, UTC). */
export function soqlDateTime(ms: number): string {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const BOOLEAN = /^(true|false)$/i;

/**
 * The rules as one SOQL condition: `Field IN ('a', 'b')` per text field, `Field = true` for a
 * checkbox (IsWon, IsClosed: SOQL takes booleans unquoted). A checkbox watched for both values
 * matches every record, so then there is nothing to narrow by.
 */
export function anyOutcomeSoql(rules: OutcomeRule[]): string {
	const byField = new Map<string, string[]>();
	for (const r of rules) byField.set(r.field, [...(byField.get(r.field) ?? []), ...r.values]);
	const parts: string[] = [];
	for (const [f, all] of byField) {
		const values = [...new Set(all)];
		if (values.every((v) => BOOLEAN.test(v))) {
			const set = new Set(values.map((v) => v.toLowerCase()));
			if (set.size === 2) return '';
			parts.push(`${f} = ${[...set][0]}`);
		} else parts.push(`${f} IN (${values.map(soqlString).join(', ')})`);
	}
	return parts.join(' OR ');
}

/** Records of one object changed since the cursor whose watched fields hold an outcome value: one SOQL query, paged by nextRecordsUrl. */
async function queryChanged(
	sf: SalesforceApi,
	cfg: SalesforceConfig,
	object: 'Lead' | 'Opportunity',
	q: ChangedQuery,
): Promise<ChangedPage> {
	const fields = [...new Set(['Id', MODIFIED, ...q.fields])];
	const anyOutcome = anyOutcomeSoql(q.rules);
	const soql =
		`SELECT ${fields.join(', ')} FROM ${object} WHERE ${MODIFIED} >= ${soqlDateTime(q.since)}` +
		(anyOutcome ? ` AND (${anyOutcome})` : '') +
		` ORDER BY ${MODIFIED} ASC, Id ASC`;
	const records: ChangedRecord[] = [];
	let res = await sf.call('GET', `${sfBase(cfg)}/query`, undefined, { q: soql });
	for (;;) {
		const b = res.body as { records?: Array<Record<string, unknown>>; done?: boolean; nextRecordsUrl?: string };
		for (const r of b.records ?? []) {
			const rest = { ...r };
			delete rest.attributes;
			records.push({ id: String(r.Id), modifiedAt: Date.parse(String(r[MODIFIED])), fields: rest });
		}
		if (b.done !== false || !b.nextRecordsUrl) return { records, more: false };
		if (records.length >= q.maxRecords) return { records, more: true };
		res = await sf.call('GET', b.nextRecordsUrl);
	}
}

/** Leads changed since the cursor whose watched fields hold an outcome value. */
export const salesforceOutcomes: OutcomeSource<SalesforceConfig> = {
	object: 'Lead',
	modifiedField: MODIFIED,
	defaultRules: [
		{ field: 'Status', values: ['Closed - Not Converted', 'Rejected'], outcome: 'rejected' },
		{ field: 'Status', values: ['Returned to Marketing', 'Recycled'], outcome: 'returned' },
		{ field: 'Status', values: ['Closed - Converted'], outcome: 'opportunity' },
		{ field: 'Status', values: ['Working - Contacted', 'Accepted'], outcome: 'accepted' },
	],
	defaultFields: {
		leadId: 'WeCom_External_User_ID__c',
		fallbackLeadId: 'Email',
		reason: 'Outcome_Reason__c',
		amount: '',
		sdr: 'Inviting_SDR__c',
		owner: 'OwnerId',
	},
	changedSince: (io, cfg, q) => queryChanged(new SalesforceApi(io, cfg), cfg, 'Lead', q),
};

/**
 * Opportunities changed since the cursor: won (IsWon), lost (closed, not won) or open. The lead's
 * identity is on the Lead converted into the opportunity (Lead.ConvertedOpportunityId, set by lead
 * conversion and filterable in SOQL): CRM Push writes the WeCom ID on the Lead, and a converted Lead
 * keeps its fields. Opportunities created without converting a lead have none and are skipped.
 */
export const salesforceOpportunityOutcomes: OutcomeSource<SalesforceConfig> = {
	object: 'Opportunity',
	modifiedField: MODIFIED,
	linked: {
		prefix: SALESFORCE_LEAD_PREFIX,
		object: 'Lead',
		description: 'the Lead converted into the opportunity (Lead.ConvertedOpportunityId)',
	},
	defaultRules: [
		{ field: 'IsWon', values: ['true'], outcome: 'won' },
		{ field: 'IsClosed', values: ['true'], outcome: 'lost' },
		{ field: 'IsClosed', values: ['false'], outcome: 'opportunity' },
	],
	defaultFields: {
		leadId: 'Lead.WeCom_External_User_ID__c',
		fallbackLeadId: 'Lead.Email',
		reason: '',
		amount: 'Amount',
		sdr: 'Lead.Inviting_SDR__c',
		owner: 'OwnerId',
	},
	async changedSince(io, cfg, q) {
		checkRulesOwnFields('salesforce', q, SALESFORCE_LEAD_PREFIX, 'Opportunity');
		const sf = new SalesforceApi(io, cfg);
		const { own, linked } = splitLinked(q.fields, SALESFORCE_LEAD_PREFIX);
		const page = await queryChanged(sf, cfg, 'Opportunity', { ...q, fields: own });
		if (!page.records.length || !linked.length) return page;
		const leads = new Map<string, Array<Record<string, unknown>>>();
		const select = [...new Set(['Id', 'ConvertedOpportunityId', ...linked])].join(', ');
		for (const part of chunks(
			page.records.map((r) => r.id),
			SALESFORCE_LINK_BATCH,
		)) {
			let res = await sf.call('GET', `${sfBase(cfg)}/query`, undefined, {
				q: `SELECT ${select} FROM Lead WHERE ConvertedOpportunityId IN (${part.map(soqlString).join(', ')})`,
			});
			for (;;) {
				const b = res.body as { records?: Array<Record<string, unknown>>; done?: boolean; nextRecordsUrl?: string };
				for (const l of b.records ?? []) {
					const opp = String(l.ConvertedOpportunityId);
					leads.set(opp, [...(leads.get(opp) ?? []), l]);
				}
				if (b.done !== false || !b.nextRecordsUrl) break;
				res = await sf.call('GET', b.nextRecordsUrl);
			}
		}
		const records = page.records.map((r) => {
			const chosen = pickLinked(leads.get(r.id) ?? [], linked);
			return withLinked(r, chosen, linked, SALESFORCE_LEAD_PREFIX, chosen ? String(chosen.Id) : undefined);
		});
		return { records, more: page.more };
	},
};
