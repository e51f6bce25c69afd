import type { WeComClient } from './client';
import type { AppContent } from './appMessage';
import { appMessageBodies } from './appMessage';
import { WeComInputError } from './inputError';

/**
 * App chats (群聊会话): internal staff groups created by a self-built app whose visible range is the
 * root department. 2–2000 members, name ≤50 characters, chat ID ≤32 letters/digits; at most 1000
 * new chats per corp per day. Only chats the app created can be changed or messaged.
 */
export const APPCHAT_MIN_MEMBERS = 2;
export const APPCHAT_MAX_MEMBERS = 2000;
export const APPCHAT_NAME_MAX_CHARS = 50;

const chars = (s: string) => [...s].length;

export async function createAppChat(
	client: WeComClient,
	o: { name?: string; owner?: string; userIds: string[]; chatId?: string },
): Promise<{ chatid: string }> {
	const users = [...new Set(o.userIds)];
	if (users.length < APPCHAT_MIN_MEMBERS || users.length > APPCHAT_MAX_MEMBERS) {
		throw new WeComInputError(`an app chat has ${APPCHAT_MIN_MEMBERS} to ${APPCHAT_MAX_MEMBERS} members, got ${users.length}`);
	}
	if (o.name && chars(o.name) > APPCHAT_NAME_MAX_CHARS)
		throw new WeComInputError(`the chat name is over ${APPCHAT_NAME_MAX_CHARS} characters`);
	if (o.chatId && !/^[0-9a-zA-Z]{1,32}$/.test(o.chatId)) throw new WeComInputError('the chat ID must be 1 to 32 letters or digits');
	if (o.owner && !users.includes(o.owner)) throw new WeComInputError('the owner must be one of the members');
	const res = await client.post<{ chatid: string }>('/cgi-bin/appchat/create', {
		...(o.name ? { name: o.name } : {}),
		...(o.owner ? { owner: o.owner } : {}),
		userlist: users,
		...(o.chatId ? { chatid: o.chatId } : {}),
	});
	return { chatid: String(res.chatid) };
}

/** Renames, changes the owner, adds and removes members in one call. */
export async function updateAppChat(
	client: WeComClient,
	o: { chatId: string; name?: string; owner?: string; addUserIds?: string[]; removeUserIds?: string[] },
): Promise<Record<string, unknown>> {
	if (!o.chatId) throw new WeComInputError('the chat ID is empty');
	if (!o.name && !o.owner && !o.addUserIds?.length && !o.removeUserIds?.length) throw new WeComInputError('nothing to change');
	if (o.name && chars(o.name) > APPCHAT_NAME_MAX_CHARS)
		throw new WeComInputError(`the chat name is over ${APPCHAT_NAME_MAX_CHARS} characters`);
	await client.post('/cgi-bin/appchat/update', {
		chatid: o.chatId,
		...(o.name ? { name: o.name } : {}),
		...(o.owner ? { owner: o.owner } : {}),
		...(o.addUserIds?.length ? { add_user_list: o.addUserIds } : {}),
		...(o.removeUserIds?.length ? { del_user_list: o.removeUserIds } : {}),
	});
	return getAppChat(client, o.chatId);
}

export async function getAppChat(client: WeComClient, chatId: string): Promise<Record<string, unknown>> {
	const res = await client.get<{ chat_info: Record<string, unknown> }>('/cgi-bin/appchat/get', { chatid: chatId });
	return res.chat_info;
}

export async function sendToAppChat(
	client: WeComClient,
	chatId: string,
	c: AppContent & { safe?: boolean },
): Promise<Array<Record<string, unknown>>> {
	if (!chatId) throw new WeComInputError('the chat ID is empty');
	const parts = appMessageBodies(c);
	for (const part of parts) await client.post('/cgi-bin/appchat/send', { chatid: chatId, ...part, ...(c.safe ? { safe: 1 } : {}) });
	return parts.map((_p, n) => ({ sent: true, chatid: chatId, messageType: c.type, part: n + 1, parts: parts.length }));
}
