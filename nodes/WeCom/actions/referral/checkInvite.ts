import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod';
import { judgeInvite } from '../../../../lib/referral/invite';
import type { InviteRow } from '../../../../lib/referral/invite';
import { parseInput } from '../../../shared/errors';
import { failOrContinue } from '../../../shared/items';
import { toUnixSeconds } from '../common';
import type { Operation } from '../types';
import { showFor } from '../types';

const params = z.object({
	ownRowId: z.number().int().positive('must be the ID of the row this execution inserted into the invites table'),
	invitee: z.string().trim().min(1, "is empty: map the new contact's external_userid"),
	referrer: z.string().trim().min(1, 'is empty: map the member whose code was scanned (the codes table row of the state)'),
	eventTime: z.number().int().positive('must be the event time (unix seconds or a date)'),
	followUsers: z.array(z.object({ userid: z.unknown().optional(), createtime: z.unknown().optional() }).passthrough()),
	memberSince: z.number().int().positive().optional(),
});

const time = (v: unknown): number | undefined => {
	const s = String(v ?? '').trim();
	if (!s) return undefined;
	return toUnixSeconds(/^\d+$/.test(s) ? Number(s) : s);
};

function followUsers(v: unknown): unknown {
	if (typeof v === 'string') {
		if (!v.trim()) return [];
		try {
			return JSON.parse(v);
		} catch {
			return v;
		}
	}
	return v ?? [];
}

/** All input items are the invites table's rows of one invitee; one output item carries the verdict. */
async function checkInviteAll(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const rows = items.map((it) => it.json as unknown as InviteRow).filter((r) => r && r.id !== undefined && r.id !== null);
	const ownIndex = (id: number) =>
		Math.max(
			0,
			items.findIndex((it) => Number(it.json.id) === id),
		);
	let ownRowId = 0;
	try {
		const p = parseInput(
			this.getNode(),
			params,
			{
				ownRowId: Number(this.getNodeParameter('ownRowId', 0, 0)),
				invitee: String(this.getNodeParameter('invitee', 0, '') ?? ''),
				referrer: String(this.getNodeParameter('referrer', 0, '') ?? ''),
				eventTime: time(this.getNodeParameter('eventTime', 0, '')),
				followUsers: followUsers(this.getNodeParameter('followUsers', 0, [])),
				memberSince: time(this.getNodeParameter('memberSince', 0, '')),
			},
			0,
		);
		ownRowId = p.ownRowId;
		const verdict = judgeInvite(p.ownRowId, rows, p);
		const own = rows.find((r) => Number(r.id) === p.ownRowId);
		return [
			{
				json: { ...verdict, referrerName: String(own?.referrer_name ?? '') } as unknown as IDataObject,
				pairedItem: { item: ownIndex(p.ownRowId) },
			},
		];
	} catch (error) {
		return [failOrContinue(this, error, ownIndex(ownRowId), { rowId: ownRowId })];
	}
}

export const checkInvite: Operation = {
	description: showFor('referral', 'checkInvite', [
		{
			displayName:
				'Input: every row of the invites table for this invitee (event_key = the invitee), read after inserting this execution’s row and marking later pending rows as duplicate. See the Referral section of the docs.',
			name: 'checkInviteNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Own Row ID',
			name: 'ownRowId',
			type: 'number',
			default: 0,
			required: true,
			description: 'The ID of the row this execution inserted (the Insert step’s output ID)',
		},
		{
			displayName: 'Invitee',
			name: 'invitee',
			type: 'string',
			default: '',
			required: true,
			description: 'The new contact’s external_userid',
		},
		{
			displayName: 'Referrer',
			name: 'referrer',
			type: 'string',
			default: '',
			required: true,
			description: 'The member whose personal code was scanned (from the codes table, found by the event’s state)',
		},
		{
			displayName: 'Event Time',
			name: 'eventTime',
			type: 'string',
			default: '',
			required: true,
			description: 'When the contact was added (the WeCom Trigger’s createTime)',
		},
		{
			displayName: 'Invitee Relations',
			name: 'followUsers',
			type: 'json',
			default: '[]',
			description:
				'The invitee’s follow_user list (WeCom → Customer → Get): a relation added before the event means they were a customer already, and the invite does not count',
		},
		{
			displayName: 'Member Since',
			name: 'memberSince',
			type: 'string',
			default: '',
			description:
				'When the invitee got a personal code of this campaign, if they had one (from the codes table): then they were in the campaign already',
		},
	]),
	async execute() {
		return {};
	},
	executeAll(this: IExecuteFunctions) {
		return checkInviteAll.call(this);
	},
};
