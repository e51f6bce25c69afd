import { valuesByField } from '../../outcomes/events';
import { changedWithLinked, checkRulesOwnFields, chunks } from '../../outcomes/linked';
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
/**
 * Lead fields a Contact has under the same name (lead conversion copies them): read on a contact
 * role's Contact when no lead of the pack is found for it. Custom lead fields may not exist on
 * Contact, and naming one that does not fails the whole query.
 */
export const SALESFORCE_CONTACT_FIELDS = ['Email', 'FirstName', 'LastName', 'Phone', 'MobilePhone', 'Title', 'LeadSource', 'OwnerId'];

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
	const parts: string[] = [];
	for (const [f, values] of valuesByField(rules)) {
		if (values.every((v) => BOOLEAN.test(v))) {
			const set = new Set(values.map((v) => v.toLowerCase()));
			if (set.size === 2) return '';
			parts.push(`${f} = ${[...set][0]}`);
		} else parts.push(`${f} IN (${values.map(soqlString).join(', ')})`);
	}
	return parts.join(' OR ');
}

type Row = Record<string, unknown>;

/** Every record of a SOQL query, following nextRecordsUrl. */
async function queryAll(sf: SalesforceApi, cfg: SalesforceConfig, soql: string): Promise<Row[]> {
	const rows: Row[] = [];
	let res = await sf.call('GET', `${sfBase(cfg)}/query`, undefined, { q: soql });
	for (;;) {
		const b = res.body as { records?: Row[]; done?: boolean; nextRecordsUrl?: string };
		rows.push(...(b.records ?? []));
		if (b.done !== false || !b.nextRecordsUrl) return rows;
		res = await sf.call('GET', b.nextRecordsUrl);
	}
}

/** `SELECT … FROM <object> WHERE <field> IN (…)` over any number of values, 200 per query. */
async function queryIn(sf: SalesforceApi, cfg: SalesforceConfig, select: string[], object: string, field: string, values: string[]) {
	const rows: Row[] = [];
	for (const part of chunks([...new Set(values)], SALESFORCE_LINK_BATCH))
		rows.push(
			...(await queryAll(
				sf,
				cfg,
				`SELECT ${[...new Set(select)].join(', ')} FROM ${object} WHERE ${field} IN (${part.map(soqlString).join(', ')})`,
			)),
		);
	return rows;
}

const group = (rows: Row[], key: string) => {
	const out = new Map<string, Row[]>();
	for (const r of rows) if (r[key]) out.set(String(r[key]), [...(out.get(String(r[key])) ?? []), r]);
	return out;
};
const emailKey = (v: unknown) =>
	String(v ?? '')
		.trim()
		.toLowerCase();

/**
 * For opportunities no lead was converted into: the lead behind each of their contacts, through
 * OpportunityContactRole (the primary contact first, then the others in the CRM's order). A contact
 * is the pack's lead when a Lead was converted into it (ConvertedContactId: the Lead CRM Push created
 * and whose ID the pack stored) or, failing that, when a Lead has its email; otherwise the Contact's
 * own fields that a Lead has too (Email…) stand in. Contacts the API no longer returns (deleted, or
 * not visible to the user, which contact roles do not check) are left out.
 */
async function contactRoleLeads(sf: SalesforceApi, cfg: SalesforceConfig, oppIds: string[], linked: string[]): Promise<Map<string, Row[]>> {
	const roles = await queryIn(
		sf,
		cfg,
		['OpportunityId', 'ContactId', 'IsPrimary', 'Role'],
		'OpportunityContactRole',
		'OpportunityId',
		oppIds,
	);
	if (!roles.length) return new Map();
	const contactFields = SALESFORCE_CONTACT_FIELDS.filter((f) => linked.includes(f));
	const contacts = new Map(
		(
			await queryIn(
				sf,
				cfg,
				['Id', 'Email', ...contactFields],
				'Contact',
				'Id',
				roles.map((r) => String(r.ContactId)),
			)
		).map((c) => [String(c.Id), c]),
	);
	const leadSelect = ['Id', 'ConvertedContactId', 'Email', ...linked];
	const converted = group(await queryIn(sf, cfg, leadSelect, 'Lead', 'ConvertedContactId', [...contacts.keys()]), 'ConvertedContactId');
	const emails = [...contacts.values()].map((c) => String(c.Email ?? '').trim()).filter(Boolean);
	const byEmail = new Map<string, Row[]>();
	for (const l of emails.length ? await queryIn(sf, cfg, leadSelect, 'Lead', 'Email', emails) : [])
		byEmail.set(emailKey(l.Email), [...(byEmail.get(emailKey(l.Email)) ?? []), l]);
	const out = new Map<string, Row[]>();
	for (const [opp, list] of group(roles, 'OpportunityId')) {
		// A stable sort: primary first, the others keep the CRM's order.
		const ordered = [...list].sort((a, b) => Number(b.IsPrimary === true) - Number(a.IsPrimary === true));
		const candidates = ordered.flatMap((role) => {
			const contact = contacts.get(String(role.ContactId));
			if (!contact) return [];
			return [converted.get(String(contact.Id))?.[0] ?? byEmail.get(emailKey(contact.Email))?.[0] ?? contact];
		});
		if (candidates.length) out.set(opp, candidates);
	}
	return out;
}

/** Each opportunity's leads: the ones converted into it, else the ones behind its contact roles. */
async function opportunityLeads(sf: SalesforceApi, cfg: SalesforceConfig, oppIds: string[], linked: string[]): Promise<Map<string, Row[]>> {
	const leads = group(
		await queryIn(sf, cfg, ['Id', 'ConvertedOpportunityId', ...linked], 'Lead', 'ConvertedOpportunityId', oppIds),
		'ConvertedOpportunityId',
	);
	const unconverted = oppIds.filter((id) => !leads.has(id));
	if (unconverted.length) for (const [opp, list] of await contactRoleLeads(sf, cfg, unconverted, linked)) leads.set(opp, list);
	return leads;
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
 * keeps its fields. An opportunity created without converting a lead is linked through its contact
 * roles (OpportunityContactRole, primary first) to the lead behind a contact (contactRoleLeads);
 * one with neither has no lead and is skipped.
 */
export const salesforceOpportunityOutcomes: OutcomeSource<SalesforceConfig> = {
	object: 'Opportunity',
	modifiedField: MODIFIED,
	linked: {
		prefix: SALESFORCE_LEAD_PREFIX,
		object: 'Lead',
		description:
			'the Lead converted into the opportunity (Lead.ConvertedOpportunityId), else the lead behind its primary contact role (OpportunityContactRole)',
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
		return changedWithLinked(q, SALESFORCE_LEAD_PREFIX, {
			readChanged: (own) => queryChanged(sf, cfg, 'Opportunity', own),
			candidates: (opportunities, linked) =>
				opportunityLeads(
					sf,
					cfg,
					opportunities.map((r) => r.id),
					linked,
				),
			idOf: (lead) => String(lead.Id),
		});
	},
};
