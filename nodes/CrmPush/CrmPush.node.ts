import type { IExecuteFunctions, INodeCredentialDescription, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { CRM_TARGET_LIST } from '../../lib/crm/targets';
import { upsertLead } from './actions/upsertLead';
import { properties } from './description';
import { credentialTest } from './methods/credentialTest';

/** Each target's credentials, shown when the target (and its own conditions, e.g. OAuth2) is picked. */
const credentials: INodeCredentialDescription[] = CRM_TARGET_LIST.flatMap((t) =>
	t.credentials.map((c) => ({
		name: c.name,
		required: true,
		...(c.testedBy ? { testedBy: c.testedBy } : {}),
		displayOptions: { show: { target: [t.id], ...c.show } },
	})),
);

export class CrmPush implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CRM Push',
		name: 'crmPush',
		icon: 'file:crmPush.svg',
		group: ['output'],
		version: 1,
		subtitle: '={{"Upsert lead: " + $parameter["target"]}}',
		description:
			'Create or update leads (线索) in HubSpot, Salesforce, Fxiaoke (纷享销客) or any CRM by webhook, with WeCom source attribution and an SDR follow-up task',
		defaults: { name: 'CRM Push' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials,
		properties,
	};

	methods = { credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return upsertLead.call(this);
	}
}
