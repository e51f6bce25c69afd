import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { POLLED_TARGETS, properties } from './description';
import { pollOutcomes } from './poll';
import { credentialTest } from '../CrmPush/methods/credentialTest';

/** Credentials of the polled targets, shown by target (and Salesforce's authentication). */
function credentials() {
	return POLLED_TARGETS.flatMap((t) =>
		t.credentials.map((c) => ({
			name: c.name,
			required: true,
			...(c.testedBy ? { testedBy: c.testedBy } : {}),
			displayOptions: { show: { target: [t.id], ...c.show } },
		})),
	);
}

export class CrmOutcomesTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CRM Outcomes Trigger',
		name: 'crmOutcomesTrigger',
		icon: 'file:crmOutcomes.svg',
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Outcomes from " + $parameter["target"]}}',
		description:
			'Starts when sales accepts, rejects, returns (MRL), wins or loses a lead in HubSpot, Salesforce or Fxiaoke (纷享销客): outcome events for Lead Score',
		defaults: { name: 'CRM Outcomes' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: credentials(),
		properties,
	};

	methods = { credentialTest };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return pollOutcomes.call(this);
	}
}
