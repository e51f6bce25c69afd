import { BANT_CRITERIA } from '../names';
import { compact, text } from './compact';

/**
 * An event posted by a form or the website's server: {lid, type, id?, time?, url?, campaign?,
 * channel?, lead?: {name, company, title, email, phone}, attributes?: {budget, authority, need,
 * timing, purchaseTiming}}. Checked before it is answered 2xx: every problem is named, so the
 * sender can fix it. `attributes` are BANT facts for the hand-off gate (a demo form, SDR notes).
 */
export interface CheckedFormEvent {
	valid: boolean;
	errors: string[];
	leadId: string;
	type: string;
	id?: string;
	time: string;
	url?: string;
	attributes?: Record<string, boolean>;
	lead: Record<string, unknown>;
}

const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_]{1,63}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** ISO 8601 date-time (a date alone, or with a time and an optional offset). */
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const FACTS = [...BANT_CRITERIA, 'purchaseTiming'];

export interface FormEventOptions {
	now: number;
	/** How far in the future an event time may be (clock skew of the sender), in minutes. */
	futureMinutes: number;
	defaultChannel: string;
}

export function checkFormEvent(body: unknown, o: FormEventOptions): CheckedFormEvent {
	const b = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
	const leadId = text(b.lid ?? b.externalUserId);
	const type = text(b.type);
	const errors: string[] = [];
	if (!leadId) errors.push('lid (the WeCom external_userid of the lead) is required');
	if (!EVENT_TYPE.test(type)) errors.push('type must be an event name such as trial_requested or page_viewed');
	// The event's time decides decay and caps: an unreadable or future time is refused before the 2xx.
	let time = o.now;
	if (b.time !== undefined && b.time !== null && b.time !== '') {
		const s = text(b.time);
		time = ISO.test(s) ? Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s) : NaN;
		if (Number.isNaN(time)) errors.push('time must be an ISO 8601 date-time');
		else if (time > o.now + o.futureMinutes * 60_000) errors.push('time must not be in the future');
	}
	const lead = b.lead && typeof b.lead === 'object' && !Array.isArray(b.lead) ? (b.lead as Record<string, unknown>) : {};
	const email = text(lead.email).toLowerCase();
	if (email && !EMAIL.test(email)) errors.push('lead.email is not a valid address');
	const attributes: Record<string, boolean> = {};
	const given = b.attributes && typeof b.attributes === 'object' ? (b.attributes as Record<string, unknown>) : {};
	for (const k of FACTS) {
		if (given[k] === undefined) continue;
		if (typeof given[k] !== 'boolean') errors.push(`attributes.${k} must be true or false`);
		else attributes[k] = given[k] as boolean;
	}
	return {
		valid: errors.length === 0,
		errors,
		leadId,
		type,
		...(b.id ? { id: text(b.id) } : {}),
		time: Number.isNaN(time) ? '' : new Date(time).toISOString(),
		...(b.url ? { url: text(b.url) } : {}),
		...(Object.keys(attributes).length ? { attributes } : {}),
		lead: compact({
			externalUserId: leadId,
			name: text(lead.name),
			company: text(lead.company),
			title: text(lead.title),
			email,
			phone: text(lead.phone).replace(/[\s-]/g, ''),
			campaign: text(b.campaign),
			channel: text(b.channel) || o.defaultChannel,
		}),
	};
}
