import { createHmac, timingSafeEqual } from 'crypto';
import type { ChangedRecord, OutcomeFields, OutcomeRule } from '../../outcomes/types';

/** A signed request's timestamp may be this far from the receiver's clock (as CRM Push's own signing). */
export const WEBHOOK_REPLAY_WINDOW_SECONDS = 300;
/** Records in one webhook request at most. */
export const WEBHOOK_MAX_EVENTS = 500;

/** Defaults for a CRM that posts outcomes: a `status` field with the pack's outcome names (or Chinese ones). */
export const WEBHOOK_DEFAULT_RULES: OutcomeRule[] = [
	{ field: 'status', values: ['accepted', 'sal', '已接收', '接收'], outcome: 'accepted' },
	{ field: 'status', values: ['rejected', '拒绝', '无效'], outcome: 'rejected' },
	{ field: 'status', values: ['returned', 'mrl', '退回'], outcome: 'returned' },
	{ field: 'status', values: ['opportunity', '商机'], outcome: 'opportunity' },
	{ field: 'status', values: ['won', '赢单', '成交'], outcome: 'won' },
	{ field: 'status', values: ['lost', '输单'], outcome: 'lost' },
];
export const WEBHOOK_DEFAULT_FIELDS: OutcomeFields = {
	leadId: 'leadId',
	fallbackLeadId: 'email',
	reason: 'reason',
	amount: 'amount',
	sdr: 'sdr',
	owner: 'owner',
};

/**
 * Checks `<signature header>: sha256=<hex HMAC-SHA256 of "<X-Webhook-Timestamp>.<raw body>">` and
 * the timestamp's age: the scheme CRM Push signs with, so one secret serves both directions.
 */
export function verifySignature(
	secret: string,
	timestamp: string,
	signature: string,
	rawBody: Buffer,
	nowSec: number,
): { ok: true } | { ok: false; reason: string } {
	if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSec - Number(timestamp)) > WEBHOOK_REPLAY_WINDOW_SECONDS)
		return { ok: false, reason: 'stale or missing X-Webhook-Timestamp' };
	const want = Buffer.from('sha256=' + createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex'));
	const got = Buffer.from(signature);
	if (got.length !== want.length || !timingSafeEqual(got, want)) return { ok: false, reason: 'invalid signature' };
	return { ok: true };
}

/**
 * The records of a webhook body: one object, or `{ "events": [...] }`. Each needs a `recordId`;
 * `changedAt` (ISO or epoch ms) dates the change (default: when it arrived).
 */
export function webhookRecords(body: unknown, now: number): { records: ChangedRecord[] } | { error: string } {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return { error: 'expected a JSON object' };
	const b = body as Record<string, unknown>;
	const list = Array.isArray(b.events) ? (b.events as unknown[]) : [b];
	if (list.length === 0) return { error: 'events is empty' };
	if (list.length > WEBHOOK_MAX_EVENTS) return { error: `at most ${WEBHOOK_MAX_EVENTS} events per request` };
	const records: ChangedRecord[] = [];
	for (const [i, e] of list.entries()) {
		const where = Array.isArray(b.events) ? `events[${i}]` : 'body';
		if (!e || typeof e !== 'object' || Array.isArray(e)) return { error: `${where}: expected an object` };
		const r = e as Record<string, unknown>;
		const id = r.recordId;
		if ((typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '')
			return { error: `${where}.recordId: required (the CRM's record ID)` };
		let at = now;
		if (r.changedAt !== undefined && r.changedAt !== null && r.changedAt !== '') {
			at = typeof r.changedAt === 'number' ? r.changedAt : Date.parse(String(r.changedAt));
			if (!Number.isFinite(at)) return { error: `${where}.changedAt: not a time (ISO 8601 or epoch milliseconds)` };
		}
		records.push({ id: String(id).trim(), modifiedAt: at, fields: r });
	}
	return { records };
}
