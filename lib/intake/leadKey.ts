import { createHash } from 'crypto';

/**
 * One person, one lead. The trial form knows a person by email (its lead ID), WeCom by
 * external_userid. They meet through the tracked lead ID (`lid`): a short token derived from the
 * lead ID, stored in the lead's `lead_profiles` row and carried by the `state` of the person's own
 * "contact me" code (`<channel>~<lid>`), which WeCom returns in the Customer Added callback. When
 * there is no state, a phone number the staff member recorded for the contact (remark_mobiles,
 * verified by talking to them) that belongs to exactly one profile joins them instead.
 *
 * The token is a hash, not the email: a QR code never carries personal data, and 60 random bits
 * cannot be guessed to take over another lead (a state can be edited in an acquisition link).
 */

/** Separates the channel from the tracked lead ID in a code's `state` (WeCom allows 30 characters). */
export const STATE_LEAD_SEPARATOR = '~';
const LID = /^L[a-z2-7]{12}$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** The tracked lead ID of a lead ID: `L` + 12 base-32 characters of its SHA-256 (13 characters). */
export function trackedLeadId(leadId: string): string {
	const digest = createHash('sha256').update(leadId.trim().toLowerCase()).digest();
	let out = 'L';
	for (let i = 0; i < 12; i++) out += BASE32[digest[i] & 31];
	return out;
}

/** A contact-me code's `state` for a channel and a lead: at most 30 characters (the channel is cut). */
export function contactState(channel: string, lid: string): string {
	return `${channel.slice(0, 30 - lid.length - 1)}${STATE_LEAD_SEPARATOR}${lid}`;
}

/** Splits a `state` into the channel (looked up in welcome_channels) and the tracked lead ID, if any. */
export function parseContactState(state: string | undefined): { channelState: string; lid: string } {
	const s = String(state ?? '').trim();
	const at = s.lastIndexOf(STATE_LEAD_SEPARATOR);
	const lid = at >= 0 ? s.slice(at + 1) : '';
	if (at < 0 || !LID.test(lid)) return { channelState: s, lid: '' };
	return { channelState: s.slice(0, at), lid };
}

/** A `lead_profiles` row (the columns this decision reads). */
export interface LeadProfileRow {
	id?: number | string;
	lead_id?: unknown;
	lid?: unknown;
	external_userid?: unknown;
	email?: unknown;
	phone?: unknown;
	name?: unknown;
	company?: unknown;
}

export interface WeComContact {
	externalUserId: string;
	state?: string;
	/** Phone numbers the staff member recorded for the contact (follow_user.remark_mobiles). */
	phones?: string[];
}

export type LeadMatch = 'externalUserId' | 'state' | 'phone' | 'none';

export interface MatchedLead {
	/** The lead ID to score and push under: the matched profile's, or the external_userid for a new lead. */
	leadId: string;
	externalUserId: string;
	/** How the lead was found. */
	matchedBy: LeadMatch;
	/** True when this contact is joined to a lead that had no external_userid yet: write it to the profile and the CRM. */
	link: boolean;
	reason: string;
	channelState: string;
	lid: string;
	email: string;
	phone: string;
	name: string;
	company: string;
}

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());
const digits = (v: string) => v.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');

/**
 * Decides which lead a WeCom contact is. `rows` are the profiles that may be the person: those whose
 * external_userid, lid or phone matches (read them with one "any condition" query).
 * - its own profile (same external_userid) wins: the contact was joined before;
 * - else the profile named by the state's lid, unless that profile already belongs to another WeCom
 *   contact (a personal code passed on to a colleague: the colleague is a lead of their own);
 * - else exactly one profile without a WeCom contact holding one of the recorded phones;
 * - else a new lead keyed on the external_userid.
 */
export function matchLead(contact: WeComContact, rows: LeadProfileRow[]): MatchedLead {
	const externalUserId = text(contact.externalUserId);
	if (!externalUserId) throw new LeadKeyError('externalUserId is required: the WeCom contact to match');
	const { channelState, lid } = parseContactState(contact.state);
	const result = (row: LeadProfileRow | undefined, matchedBy: LeadMatch, link: boolean, reason: string): MatchedLead => ({
		leadId: row ? text(row.lead_id) : externalUserId,
		externalUserId,
		matchedBy,
		link,
		reason,
		channelState,
		lid: row ? text(row.lid) : lid,
		email: text(row?.email),
		phone: text(row?.phone),
		name: text(row?.name),
		company: text(row?.company),
	});
	const usable = rows.filter((r) => text(r.lead_id));
	const own = usable.find((r) => text(r.external_userid) === externalUserId);
	if (own) return result(own, 'externalUserId', false, 'known WeCom contact');

	const free = (r: LeadProfileRow) => !text(r.external_userid);
	if (lid) {
		const named = usable.find((r) => text(r.lid) === lid);
		if (named && free(named)) return result(named, 'state', true, 'added through the lead’s own contact code');
		if (named) return result(undefined, 'none', false, 'the contact code’s lead is already another WeCom contact');
	}
	const phones = new Set((contact.phones ?? []).map((p) => digits(text(p))).filter((p) => p.length >= 7));
	if (phones.size) {
		const hits = usable.filter((r) => free(r) && phones.has(digits(text(r.phone))));
		const leads = new Set(hits.map((r) => text(r.lead_id)));
		if (leads.size === 1) return result(hits[0], 'phone', true, 'a phone number recorded for the contact');
		if (leads.size > 1) return result(undefined, 'none', false, 'the recorded phone number belongs to several leads');
	}
	return result(undefined, 'none', false, 'new WeCom contact');
}

export class LeadKeyError extends Error {}
