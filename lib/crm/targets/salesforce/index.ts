import { z } from 'zod';
import { listSalesforceOwners } from './owners';
import { salesforceOpportunityOutcomes, salesforceOutcomes } from './outcomes';
import { crmFieldName, defineTarget } from '../types';
import { DEFAULT_SF_API_VERSION, leadBody, pushToSalesforce, sfBase, taskBodies, upsertPath } from './client';
import type { SalesforceConfig } from './client';

const CONNECTED_APP_CREDENTIAL = 'crmPushSalesforceOAuth2Api';
const ACCESS_TOKEN_CREDENTIAL = 'crmPushSalesforceApi';

interface SalesforceParams extends Record<string, unknown> {
	salesforceAuthentication: 'accessToken' | 'oAuth2';
	salesforceExternalIdField: string;
	allowSaveOnDuplicate: boolean;
	salesforceApiVersion: string;
}

/** Salesforce Leads (upsert on an External ID field) and Tasks, packed into composite calls. */
export const salesforce = defineTarget<SalesforceConfig, SalesforceParams>({
	id: 'salesforce',
	label: 'Salesforce',
	description: 'Leads and tasks',
	matchOn: ['email', 'externalUserId', 'phone'],
	fieldMap: {
		email: 'Email',
		phone: 'Phone',
		firstName: 'FirstName',
		lastName: 'LastName',
		company: 'Company',
		title: 'Title',
		channel: 'LeadSource',
		stage: 'WeCom_Stage__c',
		externalUserId: 'WeCom_External_User_ID__c',
		engagementScore: 'Engagement_Score__c',
		fitScore: 'Fit_Score__c',
		salesReady: 'Sales_Ready__c',
		groupId: 'WeCom_Group_ID__c',
		groupName: 'WeCom_Group_Name__c',
		state: 'WeCom_Join_State__c',
		campaign: 'WeCom_Campaign__c',
		utmSource: 'UTM_Source__c',
		utmMedium: 'UTM_Medium__c',
		utmCampaign: 'UTM_Campaign__c',
		sdrUserId: 'Inviting_SDR__c',
	},
	tasks: true,
	credentials: [
		{ name: CONNECTED_APP_CREDENTIAL, show: { salesforceAuthentication: ['oAuth2'] } },
		{ name: ACCESS_TOKEN_CREDENTIAL, show: { salesforceAuthentication: ['accessToken'] } },
	],
	fields: [
		{
			displayName: 'Authentication',
			name: 'salesforceAuthentication',
			type: 'options',
			default: 'oAuth2',
			options: [
				{ name: 'OAuth2', value: 'oAuth2' },
				{ name: 'Access Token', value: 'accessToken' },
			],
		},
		{
			displayName: 'Salesforce External ID Field',
			name: 'salesforceExternalIdField',
			type: 'string',
			default: 'WeCom_Lead_Key__c',
			required: true,
			description: 'API name of a Lead field marked External ID and Unique; it holds the match value (upsert key)',
		},
	],
	options: [
		{
			displayName: 'Allow Save on Duplicate (Salesforce)',
			name: 'allowSaveOnDuplicate',
			type: 'boolean',
			default: false,
			description: 'Whether to create a lead although a duplicate rule matches (alert rules only)',
		},
		{ displayName: 'Salesforce API Version', name: 'salesforceApiVersion', type: 'string', default: DEFAULT_SF_API_VERSION },
	],
	params: z.object({
		salesforceAuthentication: z.enum(['accessToken', 'oAuth2']),
		salesforceExternalIdField: crmFieldName(),
		allowSaveOnDuplicate: z.boolean(),
		salesforceApiVersion: z.string().regex(/^v?\d{2,3}\.0$/, 'must look like 62.0'),
	}),
	async connect(credential, p) {
		const common = {
			apiVersion: p.salesforceApiVersion,
			externalIdField: p.salesforceExternalIdField,
			allowSaveOnDuplicate: p.allowSaveOnDuplicate,
		};
		if (p.salesforceAuthentication === 'oAuth2') {
			// n8n adds the OAuth2 token and refreshes it (httpRequestWithAuthentication).
			const c = await credential(CONNECTED_APP_CREDENTIAL);
			const instanceUrl = String(c.instanceUrl || (c.oauthTokenData as Record<string, unknown> | undefined)?.instance_url || '');
			return { config: { instanceUrl, ...common }, authenticateWith: CONNECTED_APP_CREDENTIAL };
		}
		const c = await credential(ACCESS_TOKEN_CREDENTIAL);
		return { config: { instanceUrl: String(c.instanceUrl), accessToken: String(c.accessToken), ...common } };
	},
	push: (io, cfg, leads) => pushToSalesforce(io, cfg, leads),
	preview(sf, p) {
		const base = sfBase(sf);
		const subs: Array<Record<string, unknown>> = [
			{ method: 'PATCH', url: upsertPath(sf, p.matchValue), referenceId: `L${p.index}`, body: leadBody(sf, p) },
		];
		taskBodies(p, `@{L${p.index}.id}`).forEach((t, n) =>
			subs.push({ method: 'POST', url: `${base}/sobjects/Task`, referenceId: `L${p.index}_T${n}`, body: t.body }),
		);
		return [
			{
				method: 'POST',
				url: `${sf.instanceUrl.replace(/\/+$/, '')}${base}/composite`,
				body: { allOrNone: false, compositeRequest: subs },
				note: 'Leads are packed 25 subrequests per call; unchanged leads and existing tasks are left out.',
			},
		];
	},
	listOwners: listSalesforceOwners,
	outcomes: salesforceOutcomes,
	dealOutcomes: salesforceOpportunityOutcomes,
});
