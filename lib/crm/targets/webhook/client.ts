import { createHash, createHmac } from 'crypto';
import type { HttpResponse } from '../../../http/types';
import { CrmApiError, CrmUncertainError } from '../../errors';
import type { CrmIo } from '../../http';
import { safePath } from '../../http';
import { failed, LOST_ANSWER_WARNING } from '../../runner';
import type { LeadResult, LeadStatus, PreparedLead } from '../../types';
import { outcomeOf } from '../../../common/outcome';

export interface WebhookConfig {
	url: string;
	/** When set, the body is signed with HMAC-SHA256 and the signature sent in `signatureHeader`. */
	secret?: string;
	signatureHeader?: string;
	/** Extra retries of one lead after no answer, 429 or 5xx (the same Idempotency-Key each time). */
	retries?: number;
}

export const DEFAULT_SIGNATURE_HEADER = 'X-Signature-256';
/** Unix seconds when the request was signed; part of the signed material, so it cannot be changed. */
export const TIMESTAMP_HEADER = 'X-Webhook-Timestamp';
/** What receivers should accept (docs/crm-push.md): a captured request replays only within it. */
export const RECEIVER_REPLAY_WINDOW_SECONDS = 300;

/** JSON with sorted keys, so equal data always gives equal bytes and hashes. */
export function stableStringify(v: unknown): string {
	if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
	if (v && typeof v === 'object') {
		return `{${Object.keys(v as object)
			.sort()
			.filter((k) => (v as Record<string, unknown>)[k] !== undefined)
			.map((k) => `${JSON.stringify(k)}:${stableStringify((v as Record<string, unknown>)[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(v);
}

/**
 * Derived from the lead and what is sent about it (not from time or memory): a retry, or the same
 * lead pushed again unchanged, carries the same key; a changed lead carries a new one.
 */
export function idempotencyKey(lead: PreparedLead): string {
	const material = {
		key: lead.key,
		fields: lead.fields,
		ownerId: lead.ownerId,
		task: lead.task?.ref,
		activities: lead.activities.map((a) => a.ref),
	};
	return 'wg-' + createHash('sha256').update(stableStringify(material)).digest('hex').slice(0, 32);
}

export function webhookPayload(lead: PreparedLead, matchOn: string) {
	return {
		event: 'lead.upsert',
		idempotencyKey: idempotencyKey(lead),
		match: { field: matchOn, value: lead.matchValue },
		lead: lead.fields,
		...(lead.ownerId ? { ownerId: lead.ownerId } : {}),
		...(lead.task
			? {
					task: {
						subject: lead.task.subject,
						body: lead.task.body,
						dueAt: new Date(lead.task.dueAt).toISOString(),
						priority: lead.task.priority,
						ownerId: lead.task.ownerId,
					},
				}
			: {}),
		activities: lead.activities.map((a) => ({ subject: a.subject, body: a.body, at: new Date(a.at).toISOString(), ref: a.ref })),
		// The receiver must not overwrite a record it already has: only its empty fields may be filled.
		...(lead.fillEmptyOnly ? { onExisting: 'fillEmptyOnly' } : {}),
	};
}

/** `sha256=` + hex HMAC-SHA256 of `<timestamp>.<raw body>`: the body alone would replay forever. */
export function sign(secret: string, timestamp: string, body: string): string {
	return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** Signed at `now` (ms): each retry is signed afresh, so a slow retry is not refused as a replay. */
export function webhookRequest(cfg: WebhookConfig, lead: PreparedLead, matchOn: string, now: number = Date.now()) {
	const payload = webhookPayload(lead, matchOn);
	const body = JSON.stringify(payload);
	const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': payload.idempotencyKey };
	if (cfg.secret) {
		const timestamp = String(Math.floor(now / 1000));
		headers[TIMESTAMP_HEADER.toLowerCase()] = timestamp;
		headers[(cfg.signatureHeader || DEFAULT_SIGNATURE_HEADER).toLowerCase()] = sign(cfg.secret, timestamp, body);
	}
	return { method: 'POST' as const, url: cfg.url, headers, body, payload };
}

/** POSTs each lead; retries reuse the Idempotency-Key, so a receiver that honours it never duplicates. */
export async function pushToWebhook(io: CrmIo, cfg: WebhookConfig & { matchOn?: string }, leads: PreparedLead[]): Promise<LeadResult[]> {
	const out: LeadResult[] = [];
	let fatal: CrmApiError | undefined;
	for (const lead of leads) {
		if (fatal) {
			out.push(failed(lead, fatal));
			continue;
		}
		const retries = cfg.retries ?? 3;
		// Set once an attempt may have been delivered without us hearing the answer (no answer, 5xx).
		let unanswered = false;
		for (let attempt = 0; ; attempt++) {
			const req = webhookRequest(cfg, lead, cfg.matchOn ?? 'email', io.now());
			let wait = io.redoDelayMs * (attempt + 1);
			const sent = await outcomeOf(() => io.send({ method: req.method, url: req.url, headers: req.headers, body: req.body }));
			if (!sent.ok) {
				if (!(sent.error instanceof CrmUncertainError)) throw sent.error;
				unanswered = true;
				if (attempt < retries) {
					await io.sleep(wait);
					continue;
				}
				out.push(failed(lead, sent.error));
				break;
			}
			const res = sent.value;
			if (res.status >= 500) unanswered = true;
			if ((res.status === 429 || res.status >= 500) && attempt < retries) {
				if (res.status === 429) wait = io.retryAfterMs(res, wait);
				await io.sleep(wait);
				continue;
			}
			const status = outcome(res);
			if (status) {
				const b = (res.body ?? {}) as Record<string, unknown>;
				const crmId = b.id !== undefined ? String(b.id) : undefined;
				if (status === 'skipped' && unanswered) {
					// The receiver already had this key: our unanswered attempt is what delivered it.
					out.push({ index: lead.index, status: firstOutcome(b), matchValue: lead.matchValue, crmId, warnings: [LOST_ANSWER_WARNING] });
					break;
				}
				out.push({
					index: lead.index,
					status,
					matchValue: lead.matchValue,
					crmId,
					...(status === 'skipped' ? { reason: 'the receiver already had this push (same Idempotency-Key)' } : {}),
				});
				break;
			}
			const e = new CrmApiError('webhook', `Webhook ${safePath(cfg.url)} answered ${res.status}: ${describe(res.body)}`, {
				status: res.status,
				code: String(res.status),
				hint:
					res.status === 401 || res.status === 403
						? 'The receiver refused the request: check the URL and the HMAC secret in the credential.'
						: undefined,
				fatal: res.status === 401 || res.status === 403 || res.status === 404,
			});
			if (e.fatal) fatal = e;
			out.push(failed(lead, e));
			break;
		}
	}
	return out;
}

/** 2xx: the receiver's own `status` if it gives one; 409 means it already had the push. */
function outcome(res: HttpResponse): LeadStatus | undefined {
	if (res.status === 409) return 'skipped';
	if (res.status < 200 || res.status >= 300) return undefined;
	const s = String(((res.body ?? {}) as Record<string, unknown>).status ?? '').toLowerCase();
	if (s === 'created' || s === 'updated' || s === 'skipped') return s;
	if (s === 'duplicate') return 'skipped';
	return res.status === 201 ? 'created' : 'sent';
}

/** What the first delivery of a key did, when the receiver's duplicate answer says (`firstStatus`). */
function firstOutcome(b: Record<string, unknown>): LeadStatus {
	const s = String(b.firstStatus ?? '').toLowerCase();
	return s === 'created' || s === 'updated' ? s : 'sent';
}

function describe(body: unknown): string {
	if (body && typeof body === 'object') {
		const o = body as Record<string, unknown>;
		return String(o.error ?? o.message ?? JSON.stringify(o)).slice(0, 300);
	}
	return String(body ?? '').slice(0, 300);
}

/**
 * The credential test: the receiver answers at all (a HEAD request, so no lead is created). Any
 * answer below 500 counts, since receivers often refuse anything but their POST (404, 405); no
 * answer or a server error does not. The HMAC secret cannot be checked without a real delivery.
 */
export async function checkWebhookReachable(io: CrmIo, url: string): Promise<number> {
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:'))
		throw new CrmApiError(io.target, 'The Webhook URL is not an http(s) URL', { hint: 'Copy the full URL, starting with https://' });
	const res = await io.send({ method: 'HEAD', url });
	if (res.status >= 500)
		throw new CrmApiError(io.target, `The receiver at ${safePath(url)} answered HTTP ${res.status}`, {
			status: res.status,
			hint: 'Check that the CRM webhook receiver is running',
		});
	return res.status;
}
