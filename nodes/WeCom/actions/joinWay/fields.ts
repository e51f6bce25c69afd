import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';
import type { JoinWayInput } from '../../../../lib/wecom/joinWay';
import { parseInput } from '../../../shared/errors';
import { list } from '../common';
import { multiPicker } from '../../../shared/wecom/locators';

/** Join way settings shared by Create and Update (Update leaves empty fields unchanged). */
export const joinWayFields = (update: boolean): INodeProperties[] => [
	multiPicker(
		{
			displayName: 'Customer Groups',
			name: 'chatIds',
			required: !update,
			description: `1 to 5 customer groups the code leads into, in order: when one is full the next is used${update ? ' (empty: unchanged)' : ''}`,
		},
		'getCustomerGroups',
	),
	{
		displayName: 'State',
		name: 'state',
		type: 'string',
		default: '',
		placeholder: 'article_0612',
		description:
			'Source tag for attribution (渠道参数), up to 30 characters: returned on each member who joins through this code and in the member-joined callback',
	},
	{ displayName: 'Remark', name: 'remark', type: 'string', default: '', description: 'Note for your team, up to 30 characters' },
	{
		displayName: 'Type',
		name: 'scene',
		type: 'options',
		default: 2,
		options: [
			{ name: 'QR Code', value: 2, description: 'A group QR code (the URL is returned as qr_code)' },
			{ name: 'Mini Program Button', value: 1, description: 'A "join group" button in a mini program' },
		],
	},
	{
		displayName: 'Create a New Group When Full',
		name: 'autoCreateRoom',
		type: 'boolean',
		default: true,
		description: 'Whether WeCom opens a new group when the last one is full (500 members; keep ~470 so members can invite)',
	},
	{
		displayName: 'New Group Name Prefix',
		name: 'roomBaseName',
		type: 'string',
		default: '',
		displayOptions: { show: { autoCreateRoom: [true] } },
		description: 'Up to 40 characters, e.g. "MarTech 交流" gives "MarTech 交流7"',
	},
	{
		displayName: 'New Group Start Number',
		name: 'roomBaseId',
		type: 'number',
		default: 0,
		displayOptions: { show: { autoCreateRoom: [true] } },
		description: 'Number of the first auto-created group (0: WeCom decides)',
	},
];

const params = z.object({
	chatIds: z.array(z.string()).max(5, 'WeCom allows at most 5 groups per join way'),
	state: z.string().max(30, 'WeCom allows 30 characters'),
	remark: z.string().max(30, 'WeCom allows 30 characters'),
	scene: z.union([z.literal(1), z.literal(2)]),
	autoCreateRoom: z.boolean(),
	roomBaseName: z.string().max(40, 'WeCom allows 40 characters'),
	roomBaseId: z.number().int().min(0),
});

export function readJoinWay(ctx: IExecuteFunctions, i: number): JoinWayInput {
	const p = parseInput(
		ctx.getNode(),
		params,
		{
			chatIds: list(ctx.getNodeParameter('chatIds', i, '')),
			state: String(ctx.getNodeParameter('state', i, '')).trim(),
			remark: String(ctx.getNodeParameter('remark', i, '')).trim(),
			scene: Number(ctx.getNodeParameter('scene', i, 2)),
			autoCreateRoom: ctx.getNodeParameter('autoCreateRoom', i, true),
			roomBaseName: String(ctx.getNodeParameter('roomBaseName', i, '')).trim(),
			roomBaseId: Number(ctx.getNodeParameter('roomBaseId', i, 0)),
		},
		i,
	);
	return {
		scene: p.scene,
		chatIds: p.chatIds,
		state: p.state || undefined,
		remark: p.remark || undefined,
		autoCreateRoom: p.autoCreateRoom,
		roomBaseName: p.roomBaseName || undefined,
		roomBaseId: p.roomBaseId || undefined,
	};
}
