/**
 * Handles one HTTP request to the callback URL, free of n8n types: URL verification (GET with
 * echostr) and encrypted events (POST). Returns what to answer and, for a wanted event, the item
 * to start the workflow with.
 */
import { createHash } from 'crypto';
import { computeSignature, decodeAesKey, decryptMessage, signatureMatches } from './crypto';
import type { KeyMemory } from './dedupe';
import { CallbackRejectedError } from './errors';
import { classifyEvent, normalizeEvent } from './events';
import type { NormalizedEvent } from './events';
import { MAX_CALLBACK_XML_CHARS, parseCallbackXml, parseEnvelope } from './xml';
import type { XmlFields } from './xml';

export interface CallbackConfig {
	token: string;
	encodingAesKey: string;
	/** The receive ID inside every payload must equal it (the suite ID for third-party apps). */
	corpId: string;
}

export interface CallbackRequest {
	method: string;
	query: Record<string, unknown>;
	/** The raw POST body (XML). */
	body?: string;
}

export interface CallbackOptions {
	/** Trigger event values to start executions for; others are acknowledged and dropped. */
	events: readonly string[];
	/** Drop retries of an event already seen (in this process). */
	dedupe?: KeyMemory;
	/** Separates workflows/nodes sharing the dedupe cache. */
	dedupeScope?: string;
	/**
	 * Refuse callbacks whose `timestamp` is further than this from now. Unset: DEFAULT_MAX_AGE_SECONDS;
	 * 0 turns the check off (not recommended: a captured request could be replayed at any time).
	 */
	maxAgeSeconds?: number;
	includeRaw?: boolean;
	now?: () => number;
}

/** WeCom retries an unanswered callback within minutes; a wider window only helps replays. */
export const DEFAULT_MAX_AGE_SECONDS = 10 * 60;
/** The envelope carries the base64 of at most MAX_CALLBACK_XML_CHARS of XML, plus a few fields. */
export const MAX_ENVELOPE_CHARS = Math.ceil(((MAX_CALLBACK_XML_CHARS * 3 + 1024) * 4) / 3) + 1024;
/** WeCom's echostr decrypts to a short random string (digits in WeCom's examples). */
const PLAUSIBLE_ECHO = /^[A-Za-z0-9_.+/=-]{1,128}$/;

/** WeCom accepts an empty body or "success" as the acknowledgement of an event. */
export const ACK_BODY = 'success';

export type CallbackOutcome =
	| { kind: 'verified'; status: 200; body: string }
	| { kind: 'rejected'; status: number; body: string; reason: string }
	| { kind: 'ignored'; status: 200; body: string; why: 'not_selected' | 'duplicate'; eventId: string; event?: string }
	| { kind: 'event'; status: 200; body: string; eventId: string; item: CallbackItem };

/** The item a wanted event starts the workflow with. */
export type CallbackItem = NormalizedEvent & { eventId: string; trigger: string; raw?: XmlFields };

export function handleCallback(config: CallbackConfig, req: CallbackRequest, opts: CallbackOptions): CallbackOutcome {
	// A bad credential throws CallbackConfigError: that is the operator's problem, not the caller's.
	const key = decodeAesKey(config.encodingAesKey);
	try {
		if (req.method.toUpperCase() === 'GET') return { kind: 'verified', status: 200, body: verifyUrl(config, key, req.query, opts) };
		return receiveEvent(config, key, req, opts);
	} catch (e) {
		if (e instanceof CallbackRejectedError) return { kind: 'rejected', status: e.status, body: e.message, reason: e.reason };
		// Whatever else a caller's bytes trigger is still the caller's fault: answer, never throw.
		return { kind: 'rejected', status: 400, body: 'The callback could not be read.', reason: 'malformed_body' };
	}
}

function param(query: Record<string, unknown>, name: string): string {
	const v = query[name];
	const s = Array.isArray(v) ? v[0] : v;
	return typeof s === 'string' ? s : '';
}

interface Signed {
	signature: string;
	timestamp: string;
	nonce: string;
}

