import { DateTime } from 'luxon';
import { trackedLeadId } from './leadKey';
import { hasLink, safeText } from './text';

/** What a marketer sets for a web signup form; every limit has a default. */
export interface SignupRules {
	defaultChannel: string;
	defaultCampaign: string;
	sdrUserId?: string;
	/** IANA zone of the day a signup counts for (repeats and limits are per day). */
	timezone: string;
	eventType: string;
	activityTitle: string;
	maxNameLength: number;
	maxCompanyLength: number;
	maxTitleLength: number;
}

export const DEFAULT_SIGNUP_RULES: SignupRules = {
	defaultChannel: 'website',
	defaultCampaign: '',
	timezone: 'Asia/Shanghai',
	eventType: 'trial_requested',
	activityTitle: 'Trial request',
	maxNameLength: 40,
	maxCompanyLength: 80,
	maxTitleLength: 60,
};

export interface SignupRequest {
	body: Record<string, unknown>;
	contentType?: string;
	clientIp?: string;
	/** ISO time or epoch ms; defaults to now. */
	now?: string | number;
}

export interface CheckedSignup {
	valid: boolean;
	errors: string[];
	/** Lower-case email: the lead's ID in Lead Score and the CRM. */
	leadId: string;
	/** Tracked lead ID (lib/intake/leadKey.ts): the lead in a contact-me code's state and in tracked links. */
	lid: string;
	/** Repeat key: the same person (email and phone) on the same day is one signup. */
	key: string;
	day: string;
	phoneDay: string;
	emailDay: string;
	ipDay: string;
	clientIp: string;
	name: string;
	company: string;
	title: string;
	phone: string;
	email: string;
	industry: string;
	companySize?: number;
	channel: string;
	campaign: string;
	utm_source: string;
	utm_medium: string;
	utm_campaign: string;
	sdrUserId: string;
	submittedAt: string;
	/** A plain HTML form post (answered with the thank-you page, not JSON). */
	htmlForm: boolean;
	/** Fields that carried links or were cut to length (the stored text has neither). */
	cleaned: string[];
	lead: Record<string, string | number>;
	events: Array<Record<string, string>>;
	activities: Array<Record<string, string>>;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());
/** Campaign and channel codes: letters, digits and - _ . only (they end up in CRM fields and reports). */
const code = (v: unknown) =>
	str(v)
		.replace(/[^\w.-]/g, '')
		.slice(0, 64);

export function normalizePhone(v: unknown): string {
	return str(v)
		.replace(/[\s()-]/g, '')
		.replace(/^(\+?86)/, '');
}

/** Checks a trial-form post and shapes it for the intake table, Lead Score and CRM Push. */
export function checkSignup(req: SignupRequest, rules: SignupRules = DEFAULT_SIGNUP_RULES): CheckedSignup {
	const b = req.body ?? {};
	const cleaned: string[] = [];
	const text = (field: string, raw: unknown, max: number) => {
		const out = safeText(raw, max);
		if (hasLink(raw) || Array.from(str(raw)).length > max) cleaned.push(field);
		return out;
	};
	const name = text('name', b.name, rules.maxNameLength);
	const company = text('company', b.company, rules.maxCompanyLength);
	const title = text('title', b.title, rules.maxTitleLength);
	const industry = text('industry', b.industry, 40);
	const phone = normalizePhone(b.phone);
	const email = str(b.email).toLowerCase();
	const size = Number(
		str(b.companySize ?? b.company_size)
			.replace(/[^\d]/g, '')
			.slice(0, 9),
	);

	const errors: string[] = [];
	if (!name) errors.push('name is required');
	if (!company) errors.push('company is required');
	if (!/^1[3-9]\d{9}$/.test(phone)) errors.push('phone must be a mainland China mobile number');
	if (email.length > 254 || !/^[^@\s<>()"',;:]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/.test(email))
		errors.push('email is not a valid address');

	const now =
		req.now === undefined ? DateTime.now() : typeof req.now === 'number' ? DateTime.fromMillis(req.now) : DateTime.fromISO(req.now);
	const at = now.setZone(rules.timezone);
	const day = at.toFormat('yyyy-MM-dd');
	const submittedAt = at.toISO()!;
	const channel = code(b.channel) || rules.defaultChannel;
	const campaign = code(b.campaign ?? b.utm_campaign) || rules.defaultCampaign;
	const clientIp = str(req.clientIp).split(',')[0].trim().slice(0, 64);
	const lead: Record<string, string | number> = { name, company, title, phone, email, industry, ...(size ? { companySize: size } : {}) };
	return {
		valid: errors.length === 0,
		errors,
		leadId: email,
		lid: email ? trackedLeadId(email) : '',
		key: `${email}|${phone}|${day}`,
		day,
		phoneDay: `${phone}|${day}`,
		emailDay: `${email}|${day}`,
		ipDay: clientIp ? `${clientIp}|${day}` : '',
		clientIp,
		...{ name, company, title, phone, email, industry },
		...(size ? { companySize: size } : {}),
		channel,
		campaign,
		utm_source: code(b.utm_source),
		utm_medium: code(b.utm_medium),
		utm_campaign: code(b.utm_campaign),
		sdrUserId: rules.sdrUserId ?? '',
		submittedAt,
		htmlForm: /x-www-form-urlencoded|multipart\/form-data/i.test(str(req.contentType)),
		cleaned,
		lead,
		// One request per person per day is one event: a double submit is scored once.
		events: [{ type: rules.eventType, id: `${rules.eventType}:${email}:${day}`, time: submittedAt, channel, campaign }],
		activities: [
			{
				type: 'Trial form',
				at: submittedAt,
				title: rules.activityTitle,
				detail: [company, title, size ? `${size}` : '', channel, campaign].filter(Boolean).join(' · '),
			},
		],
	};
}
