import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { DigestOptionsError, assembleDigests } from '../../lib/digest/assemble';
import { partlyShown } from '../../lib/digest/carry';
import type { Entry } from '../../lib/digest/entry';
import { entrySchema, toEntry } from '../../lib/digest/entry';
import { DigestLimitError } from '../../lib/digest/split';
import { parseInput, toNodeError } from '../shared/errors';
import { failedItem } from '../shared/items';
import { renderDashboard } from './actions/renderDashboard';
import { digestProperties } from './description';
import { carriedItems, digestItems } from './output';
import { readParams } from './params';
import { wecomAppTest } from '../shared/wecom/credentialTest';
import { searchCustomerGroups } from '../shared/wecom/groupPickers';

export class Digest implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Digest',
		name: 'digest',
		icon: 'file:digest.svg',
		group: ['transform'],
		// Version 2: the group list as rows with a group picker; version 1 nodes keep the text lines.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] === "renderDashboard" ? "Community dashboard" : "Morning report: " + $parameter["format"]}}',
		description:
			"Bundle the day's entries into one morning report (营销早报) per WeCom group, within WeCom's limits; or render the community dashboard (社群看板) with its weekly summary",
		defaults: { name: 'Digest' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// The morning report has two outputs, the dashboard one.
		outputs: `={{$parameter["operation"] === "renderDashboard" ? [{ type: "${NodeConnectionTypes.Main}", displayName: "Dashboard" }] : [{ type: "${NodeConnectionTypes.Main}", displayName: "Digests" }, { type: "${NodeConnectionTypes.Main}", displayName: "Carried Over" }]}}`,
		// Optional: only the group picker of the Group List lists groups with it; By ID needs none.
		credentials: [
			{
				name: 'wecomAppApi',
				required: false,
				testedBy: 'wecomAppTest',
				displayOptions: { show: { operation: ['morningReport'], groupsSource: ['list'] } },
			},
		],
		properties: digestProperties,
	};

	methods = { credentialTest: { wecomAppTest }, listSearch: { searchCustomerGroups } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (this.getNodeParameter('operation', 0, 'morningReport') === 'renderDashboard') return renderDashboard.call(this);
		const node = this.getNode();
		const items = this.getInputData();
		const { params, options, linkHosts } = readParams(this);
		const schema = entrySchema(options.timeZone, { allowedHosts: linkHosts });
		const entries: Entry[] = [];
		const rejected: INodeExecutionData[] = [];
		const skipped: IDataObject[] = [];
		items.forEach((item, i) => {
			// "Always Output Data" upstream sends one empty item when nothing is stored.
			if (!Object.keys(item.json).length) return;
			try {
				entries.push(toEntry(parseInput(node, schema, item.json, i, 'entry'), i));
			} catch (error) {
				// One bad entry never blocks the day's report: it is left out and named in every report.
				const failed = failedItem(node, error, i);
				skipped.push({
					item: i + 1,
					id: typeof item.json.id === 'string' || typeof item.json.id === 'number' ? item.json.id : undefined,
					error: failed.json.error,
				});
				if (this.continueOnFail()) rejected.push(failed);
			}
		});
		if (skipped.length && typeof this.addExecutionHints === 'function') {
			this.addExecutionHints({
				message: `${skipped.length} entr${skipped.length === 1 ? 'y was' : 'ies were'} left out of the report (see report.skipped): ${String(skipped[0].error)}`,
				location: 'outputPane',
			});
		}
		let result;
		try {
			result = assembleDigests(entries, options);
		} catch (error) {
			if (error instanceof DigestOptionsError || error instanceof DigestLimitError) {
				throw new NodeOperationError(node, error.message, { description: 'Fix the named node parameter.' });
			}
			throw toNodeError(node, error);
		}
		if (!options.groups && !result.digests.length && entries.length) {
			throw new NodeOperationError(node, 'No group to build a report for: no entry names a group in its groups field.', {
				description: 'Set Groups to "From a List" and add your groups, or give the entries a groups field.',
			});
		}
		const carried = params.options.carriedOutput === 'partlyShown' ? partlyShown(result.carried) : result.carried;
		return [[...digestItems(result, params.outputMode, skipped), ...rejected], carriedItems(carried, items)];
	}
}
