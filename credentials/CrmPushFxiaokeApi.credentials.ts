import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** A Fxiaoke (纷享销客) open-platform app: the corpAccessToken comes from these. */
export class CrmPushFxiaokeApi implements ICredentialType {
	name = 'crmPushFxiaokeApi';
	displayName = 'CRM Push: Fxiaoke (纷享销客) API';
	icon = 'file:crmFxiaoke.svg' as const;
	documentationUrl = 'https://open.fxiaoke.com/wiki.html';
	properties: INodeProperties[] = [
		{ displayName: 'App ID', name: 'appId', type: 'string', default: '', required: true, placeholder: 'FSAID_...' },
		{ displayName: 'App Secret', name: 'appSecret', type: 'string', typeOptions: { password: true }, default: '', required: true },
		{
			displayName: 'Permanent Code',
			name: 'permanentCode',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The permanent authorization code (永久授权码) of the company that installed the app',
		},
		{
			displayName: 'Current Open User ID',
			name: 'currentOpenUserId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'FSUID_...',
			description: 'The CRM user the calls act as (usually a CRM admin); new leads belong to them unless an SDR owner is mapped',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://open.fxiaoke.com',
			description:
				"Fxiaoke's API gateway (other clouds use open-<cloud domain>). The local sandbox serves it at http://127.0.0.1:8787/fxiaoke.",
		},
	];
}
