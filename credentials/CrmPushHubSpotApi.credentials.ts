import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/** A HubSpot private app access token, for the CRM Push node. */
export class CrmPushHubSpotApi implements ICredentialType {
	name = 'crmPushHubSpotApi';
	displayName = 'CRM Push: HubSpot API';
	icon = 'file:crmHubSpot.svg' as const;
	documentationUrl = 'https://developers.hubspot.com/docs/api/private-apps';
	properties: INodeProperties[] = [
		{
			displayName: 'Private App Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'pat-na1-...',
			description:
				'HubSpot → Settings → Integrations → Private Apps → your app → Access token. Scopes: crm.objects.contacts.read and crm.objects.contacts.write (and crm.objects.owners.read to pick CRM owners from a list).',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.hubapi.com',
			description: "HubSpot's API. The local sandbox serves it at http://127.0.0.1:8787/hubspot.",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } },
	};

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}', url: '/crm/v3/objects/contacts', qs: { limit: 1 } },
	};
}
