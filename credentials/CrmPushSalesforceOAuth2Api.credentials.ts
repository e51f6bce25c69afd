import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** Salesforce OAuth2 (a Connected App); n8n refreshes the token. For the CRM Push node. */
export class CrmPushSalesforceOAuth2Api implements ICredentialType {
	name = 'crmPushSalesforceOAuth2Api';
	extends = ['oAuth2Api'];
	displayName = 'CRM Push: Salesforce OAuth2 API';
	icon = 'file:crmSalesforce.svg' as const;
	documentationUrl = 'https://help.salesforce.com/s/articleView?id=sf.connected_app_create.htm';
	properties: INodeProperties[] = [
		{
			displayName: 'Environment Type',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production' },
				{ name: 'Sandbox', value: 'sandbox' },
			],
			default: 'production',
		},
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'pkce' },
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default:
				'={{ $self["environment"] === "sandbox" ? "https://test.salesforce.com/services/oauth2/authorize" : "https://login.salesforce.com/services/oauth2/authorize" }}',
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default:
				'={{ $self["environment"] === "sandbox" ? "https://test.salesforce.com/services/oauth2/token" : "https://login.salesforce.com/services/oauth2/token" }}',
			required: true,
		},
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: 'api refresh_token' },
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'header' },
		{
			displayName: 'Instance URL',
			name: 'instanceUrl',
			type: 'string',
			default: '',
			placeholder: 'https://yourcompany.my.salesforce.com',
			description:
				'Leave empty to use the instance URL Salesforce returns at sign-in. Set it to call another host, such as the local sandbox (http://127.0.0.1:8787/salesforce).',
		},
	];
}
