import { randomBytes } from 'crypto';

/**
 * The `state` of a member's personal "contact me" code (联系我). WeCom returns it in the
 * add_external_contact callback, so it names the referrer; it is at most 30 characters and WeCom
 * truncates longer ones silently. The referrer is looked up by state in the campaign's codes table,
 * never read from the state itself: a state carries a random token (80 bits), so a member cannot
 * make up another member's state, and nothing about the member shows in the QR code.
 */
export const REFERRAL_STATE_MAX_CHARS = 30;
export const REFERRAL_TOKEN_CHARS = 16;
/** Prefix, separator and token must fit WeCom's 30 characters. */
export const REFERRAL_PREFIX_MAX_CHARS = REFERRAL_STATE_MAX_CHARS - REFERRAL_TOKEN_CHARS - 1;
const PREFIX = /^[A-Za-z0-9_]+$/;
// Crockford's base32: no I, L, O, U, so a state read aloud or retyped stays unambiguous.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export class ReferralStateError extends Error {}

export function checkReferralPrefix(prefix: string): string {
	const p = String(prefix ?? '').trim();
	if (!p) throw new ReferralStateError('the campaign prefix is empty: give the campaign a short name such as "fx" or "spring24"');
	if (!PREFIX.test(p)) throw new ReferralStateError(`the campaign prefix "${p}" may hold only letters, digits and _`);
	if (p.length > REFERRAL_PREFIX_MAX_CHARS)
		throw new ReferralStateError(
			`the campaign prefix "${p}" is ${p.length} characters; at most ${REFERRAL_PREFIX_MAX_CHARS} leave room for the ${REFERRAL_TOKEN_CHARS}-character token in WeCom's ${REFERRAL_STATE_MAX_CHARS}-character state`,
		);
	return p;
}

/** A new personal state: `<prefix>-<16 random base32 characters>`. */
export function newReferralState(prefix: string, random: (n: number) => Buffer = randomBytes): string {
	const p = checkReferralPrefix(prefix);
	const bytes = random(REFERRAL_TOKEN_CHARS);
	let token = '';
	for (let i = 0; i < REFERRAL_TOKEN_CHARS; i++) token += ALPHABET[bytes[i] % 32];
	return `${p}-${token}`;
}

/** Whether a callback's state belongs to the campaign: its entry code (the prefix itself) or a personal code. */
export function isCampaignState(state: unknown, prefix: string): boolean {
	const s = String(state ?? '');
	const p = String(prefix ?? '').trim();
	return !!p && (s === p || s.startsWith(`${p}-`));
}

/** Whether a state has the shape of a personal code of the campaign (the codes table says whose). */
export function isPersonalState(state: unknown, prefix: string): boolean {
	const s = String(state ?? '');
	const p = String(prefix ?? '').trim();
	return (
		!!p && s.length === p.length + 1 + REFERRAL_TOKEN_CHARS && s.startsWith(`${p}-`) && /^[0-9a-hjkmnp-tv-z]+$/.test(s.slice(p.length + 1))
	);
}
