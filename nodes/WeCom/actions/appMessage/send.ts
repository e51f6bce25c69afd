import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { sendAppMessage } from '../../../../lib/wecom/appMessage';
import { parseInput } from '../../../shared/errors';
import { list } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';
import { contentFields, readContent } from './content';
import { multiPicker } from '../../../shared/wecom/locators';

const params = z
	.object({
		toUsers: z.array(z.string()).max(1000, 'WeCom takes at most 1000 users'),
		toParties: z.array(z.string().regex(/^\d+$/, 'department IDs are numbers')).max(100, 'WeCom takes at most 100 departments'),
		toTags: z.array(z.string().regex(/^\d+$/, 'tag IDs are numbers')).max(100, 'WeCom takes at most 100 tags'),
		duplicateCheckSec: z.number().int().min(0).max(14400, 'WeCom checks duplicates over at most 4 hours (14400 s)'),
		safe: z.boolean(),
	})
	.refine((p) => p.toUsers.length + p.toParties.length + p.toTags.length > 0, {
		message: 'give at least one user, department or tag',
		path: ['toUsers'],
	});

export const send: Operation = {
	description: showFor('appMessage', 'send', [
		multiPicker(
			{
				displayName: 'To Users',
				name: 'toUsers',
				description: 'Staff members (up to 1000); "Everyone" for the app\'s whole visible range',
			},
			'getAppMessageRecipients',
		),
		multiPicker({ displayName: 'To Departments', name: 'toParties', description: 'Departments (up to 100)' }, 'getDepartments'),
		multiPicker({ displayName: 'To Staff Tags', name: 'toTags', description: 'Address-book staff tags (up to 100)' }, 'getStaffTags'),
		...contentFields,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Skip Duplicates Within (Seconds)',
					name: 'duplicateCheckSec',
					type: 'number',
					typeOptions: { minValue: 0, maxValue: 14400 },
					default: 0,
					description: 'WeCom drops an identical message sent again within this time (0: off; at most 4 hours). Protects against re-runs.',
				},
				{
					displayName: 'Confidential',
					name: 'safe',
					type: 'boolean',
					default: false,
					description: 'Whether to mark the message confidential (no forwarding, watermark)',
				},
			],
		},
	]),

	async execute(i, ops) {
		const options = this.getNodeParameter('options', i, {}) as { duplicateCheckSec?: number; safe?: boolean };
		const p = parseInput(
			this.getNode(),
			params,
			{
				toUsers: list(this.getNodeParameter('toUsers', i, '')),
				toParties: list(this.getNodeParameter('toParties', i, '')),
				toTags: list(this.getNodeParameter('toTags', i, '')),
				duplicateCheckSec: options.duplicateCheckSec ?? 0,
				safe: options.safe ?? false,
			},
			i,
		);
		const client = await ops.wecom();
		return (await sendAppMessage(client, { ...readContent(this, i), ...p, agentId: client.agentId })) as IDataObject[];
	},
};
