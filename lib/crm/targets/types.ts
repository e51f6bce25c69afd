import { z } from 'zod';
import type { CrmIo } from '../http';
import type { OutcomeSource } from '../outcomes/types';
import type { LeadField, LeadResult, MatchOn, PreparedLead } from '../types';

/** A write the dry run shows instead of sending it. */
export interface PreviewRequest {
	method: string;
	url: string;
	body: unknown;
	headers?: Record<string, string>;
	note?: string;
}

/**
 * One field of the CRM Push editor that only this target has. Plain data (no n8n types): the node
 * turns it into a parameter shown when this target is picked. `show`/`hide` add conditions on
 * other parameters (e.g. `{ matchOn: ['email'] }`).
 */
export interface EditorField {
	displayName: string;
	name: string;
	type: 'string' | 'boolean' | 'number' | 'options';
	default: string | boolean | number;
	description?: string;
	placeholder?: string;
	required?: boolean;
	options?: Array<{ name: string; value: string; description?: string }>;
	show?: Record<string, Array<string | boolean>>;
	hide?: Record<string, Array<string | boolean>>;
}

/** Someone a lead can be assigned to in the CRM (HubSpot owner, Salesforce user, Fxiaoke staff). */
export interface CrmOwner {
	/** What the CRM takes as the record's owner (hubspot_owner_id, OwnerId, owner). */
	id: string;
	name: string;
	email?: string;
}

/** At most this many owners are listed (a dropdown of more is unusable; an expression still takes any ID). */
export const CRM_OWNERS_MAX = 2000;

/** A credential type the target reads; `show` narrows it to some values of its own fields. */
export interface TargetCredential {
	/** The n8n credential type name (credentials/<Name>.credentials.ts). */
	name: string;
	show?: Record<string, string[]>;
	/** The node's credential test (nodes/CrmPush/methods/credentialTest.ts) that checks it for real. */
	testedBy?: string;
}

/** What the node hands a target: its editor fields and options by name, parsed by `params`. */
export interface TargetContext {
	matchOn: MatchOn;
}

/** How the node reaches the CRM: the target's config, and the credential n8n authenticates with (OAuth2). */
export interface Connection<C> {
	config: C;
	authenticateWith?: string;
}

/**
 * Everything that makes a CRM a CRM Push target. The registry (targets/index.ts) lists one per
 * target; the node's target list, credentials, fields and options are built from it, and
 * push/preview go through it. No n8n types: the node adapts.
 */
export interface CrmTargetDef<C = unknown, P extends Record<string, unknown> = Record<string, unknown>> {
	/** Stored in workflows as the Target CRM parameter: never change it. */
	id: string;
	/** Shown in the editor and in errors. */
	label: string;
	/** The editor's option text for the target. */
	optionName?: string;
	description: string;
	/** Which lead fields can identify a lead (the upsert key) in this CRM. */
	matchOn: readonly MatchOn[];
	/** Default lead field → CRM field; users override any entry. */
	fieldMap: Partial<Record<LeadField, string>>;
	/** Default pack stage → CRM stage (keys lower-case without spaces, dashes or underscores). */
	stageMap?: Record<string, string>;
	/** Whether the target takes follow-up tasks and activity records. */
	tasks: boolean;
	credentials: TargetCredential[];
	/** Editor fields right under Target CRM, and entries of the node's Options collection. */
	fields: EditorField[];
	options: EditorField[];
	/** Validates the target's own fields and options (errors name the field). */
	params: z.ZodType<P>;
	/** Builds the client config from the credential data and the parsed fields. */
	connect(credential: (type: string) => Promise<Record<string, unknown>>, params: P, ctx: TargetContext): Promise<Connection<C>>;
	push(io: CrmIo, config: C, leads: PreparedLead[], ctx: TargetContext): Promise<LeadResult[]>;
	/** The writes a lead would cause (dry run). Reads are left out; secrets never appear. */
	preview(config: C, lead: PreparedLead, ctx: TargetContext): PreviewRequest[];
	/** Checks a credential for real (the credential test), throwing an error with a hint when it fails. */
	testCredential?(io: CrmIo, credential: Record<string, unknown>): Promise<void>;
	/** Who may own a lead, every page (CRM Push's owner dropdown); none: owners are typed as IDs. */
	listOwners?(io: CrmIo, config: C): Promise<CrmOwner[]>;
	/** How the CRM Outcomes Trigger reads what sales did (lib/crm/targets/<id>/outcomes.ts); none: webhook only. */
	outcomes?: OutcomeSource<C>;
	/** The same for deals/opportunities (the trigger's Watch → Deals); the lead's identity is on a linked record. */
	dealOutcomes?: OutcomeSource<C>;
}

/** Identity helper that keeps a target's config and params types. */
export function defineTarget<C, P extends Record<string, unknown>>(def: CrmTargetDef<C, P>): CrmTargetDef<C, P> {
	return def;
}

/** A CRM field name parameter: letters, digits, _ and dots. */
export const crmFieldName = () =>
	z
		.string()
		.trim()
		.regex(/^[A-Za-z_][\w.]*$/, 'must be a CRM field name (letters, digits, _)');
