import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { createAppChat } from '../../../../lib/wecom/appChat';
import { parseInput } from '../../../shared/errors';
import { list } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';

const params = z.object({
	name: z.string().max(50, 'WeCom allows 50 characters'),
	owner: z.string(),
	userIds: z.array(z.string()).min(2, 'an app chat needs at least 2 members').max(2000, 'WeCom allows 2000 members'),
	chatId: z.string().regex(/^[0-9a-zA-Z]{0,32}$/, 'letters and digits only, up to 32'),
});

export const create: Operation = {
	description: showFor('appChat', 'create', [
		{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Up to 50 characters' },
		{ displayName: 'Member User IDs', name: 'userIds', type: 'string', default: '', required: true, description: 'Staff user IDs, comma-separated (2 to 2000)' },
		{ displayName: 'Owner User ID', name: 'owner', type: 'string', default: '', description: 'One of the members; empty: WeCom picks one' },
		{ displayName: 'Chat ID', name: 'chatId', type: 'string', default: '', description: 'Your own ID for the chat (letters and digits, up to 32); empty: WeCom generates one' },
	]),
	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{
				name: String(this.getNodeParameter('name', i, '')).trim(),
				owner: String(this.getNodeParameter('owner', i, '')).trim(),
				userIds: list(this.getNodeParameter('userIds', i)),
				chatId: String(this.getNodeParameter('chatId', i, '')).trim(),
			},
			i,
		);
		return (await createAppChat(await ops.wecom(), { name: p.name || undefined, owner: p.owner || undefined, userIds: p.userIds, chatId: p.chatId || undefined })) as IDataObject;
	},
};
