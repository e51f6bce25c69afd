import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { getMassSendTasks } from '../../../../lib/wecom/massSend';
import { parseInput } from '../../../shared/errors';
import { returnAllFields } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';

const params = z.object({ msgid: z.string().trim().min(1, 'is empty'), returnAll: z.boolean(), limit: z.number().int().min(1) });

export const getTasks: Operation = {
	description: showFor('massSend', 'getTasks', [
		{
			displayName: 'Mass-Send ID',
			name: 'msgid',
			type: 'string',
			default: '',
			required: true,
			description: 'The msgid returned by Create',
		},
		...returnAllFields(100000),
	]),

	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{
				msgid: this.getNodeParameter('msgid', i),
				returnAll: this.getNodeParameter('returnAll', i, false),
				limit: this.getNodeParameter('limit', i, 50),
			},
			i,
		);
		return (await getMassSendTasks(await ops.wecom(), p.msgid, p.returnAll ? Infinity : p.limit)) as IDataObject[];
	},
};
