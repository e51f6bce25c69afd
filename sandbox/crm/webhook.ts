import { createHmac, randomBytes, timingSafeEqual } from 'crypto';
import type { Router } from '../core/router';
import type { SandboxState } from '../core/state';
import type { SandboxRequest, SandboxResponse } from '../core/types';
import type { CrmEmulatorEntry, Emulator } from '../core/emulator';

export const WEBHOOK_PREFIX = '/crm-webhook';
/** Hook IDs that verify an HMAC-SHA256 signature, and their secrets. */
/** How far a signed request's timestamp may be from the receiver's clock. */
export const REPLAY_WINDOW_SECONDS = 300;
export const SANDBOX_SIGNED_HOOKS: Record<string, string> = { signed: 'sandbox-webhook-secret' };

export interface Delivery {
	hook: string;
	idempotencyKey: string;
	id: string;
	at: number;
	body: any;
	/** How many times the same key arrived (retries). */
	received: number;
	/** What the first delivery did: repeated keys answer `duplicate` with it as `firstStatus`. */
	firstStatus: 'created' | 'updated';
}

/**
 * A generic CRM webhook receiver (销售易 and others): dedupes by Idempotency-Key, upserts by the
 * payload's match value, checks `X-Webhook-Timestamp` (within 5 minutes) and
 * `X-Signature-256: sha256=<hex HMAC of "<timestamp>.<raw body>">` on signed hooks.
 */
export class CrmWebhookEmulator implements Emulator {
	deliveries: Delivery[] = [];
	secrets: Record<string, string> = { ...SANDBOX_SIGNED_HOOKS };

	constructor(readonly state: SandboxState) {}

	reset(): void {
		this.deliveries = [];
		this.secrets = { ...SANDBOX_SIGNED_HOOKS };
	}

	register(router: Router): void {
		router.post(`${WEBHOOK_PREFIX}/:hook`, (req) => this.receive(req));
		router.get('/_sandbox/crm-webhook/deliveries', () => ({ json: this.deliveries }));
	}

	private receive(req: SandboxRequest): SandboxResponse {
		const hook = req.params.hook;
		const key = String(req.headers['idempotency-key'] ?? '');
		if (!key) return { status: 400, json: { error: 'Idempotency-Key header is required' } };
		const secret = this.secrets[hook];
		if (secret) {
			// As docs/crm-push.md tells receivers: timestamp within the window, then HMAC of "<timestamp>.<raw body>".
			const timestamp = String(req.headers['x-webhook-timestamp'] ?? '');
			const age = Math.abs(this.state.now() / 1000 - Number(timestamp));
			if (!/^\d{1,12}$/.test(timestamp) || !(age <= REPLAY_WINDOW_SECONDS))
				return { status: 401, json: { error: 'stale or missing timestamp' } };
			const got = Buffer.from(String(req.headers['x-signature-256'] ?? ''));
			const want = Buffer.from('sha256=' + createHmac('sha256', secret).update(`${timestamp}.`).update(req.rawBody).digest('hex'));
			if (got.length !== want.length || !timingSafeEqual(got, want)) return { status: 401, json: { error: 'invalid signature' } };
		}
		if (!req.body || typeof req.body !== 'object') return { status: 400, json: { error: 'JSON body expected' } };
		const same = this.deliveries.find((d) => d.hook === hook && d.idempotencyKey === key);
		if (same) {
			same.received++;
			return { status: 200, json: { status: 'duplicate', id: same.id, firstStatus: same.firstStatus } };
		}
		const match = req.body.match?.value;
		const earlier = match ? [...this.deliveries].reverse().find((d) => d.hook === hook && d.body?.match?.value === match) : undefined;
		const id = earlier?.id ?? 'rcv_' + randomBytes(6).toString('hex');
		this.deliveries.push({
			hook,
			idempotencyKey: key,
			id,
			at: this.state.now(),
			body: req.body,
			received: 1,
			firstStatus: earlier ? 'updated' : 'created',
		});
		return earlier ? { status: 200, json: { status: 'updated', id } } : { status: 201, json: { status: 'created', id } };
	}
}

/** The emulator of the CRM Push target "webhook" (found by sandbox/crm/index.ts). */
export const crmEmulator: CrmEmulatorEntry = { name: 'crmWebhook', create: (state) => new CrmWebhookEmulator(state) };

/**
 * What a CRM with outbound webhooks sends the CRM Outcomes Webhook Trigger: the JSON body and the
 * same signature CRM Push sends receivers (timestamp header, HMAC-SHA256 of "<timestamp>.<raw body>").
 */
export function signedOutcomeRequest(
	secret: string,
	body: unknown,
	timestampSec = Math.floor(Date.now() / 1000),
): { headers: Record<string, string>; body: string } {
	const raw = JSON.stringify(body);
	const ts = String(timestampSec);
	return {
		headers: {
			'content-type': 'application/json',
			'x-webhook-timestamp': ts,
			'x-signature-256': 'sha256=' + createHmac('sha256', secret).update(`${ts}.${raw}`).digest('hex'),
		},
		body: raw,
	};
}
