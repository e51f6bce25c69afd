import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { transferCustomerGroups } from '../../../../lib/wecom/customerGroups';
import { parseInput } from '../../../shared/errors';
import { list } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';
import { idFrom, multiPicker, staffLocator } from '../../../shared/wecom/locators';

const params = z.object({
	chatIds: z.array(z.string().min(1)).min(1, 'give at least one chat ID'),
	newOwner: z.string().trim().min(1, 'is empty'),
	ownerStatus: z.enum(['resigned', 'employed']),
});

export const transferOwner: Operation = {
	description: showFor('customerGroup', 'transferOwner', [
		multiPicker(
			{
				displayName: 'Customer Groups',
				name: 'chatIds',
				required: true,
				description: 'Groups to hand over (sent 100 per call). Choose from the list, or use an expression giving chat IDs.',
			},
			'getCustomerGroups',
		),
		staffLocator({
			displayName: 'New Owner',
			name: 'newOwner',
			required: true,
			description: 'A staff member with Customer Contact enabled',
		}),
		{
			displayName: 'Current Owner',
			name: 'ownerStatus',
			type: 'options',
			default: 'resigned',
			options: [
				{ name: 'Left the Company', value: 'resigned', description: '离职继承 (groupchat/transfer): only groups whose owner has left' },
				{
					name: 'Still Employed',
					value: 'employed',
					description:
						'在职继承 (groupchat/onjob_transfer): each group at most twice per 90 days; at most 300 groups per new owner per day',
				},
			],
		},
	]),

	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{
				chatIds: list(this.getNodeParameter('chatIds', i)),
				newOwner: idFrom(this.getNodeParameter('newOwner', i)),
				ownerStatus: this.getNodeParameter('ownerStatus', i, 'resigned'),
			},
			i,
		);
		return (await transferCustomerGroups(await ops.wecom(), {
			chatIds: p.chatIds,
			newOwner: p.newOwner,
			resigned: p.ownerStatus === 'resigned',
		})) as unknown as IDataObject;
	},
};
