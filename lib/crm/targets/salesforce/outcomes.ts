import type { ChangedRecord, OutcomeSource } from '../../outcomes/types';
import { SalesforceApi, sfBase, soqlString } from './client';
import type { SalesforceConfig } from './client';

/**
 * SystemModstamp, not LastModifiedDate: Salesforce also bumps it on system changes (workflow field
 * updates) and indexes it, which is what a changed-since query should filter on.
 */
const MODIFIED = 'SystemModstamp';

/** A SOQL datetime literal (unquoted, whole seconds, UTC). */
export function soqlDateTime(ms: number): string {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Leads changed since the cursor whose watched fields hold an outcome value: one SOQL query, paged by nextRecordsUrl. */
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
	async changedSince(io, cfg, q) {
		const sf = new SalesforceApi(io, cfg);
		const byField = new Map<string, string[]>();
		for (const r of q.rules) byField.set(r.field, [...(byField.get(r.field) ?? []), ...r.values]);
		const fields = [...new Set(['Id', MODIFIED, ...q.fields])];
		const anyOutcome = [...byField].map(([f, values]) => `${f} IN (${[...new Set(values)].map(soqlString).join(', ')})`).join(' OR ');
		const soql =
			`SELECT ${fields.join(', ')} FROM Lead WHERE ${MODIFIED} >= ${soqlDateTime(q.since)}` +
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
	},
};
