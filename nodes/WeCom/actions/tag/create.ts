import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { createCorpTags } from '../../../../lib/wecom/tags';
import { parseInput } from '../../../shared/errors';
import type { Operation } from '../types';
import { showFor } from '../types';

const params = z
	.object({
		groupId: z.string(),
		groupName: z.string().max(30, 'WeCom allows 30 characters'),
		names: z.array(z.string().max(30, 'WeCom allows 30 characters')).min(1, 'give at least one tag name'),
	})
	.refine((p) => p.groupId || p.groupName, { message: 'give a tag group ID or a tag group name', path: ['groupName'] });

export const create: Operation = {
	description: showFor('tag', 'create', [
		{
			displayName: 'Tag Group Name',
			name: 'groupName',
			type: 'string',
			default: '',
			description: 'Adds to this group, created if it does not exist (up to 30 characters)',
		},
		{
			displayName: 'Existing Tag Group Name or ID',
			name: 'groupId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getTagGroupsOrNone' },
			default: '',
			description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			hint: 'Or: add to this existing group (wins over the name)',
		},
		{
			displayName: 'Tag Names',
			name: 'names',
			type: 'string',
			default: '',
			required: true,
			description: 'Comma-separated, up to 30 characters each; names already in the group are refused (40071)',
		},
	]),
	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{
				groupId: String(this.getNodeParameter('groupId', i, '')).trim(),
				groupName: String(this.getNodeParameter('groupName', i, '')).trim(),
				names: String(this.getNodeParameter('names', i, ''))
					.split(/[,，\n]+/)
					.map((s) => s.trim())
					.filter(Boolean),
			},
			i,
		);
		return (await createCorpTags(await ops.wecom(), {
			groupId: p.groupId || undefined,
			groupName: p.groupName || undefined,
			tags: p.names.map((name) => ({ name })),
		})) as IDataObject;
	},
};
