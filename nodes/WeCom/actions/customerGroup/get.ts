import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { getCustomerGroup, summarizeGroup } from '../../../../lib/wecom/customerGroups';
import { parseInput } from '../../../shared/errors';
import type { Operation } from '../types';
import { showFor } from '../types';
import { customerGroupLocator, idFrom } from '../../../shared/wecom/locators';

const params = z.object({ chatId: z.string().trim().min(1, 'is empty'), needName: z.boolean() });

export const get: Operation = {
	description: showFor('customerGroup', 'get', [
		customerGroupLocator({
			displayName: 'Customer Group',
			name: 'chatId',
			required: true,
			description: 'The customer group (客户群): pick it by name, or give its chat_id',
		}),
		{
			displayName: 'Include Member Names',
			name: 'needName',
			type: 'boolean',
			default: true,
			description: "Whether to return members' names (WeChat nickname or WeCom name)",
		},
	]),

	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{ chatId: idFrom(this.getNodeParameter('chatId', i)), needName: this.getNodeParameter('needName', i, true) },
			i,
		);
		return summarizeGroup(await getCustomerGroup(await ops.wecom(), p.chatId, p.needName)) as IDataObject;
	},
};
