import type { CrmIo } from '../http';

/** What sales did with a lead, as the pack names it (seed 004's lead pools). */
export const OUTCOMES = ['accepted', 'rejected', 'returned', 'opportunity', 'won', 'lost'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The Lead Score event type of each outcome (lib/scoring/playbook.ts → outcomes). */
export const OUTCOME_EVENT_TYPES: Record<Outcome, string> = {
	accepted: 'sales_accepted',
	rejected: 'sales_rejected',
	returned: 'sales_returned',
	opportunity: 'opportunity_created',
	won: 'deal_won',
	lost: 'deal_lost',
};

export const OUTCOME_LABELS: Record<Outcome, string> = {
	accepted: 'Accepted by Sales (SAL)',
	rejected: 'Rejected by Sales',
	returned: 'Returned to Marketing (MRL)',
	opportunity: 'Opportunity Created',
	won: 'Won',
	lost: 'Lost',
};

/** What the polling trigger watches: the lead/contact records, or the deals/opportunities. */
export const WATCHED_OBJECTS = ['leads', 'deals'] as const;
export type WatchedObject = (typeof WATCHED_OBJECTS)[number];

/** A CRM field holding one of `values` means `outcome` (values compare without case). */
export interface OutcomeRule {
	field: string;
	values: string[];
	outcome: Outcome;
}

/** Which CRM fields carry the lead's identity and the outcome's details. Empty: not read. */
export interface OutcomeFields {
	/** The pack's lead ID (what Lead Score scores by): CRM Push writes the WeCom external_userid here. */
	leadId: string;
	/** Used when the lead ID field is empty (e.g. leads created in the CRM): usually the email. */
	fallbackLeadId: string;
	reason: string;
	amount: string;
	/** The SDR credited at acceptance (CRM Push writes the inviting SDR here). */
	sdr: string;
	/** The sales rep who owns the record. */
	owner: string;
}

/** One CRM record changed since the cursor: its ID, when it changed (ms) and the fields asked for. */
export interface ChangedRecord {
	id: string;
	modifiedAt: number;
	fields: Record<string, unknown>;
}

export interface ChangedQuery {
	/** Records changed at or after this time (ms). */
	since: number;
	/** Fields to read besides the ID and the modification time. */
	fields: string[];
	/** Only records where one of these fields holds one of its values (narrowed by the CRM). */
	rules: OutcomeRule[];
	/** Stop after this many records (the rest come in the next poll). */
	maxRecords: number;
}

export interface ChangedPage {
	records: ChangedRecord[];
	/** More records matched than were read (maxRecords or the CRM's own cap). */
	more: boolean;
}

/**
 * How a CRM target tells what sales did: its object and "changed since" query, and the defaults a
 * user starts from. Each target defines it in lib/crm/targets/<id>/outcomes.ts.
 */
export interface OutcomeSource<C> {
	/** The CRM object watched, as users know it ("contacts", "Lead", "LeadsObj", "deals", "Opportunity"). */
	object: string;
	/**
	 * Deals and opportunities: the record that holds the lead's identity (lib/crm/outcomes/linked.ts).
	 * CRM Fields named `<prefix><field>` are read there; `description` says how the link is found.
	 */
	linked?: { prefix: string; object: string; description: string };
	/** The field the changed-since query filters and orders on. */
	modifiedField: string;
	defaultRules: OutcomeRule[];
	defaultFields: OutcomeFields;
	changedSince(io: CrmIo, config: C, query: ChangedQuery): Promise<ChangedPage>;
}
