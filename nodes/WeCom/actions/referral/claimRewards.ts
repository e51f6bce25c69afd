import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod';
import { claimRewards as claim } from '../../../../lib/referral/rewards';
import type { RewardRow } from '../../../../lib/referral/rewards';
import { parseInput } from '../../../shared/errors';
import { failOrContinue } from '../../../shared/items';
import type { Operation } from '../types';
import { showFor } from '../types';

const params = z.object({
	ownRowIds: z.array(z.number().int().positive('must be IDs of the rows this execution inserted into the rewards table')),
});

function ids(v: unknown): number[] {
	const list = Array.isArray(v) ? v : String(v ?? '').split(/[\s,]+/);
	return list
		.map((x) => String(x).trim())
		.filter(Boolean)
		.map(Number);
}

/**
 * All input items are the rewards table's rows of one referrer; out come this execution's rows
 * that won their key (decision "first"), with the row's columns (reward, message…). Rewards another
 * copy holds come out of nothing: they are sent once, by that copy.
 */
async function claimAll(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const rows = items.map((it) => it.json as unknown as RewardRow).filter((r) => r && r.id !== undefined && r.id !== null);
	const indexOf = (id: number) =>
		Math.max(
			0,
			items.findIndex((it) => Number(it.json.id) === id),
		);
	let own: number[] = [];
	try {
		own = parseInput(this.getNode(), params, { ownRowIds: ids(this.getNodeParameter('ownRowIds', 0, '')) }, 0).ownRowIds;
		const out: INodeExecutionData[] = [];
		for (const v of claim(own, rows)) {
			if (v.decision !== 'first') continue;
			const row = items[indexOf(v.rowId)].json;
			out.push({ json: { ...row, ...v } as IDataObject, pairedItem: { item: indexOf(v.rowId) } });
		}
		return out;
	} catch (error) {
		return [failOrContinue(this, error, own.length ? indexOf(own[0]) : 0, { rowIds: own })];
	}
}

export const claimRewards: Operation = {
	description: showFor('referral', 'claimRewards', [
		{
			displayName:
				'Input: every row of the rewards table for this referrer, read after inserting this execution’s reward rows (event_key = referrer#threshold) and marking later pending rows of the same keys as duplicate. Out come only the rewards this execution must send.',
			name: 'claimRewardsNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Own Row IDs',
			name: 'ownRowIds',
			type: 'string',
			default: '',
			required: true,
			description: 'The IDs of the rows this execution inserted (comma-separated, or a list from an expression)',
		},
	]),
	async execute() {
		return {};
	},
	executeAll(this: IExecuteFunctions) {
		return claimAll.call(this);
	},
};
