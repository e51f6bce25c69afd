import { CrmApiError } from '../../errors';
import type { ChangedRecord, OutcomeSource } from '../../outcomes/types';
import { HubSpotApi } from './client';
import type { HubSpotConfig } from './client';

/** HubSpot's search pages hold at most 200 records; one query reaches at most 10,000. */
export const HUBSPOT_SEARCH_PAGE = 200;
export const HUBSPOT_SEARCH_CAP = 10_000;
/** Contacts keep their modification time in `lastmodifieddate` (other objects: hs_lastmodifieddate). */
const MODIFIED = 'lastmodifieddate';

/**
 * Contacts changed since the cursor whose lead status or lifecycle stage is an outcome: the CRM
 * search endpoint, one filter group per watched property (groups are ORed), oldest first.
 */
export const hubspotOutcomes: OutcomeSource<HubSpotConfig> = {
	object: 'contacts',
	modifiedField: MODIFIED,
	defaultRules: [
		{ field: 'hs_lead_status', values: ['UNQUALIFIED'], outcome: 'rejected' },
		{ field: 'hs_lead_status', values: ['BAD_TIMING'], outcome: 'returned' },
		{ field: 'lifecyclestage', values: ['customer'], outcome: 'won' },
		{ field: 'lifecyclestage', values: ['opportunity'], outcome: 'opportunity' },
		{ field: 'lifecyclestage', values: ['salesqualifiedlead'], outcome: 'accepted' },
	],
	defaultFields: {
		leadId: 'wecom_external_userid',
		fallbackLeadId: 'email',
		reason: 'wecom_outcome_reason',
		amount: 'recent_deal_amount',
		sdr: 'wecom_inviting_sdr',
		owner: 'hubspot_owner_id',
	},
	async changedSince(io, cfg, q) {
		const hs = new HubSpotApi(io, cfg);
		const byField = new Map<string, string[]>();
		for (const r of q.rules) byField.set(r.field, [...(byField.get(r.field) ?? []), ...r.values]);
		if (byField.size > 5)
			throw new CrmApiError('hubspot', `HubSpot searches at most 5 filter groups; the rules watch ${byField.size} properties`, {
				code: 'TOO_MANY_PROPERTIES',
				hint: 'Watch at most 5 contact properties in the outcome rules.',
				fatal: true,
			});
		const since = { propertyName: MODIFIED, operator: 'GTE', value: String(q.since) };
		const filterGroups = [...byField].map(([field, values]) => ({
			filters: [since, { propertyName: field, operator: 'IN', values: [...new Set(values)] }],
		}));
		const records: ChangedRecord[] = [];
		let after: string | undefined;
		for (;;) {
			const limit = Math.min(HUBSPOT_SEARCH_PAGE, q.maxRecords - records.length);
			const res = await hs.post('/crm/v3/objects/contacts/search', {
				filterGroups,
				sorts: [{ propertyName: MODIFIED, direction: 'ASCENDING' }],
				properties: [...new Set([...q.fields, MODIFIED])],
				limit,
				...(after ? { after } : {}),
			});
			const b = (res.body ?? {}) as {
				results?: Array<{ id?: unknown; updatedAt?: unknown; properties?: Record<string, unknown> }>;
				paging?: { next?: { after?: string } };
				message?: string;
			};
			if (res.status >= 400)
				throw new CrmApiError('hubspot', `HubSpot search refused: ${b.message ?? res.status}`, {
					status: res.status,
					code: 'SEARCH_REFUSED',
					hint: 'Check that every property in the outcome rules and fields exists on contacts (Settings → Properties).',
					fatal: true,
				});
			for (const r of b.results ?? [])
				records.push({
					id: String(r.id),
					modifiedAt: Date.parse(String(r.properties?.[MODIFIED] ?? r.updatedAt)),
					fields: r.properties ?? {},
				});
			after = b.paging?.next?.after;
			if (!after) return { records, more: false };
			// HubSpot refuses `after` beyond 10,000: the next poll continues from the newest record read.
			if (records.length >= q.maxRecords || Number(after) >= HUBSPOT_SEARCH_CAP) return { records, more: true };
		}
	},
};