function signedParams(query: Record<string, unknown>): Signed {
	const s = { signature: param(query, 'msg_signature'), timestamp: param(query, 'timestamp'), nonce: param(query, 'nonce') };
	const given: Record<string, string> = { msg_signature: s.signature, timestamp: s.timestamp, nonce: s.nonce };
	const missing = Object.keys(given).filter((name) => !given[name]);
	if (missing.length) throw new CallbackRejectedError('missing_parameters', `The callback URL is missing ${missing.join(', ')}.`);
	return s;
}

function checkSignature(config: CallbackConfig, s: Signed, encrypt: string, opts: CallbackOptions): void {
	if (!signatureMatches(computeSignature(config.token, s.timestamp, s.nonce, encrypt), s.signature)) {
		throw new CallbackRejectedError(
			'bad_signature',
			"The msg_signature does not match: the request was not signed with this credential's Token.",
		);
	}
	const maxAge = opts.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
	if (maxAge > 0) {
		const now = Math.floor((opts.now ?? Date.now)() / 1000);
		const ts = Number(s.timestamp);
		if (!Number.isFinite(ts) || Math.abs(now - ts) > maxAge)
			throw new CallbackRejectedError('stale_timestamp', 'The callback timestamp is too old (or in the future).');
	}
}

function decryptFor(config: CallbackConfig, key: Buffer, encrypt: string): string {
	const { message, receiveId } = decryptMessage(key, encrypt);
	if (receiveId !== config.corpId.trim()) {
		throw new CallbackRejectedError(
			'wrong_receiver',
			"The callback was encrypted for another corp (its receive ID is not this credential's Corp ID).",
		);
	}
	return message;
}

function verifyUrl(config: CallbackConfig, key: Buffer, query: Record<string, unknown>, opts: CallbackOptions): string {
	const s = signedParams(query);
	const echostr = param(query, 'echostr');
	if (!echostr) throw new CallbackRejectedError('missing_parameters', 'The verification request is missing echostr.');
	if (echostr.length > 512) throw new CallbackRejectedError('malformed_body', 'The echostr is longer than any WeCom sends.');
	checkSignature(config, s, echostr, opts);
	const echo = decryptFor(config, key, echostr);
	// A captured event's ciphertext is correctly signed too: never turn it back into plaintext.
	if (!PLAUSIBLE_ECHO.test(echo))
		throw new CallbackRejectedError('implausible_echo', 'The echostr does not decrypt to a verification string.');
	return echo;
}

/** Same decrypted payload, same ID: WeCom's retries carry the event unchanged. */
export function eventIdOf(corpId: string, message: string): string {
	return createHash('sha256').update(`${corpId}\n${message}`, 'utf8').digest('hex').slice(0, 32);
}

function receiveEvent(config: CallbackConfig, key: Buffer, req: CallbackRequest, opts: CallbackOptions): CallbackOutcome {
	const s = signedParams(req.query);
	// Bounded before any parsing; the envelope reader is linear and depth-capped, and the
	// signature is checked before anything is decrypted or the event XML is read.
	const body = req.body ?? '';
	if (body.length > MAX_ENVELOPE_CHARS)
		throw new CallbackRejectedError('too_large', `The callback body is larger than ${MAX_ENVELOPE_CHARS} characters.`);
	const { encrypt } = parseEnvelope(body, MAX_ENVELOPE_CHARS);
	checkSignature(config, s, encrypt, opts);
	const message = decryptFor(config, key, encrypt);
	const fields: XmlFields = parseCallbackXml(message);
	const eventId = eventIdOf(config.corpId.trim(), message);
	const trigger = classifyEvent(fields);
	const event = typeof fields.Event === 'string' ? fields.Event : undefined;
	if (!trigger || !opts.events.includes(trigger))
		return { kind: 'ignored', status: 200, body: ACK_BODY, why: 'not_selected', eventId, event };
	if (opts.dedupe?.checkAndRemember(`${opts.dedupeScope ?? ''}|${eventId}`)) {
		return { kind: 'ignored', status: 200, body: ACK_BODY, why: 'duplicate', eventId, event };
	}
	const item: CallbackItem = { eventId, trigger, ...normalizeEvent(fields) };
	if (opts.includeRaw) item.raw = fields;
	return { kind: 'event', status: 200, body: ACK_BODY, eventId, item };
}
