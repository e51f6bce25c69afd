import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { listCustomerIds, listCustomersWithDetails } from '../../../../lib/wecom/customers';
import { parseInput } from '../../../shared/errors';
import { list, returnAllFields } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';
import { multiPicker } from '../../../shared/wecom/locators';

const params = z.object({
	userIds: z.array(z.string().min(1)).min(1, 'give at least one staff user ID'),
	includeDetails: z.boolean(),
	returnAll: z.boolean(),
	limit: z.number().int().min(1),
});

export const getAll: Operation = {
	description: showFor('customer', 'getAll', [
		multiPicker(
			{ displayName: 'Staff Members', name: 'userIds', required: true, description: 'Staff members whose customers to list' },
			'getCustomerContactStaff',
		),
		{
			displayName: 'Include Details',
			name: 'includeDetails',
			type: 'boolean',
			default: true,
			description:
				'Whether to return each customer with name, company and the follow relation (tags, remark, state) — batch/get_by_user, 100 per call; off returns IDs only',
		},
		...returnAllFields(1000000),
	]),

	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{
				userIds: list(this.getNodeParameter('userIds', i)),
				includeDetails: this.getNodeParameter('includeDetails', i, true),
				returnAll: this.getNodeParameter('returnAll', i, false),
				limit: this.getNodeParameter('limit', i, 50),
			},
			i,
		);
		const max = p.returnAll ? Infinity : p.limit;
		const client = await ops.wecom();
		if (p.includeDetails) return (await listCustomersWithDetails(client, p.userIds, max)) as IDataObject[];
		const out: IDataObject[] = [];
		for (const userid of p.userIds) {
			if (out.length >= max) break;
			const ids = await listCustomerIds(client, userid);
			out.push(...ids.slice(0, max - out.length).map((external_userid) => ({ external_userid, userid })));
		}
		return out;
	},
};
