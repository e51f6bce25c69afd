import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { markCustomerTags } from '../../../../lib/wecom/customers';
import { tagIdsByName } from '../../../../lib/wecom/tags';
import { parseInput } from '../../../shared/errors';
import { list } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';
import { customerLocator, idFrom, multiPicker, staffLocator } from '../../../shared/wecom/locators';

const params = z
	.object({
		userid: z.string().trim().min(1, 'is empty'),
		externalUserId: z.string().trim().min(1, 'is empty'),
		add: z.array(z.string()),
		addNames: z.array(z.string().max(61, 'is longer than a tag name (30 characters, or "group/name")')),
		newTagGroup: z.string().max(30, 'WeCom allows 30 characters'),
		remove: z.array(z.string()),
	})
	.refine((p) => p.add.length + p.addNames.length + p.remove.length > 0, { message: 'give tags to add or to remove', path: ['addTagIds'] });

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
		{
			displayName: 'Add Tags by Name',
			name: 'addTagNames',
			type: 'string',
			default: '',
			placeholder: '海报, 渠道/直播',
			description:
				'Tag names to add, separated by commas (e.g. mapped from a data table of channels). Write "group/name" when a name is in several groups.',
		},
		{
			displayName: 'Create Missing Tags in Group',
			name: 'newTagGroup',
			type: 'string',
			default: '',
			placeholder: '渠道',
			description: 'Tag group for names WeCom does not know yet (created if new). Empty: an unknown name fails the item.',
		},
	]),
	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{
				userid: idFrom(this.getNodeParameter('userid', i)),
				externalUserId: idFrom(this.getNodeParameter('externalUserId', i)),
				add: list(this.getNodeParameter('addTagIds', i, '')),
				addNames: String(this.getNodeParameter('addTagNames', i, '') ?? '')
					.split(/[,，\n]+/)
					.map((n) => n.trim())
					.filter(Boolean),
				newTagGroup: String(this.getNodeParameter('newTagGroup', i, '') ?? '').trim(),
				remove: list(this.getNodeParameter('removeTagIds', i, '')),
			},
			i,
		);
		const client = await ops.wecom();
		const named = await tagIdsByName(client, p.addNames, { createInGroup: p.newTagGroup || undefined });
		const add = [...new Set([...p.add, ...named.map((t) => t.id)])];
		const out = await markCustomerTags(client, { userid: p.userid, externalUserId: p.externalUserId, add, remove: p.remove });
		// Names beside IDs, so the output reads without a second lookup.
		return (named.length ? { ...out, addedNames: named.map((t) => t.name) } : out) as IDataObject;
	},
};
