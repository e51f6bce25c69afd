import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { DigestOptionsError, assembleDigests } from '../../lib/digest/assemble';
import { partlyShown } from '../../lib/digest/carry';
import type { Entry } from '../../lib/digest/entry';
import { entrySchema, toEntry } from '../../lib/digest/entry';
import { DigestLimitError } from '../../lib/digest/split';
import { parseInput, toNodeError } from '../shared/errors';
import { digestProperties } from './description';
import { carriedItems, digestItems } from './output';
import { readParams } from './params';

export class Digest implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Digest',
		name: 'digest',
		icon: 'file:digest.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{"Morning report: " + $parameter["format"]}}',
		description: 'Bundle the day\'s entries into one morning report (营销早报) per WeCom group: knowledge point, events, good news and member requests, within WeCom\'s limits',
		defaults: { name: 'Digest' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Digests', 'Carried Over'],
		properties: digestProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const node = this.getNode();
		const items = this.getInputData();
		const { params, options } = readParams(this);
		const schema = entrySchema(options.timeZone);
		const entries: Entry[] = [];
		const rejected: INodeExecutionData[] = [];
		items.forEach((item, i) => {
			// "Always Output Data" upstream sends one empty item when nothing is stored.
			if (!Object.keys(item.json).length) return;
			try {
				entries.push(toEntry(parseInput(node, schema, item.json, i, 'entry'), i));
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				const e = toNodeError(node, error, i);
				rejected.push({ json: { error: e.message, description: e.description ?? undefined, item: i + 1 }, pairedItem: { item: i } });
			}
		});
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
				description: 'Set Groups to "From a List" and list your groups, or give the entries a groups field.',
			});
		}
		const carried = params.options.carriedOutput === 'partlyShown' ? partlyShown(result.carried) : result.carried;
		return [[...digestItems(result, params.outputMode, rejected.length), ...rejected], carriedItems(carried, items)];
	}
}
