import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { listCustomerGroups } from '../../../../lib/wecom/customerGroups';
import { parseInput } from '../../../shared/errors';
import { list, returnAllFields } from '../common';
import { multiPicker } from '../../../shared/wecom/locators';
import { listStaff } from '../../../../lib/wecom/directory';
import type { WeComClient } from '../../../../lib/wecom/client';
import type { Operation } from '../types';
import { showFor } from '../types';

const params = z.object({
	status: z.enum(['all', 'ownerLeft', 'inheriting', 'inherited']),
	ownerUserIds: z.array(z.string().min(1)),
	returnAll: z.boolean(),
	limit: z.number().int().min(1),
	output: z.enum(['summary', 'full', 'ids']),
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
				{
					name: 'Owner Left (Awaiting Transfer)',
					value: 'ownerLeft',
					description: 'Groups whose owner left the company (离职待继承): transfer them',
				},
				{ name: 'Transfer in Progress', value: 'inheriting', description: '离职继承中' },
				{ name: 'Transferred', value: 'inherited', description: '离职继承完成' },
			],
		},
		multiPicker(
			{
				displayName: 'Owners',
				name: 'ownerUserIds',
				description: 'Only groups of these staff members; none lists every group. More than 100 owners are asked 100 at a time.',
			},
			'getCustomerContactStaff',
		),
		...returnAllFields(1000000),
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			default: 'summary',
			options: [
				{
					name: 'Names and Counts',
					value: 'summary',
					description: 'Name, owner (with name), member, customer and staff counts, created (one extra call per group)',
				},
				{ name: 'Full Details', value: 'full', description: 'Also the notice and every member with join scene, inviter and state' },
				{ name: 'IDs Only (Fastest)', value: 'ids', description: 'Only chat_id and status, from the list call alone' },
			],
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
				output: legacyFull(this.getNode().parameters.includeDetails) ?? this.getNodeParameter('output', i, 'summary'),
			},
			i,
		);
		const client = await ops.wecom();
		const groups = await listCustomerGroups(client, {
			status: p.status,
			ownerUserIds: p.ownerUserIds,
			max: p.returnAll ? Infinity : p.limit,
			includeDetails: p.output === 'full',
			summary: p.output === 'summary',
			staffNames: p.output === 'summary' ? await staffNames(client) : undefined,
		});
		return groups as IDataObject[];
	},
};

/** Saved before "Output" existed: "Include Details" on meant the full details, off the bare IDs. */
function legacyFull(includeDetails: unknown): 'full' | 'ids' | undefined {
	if (includeDetails === true) return 'full';
	return includeDetails === false ? 'ids' : undefined;
}

/** Owner names when the app may read the address book; without them summaries keep the user IDs. */
async function staffNames(client: WeComClient): Promise<Map<string, string>> {
	try {
		const { staff } = await listStaff(client, 'customerContact');
		return new Map(staff.filter((s) => s.name).map((s) => [s.userid, s.name!]));
	} catch {
		return new Map();
	}
}
