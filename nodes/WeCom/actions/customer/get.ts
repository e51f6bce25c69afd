import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { getCustomer } from '../../../../lib/wecom/customers';
import { parseInput } from '../../../shared/errors';
import type { Operation } from '../types';
import { showFor } from '../types';
import { customerLocator, idFrom } from '../../../shared/wecom/locators';

const params = z.object({ externalUserId: z.string().trim().min(1, 'is empty') });

export const get: Operation = {
	description: showFor('customer', 'get', [
		customerLocator({
			displayName: 'Customer',
			name: 'externalUserId',
			required: true,
			description:
				"The customer (客户), listed from every staff member's customers; the result lists every staff member following them with remark, tags and state",
		}),
	]),
	async execute(i, ops) {
		const p = parseInput(this.getNode(), params, { externalUserId: idFrom(this.getNodeParameter('externalUserId', i)) }, i);
		return (await getCustomer(await ops.wecom(), p.externalUserId)) as IDataObject;
	},
};
