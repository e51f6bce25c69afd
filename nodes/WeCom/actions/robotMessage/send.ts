import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { ROBOT_MARKDOWN_MAX_BYTES, ROBOT_TEXT_MAX_BYTES } from '../../../../lib/wecom/robot';
import { splitByBytes, utf8Bytes } from '../../../../lib/wecom/bytes';
import { parseInput } from '../../../shared/errors';
import type { Operation } from '../types';
import { showFor } from '../types';

const params = z.object({
	messageType: z.enum(['text', 'markdown', 'markdown_v2']),
	content: z.string().min(1, 'is empty'),
	mentionedUserIds: z.array(z.string().min(1)).default([]),
	mentionedMobiles: z.array(z.string().regex(/^(\+?\d{5,15}|@all)$/, 'must be a phone number or @all')).default([]),
	oversize: z.enum(['split', 'error']),
});

const list = (s: string) => s.split(/[,\s]+/).map((x) => x.trim()).filter(Boolean);

export const send: Operation = {
	description: showFor('robotMessage', 'send', [
		{
			displayName: 'Message Type',
			name: 'messageType',
			type: 'options',
			default: 'markdown',
			options: [
				{ name: 'Text', value: 'text', description: 'Plain text, up to 2048 bytes; supports @mentions' },
				{ name: 'Markdown', value: 'markdown', description: 'WeCom markdown (colors, links), up to 4096 bytes' },
				{ name: 'Markdown V2', value: 'markdown_v2', description: 'Standard markdown with tables and lists, up to 4096 bytes' },
			],
		},
		{
			displayName: 'Content',
			name: 'content',
			type: 'string',
			typeOptions: { rows: 6 },
			default: '',
			required: true,
		},
		{
			displayName: 'Mention User IDs',
			name: 'mentionedUserIds',
			type: 'string',
			default: '',
			displayOptions: { show: { messageType: ['text'] } },
			description: 'Comma-separated staff user IDs to @mention; "@all" mentions everyone',
		},
		{
			displayName: 'Mention Mobiles',
			name: 'mentionedMobiles',
			type: 'string',
			default: '',
			displayOptions: { show: { messageType: ['text'] } },
			description: 'Comma-separated phone numbers to @mention',
		},
		{
			displayName: 'Content Over the Limit',
			name: 'oversize',
			type: 'options',
			default: 'split',
			options: [
				{ name: 'Split Into Several Messages', value: 'split', description: 'Split on line boundaries; each part fits WeCom\'s byte limit' },
				{ name: 'Fail With an Error', value: 'error' },
			],
		},
	]),

	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{
				messageType: this.getNodeParameter('messageType', i),
				content: this.getNodeParameter('content', i),
				mentionedUserIds: list(String(this.getNodeParameter('mentionedUserIds', i, ''))),
				mentionedMobiles: list(String(this.getNodeParameter('mentionedMobiles', i, ''))),
				oversize: this.getNodeParameter('oversize', i),
			},
			i,
		);
		const limit = p.messageType === 'text' ? ROBOT_TEXT_MAX_BYTES : ROBOT_MARKDOWN_MAX_BYTES;
		const size = utf8Bytes(p.content);
		if (size > limit && p.oversize === 'error') {
			throw new Error(`Item ${i + 1}: content is ${size} bytes; WeCom allows ${limit} bytes for ${p.messageType} robot messages. Shorten it or choose "Split Into Several Messages".`);
		}
		const parts = splitByBytes(p.content, limit);
		const robot = await ops.robot();
		const results: IDataObject[] = [];
		for (const [n, content] of parts.entries()) {
			const body: IDataObject =
				p.messageType === 'text'
					? {
							msgtype: 'text',
							text: {
								content,
								// Mentions go with the first part only, so nobody is pinged twice.
								...(n === 0 && p.mentionedUserIds.length ? { mentioned_list: p.mentionedUserIds } : {}),
								...(n === 0 && p.mentionedMobiles.length ? { mentioned_mobile_list: p.mentionedMobiles } : {}),
							},
						}
					: { msgtype: p.messageType, [p.messageType]: { content } };
			await robot.send(body as { msgtype: string });
			results.push({ sent: true, messageType: p.messageType, part: n + 1, parts: parts.length, bytes: utf8Bytes(content) });
		}
		return results;
	},
};
