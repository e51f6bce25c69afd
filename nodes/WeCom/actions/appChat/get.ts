import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { getAppChat } from '../../../../lib/wecom/appChat';
import { parseInput } from '../../../shared/errors';
import type { Operation } from '../types';
import { showFor } from '../types';

const params = z.object({ chatId: z.string().trim().min(1, 'is empty') });

export const get: Operation = {
	description: showFor('appChat', 'get', [{ displayName: 'Chat ID', name: 'chatId', type: 'string', default: '', required: true }]),
	async execute(i, ops) {
		const p = parseInput(this.getNode(), params, { chatId: this.getNodeParameter('chatId', i) }, i);
		return (await getAppChat(await ops.wecom(), p.chatId)) as IDataObject;
	},
};
