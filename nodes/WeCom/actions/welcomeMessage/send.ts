import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';
import {
	WELCOME_ATTACHMENTS_MAX,
	WELCOME_WINDOW_SECONDS,
	WelcomeWindowError,
	sendWelcomeMessage,
} from '../../../../lib/wecom/welcomeMessage';
import { parseInput, toNodeError } from '../../../shared/errors';
import { attachmentValues, readAttachment } from '../attachmentFields';
import { itemError, toUnixSeconds } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';

const params = z.object({
	welcomeCode: z
		.string()
		.trim()
		.min(1, 'is empty: map the WeCom Trigger’s welcomeCode (present only when no welcome is set in the admin console)'),
	eventTime: z.number().int().positive('must be the event time (unix seconds or a date)').optional(),
});

export const send: Operation = {
	description: showFor('welcomeMessage', 'send', [
		{
			displayName: `WeCom accepts a welcome code once, within ${WELCOME_WINDOW_SECONDS} seconds of the Customer Added event: put this node right after the WeCom Trigger, with no Wait before it`,
			name: 'welcomeNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Welcome Code',
			name: 'welcomeCode',
			type: 'string',
			default: '={{ $json.welcomeCode }}',
			required: true,
			description: "The WeCom Trigger's welcomeCode (Customer Added events)",
		},
		{
			displayName: 'Event Time',
			name: 'eventTime',
			type: 'string',
			default: '={{ $json.createTime }}',
			description: `When the customer was added (the trigger's createTime). A code older than ${WELCOME_WINDOW_SECONDS} s is not sent and the item fails with the reason. Empty: WeCom decides.`,
		},
		{
			displayName: 'Text',
			name: 'text',
			type: 'string',
			typeOptions: { rows: 5 },
			default: '',
			description: 'Up to 4000 bytes; map fields with expressions, e.g. the customer name or the channel',
		},
		{
			displayName: 'Attachments',
			name: 'attachments',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			description: `Up to ${WELCOME_ATTACHMENTS_MAX} images, links, mini programs, files or videos, sent after the text`,
			options: [{ displayName: 'Attachment', name: 'value', values: attachmentValues }],
		},
	]),
	async execute(i, ops) {
		const rawTime = String(this.getNodeParameter('eventTime', i, '') ?? '').trim();
		const p = parseInput(
			this.getNode(),
			params,
			{
				welcomeCode: String(this.getNodeParameter('welcomeCode', i, '')),
				eventTime: rawTime ? toUnixSeconds(/^\d+$/.test(rawTime) ? Number(rawTime) : rawTime) : undefined,
			},
			i,
		);
		const rows = ((this.getNodeParameter('attachments', i, {}) as { value?: IDataObject[] }).value ?? []) as IDataObject[];
		const attachments = [];
		for (const [n, row] of rows.entries()) attachments.push(await readAttachment(this, i, row, n + 1));
		try {
			return (await sendWelcomeMessage(await ops.wecom(), {
				welcomeCode: p.welcomeCode,
				eventTime: p.eventTime,
				text: String(this.getNodeParameter('text', i, '')),
				attachments,
			})) as IDataObject;
		} catch (e) {
			if (!(e instanceof WelcomeWindowError)) throw toNodeError(this.getNode(), itemError(this, e, i), i);
			throw new NodeOperationError(this.getNode(), `Item ${i + 1}: ${e.message}`, {
				itemIndex: i,
				description:
					e.reason === 'late'
						? 'The workflow reached this node too late. Keep it right after the WeCom Trigger (no Wait, no slow steps before it); check that n8n keeps up with its queue.'
						: 'Another app or an earlier run used this code, or the window passed. Give only one app the Customer Contact callback, or set no welcome for these staff in the admin console if you send it here.',
			});
		}
	},
};
