import { CrmApiError } from '../../errors';
import { valuesByField } from '../../outcomes/events';
import { changedWithLinked, checkRulesOwnFields, chunks } from '../../outcomes/linked';
import type { LinkedRecord } from '../../outcomes/linked';
import type { ChangedPage, ChangedQuery, ChangedRecord, OutcomeSource } from '../../outcomes/types';
import { HubSpotApi } from './client';
import type { HubSpotConfig } from './client';

/** HubSpot's search pages hold at most 200 records; one query reaches at most 10,000. */
export const HUBSPOT_SEARCH_PAGE = 200;
export const HUBSPOT_SEARCH_CAP = 10_000;
/** Inputs per v4 associations batch read, and per v3 objects batch read. */
export const HUBSPOT_ASSOCIATIONS_BATCH = 1000;
export const HUBSPOT_READ_BATCH = 100;
/** Contacts keep their modification time in `lastmodifieddate`; deals (and other objects) in `hs_lastmodifieddate`. */
const CONTACT_MODIFIED = 'lastmodifieddate';
const DEAL_MODIFIED = 'hs_lastmodifieddate';
/** Deal CRM Fields named `contact.<property>` are read on the deal's associated contact. */
export const HUBSPOT_CONTACT_PREFIX = 'contact.';

/**
 * Records of one object changed since the cursor whose watched properties hold an outcome: the CRM
 * search endpoint, one filter group per watched property (groups are ORed), oldest first.
 */
async function searchChanged(hs: HubSpotApi, objectType: 'contacts' | 'deals', modified: string, q: ChangedQuery): Promise<ChangedPage> {
	const byField = valuesByField(q.rules);
	if (byField.size > 5)
		throw new CrmApiError('hubspot', `HubSpot searches at most 5 filter groups; the rules watch ${byField.size} properties`, {
			code: 'TOO_MANY_PROPERTIES',
			hint: `Watch at most 5 ${objectType.slice(0, -1)} properties in the outcome rules.`,
			fatal: true,
		});
	const since = { propertyName: modified, operator: 'GTE', value: String(q.since) };
	const filterGroups = [...byField].map(([field, values]) => ({
		filters: [since, { propertyName: field, operator: 'IN', values }],
	}));
	const records: ChangedRecord[] = [];
	let after: string | undefined;
	for (;;) {
		const limit = Math.min(HUBSPOT_SEARCH_PAGE, q.maxRecords - records.length);
		const res = await hs.post(`/crm/v3/objects/${objectType}/search`, {
			filterGroups,
			sorts: [{ propertyName: modified, direction: 'ASCENDING' }],
			properties: [...new Set([...q.fields, modified])],
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
				hint: `Check that every property in the outcome rules and fields exists on ${objectType} (Settings → Properties).`,
				fatal: true,
			});
		for (const r of b.results ?? [])
			records.push({
				id: String(r.id),
				modifiedAt: Date.parse(String(r.properties?.[modified] ?? r.updatedAt)),
				fields: r.properties ?? {},
			});
		after = b.paging?.next?.after;
		if (!after) return { records, more: false };
		// HubSpot refuses `after` beyond 10,000: the next poll continues from the newest record read.
		if (records.length >= q.maxRecords || Number(after) >= HUBSPOT_SEARCH_CAP) return { records, more: true };
	}
}

/**
 * Contacts changed since the cursor whose lead status or lifecycle stage is an outcome.
 */
export const hubspotOutcomes: OutcomeSource<HubSpotConfig> = {
	object: 'contacts',
	modifiedField: CONTACT_MODIFIED,
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
	changedSince: (io, cfg, q) => searchChanged(new HubSpotApi(io, cfg), 'contacts', CONTACT_MODIFIED, q),
};

