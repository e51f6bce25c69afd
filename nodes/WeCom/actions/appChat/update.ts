import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { updateAppChat } from '../../../../lib/wecom/appChat';
import { parseInput } from '../../../shared/errors';
import { list } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';

const params = z.object({
	chatId: z.string().trim().min(1, 'is empty'),
	name: z.string().max(50, 'WeCom allows 50 characters'),
	owner: z.string(),
	add: z.array(z.string()),
	remove: z.array(z.string()),
});

export const update: Operation = {
	description: showFor('appChat', 'update', [
		{ displayName: 'Chat ID', name: 'chatId', type: 'string', default: '', required: true },
		{ displayName: 'New Name', name: 'name', type: 'string', default: '', description: 'Rename the chat (empty: unchanged)' },
		{ displayName: 'New Owner User ID', name: 'owner', type: 'string', default: '' },
		{ displayName: 'Add Member User IDs', name: 'addUserIds', type: 'string', default: '', description: 'Comma-separated' },
		{ displayName: 'Remove Member User IDs', name: 'removeUserIds', type: 'string', default: '', description: 'Comma-separated' },
	]),
	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{
				chatId: this.getNodeParameter('chatId', i),
				name: String(this.getNodeParameter('name', i, '')).trim(),
				owner: String(this.getNodeParameter('owner', i, '')).trim(),
				add: list(this.getNodeParameter('addUserIds', i, '')),
				remove: list(this.getNodeParameter('removeUserIds', i, '')),
			},
			i,
		);
		return (await updateAppChat(await ops.wecom(), {
			chatId: p.chatId,
			name: p.name || undefined,
			owner: p.owner || undefined,
			addUserIds: p.add,
			removeUserIds: p.remove,
		})) as IDataObject;
	},
};
