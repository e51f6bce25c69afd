import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { listMassSends } from '../../../../lib/wecom/massSend';
import { parseInput } from '../../../shared/errors';
import { returnAllFields, toUnixSeconds } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';
import { idFrom, staffLocator } from '../../../shared/wecom/locators';

const params = z.object({
	chatType: z.enum(['group', 'single']),
	startTime: z.number({ invalid_type_error: 'is not a date' }).int().positive('is not a date'),
	endTime: z.number({ invalid_type_error: 'is not a date' }).int().positive('is not a date'),
	creator: z.string(),
	creatorType: z.enum(['company', 'staff', 'all']),
	returnAll: z.boolean(),
	limit: z.number().int().min(1),
});

export const getAll: Operation = {
	description: showFor('massSend', 'getAll', [
		{
			displayName: 'Sent To',
			name: 'chatType',
			type: 'options',
			default: 'group',
			options: [
				{ name: 'Customer Groups', value: 'group' },
				{ name: 'Customers', value: 'single' },
			],
		},
		{ displayName: 'Created After', name: 'startTime', type: 'dateTime', default: '', required: true },
		{ displayName: 'Created Before', name: 'endTime', type: 'dateTime', default: '', required: true },
		staffLocator({ displayName: 'Creator', name: 'creator', description: 'Only tasks created by this staff member (empty: everyone)' }),
		{
			displayName: 'Created By',
			name: 'creatorType',
			type: 'options',
			default: 'all',
			options: [
				{ name: 'Anyone', value: 'all' },
				{ name: 'The Company (API or Admin)', value: 'company' },
				{ name: 'Staff Members', value: 'staff' },
			],
		},
		...returnAllFields(100000),
	]),

	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{
				chatType: this.getNodeParameter('chatType', i, 'group'),
				startTime: toUnixSeconds(this.getNodeParameter('startTime', i)),
				endTime: toUnixSeconds(this.getNodeParameter('endTime', i)),
				creator: idFrom(this.getNodeParameter('creator', i, '')),
				creatorType: this.getNodeParameter('creatorType', i, 'all'),
				returnAll: this.getNodeParameter('returnAll', i, false),
				limit: this.getNodeParameter('limit', i, 50),
			},
			i,
		);
		return (await listMassSends(await ops.wecom(), {
			...p,
			creator: p.creator || undefined,
			max: p.returnAll ? Infinity : p.limit,
		})) as IDataObject[];
	},
};
