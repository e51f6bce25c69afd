import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { listCustomerGroups } from '../../../../lib/wecom/customerGroups';
import { parseInput } from '../../../shared/errors';
import { list, returnAllFields } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';

const params = z.object({
	status: z.enum(['all', 'ownerLeft', 'inheriting', 'inherited']),
	ownerUserIds: z.array(z.string().min(1)),
	returnAll: z.boolean(),
	limit: z.number().int().min(1),
	includeDetails: z.boolean(),
});

export const getAll: Operation = {
	description: showFor('customerGroup', 'getAll', [
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			default: 'all',
			options: [
				{ name: 'All', value: 'all', description: 'Every customer group the secret can see' },
				{ name: 'Owner Left (Awaiting Transfer)', value: 'ownerLeft', description: 'Groups whose owner left the company (离职待继承): transfer them' },
				{ name: 'Transfer in Progress', value: 'inheriting', description: '离职继承中' },
				{ name: 'Transferred', value: 'inherited', description: '离职继承完成' },
			],
		},
		{
			displayName: 'Owner User IDs',
			name: 'ownerUserIds',
			type: 'string',
			default: '',
			description: 'Comma-separated staff user IDs; empty lists every group. More than 100 owners are asked 100 at a time.',
		},
		...returnAllFields(1000000),
		{
			displayName: 'Include Details',
			name: 'includeDetails',
			type: 'boolean',
			default: false,
			description: "Whether to fetch each group's name, owner, notice and members (one extra call per group)",
		},
	]),

	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{
				status: this.getNodeParameter('status', i, 'all'),
				ownerUserIds: list(this.getNodeParameter('ownerUserIds', i, '')),
				returnAll: this.getNodeParameter('returnAll', i, false),
				limit: this.getNodeParameter('limit', i, 50),
				includeDetails: this.getNodeParameter('includeDetails', i, false),
			},
			i,
		);
		const groups = await listCustomerGroups(await ops.wecom(), {
			status: p.status,
			ownerUserIds: p.ownerUserIds,
			max: p.returnAll ? Infinity : p.limit,
			includeDetails: p.includeDetails,
		});
		return groups as IDataObject[];
	},
};
