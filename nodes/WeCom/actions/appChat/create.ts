import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { createAppChat } from '../../../../lib/wecom/appChat';
import { parseInput } from '../../../shared/errors';
import { list } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';
import { appStaffLocator, idFrom, idOnlyLocator, multiPicker } from '../../../shared/wecom/locators';

const params = z.object({
	name: z.string().max(50, 'WeCom allows 50 characters'),
	owner: z.string(),
	userIds: z.array(z.string()).min(2, 'an app chat needs at least 2 members').max(2000, 'WeCom allows 2000 members'),
	chatId: z.string().regex(/^[0-9a-zA-Z]{0,32}$/, 'letters and digits only, up to 32'),
});

export const create: Operation = {
	description: showFor('appChat', 'create', [
		{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Up to 50 characters' },
		multiPicker({ displayName: 'Members', name: 'userIds', required: true, description: 'Staff members (2 to 2000)' }, 'getAppStaff'),
		appStaffLocator({ displayName: 'Owner', name: 'owner', description: 'One of the members; empty: WeCom picks one' }),
		idOnlyLocator(
			{
				displayName: 'New Chat ID',
				name: 'chatId',
				description: 'Your own ID for the chat (letters and digits, up to 32); empty: WeCom generates one',
			},
			'CHATID',
			'Optional: WeCom generates one when empty',
		),
	]),
	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{
				name: String(this.getNodeParameter('name', i, '')).trim(),
				owner: idFrom(this.getNodeParameter('owner', i, '')),
				userIds: list(this.getNodeParameter('userIds', i)),
				chatId: idFrom(this.getNodeParameter('chatId', i, '')),
			},
			i,
		);
		return (await createAppChat(await ops.wecom(), {
			name: p.name || undefined,
			owner: p.owner || undefined,
			userIds: p.userIds,
			chatId: p.chatId || undefined,
		})) as IDataObject;
	},
};
