import type { WeComClient } from './client';
import type { AttachmentInput } from './attachments';
import { checkAttachment, toWeComAttachment } from './attachments';
import { listStaff } from './directory';
import { outcomeOf } from '../common/outcome';
import { WeComApiError } from './errors';
import { WeComInputError } from './inputError';

/**
 * "Contact me" codes (联系我, externalcontact/add_contact_way): a QR code (scene 2) or mini-program
 * button (scene 1) that adds one staff member (type 1, 单人) or one of several (type 2, 多人: users
 * and departments). `state` names the channel and comes back in the add_external_contact callback
 * and on the customer's follow_info. Temporary-session codes (is_temp) may carry conclusions
 * (结束语), sent when the session ends.
 * Limits from WeCom's 配置客户联系「联系我」方式 page; the 100-member cap for type 2 is a best guess.
 */
export const CONTACT_WAY_STATE_MAX_CHARS = 30;
export const CONTACT_WAY_REMARK_MAX_CHARS = 30;
/** Best guess: WeCom documents a member cap for multi-person codes; 100 is what the sandbox enforces. */
export const CONTACT_WAY_USERS_MAX = 100;
/** Temporary sessions: QR code and chat validity at most 14 days (default 7 days / 24 hours). */
export const CONTACT_WAY_TEMP_MAX_SECONDS = 14 * 24 * 3600;
/** list_contact_way: at most 1000 per page; the time range at most 90 days (default: the last 90 days). */
export const CONTACT_WAY_LIST_PAGE_MAX = 1000;
export const CONTACT_WAY_LIST_RANGE_MAX_DAYS = 90;

export interface ContactWayInput {
	/** 1 single staff member, 2 several (users and departments). */
	type: 1 | 2;
	/** 1 mini-program button, 2 QR code. */
	scene: 1 | 2;
	/** Mini-program button style: 1-3 for a single person, 1-2 for several. */
	style?: number;
	remark?: string;
	/** Customers are added without the staff member's confirmation (WeCom's default: true). */
	skipVerify: boolean;
	state?: string;
	users: string[];
	parties: number[];
	temp?: {
		expiresIn?: number;
		chatExpiresIn?: number;
		/** Sent when the temporary session ends: text and at most one image, link or mini program. */
		conclusions?: { text?: string; attachment?: AttachmentInput };
	};
}

const chars = (s: string) => [...s].length;

export function checkContactWay(c: ContactWayInput): void {
	if (c.type === 1) {
		if (c.users.length !== 1) throw new WeComInputError(`a single-person code needs exactly one staff member, got ${c.users.length}`);
		if (c.parties.length) throw new WeComInputError('departments apply only to multi-person codes (type 2)');
		if (c.style !== undefined && (c.style < 1 || c.style > 3)) throw new WeComInputError('style is 1, 2 or 3 for a single-person code');
	} else {
		if (!c.users.length && !c.parties.length) throw new WeComInputError('a multi-person code needs staff members or departments');
		if (c.users.length > CONTACT_WAY_USERS_MAX)
			throw new WeComInputError(`a multi-person code takes at most ${CONTACT_WAY_USERS_MAX} staff members, got ${c.users.length}`);
		if (c.style !== undefined && (c.style < 1 || c.style > 2)) throw new WeComInputError('style is 1 or 2 for a multi-person code');
	}
	// WeCom truncates state and remark silently; refuse instead, so channel attribution never breaks unnoticed.
	if (c.state && chars(c.state) > CONTACT_WAY_STATE_MAX_CHARS)
		throw new WeComInputError(`state is ${chars(c.state)} characters; WeCom allows ${CONTACT_WAY_STATE_MAX_CHARS}`);
	if (c.remark && chars(c.remark) > CONTACT_WAY_REMARK_MAX_CHARS)
		throw new WeComInputError(`remark is ${chars(c.remark)} characters; WeCom allows ${CONTACT_WAY_REMARK_MAX_CHARS}`);
	if (c.temp) {
		if (c.type !== 1) throw new WeComInputError('temporary sessions work with single-person codes only');
		for (const [k, v] of [
			['QR code validity', c.temp.expiresIn],
			['session validity', c.temp.chatExpiresIn],
		] as const) {
			if (v !== undefined && (v < 1 || v > CONTACT_WAY_TEMP_MAX_SECONDS))
				throw new WeComInputError(`${k} is ${v} seconds; WeCom allows 1 to ${CONTACT_WAY_TEMP_MAX_SECONDS} (14 days)`);
		}
		const a = c.temp.conclusions?.attachment;
		if (a && !['image', 'link', 'miniprogram'].includes(a.type))
			throw new WeComInputError('conclusions take an image, a link or a mini program, not a file or video');
		if (a) checkAttachment(a, 1);
	}
}

async function body(client: WeComClient, c: ContactWayInput): Promise<Record<string, unknown>> {
	const conclusions: Record<string, unknown> = {};
	if (c.temp?.conclusions?.text?.trim()) conclusions.text = { content: c.temp.conclusions.text };
	if (c.temp?.conclusions?.attachment) {
		const a = await toWeComAttachment(client, c.temp.conclusions.attachment);
		conclusions[String(a.msgtype)] = a[String(a.msgtype)];
	}
	return {
		type: c.type,
		scene: c.scene,
		...(c.scene === 1 && c.style !== undefined ? { style: c.style } : {}),
		...(c.remark ? { remark: c.remark } : {}),
		skip_verify: c.skipVerify,
		...(c.state ? { state: c.state } : {}),
		...(c.users.length ? { user: c.users } : {}),
		...(c.type === 2 && c.parties.length ? { party: c.parties } : {}),
		...(c.temp
			? {
					is_temp: true,
					...(c.temp.expiresIn ? { expires_in: c.temp.expiresIn } : {}),
					...(c.temp.chatExpiresIn ? { chat_expires_in: c.temp.chatExpiresIn } : {}),
					...(Object.keys(conclusions).length ? { conclusions } : {}),
				}
			: {}),
	};
}

