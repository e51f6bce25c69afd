import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import type { RevivalActivity } from '../../../../lib/wecom/revivalTracking';
import { relaunchProgress } from '../../../../lib/wecom/revivalTracking';
import { parseInput } from '../../../shared/errors';
import type { Operation } from '../types';
import { showFor } from '../types';

/** Absent and null (data tables) both mean "not given". */
const opt = <T extends z.ZodTypeAny>(t: T) => z.preprocess((v) => (v === null ? undefined : v), t.optional());

/** The input item: the group's row in the revival table. */
const row = z.object({
	chat_id: z.string({ required_error: 'is required (map the revival table row of the group)' }).min(1, 'is empty'),
	kind: opt(z.string()),
	group_name: opt(z.string()),
	owner: opt(z.string()),
	new_name: opt(z.string()),
	members_to_remove: opt(z.string()),
	renamed: opt(z.boolean()),
	rules_updated: opt(z.boolean()),
	removed_count: opt(z.coerce.number()),
	status: opt(z.string()),
	relaunched_at: opt(z.string()),
});

const activity = z.discriminatedUnion('activity', [
	z.object({ activity: z.literal('renamed'), chat_id: z.string(), name: z.string().default('') }),
	z.object({ activity: z.literal('notice'), chat_id: z.string(), notice: z.string().default('') }),
	z.object({ activity: z.literal('removed'), chat_id: z.string(), member_ids: z.array(z.coerce.string()).default([]) }),
	z.object({
		activity: z.literal('joined'),
		chat_id: z.string(),
		state: z.string(),
		member_id: z.string(),
		member_name: z.string(),
		joined_at: z.string(),
	}),
]);

export const checkRelaunch: Operation = {
	description: showFor('customerGroup', 'checkRelaunch', [
		{
			displayName:
				"Input: the group's row in the revival table (kind large). Checks one activity from Match Revival Activity against the plan: the exact new name, the new rules in the notice, removals of listed members only. Outputs the updated progress; just_relaunched is true once, when the last step is done. Calls no API.",
			name: 'checkRelaunchNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Activity',
			name: 'activity',
			type: 'json',
			default: "={{ $('Match Revival Activity').item.json }}",
			description: 'The activity item from Match Revival Activity (renamed, notice or removed)',
		},
		{
			displayName: 'New Rules',
			name: 'newRules',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			description: "The group's new rules: the notice counts once it contains their first line",
		},
	]),

	async execute(i) {
		const node = this.getNode();
		const r = parseInput(node, row, this.getInputData()[i].json, i, 'row');
		if (r.kind !== undefined && r.kind !== 'large') return [];
		let raw = this.getNodeParameter('activity', i);
		if (typeof raw === 'string') raw = raw.trim() ? JSON.parse(raw) : {};
		const act = parseInput(node, activity, raw, i, 'activity') as RevivalActivity;
		const rules = String(this.getNodeParameter('newRules', i, ''));
		return relaunchProgress(r, act, rules, new Date().toISOString()) as unknown as IDataObject;
	},
};
