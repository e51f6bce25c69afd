import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { markCustomerTags } from '../../../../lib/wecom/customers';
import { parseInput } from '../../../shared/errors';
import { list } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';
import { customerLocator, idFrom, multiPicker, staffLocator } from '../locators';

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
		staffLocator({
			displayName: 'Staff Member',
			name: 'userid',
			required: true,
			description: 'The staff member following the customer (tags are per follow relation)',
		}),
		customerLocator({
			displayName: 'Customer',
			name: 'externalUserId',
			required: true,
			description: "One of the staff member's customers",
		}),
		multiPicker({ displayName: 'Add Tags', name: 'addTagIds', description: 'Corp tags to add' }, 'getTags'),
		multiPicker({ displayName: 'Remove Tags', name: 'removeTagIds', description: 'Corp tags to remove' }, 'getTags'),
	]),
	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{
				userid: idFrom(this.getNodeParameter('userid', i)),
				externalUserId: idFrom(this.getNodeParameter('externalUserId', i)),
				add: list(this.getNodeParameter('addTagIds', i, '')),
				remove: list(this.getNodeParameter('removeTagIds', i, '')),
			},
			i,
		);
		return (await markCustomerTags(await ops.wecom(), p)) as IDataObject;
	},
};