/** The contact IDs associated with each deal (v4 associations batch read; a deal without any is left out). */
async function dealContacts(hs: HubSpotApi, dealIds: string[]): Promise<Map<string, string[]>> {
	const out = new Map<string, string[]>();
	for (const part of chunks(dealIds, HUBSPOT_ASSOCIATIONS_BATCH)) {
		const res = await hs.post('/crm/v4/associations/deals/contacts/batch/read', { inputs: part.map((id) => ({ id })) });
		const b = (res.body ?? {}) as { results?: Array<{ from?: { id?: unknown }; to?: Array<{ toObjectId?: unknown }> }>; message?: string };
		if (res.status >= 400)
			throw new CrmApiError('hubspot', `HubSpot associations refused: ${b.message ?? res.status}`, {
				status: res.status,
				code: 'ASSOCIATIONS_REFUSED',
				hint: 'The private app needs the crm.objects.deals.read and crm.objects.contacts.read scopes.',
				fatal: true,
			});
		// 207 Multi-Status: deals without contacts come back in `errors` (NO_ASSOCIATIONS_FOUND).
		for (const r of b.results ?? [])
			out.set(
				String(r.from?.id),
				(r.to ?? []).map((t) => String(t.toObjectId)),
			);
	}
	return out;
}

/** Contacts by ID with the properties asked for (v3 batch read, 100 per call; deleted ones are left out). */
async function readContacts(hs: HubSpotApi, ids: string[], properties: string[]): Promise<Map<string, Record<string, unknown>>> {
	const out = new Map<string, Record<string, unknown>>();
	for (const part of chunks(ids, HUBSPOT_READ_BATCH)) {
		const res = await hs.post('/crm/v3/objects/contacts/batch/read', { inputs: part.map((id) => ({ id })), properties });
		const b = (res.body ?? {}) as { results?: Array<{ id?: unknown; properties?: Record<string, unknown> }>; message?: string };
		if (res.status >= 400)
			throw new CrmApiError('hubspot', `HubSpot contact read refused: ${b.message ?? res.status}`, {
				status: res.status,
				code: 'SEARCH_REFUSED',
				hint: 'Check that every "contact.…" property in CRM Fields exists on contacts (Settings → Properties).',
				fatal: true,
			});
		for (const c of b.results ?? []) out.set(String(c.id), c.properties ?? {});
	}
	return out;
}

/** Each deal's associated contacts that still exist, with the linked fields and their ID as `hs_object_id`. */
async function contactsOfDeals(hs: HubSpotApi, deals: ChangedRecord[], linked: string[]): Promise<Map<string, LinkedRecord[]>> {
	const byDeal = await dealContacts(
		hs,
		deals.map((r) => r.id),
	);
	const contacts = await readContacts(hs, [...new Set([...byDeal.values()].flat())], linked);
	const candidates = (dealId: string) =>
		(byDeal.get(dealId) ?? []).filter((id) => contacts.has(id)).map((id) => ({ ...contacts.get(id)!, hs_object_id: id }));
	return new Map(deals.map((r) => [r.id, candidates(r.id)]));
}

/**
 * Deals changed since the cursor whose stage is an outcome (closedwon, closedlost, the open stages of
 * the default pipeline). The lead's identity is on the associated contact: deals → contacts through
 * the v4 associations API, then the contacts' `contact.…` properties in one batch read.
 */
export const hubspotDealOutcomes: OutcomeSource<HubSpotConfig> = {
	object: 'deals',
	modifiedField: DEAL_MODIFIED,
	linked: {
		prefix: HUBSPOT_CONTACT_PREFIX,
		object: 'contacts',
		description: 'the contact associated with the deal (the first one with the lead ID set)',
	},
	defaultRules: [
		{ field: 'dealstage', values: ['closedwon'], outcome: 'won' },
		{ field: 'dealstage', values: ['closedlost'], outcome: 'lost' },
		{
			field: 'dealstage',
			values: ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent'],
			outcome: 'opportunity',
		},
	],
	defaultFields: {
		leadId: 'contact.wecom_external_userid',
		fallbackLeadId: 'contact.email',
		reason: 'closed_lost_reason',
		amount: 'amount',
		sdr: 'contact.wecom_inviting_sdr',
		owner: 'hubspot_owner_id',
	},
	async changedSince(io, cfg, q) {
		checkRulesOwnFields('hubspot', q, HUBSPOT_CONTACT_PREFIX, 'deals');
		const hs = new HubSpotApi(io, cfg);
		return changedWithLinked(q, HUBSPOT_CONTACT_PREFIX, {
			readChanged: (own) => searchChanged(hs, 'deals', DEAL_MODIFIED, own),
			candidates: (deals, linked) => contactsOfDeals(hs, deals, linked),
			idOf: (contact) => String(contact.hs_object_id),
		});
	},
};
