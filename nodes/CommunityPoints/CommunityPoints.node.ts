import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { operations } from './actions/router';
import { properties } from './description';
import { wecomAppTest } from '../shared/wecom/credentialTest';
import { searchCustomerGroups } from '../shared/wecom/groupPickers';

export class CommunityPoints implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Community Points',
		name: 'communityPoints',
		icon: 'file:communityPoints.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description:
			'Community points and the member ladder (社群积分): awards from the operator form, points for joins, invites and live attendance, level-ups, the monthly top 3 and the role mix per group',
		defaults: { name: 'Community Points' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Optional: only Award From Form's group picker lists groups with it; a name or chat ID needs none.
		credentials: [
			{ name: 'wecomAppApi', required: false, testedBy: 'wecomAppTest', displayOptions: { show: { operation: ['awardFromForm'] } } },
		],
		properties,
	};

	methods = { credentialTest: { wecomAppTest }, listSearch: { searchCustomerGroups } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		const run = operations[operation];
		if (!run) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known`);
		return run.call(this);
	}
}
