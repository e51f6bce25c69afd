import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** Any other CRM (销售易 and others) through a webhook URL, optionally HMAC-signed. */
export class CrmPushWebhookApi implements ICredentialType {
	name = 'crmPushWebhookApi';
	displayName = 'CRM Push: Webhook API';
	icon = 'file:crmWebhook.svg' as const;
	documentationUrl = 'https://github.com/n8n-nodes-wecom-growth/n8n-nodes-wecom-growth#crm-push';
	properties: INodeProperties[] = [
		{
			displayName: 'Webhook URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://crm.example.com/hooks/leads',
			description:
				'Receives one POST with a JSON body per lead. The local sandbox has a receiver at http://127.0.0.1:8787/crm-webhook/any-name.',
		},
		{
			displayName: 'HMAC Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'When set, every request is signed: HMAC-SHA256 of "<X-Webhook-Timestamp>.<raw body>", hex, sent as "sha256=<hex>". Receivers refuse timestamps older than 5 minutes (see the CRM Push docs).',
		},
		{
			displayName: 'Signature Header',
			name: 'signatureHeader',
			type: 'string',
			default: 'X-Signature-256',
			description: 'The header that carries the signature',
		},
	];
}
