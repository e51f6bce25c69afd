import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { getAppChat } from '../../../../lib/wecom/appChat';
import { parseInput } from '../../../shared/errors';
import type { Operation } from '../types';
import { showFor } from '../types';
import { APP_CHAT_ID_HINT, idFrom, idOnlyLocator } from '../../../shared/wecom/locators';

const params = z.object({ chatId: z.string().trim().min(1, 'is empty') });

export const get: Operation = {
	description: showFor('appChat', 'get', [
		idOnlyLocator({ displayName: 'App Chat', name: 'chatId', required: true }, 'CHATID', APP_CHAT_ID_HINT),
	]),
	async execute(i, ops) {
		const p = parseInput(this.getNode(), params, { chatId: idFrom(this.getNodeParameter('chatId', i)) }, i);
		return (await getAppChat(await ops.wecom(), p.chatId)) as IDataObject;
	},
};
