import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';
import type { ContactWayInput } from '../../../../lib/wecom/contactWay';
import { parseInput } from '../../../shared/errors';
import { attachmentValues, readAttachment } from '../attachmentFields';
import { list } from '../common';
import { idFrom, multiPicker, staffLocator } from '../../../shared/wecom/locators';

/**
 * Contact way settings shared by Create and Update. On Update, type and scene cannot change
 * (WeCom keeps them) and empty fields leave the current value.
 */
export const contactWayFields = (update: boolean): INodeProperties[] => [
	...(update
		? []
		: [
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					default: 1,
					options: [
						{ name: 'One Staff Member (单人)', value: 1, description: 'A personal code: every customer adds this staff member' },
						{
							name: 'Several Staff Members (多人)',
							value: 2,
							description: 'WeCom assigns each customer to one of the staff or departments',
						},
					],
				} as INodeProperties,
				{
					displayName: 'Scene',
					name: 'scene',
					type: 'options',
					default: 2,
					options: [
						{ name: 'QR Code', value: 2, description: 'A "contact me" QR code (the URL is returned as qr_code)' },
						{ name: 'Mini Program Button', value: 1, description: 'A "contact me" button in your mini program' },
					],
				} as INodeProperties,
			]),
	{
		...staffLocator({
			displayName: 'Staff Member',
			name: 'user',
			description: `The staff member customers add${update ? ' (empty: unchanged)' : ''}`,
		}),
		...(update ? {} : { displayOptions: { show: { type: [1] } } }),
	},
	{
		...multiPicker(
			{
				displayName: 'Staff Members',
				name: 'users',
				description: `Staff members customers are assigned to${update ? ' (empty: unchanged)' : ''}`,
			},
			'getCustomerContactStaff',
		),
		...(update ? {} : { displayOptions: { show: { type: [2] } } }),
	},
	{
		...multiPicker(
			{
				displayName: 'Departments',
				name: 'parties',
				description: `Departments whose members customers are assigned to${update ? ' (empty: unchanged)' : ''}`,
			},
			'getDepartments',
		),
		...(update ? {} : { displayOptions: { show: { type: [2] } } }),
	},
	{
		displayName: 'State',
		name: 'state',
		type: 'string',
		default: '',
		placeholder: 'poster_0612',
		description:
			"The channel (渠道参数), up to 30 characters: returned in the WeCom Trigger's Customer Added event and on the customer, so flows can welcome and tag by channel",
	},
	{ displayName: 'Remark', name: 'remark', type: 'string', default: '', description: 'Note for your team, up to 30 characters' },
	update
		? {
				displayName: 'Add Without Confirmation',
				name: 'skipVerifyChange',
				type: 'options',
				default: 'unchanged',
				options: [
					{ name: 'Unchanged', value: 'unchanged' },
					{ name: 'Yes', value: 'yes' },
					{ name: 'No', value: 'no' },
				],
				description: 'Whether customers are added without the staff member confirming (免验证)',
			}
		: {
				displayName: 'Add Without Confirmation',
				name: 'skipVerify',
				type: 'boolean',
				default: true,
				description: 'Whether customers are added without the staff member confirming (免验证, WeCom’s default)',
			},
	{
		displayName: 'Button Style',
		name: 'style',
		type: 'number',
		default: 0,
		...(update ? {} : { displayOptions: { show: { scene: [1] } } }),
		description: 'Mini program button style: 1-3 for one staff member, 1-2 for several (0: WeCom’s default or unchanged)',
	},
	{
		displayName: 'Temporary Session (临时会话)',
		name: 'temp',
		type: 'fixedCollection',
		default: {},
		typeOptions: { multipleValues: false },
		description: 'One staff member only: the customer chats without becoming a contact, and gets the conclusion when the session ends',
		options: [
			{
				displayName: 'Temporary Session',
				name: 'value',
				values: [
					{
						displayName: 'QR Code Valid For (Hours)',
						name: 'expiresHours',
						type: 'number',
						default: 168,
						description: 'Up to 336 (14 days); WeCom’s default is 7 days',
					},
					{
						displayName: 'Session Valid For (Hours)',
						name: 'chatExpiresHours',
						type: 'number',
						default: 24,
						description: 'After the customer adds the staff member; up to 336 (14 days)',
					},
					{ displayName: 'Conclusion Text', name: 'conclusionText', type: 'string', typeOptions: { rows: 3 }, default: '' },
					{
						displayName: 'Conclusion Attachment',
						name: 'conclusionAttachment',
						type: 'fixedCollection',
						default: {},
						typeOptions: { multipleValues: false },
						description: 'An image, link or mini program sent with the conclusion',
						options: [{ displayName: 'Attachment', name: 'value', values: attachmentValues }],
					},
				],
			},
		],
	},
];

const params = z.object({
	users: z.array(z.string()).max(100, 'WeCom allows at most 100 staff members per code'),
	parties: z.array(z.number().int().positive('must be department IDs')),
	state: z.string().max(30, 'WeCom allows 30 characters'),
	remark: z.string().max(30, 'WeCom allows 30 characters'),
	style: z.number().int().min(0).max(3),
});

type Read = Omit<ContactWayInput, 'type' | 'scene' | 'skipVerify'> & { skipVerify?: boolean };

export async function readContactWay(ctx: IExecuteFunctions, i: number, update: boolean): Promise<Read> {
	const single = idFrom(ctx.getNodeParameter('user', i, ''));
	const type = update ? 0 : Number(ctx.getNodeParameter('type', i, 1));
	const p = parseInput(
		ctx.getNode(),
		params,
		{
			users:
				type === 1
					? single
						? [single]
						: []
					: update && single
						? [single, ...list(ctx.getNodeParameter('users', i, ''))]
						: list(ctx.getNodeParameter('users', i, '')),
			parties: type === 1 ? [] : list(ctx.getNodeParameter('parties', i, '')).map(Number),
			state: String(ctx.getNodeParameter('state', i, '')).trim(),
			remark: String(ctx.getNodeParameter('remark', i, '')).trim(),
			style: Number(ctx.getNodeParameter('style', i, 0)),
		},
		i,
	);
	const skip = (update ? ctx.getNodeParameter('skipVerifyChange', i, 'unchanged') : ctx.getNodeParameter('skipVerify', i, true)) as
		boolean | string;
	const t = (ctx.getNodeParameter('temp', i, {}) as { value?: IDataObject }).value;
	const att = (t?.conclusionAttachment as { value?: IDataObject } | undefined)?.value;
	return {
		users: p.users,
		parties: p.parties,
		state: p.state || undefined,
		remark: p.remark || undefined,
		style: p.style || undefined,
		skipVerify: typeof skip === 'boolean' ? skip : skip === 'unchanged' ? undefined : skip === 'yes',
		temp: t
			? {
					expiresIn: Math.round(Number(t.expiresHours ?? 168) * 3600) || undefined,
					chatExpiresIn: Math.round(Number(t.chatExpiresHours ?? 24) * 3600) || undefined,
					conclusions: {
						text: String(t.conclusionText ?? '') || undefined,
						attachment: att ? await readAttachment(ctx, i, att, 1) : undefined,
					},
				}
			: undefined,
	};
}
