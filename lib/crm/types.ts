/** Shared shapes of the CRM Push logic; no n8n types. */

/** A target id of the registry, lib/crm/targets/index.ts (CrmTargetId there is the exact union). */
export type CrmTarget = string;

/** Which lead field identifies the lead in the CRM (the upsert key). */
export type MatchOn = 'email' | 'externalUserId' | 'phone';

/** Every lead field the mapping knows, flat: contact, score and source attribution. */
export const LEAD_FIELDS = [
	'email',
	'phone',
	'firstName',
	'lastName',
	'name',
	'company',
	'title',
	'externalUserId',
	'stage',
	'engagementScore',
	'fitScore',
	'salesReady',
	'channel',
	'groupId',
	'groupName',
	'state',
	'campaign',
	'utmSource',
	'utmMedium',
	'utmCampaign',
	'sdrUserId',
] as const;

export type LeadField = (typeof LEAD_FIELDS)[number];

export type FieldValue = string | number | boolean;

/** A key behaviour (trial form, tracked-link click, live-stream visit...) logged as a CRM activity. */
export interface LeadActivity {
	type: string;
	/** ISO time or epoch ms. */
	at: string | number;
	title?: string;
	detail?: string;
}

export type Lead = Partial<Record<LeadField, FieldValue>> & { activities: LeadActivity[] };

export interface TaskSpec {
	/** Stable marker written into the task body; finding it in the CRM means the task exists. */
	ref: string;
	subject: string;
	body: string;
	dueAt: number;
	priority: 'HIGH' | 'MEDIUM' | 'LOW';
	ownerId?: string;
}

export interface ActivitySpec {
	ref: string;
	subject: string;
	body: string;
	at: number;
}

/** One input item turned into what every target needs. */
export interface PreparedLead {
	/** Index of the input item (0-based). */
	index: number;
	lead: Lead;
	matchValue: string;
	/** Stable hash of target + match field + value: the lead's identity across runs and retries. */
	key: string;
	/** CRM field → value, after defaults, user mapping and custom fields. Empty values are never sent. */
	fields: Record<string, FieldValue>;
	/** The CRM owner (mapped from the inviting SDR), when known. */
	ownerId?: string;
	task?: TaskSpec;
	activities: ActivitySpec[];
	/** An existing record only gets its empty fields filled (never overwritten). */
	fillEmptyOnly?: boolean;
}

export type LeadStatus = 'created' | 'updated' | 'skipped' | 'failed' | 'sent';

export interface SubResult {
	status: 'created' | 'exists' | 'failed';
	id?: string;
	reason?: string;
}

export interface LeadResult {
	index: number;
	status: LeadStatus;
	crmId?: string;
	matchValue: string;
	reason?: string;
	/** CRM error code (DUPLICATES_DETECTED, VALIDATION_ERROR, 20016...). */
	code?: string;
	hint?: string;
	/** CRM fields whose value changed (updates). */
	changed?: string[];
	task?: SubResult;
	activities?: SubResult[];
	warnings?: string[];
	/** The other CRM record that already holds one of the lead's identities (IDENTITY_CONFLICT, DUPLICATE_VALUE...). */
	conflictId?: string;
	/** The identity field by which an existing record without the match value was found and linked. */
	linkedBy?: string;
}
