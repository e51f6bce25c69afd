import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { createMassSend } from '../../../../lib/wecom/massSend';
import { parseInput } from '../../../shared/errors';
import { attachmentValues, readAttachment } from '../attachmentFields';
import { list } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';
import { idFrom, multiPicker, staffLocator } from '../../../shared/wecom/locators';

const params = z.object({
	chatType: z.enum(['group', 'single']),
	sender: z.string(),
	chatIds: z.array(z.string()).max(2000, 'WeCom takes at most 2000 groups'),
	externalUserIds: z.array(z.string()).max(10000, 'WeCom takes at most 10000 customers'),
	tagIds: z.array(z.string()),
	text: z.string(),
	allowSelect: z.boolean(),
});

export const create: Operation = {
	description: showFor('massSend', 'create', [
		{
			displayName:
				"WeCom does not send a mass-send at once: it appears as a task in the sender's WeCom client (客户联系 → 群发助手) and goes out only when the sender confirms it there. Each customer or group receives at most 4 company mass-sends per month.",
			name: 'massSendNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Send To',
			name: 'chatType',
			type: 'options',
			default: 'group',
			options: [
				{ name: 'Customer Groups', value: 'group', description: 'Group owner (sender) posts to their customer groups (群发到客户群)' },
				{ name: 'Customers', value: 'single', description: 'Staff send to their customers one by one (群发给客户)' },
			],
		},
		staffLocator({
			displayName: 'Sender',
			name: 'sender',
			description:
				'The staff member who confirms and sends. Required for customer groups; for customers, alone it means all of their customers.',
		}),
		multiPicker(
			{
				displayName: 'Customer Groups',
				name: 'chatIds',
				displayOptions: { show: { chatType: ['group'] } },
				description:
					"Customer groups of the sender (up to 2000); empty lets the sender choose. Preselected groups need WeCom 4.1.10 or later on the sender's phone.",
			},
			'getCustomerGroups',
		),
		multiPicker(
			{
				displayName: 'Customers',
				name: 'externalUserIds',
				displayOptions: { show: { chatType: ['single'] } },
				description: 'Customers of the sender (up to 10000); an expression may give external_userids',
			},
			'getSenderCustomers',
			['sender.value'],
		),
		multiPicker(
			{
				displayName: 'Customer Tags',
				name: 'tagIds',
				displayOptions: { show: { chatType: ['single'] } },
				description: 'Only customers with any of these tags',
			},
			'getTags',
		),
		{
			displayName: 'Let Sender Edit Recipients',
			name: 'allowSelect',
			type: 'boolean',
			default: false,
			displayOptions: { show: { chatType: ['single'] } },
			description: 'Whether the sender may add or remove customers before sending',
		},
		{ displayName: 'Text', name: 'text', type: 'string', typeOptions: { rows: 5 }, default: '', description: 'Up to 4000 bytes' },
		{
			displayName: 'Attachments',
			name: 'attachments',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, maxValue: 9 },
			default: {},
			description: 'Up to 9 images, links, mini programs, videos or files',
			options: [{ displayName: 'Attachment', name: 'attachment', values: attachmentValues }],
		},
	]),

	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{
				chatType: this.getNodeParameter('chatType', i, 'group'),
				sender: idFrom(this.getNodeParameter('sender', i, '')),
				chatIds: list(this.getNodeParameter('chatIds', i, '')),
				externalUserIds: list(this.getNodeParameter('externalUserIds', i, '')),
				tagIds: list(this.getNodeParameter('tagIds', i, '')),
				text: this.getNodeParameter('text', i, ''),
				allowSelect: this.getNodeParameter('allowSelect', i, false),
			},
			i,
		);
		const rows = (this.getNodeParameter('attachments', i, {}) as { attachment?: IDataObject[] }).attachment ?? [];
		const attachments = [];
		for (const [n, row] of rows.entries()) attachments.push(await readAttachment(this, i, row, n + 1));
		const res = await createMassSend(await ops.wecom(), {
			chatType: p.chatType,
			sender: p.sender || undefined,
			text: p.text,
			attachments,
			...(p.chatType === 'group'
				? { chatIds: p.chatIds }
				: { externalUserIds: p.externalUserIds, tagFilter: p.tagIds.length ? [p.tagIds] : undefined, allowSelect: p.allowSelect }),
		});
		return {
			msgid: res.msgid,
			failedCustomerIds: res.fail_list,
			chatType: p.chatType,
			sender: p.sender || undefined,
			status: 'awaitingSenderConfirmation',
			note: 'The sender must confirm this mass-send in the WeCom client before anything is sent.',
		};
	},
};
