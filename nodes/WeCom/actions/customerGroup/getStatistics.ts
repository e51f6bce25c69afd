import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { cstDateToSec, cstDayStart, groupStatsByDay, groupStatsByOwner, secToCstDate } from '../../../../lib/wecom/groupStatistics';
import { parseInput } from '../../../shared/errors';
import { list } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';
import { multiPicker } from '../../../shared/wecom/locators';

const params = z.object({
	groupBy: z.enum(['owner', 'day']),
	dateFrom: z.string().min(1, 'is empty'),
	dateTo: z.string(),
	ownerUserIds: z.array(z.string().min(1)),
	orderBy: z.number().int().min(1).max(4),
});

export const getStatistics: Operation = {
	description: showFor('customerGroup', 'getStatistics', [
		{
			displayName: 'Group By',
			name: 'groupBy',
			type: 'options',
			default: 'owner',
			options: [
				{ name: 'Owner', value: 'owner', description: 'One item per group owner (groupchat/statistic); range up to 30 days' },
				{
					name: 'Day',
					value: 'day',
					description: 'One item per day for the owners together (statistic_group_by_day); longer ranges are asked 30 days at a time',
				},
			],
		},
		{
			displayName: 'From Date',
			name: 'dateFrom',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'First day (China time). WeCom keeps 180 days of statistics; the latest day is yesterday.',
		},
		{
			displayName: 'To Date',
			name: 'dateTo',
			type: 'dateTime',
			default: '',
			description: 'Last day, included (empty: the From Date only)',
		},
		multiPicker(
			{
				displayName: 'Owners',
				name: 'ownerUserIds',
				description:
					"Group owners. None: every owner in the app's visible range (WeCom refuses with 81017 above 1000 staff). By day: at most 100.",
			},
			'getCustomerContactStaff',
		),
		{
			displayName: 'Sort By',
			name: 'orderBy',
			type: 'options',
			default: 1,
			displayOptions: { show: { groupBy: ['owner'] } },
			options: [
				{ name: 'New Groups', value: 1 },
				{ name: 'Total Groups', value: 2 },
				{ name: 'New Members', value: 3 },
				{ name: 'Total Members', value: 4 },
			],
		},
	]),

	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{
				groupBy: this.getNodeParameter('groupBy', i, 'owner'),
				dateFrom: String(this.getNodeParameter('dateFrom', i, '')),
				dateTo: String(this.getNodeParameter('dateTo', i, '') ?? ''),
				ownerUserIds: list(this.getNodeParameter('ownerUserIds', i, '')),
				orderBy: this.getNodeParameter('orderBy', i, 1),
			},
			i,
		);
		const dayBegin = cstDateToSec(p.dateFrom);
		const dayEnd = p.dateTo ? cstDateToSec(p.dateTo) : dayBegin;
		const nowSec = Math.floor(Date.now() / 1000);
		const client = await ops.wecom();
		if (p.groupBy === 'day') {
			const rows = await groupStatsByDay(client, { dayBegin, dayEnd, owners: p.ownerUserIds, nowSec });
			return rows.map((r) => ({ date: secToCstDate(r.stat_time), stat_time: r.stat_time, ...r.data })) as IDataObject[];
		}
		const rows = await groupStatsByOwner(client, { dayBegin, dayEnd, owners: p.ownerUserIds, orderBy: p.orderBy as 1 | 2 | 3 | 4, nowSec });
		return rows.map((r) => ({
			owner: r.owner,
			from: secToCstDate(cstDayStart(dayBegin)),
			to: secToCstDate(cstDayStart(dayEnd)),
			...r.data,
		})) as IDataObject[];
	},
};
