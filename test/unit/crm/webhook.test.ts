import { createHmac } from 'crypto';
import { pushLeads } from '../../../lib/crm/push';
import type { PushConfig } from '../../../lib/crm/push';
import type { CrmWebhookEmulator } from '../../../sandbox/crm/webhook';
import { SANDBOX_SIGNED_HOOKS } from '../../../sandbox/crm/webhook';
import { useSandbox } from '../../helpers/sandbox';
import { leads, mapping, sqlLead, testIo } from './support';

const ctx = useSandbox();
const receiver = () => ctx.sb.emulators.crmWebhook as CrmWebhookEmulator;
const config = (hook = 'xiaoshouyi', extra: Partial<PushConfig> = {}): PushConfig => ({
	mapping: mapping('webhook', {
		fieldMap: { email: 'contact_email', groupName: 'wecom_group' },
		customFields: { source_system: 'n8n-wecom-growth' },
	}),
	webhook: { url: `${ctx.sb.url}/crm-webhook/${hook}`, secret: hook === 'signed' ? SANDBOX_SIGNED_HOOKS.signed : undefined },
	...extra,
});
const push = (cfg: PushConfig, input: ReturnType<typeof leads>) => pushLeads(testIo('webhook', ctx.control).io, cfg, input);

describe('Webhook push', () => {
	it('posts the mapped lead with its source, task and an Idempotency-Key header', async () => {
		const res = await push(config(), leads(2));
		expect(res.map((r) => r.status)).toEqual(['created', 'created']);
		const d = receiver().deliveries[0];
		expect(d.idempotencyKey).toMatch(/^wg-[0-9a-f]{32}$/);
		expect(d.body).toMatchObject({
			event: 'lead.upsert',
			match: { field: 'email', value: 'lead1@example.com' },
			lead: {
				contact_email: 'lead1@example.com',
				wecom_group: 'MarTech group 6',
				state: 'live0612',
				sdrUserId: 'sdr.wang',
				source_system: 'n8n-wecom-growth',
			},
		});
		expect(d.body.lead.email).toBeUndefined();
		expect(d.body.task.subject).toBe('Follow up: Li Na 1 (Acme 1) from MarTech group 6');
	});

	it('uses the same Idempotency-Key for the same lead, so pushing twice is skipped by the receiver', async () => {
		await push(config(), leads(2));
		const again = await push(config(), leads(2));
		expect(again.map((r) => r.status)).toEqual(['skipped', 'skipped']);
		expect(receiver().deliveries).toHaveLength(2);
		expect(receiver().deliveries.map((d) => d.received)).toEqual([2, 2]);
		const changed = await push(
			config(),
			leads(1, 'email', (n) => sqlLead(n, { fitScore: 99 })),
		);
		expect(changed[0].status).toBe('updated');
		expect(receiver().deliveries[2].idempotencyKey).not.toBe(receiver().deliveries[0].idempotencyKey);
	});

	it('retries after a timeout with the same key: the receiver keeps one delivery', async () => {
		await ctx.control.fault({ pathPrefix: '/crm-webhook/xiaoshouyi', delayMs: 400 });
		const io = testIo('webhook', ctx.control, {
			timeoutMs: 150,
			redoDelayMs: 600,
			sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
		}).io;
		const res = await pushLeads(io, config(), leads(1));
		expect(['created', 'skipped']).toContain(res[0].status);
		expect(receiver().deliveries).toHaveLength(1);
		expect(receiver().deliveries[0].received).toBe(2);
		const sent = await ctx.control.requests('/crm-webhook');
		expect(new Set(sent.map((r) => r.headers['idempotency-key'])).size).toBe(1);
	});

	it('signs the timestamp and the exact body with HMAC-SHA256 when a secret is set', async () => {
		const res = await push(config('signed'), leads(1));
		expect(res[0].status).toBe('created');
		const req = (await ctx.control.requests('/crm-webhook/signed'))[0];
		const ts = req.headers['x-webhook-timestamp'];
		expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60);
		const want =
			'sha256=' +
			createHmac('sha256', SANDBOX_SIGNED_HOOKS.signed)
				.update(`${ts}.${JSON.stringify(req.body)}`)
				.digest('hex');
		expect(req.headers['x-signature-256']).toBe(want);
		const wrong = await push({ ...config('signed'), webhook: { url: `${ctx.sb.url}/crm-webhook/signed`, secret: 'not-it' } }, leads(3));
		expect(wrong.map((r) => [r.status, r.code])).toEqual([
			['failed', '401'],
			['failed', '401'],
			['failed', '401'],
		]);
		expect((await ctx.control.requests('/crm-webhook/signed')).length).toBe(2);
		expect(JSON.stringify(wrong)).not.toContain('not-it');
	});

	it("retries 503 and 429 (Retry-After), then reports the receiver's answer", async () => {
		await ctx.control.fault([
			{ pathPrefix: '/crm-webhook', status: 503, body: { error: 'down' } },
			{ pathPrefix: '/crm-webhook', status: 429, body: { error: 'slow down' }, headers: { 'retry-after': '2' } },
		]);
		const { io, sleeps } = testIo('webhook', ctx.control);
		const res = await pushLeads(io, config(), leads(1));
		expect(res[0].status).toBe('created');
		expect(sleeps).toEqual([10, 2000]);
	});

	it('a captured signed request cannot be replayed later, nor re-dated', async () => {
		await push(config('signed'), leads(1));
		const captured = (await ctx.control.requests('/crm-webhook/signed'))[0];
		const body = JSON.stringify(captured.body);
		const resend = (headers: Record<string, string>) =>
			fetch(`${ctx.sb.url}/crm-webhook/signed`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then(
				(r) => r.status,
			);
		const headers = {
			'idempotency-key': captured.headers['idempotency-key'],
			'x-webhook-timestamp': captured.headers['x-webhook-timestamp'],
			'x-signature-256': captured.headers['x-signature-256'],
		};
		// Within the window the receiver's Idempotency-Key dedupe absorbs it.
		expect(await resend(headers)).toBe(200);
		expect(receiver().deliveries).toHaveLength(1);
		// A new timestamp breaks the signature; no signature at all is refused too.
		expect(await resend({ ...headers, 'x-webhook-timestamp': String(Math.floor(Date.now() / 1000)) + '0' })).toBe(401);
		expect(await resend({ 'idempotency-key': 'wg-other' })).toBe(401);
		// Six minutes later the same bytes are refused.
		await ctx.control.advanceClock(6 * 60_000);
		expect(await resend({ ...headers, 'idempotency-key': 'wg-new-key' })).toBe(401);
	});
});
