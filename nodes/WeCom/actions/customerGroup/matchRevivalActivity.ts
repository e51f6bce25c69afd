import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { getCustomerGroup } from '../../../../lib/wecom/customerGroups';
import type { RevivalMember } from '../../../../lib/wecom/revivalPlan';
import { needsGroupDetails, revivalActivity } from '../../../../lib/wecom/revivalTracking';
import { parseInput } from '../../../shared/errors';
import type { Operation } from '../types';
import { showFor } from '../types';

/** The input item: a group event as the WeCom Trigger outputs it. */
const event = z.object({
	chatId: z.string({ required_error: 'is required (connect the WeCom Trigger: a customer group event)' }).trim().min(1, 'is empty'),
	updateDetail: z.string({ required_error: 'is required (a group change event: add_member, del_member, change_name…)' }),
	memChangeList: z.array(z.coerce.string()).default([]),
	quitMethod: z.string().optional(),
});

const prefixList = (v: string) =>
	v
		.split(/[\s,，]+/)
		.map((s) => s.trim())
		.filter(Boolean);

export const matchRevivalActivity: Operation = {
	description: showFor('customerGroup', 'matchRevivalActivity', [
		{
			displayName:
				"Input: a WeCom Trigger group event. Output: one item per revival activity in it — a member who joined through a revival code (with the code's state; WeCom puts it on the member, so the group is read once), a rename, a notice change, or members the owner removed. Other events give no item.",
			name: 'matchRevivalActivityNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Join Code State Prefixes',
			name: 'statePrefixes',
			type: 'string',
			default: 'rv_, rl_',
			description:
				"Joins count when the member's join-code state starts with one of these (comma-separated): the revival and re-launch prefixes of Plan Revival",
		},
	]),

	async execute(i, ops) {
		const e = parseInput(this.getNode(), event, this.getInputData()[i].json, i, 'event');
		const prefixes = prefixList(String(this.getNodeParameter('statePrefixes', i, '')));
		const group = needsGroupDetails(e)
			? ((await getCustomerGroup(await ops.wecom(), e.chatId, true)) as { name?: string; notice?: string; member_list?: RevivalMember[] })
			: undefined;
		return revivalActivity(e.chatId, e, group, prefixes) as unknown as IDataObject[];
	},
};
