import type { IDataObject, IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { toOutcomeEvent } from '../../lib/crm/outcomes/events';
import { WEBHOOK_DEFAULT_FIELDS, WEBHOOK_DEFAULT_RULES, verifySignature, webhookRecords } from '../../lib/crm/targets/webhook/outcomes';
import { credentialTest } from '../CrmPush/methods/credentialTest';
import { fieldsProperty, rulesProperty } from '../CrmOutcomesTrigger/description';
import { readMapping } from '../CrmOutcomesTrigger/poll';

interface RawRequest {
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
	headers: Record<string, string | string[] | undefined>;
}
interface PlainResponse {
	headersSent?: boolean;
	writeHead(status: number, headers: Record<string, string>): unknown;
	end(body: string): unknown;
}

function answer(ctx: IWebhookFunctions, status: number, body: Record<string, unknown>): IWebhookResponseData {
	const res = ctx.getResponseObject() as unknown as PlainResponse;
	const text = JSON.stringify(body);
	if (!res.headersSent) {
		res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) });
		res.end(text);
	}
	return { noWebhookResponse: true };
}

/**
 * Outcomes a CRM posts (销售易 and any CRM with outbound webhooks, or a middleware): signed like CRM
 * Push's requests (HMAC-SHA256 with the webhook credential's secret), mapped by the same rules as
 * the polling trigger. Unsigned, stale or malformed requests get a 4xx and start nothing.
 */
export class CrmOutcomesWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CRM Outcomes Webhook Trigger',
		name: 'crmOutcomesWebhookTrigger',
		icon: 'file:crmOutcomes.svg',
		group: ['trigger'],
		version: 1,
		subtitle: 'Outcomes posted by a CRM',
		description:
			'Starts when a CRM posts what sales did with a lead (accepted, rejected, returned, won, lost): outcome events for Lead Score',
		defaults: { name: 'CRM Outcomes Webhook' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'crmPushWebhookApi', required: true, testedBy: 'crmPushWebhookTest' }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'crm-outcomes' }],
		eventTriggerDescription: 'Waiting for the CRM to post an outcome',
		properties: [
			{
				displayName:
					'The CRM posts JSON to the Production URL: {"recordId", "leadId" or "email", "status", "reason", "amount", "sdr", "changedAt"} or {"events": [...]}, signed with the credential\'s HMAC secret (see the docs)',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			rulesProperty('webhookRules', WEBHOOK_DEFAULT_RULES, undefined, 'status'),
			fieldsProperty('webhookFields', WEBHOOK_DEFAULT_FIELDS),
		],
	};

	/**
	 * The CRM's admin saves the Production URL in the CRM's webhook settings (or the middleware's):
	 * there is no API of a generic CRM to register it with, so publishing has nothing to create.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	methods = { credentialTest };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const node = this.getNode();
		const { rules, fields } = readMapping(
			node,
			this.getNodeParameter('webhookRules', {}),
			this.getNodeParameter('webhookFields', {}),
			WEBHOOK_DEFAULT_FIELDS,
		);
		const cred = await this.getCredentials('crmPushWebhookApi');
		const secret = String(cred.secret ?? '');
		if (!secret) return answer(this, 403, { error: 'This endpoint takes signed requests only: set an HMAC Secret in the credential' });
		const req = this.getRequestObject() as unknown as RawRequest;
		if (!req.rawBody && typeof req.readRawBody === 'function') await req.readRawBody();
		const raw = req.rawBody ?? Buffer.from('');
		const header = (name: string) => {
			const v = req.headers[name.toLowerCase()];
			return Array.isArray(v) ? v[0] : (v ?? '');
		};
		const check = verifySignature(
			secret,
			header('x-webhook-timestamp'),
			header(String(cred.signatureHeader || 'X-Signature-256')),
			raw,
			Date.now() / 1000,
		);
		if (!check.ok) return answer(this, 401, { error: check.reason });
		let body: unknown;
		try {
			body = JSON.parse(raw.toString('utf8'));
		} catch {
			return answer(this, 400, { error: 'the body is not JSON' });
		}
		const read = webhookRecords(body, Date.now());
		if ('error' in read) return answer(this, 400, { error: read.error });
		const events: IDataObject[] = [];
		const ignored: Array<{ recordId: string; reason: string }> = [];
		for (const r of read.records) {
			const res = toOutcomeEvent('webhook', r, rules, fields);
			if ('event' in res) events.push(res.event as unknown as IDataObject);
			else ignored.push({ recordId: r.id, reason: res.skip === 'no-lead-id' ? 'no leadId or email' : 'status is not an outcome' });
		}
		answer(this, 202, { accepted: events.length, ignored });
		if (!events.length) return { noWebhookResponse: true };
		return { noWebhookResponse: true, workflowData: [events.map((json) => ({ json }))] };
	}
}
