import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { upsertLead } from './actions/upsertLead';
import { properties } from './description';
import { credentialTest } from './methods/credentialTest';
import { getCrmOwners } from './methods/loadOptions';
import { wecomAppTest } from '../shared/wecom/credentialTest';
import { searchCustomerContactStaff } from '../shared/wecom/staffPickers';
import { targetCredential } from './credentials';

export class CrmPush implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CRM Push',
		name: 'crmPush',
		icon: 'file:crmPush.svg',
		group: ['output'],
		// Version 2: SDR to CRM Owner as rows (staff picker, CRM owner dropdown); version 1 nodes keep the text map.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{"Upsert lead: " + $parameter["target"]}}',
		description:
			'Create or update leads (线索) in HubSpot, Salesforce, Fxiaoke (纷享销客) or any CRM by webhook, with WeCom source attribution and an SDR follow-up task',
		defaults: { name: 'CRM Push' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Listed by name and test (n8n's lint reads them from here); a unit test keeps this list equal
		// to the targets' credentials in lib/crm/targets.
		credentials: [
			{ name: 'crmPushHubSpotApi', ...targetCredential('crmPushHubSpotApi') },
			{ name: 'crmPushSalesforceOAuth2Api', ...targetCredential('crmPushSalesforceOAuth2Api') },
			{ name: 'crmPushSalesforceApi', ...targetCredential('crmPushSalesforceApi') },
			{ name: 'crmPushFxiaokeApi', testedBy: 'crmPushFxiaokeTest', ...targetCredential('crmPushFxiaokeApi') },
			{ name: 'crmPushWebhookApi', testedBy: 'crmPushWebhookTest', ...targetCredential('crmPushWebhookApi') },
			// Optional: only the SDR picker of SDR to CRM Owner (version 2) lists staff with it; By ID needs
			// none, and version 1 nodes never read it, so they do not show it. Shown by the operation and the
			// version, not by the target: without a condition of its own, n8n's editor takes it for one of the
			// targets' credentials and offers only CRM credentials in its field.
			{
				name: 'wecomAppApi',
				required: false,
				testedBy: 'wecomAppTest',
				displayOptions: { show: { operation: ['upsertLead'] }, hide: { '@version': [1] } },
			},
		],
		properties,
	};

	methods = {
		credentialTest: { ...credentialTest, wecomAppTest } as typeof credentialTest,
		listSearch: { searchCustomerContactStaff },
		loadOptions: { getCrmOwners },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return upsertLead.call(this);
	}
}
