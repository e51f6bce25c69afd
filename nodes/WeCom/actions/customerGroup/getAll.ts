import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { listCustomerGroups } from '../../../../lib/wecom/customerGroups';
import { parseInput } from '../../../shared/errors';
import type { Operation } from '../types';
import { showFor } from '../types';

const params = z.object({
	status: z.enum(['normal', 'ownerLeft']),
	ownerUserIds: z.array(z.string().min(1)).max(100, 'WeCom accepts at most 100 owners per call'),
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
			default: 'normal',
			options: [
				{ name: 'Normal', value: 'normal' },
				{ name: 'Owner Left (Awaiting Transfer)', value: 'ownerLeft', description: 'Groups whose owner left the company (离职待继承)' },
			],
		},
		{
			displayName: 'Owner User IDs',
			name: 'ownerUserIds',
			type: 'string',
			default: '',
			description: 'Comma-separated staff user IDs; empty lists every group the secret can see',
		},
		{ displayName: 'Return All', name: 'returnAll', type: 'boolean', default: false, description: 'Whether to follow the cursor to the last page' },
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			displayOptions: { show: { returnAll: [false] } },
			description: 'Max number of results to return',
		},
		{
			displayName: 'Include Details',
			name: 'includeDetails',
			type: 'boolean',
			default: false,
			description: 'Whether to fetch each group\'s name, owner, notice and members (one extra call per group)',
		},
	]),

	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{
				status: this.getNodeParameter('status', i),
				ownerUserIds: String(this.getNodeParameter('ownerUserIds', i, '')).split(/[,\s]+/).filter(Boolean),
				returnAll: this.getNodeParameter('returnAll', i),
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
