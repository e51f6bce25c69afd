import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { findInactiveGroups } from '../../../../lib/wecom/inactiveGroups';
import { parseInput } from '../../../shared/errors';
import { list } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';
import { multiPicker } from '../../../shared/wecom/locators';

const params = z.object({
	days: z.number().int().min(1, 'must be at least 1').max(180, 'WeCom keeps 180 days of statistics'),
	ownerUserIds: z.array(z.string().min(1)),
	includePossible: z.boolean(),
	includeMembers: z.boolean(),
});

export const findInactive: Operation = {
	description: showFor('customerGroup', 'findInactive', [
		{
			displayName:
				'WeCom reports activity per group owner and per day, never per group. Groups are "certain" when none of their owner\'s groups had a message in the period; "possible" when only some of the owner\'s groups did.',
			name: 'inactiveNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Inactive for Days',
			name: 'days',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 180 },
			default: 30,
			description: 'No messages and no member who spoke during this many days, up to yesterday (at most 180)',
		},
		multiPicker(
			{ displayName: 'Owners', name: 'ownerUserIds', description: 'Group owners to check; none: every owner with groups' },
			'getCustomerContactStaff',
		),
		{
			displayName: 'Include Possibly Inactive Groups',
			name: 'includePossible',
			type: 'boolean',
			default: false,
			description: 'Whether to also return the groups of owners with some silent groups (WeCom does not say which); check them by hand',
		},
		{
			displayName: 'Include Members',
			name: 'includeMembers',
			type: 'boolean',
			default: false,
			description:
				"Whether to return each group's member list (join time, join scene, state) from the details already fetched, so no second Get is needed",
		},
	]),

	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{
				days: this.getNodeParameter('days', i, 30),
				ownerUserIds: list(this.getNodeParameter('ownerUserIds', i, '')),
				includePossible: this.getNodeParameter('includePossible', i, false),
				includeMembers: this.getNodeParameter('includeMembers', i, false),
			},
			i,
		);
		const { groups } = await findInactiveGroups(await ops.wecom(), {
			days: p.days,
			owners: p.ownerUserIds,
			includePossible: p.includePossible,
			includeMembers: p.includeMembers,
			nowSec: Math.floor(Date.now() / 1000),
		});
		return groups as unknown as IDataObject[];
	},
};
