import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { properties } from './descriptionV2';
import { execute } from './execute';

/** With "Stage Changed Output" on, a second output carries only the leads whose stage changed. */
const OUTPUTS =
	`={{ $parameter["stageChangedOutput"] === true ? [{ "type": "${NodeConnectionTypes.Main}", "displayName": "All Leads" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Stage Changed" }] : ["${NodeConnectionTypes.Main}"] }}` as const;

export class LeadScore implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lead Score',
		name: 'leadScore',
		icon: 'file:leadScore.svg',
		group: ['transform'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["model"] === "json" ? "JSON model" : $parameter["model"] === "custom" ? "Custom rules" : "Rules" }}',
		description:
			'Score leads (线索评分) from behaviour events: engagement and fit points with caps and decay, lifecycle stage (MQL, SQL, recycled…) and a BANT hand-off gate',
		defaults: { name: 'Lead Score' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUTS,
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return execute.call(this);
	}
}
