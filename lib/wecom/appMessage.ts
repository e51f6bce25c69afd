import type { WeComClient } from './client';
import { splitByBytes, utf8Bytes } from '../common/bytes';
import { WeComInputError } from './inputError';

/** App messages (应用消息) and app-chat messages: text and markdown ≤2048 bytes; text card fields in bytes. */
export const APP_TEXT_MAX_BYTES = 2048;
export const APP_MARKDOWN_MAX_BYTES = 2048;
export const CARD_TITLE_MAX_BYTES = 128;
export const CARD_DESCRIPTION_MAX_BYTES = 512;
export const CARD_URL_MAX_BYTES = 2048;
export const CARD_BUTTON_MAX_CHARS = 4;
export const MAX_TO_USERS = 1000;
export const MAX_TO_PARTIES = 100;
export const MAX_TO_TAGS = 100;
/** enable_duplicate_check: WeCom's window is at most 4 hours. */
export const DUPLICATE_CHECK_MAX_SEC = 4 * 3600;

export interface AppContent {
	type: 'text' | 'markdown' | 'textcard';
	content?: string;
	oversize?: 'split' | 'error';
	card?: { title: string; description: string; url: string; buttonText?: string };
}

/** Message bodies (msgtype + content), split on line boundaries when allowed. */
export function appMessageBodies(c: AppContent): Array<Record<string, unknown>> {
	if (c.type === 'textcard') {
		const card = c.card;
		if (!card?.title || !card.description || !card.url) throw new WeComInputError('a text card needs a title, a description and a URL');
		if (utf8Bytes(card.title) > CARD_TITLE_MAX_BYTES) throw new WeComInputError(`the card title is over ${CARD_TITLE_MAX_BYTES} bytes`);
		if (utf8Bytes(card.description) > CARD_DESCRIPTION_MAX_BYTES)
			throw new WeComInputError(`the card description is over ${CARD_DESCRIPTION_MAX_BYTES} bytes`);
		if (!/^https?:\/\//i.test(card.url) || utf8Bytes(card.url) > CARD_URL_MAX_BYTES)
			throw new WeComInputError('the card URL must be an http(s) link of at most 2048 bytes');
		if (card.buttonText && [...card.buttonText].length > CARD_BUTTON_MAX_CHARS)
			throw new WeComInputError(`the button text is over ${CARD_BUTTON_MAX_CHARS} characters`);
		return [
			{
				msgtype: 'textcard',
				textcard: {
					title: card.title,
					description: card.description,
					url: card.url,
					...(card.buttonText ? { btntxt: card.buttonText } : {}),
				},
			},
		];
	}
	const content = c.content ?? '';
	if (!content.trim()) throw new WeComInputError('the content is empty');
	const limit = c.type === 'text' ? APP_TEXT_MAX_BYTES : APP_MARKDOWN_MAX_BYTES;
	const size = utf8Bytes(content);
	if (size > limit && c.oversize !== 'split') {
		throw new WeComInputError(
			`the content is ${size} bytes; WeCom allows ${limit} bytes for ${c.type} app messages. Shorten it or choose "Split Into Several Messages".`,
		);
	}
	return splitByBytes(content, limit).map((part) => ({ msgtype: c.type, [c.type]: { content: part } }));
}

export interface AppMessageInput extends AppContent {
	agentId: number;
	toUsers: string[];
	toParties: string[];
	toTags: string[];
	safe?: boolean;
	/** Seconds in which WeCom drops an identical message (0: off). */
	duplicateCheckSec?: number;
}

const bar = (s: string | undefined) => (s ? s.split('|').filter(Boolean) : []);

/**
 * message/send with the app's agentid. Unknown recipients do not fail the call: WeCom sends to
 * the rest and lists them (invaliduser/invalidparty/invalidtag/unlicenseduser).
 */
export async function sendAppMessage(client: WeComClient, m: AppMessageInput): Promise<Array<Record<string, unknown>>> {
	if (!m.agentId) throw new WeComInputError('the WeCom App credential has no Agent ID; app messages are sent by a self-built app');
	if (!m.toUsers.length && !m.toParties.length && !m.toTags.length)
		throw new WeComInputError('give at least one recipient (user, department or tag)');
	if (m.toUsers.length > MAX_TO_USERS) throw new WeComInputError(`WeCom takes at most ${MAX_TO_USERS} users per message`);
	if (m.toParties.length > MAX_TO_PARTIES) throw new WeComInputError(`WeCom takes at most ${MAX_TO_PARTIES} departments per message`);
	if (m.toTags.length > MAX_TO_TAGS) throw new WeComInputError(`WeCom takes at most ${MAX_TO_TAGS} tags per message`);
	const dup = Math.min(m.duplicateCheckSec ?? 0, DUPLICATE_CHECK_MAX_SEC);
	const out: Array<Record<string, unknown>> = [];
	const parts = appMessageBodies(m);
	for (const [n, part] of parts.entries()) {
		const res = await client.post<{
			msgid?: string;
			invaliduser?: string;
			invalidparty?: string;
			invalidtag?: string;
			unlicenseduser?: string;
		}>('/cgi-bin/message/send', {
			...(m.toUsers.length ? { touser: m.toUsers.join('|') } : {}),
			...(m.toParties.length ? { toparty: m.toParties.join('|') } : {}),
			...(m.toTags.length ? { totag: m.toTags.join('|') } : {}),
			agentid: m.agentId,
			...part,
			...(m.safe ? { safe: 1 } : {}),
			...(dup > 0 ? { enable_duplicate_check: 1, duplicate_check_interval: dup } : {}),
		});
		out.push({
			sent: true,
			msgid: res.msgid,
			messageType: m.type,
			part: n + 1,
			parts: parts.length,
			invalidUsers: bar(res.invaliduser),
			invalidParties: bar(res.invalidparty),
			invalidTags: bar(res.invalidtag),
			unlicensedUsers: bar(res.unlicenseduser),
		});
	}
	return out;
}
