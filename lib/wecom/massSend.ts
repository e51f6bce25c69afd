import type { WeComClient } from './client';
import type { AttachmentInput } from './attachments';
import { checkAttachment, toWeComAttachment } from './attachments';
import { utf8Bytes } from '../common/bytes';
import { WeComInputError } from './inputError';
import { followCursor } from './pagination';

/**
 * Group mass-send (企业群发, add_msg_template). WeCom does not send it: it becomes a task in each
 * sender's WeCom client, and the message goes out only when the sender confirms there. Each
 * customer or group receives at most 4 enterprise mass-sends per month; over that WeCom skips them.
 */
export const MASS_TEXT_MAX_BYTES = 4000;
export const MASS_MAX_ATTACHMENTS = 9;
export const MASS_MAX_CUSTOMERS = 10000;
export const MASS_MAX_GROUPS = 2000;
export const MASS_LIST_PAGE_MAX = 100;
export const MASS_TASK_PAGE_MAX = 1000;

export interface MassSendInput {
	chatType: 'single' | 'group';
	text?: string;
	attachments: AttachmentInput[];
	sender?: string;
	/** single: customers' external_userid. */
	externalUserIds?: string[];
	/** group: the customer groups (the sender need not pick them; WeCom 4.1.10+ clients). */
	chatIds?: string[];
	/** single: let the sender change the recipient list before sending. */
	allowSelect?: boolean;
	/** single: tag groups; tags within a group are OR-ed, groups are AND-ed. */
	tagFilter?: string[][];
}

export function checkMassSend(m: MassSendInput): void {
	if (!m.text?.trim() && !m.attachments.length) throw new WeComInputError('a mass-send needs text or at least one attachment');
	if (m.text && utf8Bytes(m.text) > MASS_TEXT_MAX_BYTES) {
		throw new WeComInputError(`the text is ${utf8Bytes(m.text)} bytes; WeCom allows ${MASS_TEXT_MAX_BYTES} bytes for a mass-send`);
	}
	if (m.attachments.length > MASS_MAX_ATTACHMENTS)
		throw new WeComInputError(`WeCom allows ${MASS_MAX_ATTACHMENTS} attachments per mass-send, got ${m.attachments.length}`);
	m.attachments.forEach((a, i) => checkAttachment(a, i + 1));
	if (m.chatType === 'group') {
		if (!m.sender) throw new WeComInputError('a mass-send to customer groups needs the sender (the group owner who confirms it)');
		if ((m.chatIds?.length ?? 0) > MASS_MAX_GROUPS)
			throw new WeComInputError(`WeCom allows ${MASS_MAX_GROUPS} groups per mass-send, got ${m.chatIds!.length}`);
	} else {
		if (!m.sender && !m.externalUserIds?.length && !m.tagFilter?.length) {
			throw new WeComInputError('a mass-send to customers needs a sender, customer IDs or a tag filter');
		}
		if ((m.externalUserIds?.length ?? 0) > MASS_MAX_CUSTOMERS) {
			throw new WeComInputError(`WeCom allows ${MASS_MAX_CUSTOMERS} customers per mass-send, got ${m.externalUserIds!.length}`);
		}
	}
}

/** Creates the task; returns msgid and the customers WeCom could not include (fail_list). */
export async function createMassSend(
	client: WeComClient,
	m: MassSendInput,
): Promise<{ msgid: string; fail_list: string[]; body: Record<string, unknown> }> {
	checkMassSend(m);
	const attachments = [];
	for (const a of m.attachments) attachments.push(await toWeComAttachment(client, a));
	const body: Record<string, unknown> = {
		chat_type: m.chatType,
		...(m.sender ? { sender: m.sender } : {}),
		...(m.text?.trim() ? { text: { content: m.text } } : {}),
		...(attachments.length ? { attachments } : {}),
	};
	if (m.chatType === 'single') {
		if (m.externalUserIds?.length) body.external_userid = m.externalUserIds;
		if (m.tagFilter?.length) body.tag_filter = { group_list: m.tagFilter.map((tags) => ({ tag_list: tags })) };
		if (m.allowSelect) body.allow_select = true;
	} else if (m.chatIds?.length) {
		body.chat_id_list = m.chatIds;
	}
	const res = await client.post<{ msgid: string; fail_list?: string[] }>('/cgi-bin/externalcontact/add_msg_template', body);
	return { msgid: String(res.msgid), fail_list: res.fail_list ?? [], body };
}

