import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { getCustomer } from '../../../../lib/wecom/customers';
import { parseInput } from '../../../shared/errors';
import type { Operation } from '../types';
import { showFor } from '../types';

const params = z.object({ externalUserId: z.string().trim().min(1, 'is empty') });

export const get: Operation = {
	description: showFor('customer', 'get', [
		{
			displayName: 'Customer ID',
			name: 'externalUserId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'wmXXXX...',
			description: 'The external_userid; the result lists every staff member following the customer with remark, tags and state',
		},
	]),
	async execute(i, ops) {
		const p = parseInput(this.getNode(), params, { externalUserId: this.getNodeParameter('externalUserId', i) }, i);
		return (await getCustomer(await ops.wecom(), p.externalUserId)) as IDataObject;
	},
};
