import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { checkLimits } from './actions/checkLimits';
import { checkEventRegistration } from './actions/checkRegistration';
import { claimEvent } from './actions/claimEvent';
import { checkWebSignup } from './actions/checkSignup';
import { matchLead } from './actions/matchLead';
import { wecomAppTest } from '../shared/wecom/credentialTest';
import { searchCustomerContactStaff } from '../shared/wecom/staffPickers';
import { properties } from './description';

export class LeadIntake implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lead Intake',
		name: 'leadIntake',
		icon: 'file:leadIntake.svg',
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { checkLimits: "Check limits and repeats", checkRegistration: "Check event registration", claimEvent: "Claim event", matchLead: "Match lead" }[$parameter["operation"]] || "Check web signup" }}',
		description:
			'Take in public form signups safely (线索接收): validate and clean what strangers type, daily limits per phone, email and network, and exactly-once processing on n8n data tables (signups, or any event key such as the eventId of a WeCom callback)',
		defaults: { name: 'Lead Intake' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Optional: only Check Web Signup's SDR picker lists staff with it; By ID needs none.
		credentials: [
			{ name: 'wecomAppApi', required: false, testedBy: 'wecomAppTest', displayOptions: { show: { operation: ['checkSignup'] } } },
		],
		properties,
	};

	methods = { credentialTest: { wecomAppTest }, listSearch: { searchCustomerContactStaff } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		if (operation === 'checkLimits') return checkLimits.call(this);
		if (operation === 'checkRegistration') return checkEventRegistration.call(this);
		if (operation === 'claimEvent') return claimEvent.call(this);
		if (operation === 'matchLead') return matchLead.call(this);
		return checkWebSignup.call(this);
	}
}
