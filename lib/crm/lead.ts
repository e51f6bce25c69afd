import { createHash } from 'crypto';
import { z } from 'zod';
import type { Lead, LeadActivity, LeadField, MatchOn } from './types';

/**
 * Where each lead field is read from in an input item: the Lead Score node's output, a WeCom
 * customer (external_userid, name, corp_name...) or a join-code event. First non-empty wins.
 */
export const LEAD_FIELD_ALIASES: Record<LeadField, string[]> = {
	email: ['email', 'Email', 'emailAddress'],
	phone: ['phone', 'mobile', 'mobilePhone', 'tel'],
	firstName: ['firstName', 'first_name', 'firstname'],
	lastName: ['lastName', 'last_name', 'lastname'],
	name: ['name', 'fullName', 'contactName'],
	company: ['company', 'corpName', 'corp_name', 'corp_full_name'],
	title: ['title', 'jobTitle', 'position'],
	externalUserId: ['externalUserId', 'external_userid', 'externalUserID'],
	stage: ['stage', 'lifecycleStage'],
	engagementScore: ['engagementScore', 'engagement_score'],
	fitScore: ['fitScore', 'fit_score'],
	salesReady: ['salesReady', 'sales_ready'],
	channel: ['source.channel', 'channel'],
	groupId: ['source.groupId', 'groupId', 'chatId', 'chat_id'],
	groupName: ['source.groupName', 'groupName', 'group_name'],
	state: ['source.state', 'state', 'joinState'],
	campaign: ['source.campaign', 'campaign'],
	utmSource: ['source.utmSource', 'utmSource', 'utm_source'],
	utmMedium: ['source.utmMedium', 'utmMedium', 'utm_medium'],
	utmCampaign: ['source.utmCampaign', 'utmCampaign', 'utm_campaign'],
	sdrUserId: ['source.sdrUserId', 'sdrUserId', 'inviterUserId', 'invitor_userid'],
};

const ACTIVITY_ALIASES = ['activities', 'behaviours', 'behaviors'];

function pick(json: Record<string, unknown>, path: string): unknown {
	let v: unknown = json;
	for (const k of path.split('.')) {
		if (v === null || typeof v !== 'object') return undefined;
		v = (v as Record<string, unknown>)[k];
	}
	return v;
}

const empty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Collects the lead fields from an item; `overrides` (node parameters) win over the item. */
export function rawLeadFromItem(
	json: Record<string, unknown>,
	overrides: Partial<Record<LeadField, unknown>> = {},
): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [field, aliases] of Object.entries(LEAD_FIELD_ALIASES)) {
		const o = overrides[field as LeadField];
		if (!empty(o)) {
			out[field] = o;
			continue;
		}
		for (const a of aliases) {
			const v = pick(json, a);
			if (!empty(v) && typeof v !== 'object') {
				out[field] = v;
				break;
			}
		}
	}
	for (const a of ACTIVITY_ALIASES) if (Array.isArray(json[a])) out.activities = json[a];
	return out;
}

const trimmed = z.preprocess(
	(v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : v),
	z.string().min(1).max(1000),
);
const score = z.preprocess(
	(v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
	z.number({ invalid_type_error: 'must be a number' }).finite(),
);
const bool = z.preprocess(
	(v) => (v === 'true' ? true : v === 'false' ? false : v),
	z.boolean({ invalid_type_error: 'must be true or false' }),
);

const activitySchema = z.object({
	type: z.string().min(1),
	at: z.union([z.string().min(1), z.number()]).refine((v) => Number.isFinite(toMs(v)), 'must be an ISO date or epoch milliseconds'),
	title: z.string().optional(),
	detail: z.string().optional(),
});

const fieldSchemas = {
	email: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.string().email('is not a valid email address')),
	phone: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string().regex(/^\+?[\d\s()-]{5,24}$/, 'is not a phone number')),
	firstName: trimmed,
	lastName: trimmed,
	name: trimmed,
	company: trimmed,
	title: trimmed,
	externalUserId: trimmed,
	stage: trimmed,
	engagementScore: score,
	fitScore: score,
	salesReady: bool,
	channel: trimmed,
	groupId: trimmed,
	groupName: trimmed,
	state: trimmed.pipe(z.string().max(30, 'WeCom join-code states are at most 30 characters')),
	campaign: trimmed,
	utmSource: trimmed,
	utmMedium: trimmed,
	utmCampaign: trimmed,
	sdrUserId: trimmed,
};

export const leadSchema = z
	.object(fieldSchemas)
	.partial()
	.extend({ activities: z.array(activitySchema).max(50, 'at most 50 activities per lead').default([]) });

/** The lead schema with the match field required, so every problem of an item is named at once. */
export function leadSchemaFor(matchOn: MatchOn) {
	const field = fieldSchemas[matchOn];
	const required = z
		.unknown()
		.superRefine((v, ctx) => {
			if (empty(v)) ctx.addIssue({ code: 'custom', message: `is required to match leads on ${matchOn}`, fatal: true });
			else field.safeParse(v).error?.issues.forEach((i) => ctx.addIssue({ ...i, fatal: true } as z.IssueData));
		})
		.transform((v) => {
			const r = field.safeParse(v);
			return r.success ? r.data : v;
		});
	return leadSchema.extend({ [matchOn]: required } as Record<MatchOn, typeof required>);
}

export function toMs(at: string | number): number {
	return typeof at === 'number' ? at : Date.parse(at);
}

/** The value the CRM matches on, normalised so that the same person always gives the same value. */
export function matchValueOf(lead: Lead, matchOn: MatchOn): string {
	const v = String(lead[matchOn] ?? '').trim();
	if (matchOn === 'email') return v.toLowerCase();
	if (matchOn === 'phone') return v.replace(/[\s()-]/g, '');
	return v;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** The lead's identity: stable across runs, workers and retries (never from memory). */
export function leadKey(target: string, matchOn: MatchOn, matchValue: string): string {
	return sha(`${target}|${matchOn}|${matchValue}`).slice(0, 32);
}

/** Marker written into task/note bodies; finding it in the CRM proves the record exists. */
export function refFor(key: string, ...parts: Array<string | number>): string {
	return 'wg-' + sha([key, ...parts].join('|')).slice(0, 16);
}

export const REF_PATTERN = /wg-[0-9a-f]{16}/g;

export function refsIn(text: unknown): string[] {
	return typeof text === 'string' ? (text.match(REF_PATTERN) ?? []) : [];
}

/** A person's display name from whatever the lead has. */
export function displayName(lead: Lead): string {
	const full = [lead.firstName, lead.lastName].filter(Boolean).join(' ');
	return String(lead.name ?? (full || lead.email || lead.phone || lead.externalUserId || 'lead'));
}

/** First/last name for CRMs that need them: "John Smith" → John + Smith; "张伟" stays whole as last name. */
export function splitName(lead: Lead): { firstName?: string; lastName?: string } {
	if (lead.firstName || lead.lastName) return { firstName: lead.firstName as string, lastName: lead.lastName as string };
	const name = lead.name === undefined ? '' : String(lead.name);
	if (!name) return {};
	const parts = name.split(/\s+/);
	if (parts.length < 2) return { lastName: name };
	return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1] };
}

export type { LeadActivity };
