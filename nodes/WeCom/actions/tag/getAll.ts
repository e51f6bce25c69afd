import type { IDataObject } from 'n8n-workflow';
import { listCorpTags } from '../../../../lib/wecom/tags';
import { list } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';
import { multiPicker } from '../../../shared/wecom/locators';

export const getAll: Operation = {
	description: showFor('tag', 'getAll', [
		multiPicker({ displayName: 'Tag Groups', name: 'groupIds', description: 'Only these tag groups; wins over Tags' }, 'getTagGroups'),
		multiPicker({ displayName: 'Tags', name: 'tagIds', description: 'Only these tags' }, 'getTags'),
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			default: 'groups',
			options: [
				{ name: 'One Item per Tag Group', value: 'groups' },
				{ name: 'One Item per Tag', value: 'tags', description: 'With its group name and ID: handy for lookups' },
			],
		},
	]),
	async execute(i, ops) {
		const groups = await listCorpTags(await ops.wecom(), {
			groupIds: list(this.getNodeParameter('groupIds', i, '')),
			tagIds: list(this.getNodeParameter('tagIds', i, '')),
		});
		if (this.getNodeParameter('output', i, 'groups') === 'groups') return groups as IDataObject[];
		return groups.flatMap((g) =>
			((g.tag as IDataObject[]) ?? []).map((t) => ({ ...t, group_id: g.group_id, group_name: g.group_name })),
		) as IDataObject[];
	},
};
