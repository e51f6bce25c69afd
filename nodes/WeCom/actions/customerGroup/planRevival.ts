import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { planRevival as plan } from '../../../../lib/wecom/revivalPlan';
import { parseInput } from '../../../shared/errors';
import type { Operation } from '../types';
import { showFor } from '../types';

/** Absent and null (data tables, JSON) both mean "not given". */
const text = () => z.preprocess((v) => (v === null ? undefined : v), z.string().optional());

const member = z.object({
	userid: z.string().min(1),
	type: z.coerce.number(),
	join_time: z.union([z.number(), z.string()]),
	state: text(),
	name: text(),
	group_nickname: text(),
});

/** The input item: a group as Find Inactive (with members) or Get returns it. */
const group = z.object({
	chat_id: z.string({ required_error: 'is required (map a customer group from Find Inactive or Get)' }).trim().min(1, 'is empty'),
	name: text(),
	owner: z.string({ required_error: 'is required' }).min(1, 'is empty'),
	member_count: z.coerce.number({ required_error: 'is required', invalid_type_error: 'must be a number' }),
	customer_count: z.coerce.number().optional(),
	inactive: text(),
	reason: text(),
	member_list: z.array(member).optional(),
});

const params = z.object({
	largeGroupMinMembers: z.number().int().min(1, 'must be at least 1'),
	keepJoinedWithinDays: z.number().min(0, 'must be 0 or more'),
	keepCampaignJoins: z.boolean(),
	revivalStatePrefix: z.string(),
	relaunchStatePrefix: z.string(),
	relaunchName: z.string().trim().min(1, 'is empty'),
	smallRemark: z.string(),
	largeRemark: z.string(),
	memberLine: z.string(),
	listAtMost: z.number().int().min(0),
	moreLine: z.string(),
	timeZone: z.string().refine((tz) => {
		try {
			new Intl.DateTimeFormat('en', { timeZone: tz });
			return true;
		} catch {
			return false;
		}
	}, 'is not a time zone (use an IANA name like Asia/Shanghai)'),
});

const FIELDS = [
	'largeGroupMinMembers',
	'keepJoinedWithinDays',
	'keepCampaignJoins',
	'revivalStatePrefix',
	'relaunchStatePrefix',
	'relaunchName',
	'smallRemark',
	'largeRemark',
	'memberLine',
	'listAtMost',
	'moreLine',
	'timeZone',
] as const;

export const planRevival: Operation = {
	description: showFor('customerGroup', 'planRevival', [
		{
			displayName:
				'One plan per input group (from Find Inactive with Include Members, or Get): small groups close and move to a live group; large groups are re-launched with a new name, and the owner removes members who do not fit. Calls no API.',
			name: 'planRevivalNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Large Group From (Members)',
			name: 'largeGroupMinMembers',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 150,
			description: 'Groups with at least this many members are re-launched in place; smaller ones close',
		},
		{
			displayName: 'Keep Members Who Joined Within (Days)',
			name: 'keepJoinedWithinDays',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 90,
			description: 'A customer who joined longer ago than this does not fit the re-launched group (unless kept below). Staff always stay.',
		},
		{
			displayName: 'Keep Members Who Joined Through a Campaign Code',
			name: 'keepCampaignJoins',
			type: 'boolean',
			default: true,
			description: 'Whether customers who joined through a tracked join code (with a state) always stay',
		},
		{
			displayName: 'New Name of a Re-Launched Group',
			name: 'relaunchName',
			type: 'string',
			default: '{oldName}',
			placeholder: 'MarTech 营销交流群',
			description: '{oldName} is the current name',
		},
		{
			displayName: 'Revival State Prefix',
			name: 'revivalStatePrefix',
			type: 'string',
			default: 'rv_',
			description: 'Join-code state of a closing group: this prefix and a short key of the group (30 characters at most)',
		},
		{
			displayName: 'Re-Launch State Prefix',
			name: 'relaunchStatePrefix',
			type: 'string',
			default: 'rl_',
			description: 'Join-code state of a re-launched group',
		},
		{
			displayName: 'Join Code Remark (Small Group)',
			name: 'smallRemark',
			type: 'string',
			default: 'Move {oldName}',
			description: 'Remark of the join code into the live group; {oldName}; 30 characters at most',
		},
		{
			displayName: 'Join Code Remark (Large Group)',
			name: 'largeRemark',
			type: 'string',
			default: 'Re-launch {oldName}',
			description: "Remark of the re-launched group's join code; {oldName}; 30 characters at most",
		},
		{
			displayName: 'Member Line',
			name: 'memberLine',
			type: 'string',
			default: '- {name} ({userid}, joined {joined})',
			description: 'One line per member to remove, for the owner task: {name}, {userid}, {joined}',
		},
		{
			displayName: 'List Members at Most',
			name: 'listAtMost',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 40,
			description: 'Member lines in the owner task; the rest are counted in the line below',
		},
		{
			displayName: 'More Members Line',
			name: 'moreLine',
			type: 'string',
			default: '- … and {count} more',
			description: 'After the listed members: {count}',
		},
		{ displayName: 'Time Zone', name: 'timeZone', type: 'string', default: 'Asia/Shanghai', description: 'For join dates' },
	]),

	async execute(i) {
		const raw: Record<string, unknown> = {};
		for (const f of FIELDS) raw[f] = this.getNodeParameter(f, i);
		const p = parseInput(this.getNode(), params, raw, i);
		const g = parseInput(this.getNode(), group, this.getInputData()[i].json, i, 'group');
		return plan(g, { ...p, nowSec: Math.floor(Date.now() / 1000) }) as unknown as IDataObject;
	},
};