/** The contact way with its staff named (`staff: [{userid, name}]`) when the address book is readable. */
async function named(client: WeComClient, way: Record<string, unknown>): Promise<Record<string, unknown>> {
	const users = (way.user as string[] | undefined) ?? [];
	if (!users.length) return way;
	const listed = await outcomeOf(() => listStaff(client, 'customerContact'));
	if (!listed.ok) {
		if (listed.error instanceof WeComApiError) return way; // names are a courtesy; the code itself was read
		throw listed.error;
	}
	const names = new Map(listed.value.staff.map((s) => [s.userid, s.name]));
	return { ...way, staff: users.map((userid) => (names.get(userid) ? { userid, name: names.get(userid) } : { userid })) };
}

export async function getContactWay(
	client: WeComClient,
	configId: string,
	o: { withNames?: boolean } = {},
): Promise<Record<string, unknown>> {
	const res = await client.post<{ contact_way: Record<string, unknown> }>('/cgi-bin/externalcontact/get_contact_way', {
		config_id: configId,
	});
	return o.withNames === false ? res.contact_way : named(client, res.contact_way);
}

/** Creates the code and reads it back, so the caller gets the QR code URL and the staff names at once. */
export async function createContactWay(client: WeComClient, c: ContactWayInput): Promise<Record<string, unknown>> {
	checkContactWay(c);
	const res = await client.post<{ config_id: string; qr_code?: string }>('/cgi-bin/externalcontact/add_contact_way', await body(client, c));
	return getContactWay(client, String(res.config_id));
}

/**
 * update_contact_way takes the fields to change (type and scene cannot change). The current code
 * is read first so the merged configuration is checked as a whole before anything is sent.
 */
export async function updateContactWay(
	client: WeComClient,
	configId: string,
	changes: Partial<Omit<ContactWayInput, 'type' | 'scene'>>,
): Promise<Record<string, unknown>> {
	const cur = await getContactWay(client, configId, { withNames: false });
	const merged: ContactWayInput = {
		type: Number(cur.type) === 2 ? 2 : 1,
		scene: Number(cur.scene) === 1 ? 1 : 2,
		style: changes.style ?? (cur.style !== undefined ? Number(cur.style) : undefined),
		remark: changes.remark ?? (cur.remark as string | undefined),
		skipVerify: changes.skipVerify ?? cur.skip_verify !== false,
		state: changes.state ?? (cur.state as string | undefined),
		users: changes.users ?? (cur.user as string[] | undefined) ?? [],
		parties: changes.parties ?? ((cur.party as Array<number | string> | undefined) ?? []).map(Number),
		temp: changes.temp ?? (cur.is_temp ? {} : undefined),
	};
	checkContactWay(merged);
	// type and scene cannot change: update_contact_way does not take them.
	const rest = Object.fromEntries(Object.entries(await body(client, merged)).filter(([k]) => k !== 'type' && k !== 'scene'));
	await client.post('/cgi-bin/externalcontact/update_contact_way', { config_id: configId, ...rest });
	return getContactWay(client, configId);
}

export async function deleteContactWay(client: WeComClient, configId: string): Promise<{ config_id: string; deleted: true }> {
	await client.post('/cgi-bin/externalcontact/del_contact_way', { config_id: configId });
	return { config_id: configId, deleted: true };
}

/**
 * list_contact_way: the codes created through the API in a time range (at most 90 days; WeCom's
 * default is the last 90 days), paged by cursor. With `details`, each code is read (get_contact_way)
 * so the output names its state, staff and QR code.
 */
export async function listContactWays(
	client: WeComClient,
	o: { startTime?: number; endTime?: number; limit?: number; details?: boolean },
): Promise<Array<Record<string, unknown>>> {
	if (o.startTime !== undefined && o.endTime !== undefined) {
		if (o.endTime < o.startTime) throw new WeComInputError('the end of the time range is before its start');
		if (o.endTime - o.startTime > CONTACT_WAY_LIST_RANGE_MAX_DAYS * 86400)
			throw new WeComInputError(`the time range is over ${CONTACT_WAY_LIST_RANGE_MAX_DAYS} days; WeCom lists at most 90 days at a time`);
	}
	const want = o.limit ?? Infinity;
	const ids: string[] = [];
	let cursor = '';
	do {
		const res = await client.post<{ contact_way?: Array<{ config_id: string }>; next_cursor?: string }>(
			'/cgi-bin/externalcontact/list_contact_way',
			{
				...(o.startTime !== undefined ? { start_time: o.startTime } : {}),
				...(o.endTime !== undefined ? { end_time: o.endTime } : {}),
				...(cursor ? { cursor } : {}),
				limit: Math.min(CONTACT_WAY_LIST_PAGE_MAX, Number.isFinite(want) ? want - ids.length : CONTACT_WAY_LIST_PAGE_MAX),
			},
		);
		for (const w of res.contact_way ?? []) if (ids.length < want) ids.push(String(w.config_id));
		cursor = res.next_cursor ?? '';
	} while (cursor && ids.length < want);
	if (!o.details) return ids.map((config_id) => ({ config_id }));
	const out: Array<Record<string, unknown>> = [];
	for (const id of ids) out.push(await getContactWay(client, id, { withNames: false }));
	return out;
}
