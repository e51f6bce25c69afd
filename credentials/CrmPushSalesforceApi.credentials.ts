import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/** A Salesforce access token and instance URL (e.g. from `sf org display`), for the CRM Push node. */
export class CrmPushSalesforceApi implements ICredentialType {
	name = 'crmPushSalesforceApi';
	displayName = 'CRM Push: Salesforce Access Token API';
	icon = 'file:crmSalesforce.svg' as const;
	documentationUrl = 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/quickstart_oauth.htm';
	properties: INodeProperties[] = [
		{
			displayName: 'Instance URL',
			name: 'instanceUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://yourcompany.my.salesforce.com',
			description:
				"Your org's My Domain URL (the API is served from it). The local sandbox serves Salesforce at http://127.0.0.1:8787/salesforce.",
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A session or OAuth access token. Tokens expire: for unattended workflows prefer the Salesforce OAuth2 credential, which n8n refreshes.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } },
	};

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.instanceUrl.replace(/\\/+$/, "")}}', url: '/services/data/v62.0/limits' },
	};
}