/** filter_type: 0 created by the company (API/admin), 1 by staff, 2 both. */
export const MASS_CREATOR_TYPES = { company: 0, staff: 1, all: 2 } as const;

export async function listMassSends(
	client: WeComClient,
	o: {
		chatType: 'single' | 'group';
		startTime: number;
		endTime: number;
		creator?: string;
		creatorType: keyof typeof MASS_CREATOR_TYPES;
		max: number;
	},
): Promise<Array<Record<string, unknown>>> {
	if (o.endTime <= o.startTime) throw new WeComInputError('the end time must be after the start time');
	return followCursor(
		async (cursor, limit) => {
			const res = await client.post<{ group_msg_list?: Array<Record<string, unknown>>; next_cursor?: string }>(
				'/cgi-bin/externalcontact/get_groupmsg_list_v2',
				{
					chat_type: o.chatType,
					start_time: o.startTime,
					end_time: o.endTime,
					...(o.creator ? { creator: o.creator } : {}),
					filter_type: MASS_CREATOR_TYPES[o.creatorType],
					limit,
					...(cursor ? { cursor } : {}),
				},
			);
			return { items: res.group_msg_list ?? [], nextCursor: res.next_cursor };
		},
		{ max: o.max, pageSize: MASS_LIST_PAGE_MAX },
	);
}

/** Per-sender tasks: status 0 not sent yet, 2 sent. */
export const TASK_STATUS: Record<number, string> = { 0: 'notSent', 2: 'sent' };
/** Per-recipient results. */
export const SEND_STATUS: Record<number, string> = {
	0: 'notSent',
	1: 'sent',
	2: 'failedNotAContact',
	3: 'failedAlreadyReceivedAnotherMassSend',
};

export async function getMassSendTasks(client: WeComClient, msgid: string, max: number): Promise<Array<Record<string, unknown>>> {
	const tasks = await followCursor(
		async (cursor, limit) => {
			const res = await client.post<{ task_list?: Array<Record<string, unknown>>; next_cursor?: string }>(
				'/cgi-bin/externalcontact/get_groupmsg_task',
				{
					msgid,
					limit,
					...(cursor ? { cursor } : {}),
				},
			);
			return { items: res.task_list ?? [], nextCursor: res.next_cursor };
		},
		{ max, pageSize: MASS_TASK_PAGE_MAX },
	);
	return tasks.map((t) => ({ msgid, ...t, status_name: TASK_STATUS[Number(t.status)] ?? 'unknown' }));
}

/** Per-recipient status for one sender, or for every sender of the task when `userid` is empty. */
export async function getMassSendResults(
	client: WeComClient,
	o: { msgid: string; userid?: string; max: number },
): Promise<Array<Record<string, unknown>>> {
	const senders = o.userid ? [o.userid] : (await getMassSendTasks(client, o.msgid, Infinity)).map((t) => String(t.userid));
	const out: Array<Record<string, unknown>> = [];
	for (const userid of senders) {
		if (out.length >= o.max) break;
		const rows = await followCursor(
			async (cursor, limit) => {
				const res = await client.post<{ send_list?: Array<Record<string, unknown>>; next_cursor?: string }>(
					'/cgi-bin/externalcontact/get_groupmsg_send_result',
					{ msgid: o.msgid, userid, limit, ...(cursor ? { cursor } : {}) },
				);
				return { items: res.send_list ?? [], nextCursor: res.next_cursor };
			},
			{ max: o.max - out.length, pageSize: MASS_TASK_PAGE_MAX },
		);
		out.push(...rows.map((r) => ({ msgid: o.msgid, ...r, status_name: SEND_STATUS[Number(r.status)] ?? 'unknown' })));
	}
	return out;
}
