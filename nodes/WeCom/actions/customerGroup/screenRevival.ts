import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';
import { ACTIVITY_KINDS, DEFAULT_COUNTED_KINDS, screenRevivalCandidates } from '../../../../lib/wecom/revivalScreening';
import type { ConfirmationRow, GroupActivityRow } from '../../../../lib/wecom/revivalScreening';
import { parseInput } from '../../../shared/errors';
import type { Operation } from '../types';
import { showFor } from '../types';

/** The input item: a group as Find Inactive returns it. */
const group = z
	.object({
		chat_id: z.string({ required_error: 'is required (connect Find Inactive)' }).trim().min(1, 'is empty'),
		inactive: z.preprocess((v) => (v === null ? undefined : v), z.string().optional()),
	})
	.passthrough();

const params = z.object({
	recentDays: z.number().min(0, 'must be 0 or more'),
	countedKinds: z.array(z.string()),
});

/** Rows from a Data Table node (an array, or its JSON text); the empty item n8n sends for "no rows" is skipped. */
function rowsParam(this: IExecuteFunctions, name: string, label: string, i: number): IDataObject[] {
	const raw = this.getNodeParameter(name, i, []) as unknown;
	let rows: unknown = raw;
	if (typeof raw === 'string') {
		try {
			rows = raw.trim() ? JSON.parse(raw) : [];
		} catch {
			throw new NodeOperationError(this.getNode(), `${label} is not valid JSON`, {
				itemIndex: i,
				description: "Map the rows of a Data Table node, e.g. {{ $('Read Group Events').all().map(i => i.json) }}",
			});
		}
	}
	if (rows && typeof rows === 'object' && !Array.isArray(rows)) rows = [rows];
	if (!Array.isArray(rows)) throw new NodeOperationError(this.getNode(), `${label} must be a list of rows`, { itemIndex: i });
	return (rows as IDataObject[]).filter((r) => r && typeof r === 'object' && r.chat_id);
}

const KIND_OPTIONS = Object.values(ACTIVITY_KINDS).map((k) => ({
	name: k.label.charAt(0).toUpperCase() + k.label.slice(1),
	value: k.value,
}));

export const screenRevival: Operation = {
	description: showFor('customerGroup', 'screenRevival', [
		{
			displayName:
				'Input: groups from Find Inactive (with Include Possibly Inactive Groups on). Output: each group with a decision — "revive" (certain, or possible and the operator said yes), "confirm" (possible: ask the operator first), "declined" (the operator said no) or "active" (a recent member join, rename or notice change recorded from the WeCom Trigger). Calls no API.',
			name: 'screenRevivalNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Recorded Group Events',
			name: 'activityRows',
			type: 'json',
			default: '[]',
			description:
				'Rows with chat_id, kind (add_member, del_member, change_name, change_notice) and at (ISO time of the latest event): the data table the WeCom Trigger branch writes',
		},
		{
			displayName: "Operator's Answers",
			name: 'confirmationRows',
			type: 'json',
			default: '[]',
			description: 'Rows with chat_id and confirmed: the data table of proposed groups, where the operator writes yes (是) or no (否)',
		},
		{
			displayName: 'Alive if an Event Within (Days)',
			name: 'recentDays',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 14,
			description: 'A group with a counted event this recently is alive: it is neither proposed nor revived',
		},
		{
			displayName: 'Events That Count',
			name: 'countedKinds',
			type: 'multiOptions',
			options: KIND_OPTIONS,
			default: ['joined', 'renamed', 'notice'],
			description: 'Signs of life; leaves alone are not (members leave dead groups too)',
		},
	]),

	async execute(i) {
		const g = parseInput(this.getNode(), group, this.getInputData()[i].json, i, 'group');
		const p = parseInput(
			this.getNode(),
			params,
			{
				recentDays: this.getNodeParameter('recentDays', i, 14),
				countedKinds: this.getNodeParameter('countedKinds', i, DEFAULT_COUNTED_KINDS),
			},
			i,
		);
		const [screened] = screenRevivalCandidates([g as { chat_id: string; inactive?: string }], {
			activity: rowsParam.call(this, 'activityRows', 'Recorded Group Events', i) as GroupActivityRow[],
			confirmations: rowsParam.call(this, 'confirmationRows', "Operator's Answers", i) as ConfirmationRow[],
			recentDays: p.recentDays,
			countedKinds: p.countedKinds,
			nowMs: Date.now(),
		});
		return screened as unknown as IDataObject;
	},
};
