import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { markCustomerTags } from '../../../../lib/wecom/customers';
import { parseInput } from '../../../shared/errors';
import { list } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';

const params = z
	.object({
		userid: z.string().trim().min(1, 'is empty'),
		externalUserId: z.string().trim().min(1, 'is empty'),
		add: z.array(z.string()),
		remove: z.array(z.string()),
	})
	.refine((p) => p.add.length + p.remove.length > 0, { message: 'give tags to add or to remove', path: ['addTagIds'] });

export const markTags: Operation = {
	description: showFor('customer', 'markTags', [
		{ displayName: 'Staff User ID', name: 'userid', type: 'string', default: '', required: true, description: 'The staff member following the customer (tags are per follow relation)' },
		{ displayName: 'Customer ID', name: 'externalUserId', type: 'string', default: '', required: true },
		{ displayName: 'Add Tag IDs', name: 'addTagIds', type: 'string', default: '', description: 'Corp tag IDs to add, comma-separated (Tag → Get Many lists them)' },
		{ displayName: 'Remove Tag IDs', name: 'removeTagIds', type: 'string', default: '', description: 'Corp tag IDs to remove, comma-separated' },
	]),
	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{
				userid: this.getNodeParameter('userid', i),
				externalUserId: this.getNodeParameter('externalUserId', i),
				add: list(this.getNodeParameter('addTagIds', i, '')),
				remove: list(this.getNodeParameter('removeTagIds', i, '')),
			},
			i,
		);
		return (await markCustomerTags(await ops.wecom(), p)) as IDataObject;
	},
};
