import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** A self-built WeCom app (自建应用) or the Customer Contact (客户联系) secret. */
export class WeComAppApi implements ICredentialType {
	name = 'wecomAppApi';
	displayName = 'WeCom App API';
	icon = 'file:wecom.svg' as const;
	documentationUrl = 'https://developer.work.weixin.qq.com/document/path/90665';
	properties: INodeProperties[] = [
		{
			displayName: 'Corp ID',
			name: 'corpId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'ww0123456789abcdef',
			description: 'My Company → Company Information → Corp ID (企业ID) in the WeCom admin console',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The secret of a self-built app (for app messages and app chats) or of Customer Contact (客户联系, for customer groups, join ways, welcome templates and mass-send). The app needs Customer Contact permission for customer-group operations.',
		},
		{
			displayName: 'Agent ID',
			name: 'agentId',
			type: 'number',
			default: 0,
			description: 'The AgentId of the self-built app. Needed for app messages and app chats; leave 0 for a Customer Contact secret.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://qyapi.weixin.qq.com',
			description:
				"WeCom only accepts calls from the app's trusted IPs (error 60020 otherwise). If n8n has no fixed public IP, point this at a fixed-IP forward proxy. The local sandbox uses http://127.0.0.1:8787.",
		},
	];
}
