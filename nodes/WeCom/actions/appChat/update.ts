import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { updateAppChat } from '../../../../lib/wecom/appChat';
import { parseInput } from '../../../shared/errors';
import { list } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';
import { APP_CHAT_ID_HINT, appStaffLocator, idFrom, idOnlyLocator, multiPicker } from '../../../shared/wecom/locators';

const params = z.object({
	chatId: z.string().trim().min(1, 'is empty'),
	name: z.string().max(50, 'WeCom allows 50 characters'),
	owner: z.string(),
	add: z.array(z.string()),
	remove: z.array(z.string()),
});

export const update: Operation = {
	description: showFor('appChat', 'update', [
		idOnlyLocator({ displayName: 'App Chat', name: 'chatId', required: true }, 'CHATID', APP_CHAT_ID_HINT),
		{ displayName: 'New Name', name: 'name', type: 'string', default: '', description: 'Rename the chat (empty: unchanged)' },
		appStaffLocator({ displayName: 'New Owner', name: 'owner', description: 'One of the members (empty: unchanged)' }),
		multiPicker({ displayName: 'Add Members', name: 'addUserIds' }, 'getAppStaff'),
		multiPicker({ displayName: 'Remove Members', name: 'removeUserIds' }, 'getAppStaff'),
	]),
	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{
				chatId: idFrom(this.getNodeParameter('chatId', i)),
				name: String(this.getNodeParameter('name', i, '')).trim(),
				owner: idFrom(this.getNodeParameter('owner', i, '')),
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
