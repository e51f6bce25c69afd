import { z } from 'zod';
import type { LeadField } from '../../types';
import { LEAD_FIELDS } from '../../types';
import { defineTarget } from '../types';
import { checkWebhookReachable, pushToWebhook, webhookRequest } from './client';
import type { WebhookConfig } from './client';

/** Any other CRM (销售易...): one signed JSON POST per lead, with an Idempotency-Key. */
export const webhook = defineTarget<WebhookConfig, Record<string, never>>({
	id: 'webhook',
	label: 'Webhook',
	optionName: 'Webhook (Any Other CRM)',
	description: 'POST JSON to 销售易 or any CRM that takes webhooks',
	matchOn: ['email', 'externalUserId', 'phone'],
	// The webhook receives the pack's own field names unless the user renames them.
	fieldMap: Object.fromEntries(LEAD_FIELDS.map((f) => [f, f])) as Partial<Record<LeadField, string>>,
	tasks: true,
	credentials: [{ name: 'crmPushWebhookApi', testedBy: 'crmPushWebhookTest' }],
	fields: [],
	options: [],
	params: z.object({}),
	async connect(credential) {
		const c = await credential('crmPushWebhookApi');
		return {
			config: { url: String(c.url), secret: c.secret ? String(c.secret) : undefined, signatureHeader: String(c.signatureHeader || '') },
		};
	},
	push: (io, cfg, leads, { matchOn }) => pushToWebhook(io, { ...cfg, matchOn }, leads),
	preview(cfg, p, { matchOn }) {
		const r = webhookRequest(cfg, p, matchOn);
		const headers = { ...r.headers };
		for (const k of Object.keys(headers))
			if (k !== 'content-type' && k !== 'idempotency-key' && k !== 'x-webhook-timestamp') headers[k] = '(HMAC signature)';
		return [{ method: 'POST', url: r.url, headers, body: r.payload }];
	},
	async testCredential(io, c) {
		await checkWebhookReachable(io, String(c.url ?? ''));
	},
});
