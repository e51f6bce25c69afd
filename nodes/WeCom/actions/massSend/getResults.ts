import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { getMassSendResults } from '../../../../lib/wecom/massSend';
import { parseInput } from '../../../shared/errors';
import { returnAllFields } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';
import { idFrom, staffLocator } from '../../../shared/wecom/locators';

const params = z.object({
	msgid: z.string().trim().min(1, 'is empty'),
	userid: z.string(),
	returnAll: z.boolean(),
	limit: z.number().int().min(1),
});

export const getResults: Operation = {
	description: showFor('massSend', 'getResults', [
		{
			displayName: 'Mass-Send ID',
			name: 'msgid',
			type: 'string',
			default: '',
			required: true,
			description: 'The msgid returned by Create',
		},
		staffLocator({ displayName: 'Sender', name: 'userid', description: 'One sender; empty: every sender of the task' }),
		...returnAllFields(1000000),
	]),

	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{
				msgid: this.getNodeParameter('msgid', i),
				userid: idFrom(this.getNodeParameter('userid', i, '')),
				returnAll: this.getNodeParameter('returnAll', i, false),
				limit: this.getNodeParameter('limit', i, 50),
			},
			i,
		);
		return (await getMassSendResults(await ops.wecom(), {
			msgid: p.msgid,
			userid: p.userid || undefined,
			max: p.returnAll ? Infinity : p.limit,
		})) as IDataObject[];
	},
};
