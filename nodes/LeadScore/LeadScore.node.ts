import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { properties } from './descriptionV5';
import { execute } from './execute';
import { operationByValue, withOperations } from './actions/router';

/**
 * With "Stage Changed Output" on (always for Score From Event Log), a second output carries only
 * the leads whose stage changed.
 */
const OUTPUTS =
	`={{ $parameter["operation"] === "scoreEventLog" || (($parameter["operation"] || "score") === "score" && $parameter["stageChangedOutput"] === true) ? [{ "type": "${NodeConnectionTypes.Main}", "displayName": "All Leads" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Stage Changed" }] : ["${NodeConnectionTypes.Main}"] }}` as const;

export class LeadScore implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lead Score',
		name: 'leadScore',
		icon: 'file:leadScore.svg',
		group: ['transform'],
		version: [1, 2, 3, 4, 5],
		defaultVersion: 5,
		// Wider than the regular 420 px panel (640 px), so versions 4 and 5's rows stay readable; an assignment row
		// or a filter condition with a value still takes two lines there (one line from 680 px: docs/lead-score.md).
		parameterPane: 'wide',
		subtitle:
			'={{ ({ scoreEventLog: "Score from event log", backtest: "Backtest", eventsFromWeCom: "Events from WeCom", eventFromLinkClick: "Event from link click", checkFormEvent: "Check form event", buildCrmLead: "Build CRM lead" })[$parameter["operation"]] || ($parameter["model"] === "json" ? "JSON model" : $parameter["model"] === "custom" ? "Custom rules" : "Rules") }}',
		description:
			'Score leads (线索评分) from behaviour events: engagement and fit points with caps and decay, lifecycle stage (MQL, SQL, recycled…) and a BANT hand-off gate',
		defaults: { name: 'Lead Score' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUTS,
		properties: withOperations(properties),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = operationByValue.get(String(this.getNodeParameter('operation', 0, 'score')));
		return operation ? operation.execute(this) : execute.call(this);
	}
}
