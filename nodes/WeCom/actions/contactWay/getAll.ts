import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { listContactWays } from '../../../../lib/wecom/contactWay';
import { parseInput } from '../../../shared/errors';
import { returnAllFields, toUnixSeconds } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';

const params = z.object({
	startTime: z.number().int().optional(),
	endTime: z.number().int().optional(),
	limit: z.number().int().min(1).optional(),
	details: z.boolean(),
});

export const getAll: Operation = {
	description: showFor('contactWay', 'getAll', [
		...returnAllFields(1000),
		{
			displayName: 'Created After',
			name: 'startTime',
			type: 'dateTime',
			default: '',
			description: 'Empty: 90 days before Created Before. WeCom lists at most 90 days at a time, and only codes made through the API.',
		},
		{ displayName: 'Created Before', name: 'endTime', type: 'dateTime', default: '', description: 'Empty: now' },
		{
			displayName: 'With Details',
			name: 'details',
			type: 'boolean',
			default: true,
			description: 'Whether to read each code (state, staff, QR code); one more call per code',
		},
	]),
	async execute(i, ops) {
		const time = (name: string) => {
			const v = this.getNodeParameter(name, i, '');
			return v === '' || v === null ? undefined : toUnixSeconds(v);
		};
		const p = parseInput(
			this.getNode(),
			params,
			{
				startTime: time('startTime'),
				endTime: time('endTime'),
				limit: this.getNodeParameter('returnAll', i, false) ? undefined : Number(this.getNodeParameter('limit', i, 50)),
				details: this.getNodeParameter('details', i, true) as boolean,
			},
			i,
		);
		return (await listContactWays(await ops.wecom(), p)) as IDataObject[];
	},
};
