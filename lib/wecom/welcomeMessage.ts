import type { WeComClient } from './client';
import type { AttachmentInput } from './attachments';
import { checkAttachment, toWeComAttachment } from './attachments';
import { utf8Bytes } from '../common/bytes';
import { outcomeOf } from '../common/outcome';
import { WeComApiError } from './errors';
import { WeComInputError } from './inputError';

/**
 * Welcome messages to a new customer (externalcontact/send_welcome_msg). The add_external_contact
 * callback carries a WelcomeCode only when no welcome is configured in the admin console for that
 * staff member; WeCom accepts it once, within 20 seconds of the event. When several apps get the
 * code, only the first call succeeds; later ones are refused with 41051 (WeCom's 发送新客户欢迎语
 * page). Text and attachments may go together (several messages); at most 9 attachments.
 */
export const WELCOME_WINDOW_SECONDS = 20;
export const WELCOME_ATTACHMENTS_MAX = 9;
/** Best guess from WeCom's page: text.content up to 4000 bytes. */
export const WELCOME_MESSAGE_TEXT_MAX_BYTES = 4000;
/** WeCom's answer when the code was already used (by this or another app). */
export const WELCOME_CODE_SPENT = 41051;

export interface WelcomeMessageInput {
	welcomeCode: string;
	text?: string;
	attachments: AttachmentInput[];
	/** When the add_external_contact event happened (unix seconds, the trigger's createTime). */
	eventTime?: number;
}

/** The code can no longer be used: the 20-second window passed, or it was used already. */
export class WelcomeWindowError extends Error {
	constructor(
		message: string,
		readonly reason: 'late' | 'spent',
		readonly ageSeconds?: number,
	) {
		super(message);
		this.name = 'WelcomeWindowError';
	}
}

export function checkWelcomeMessage(w: WelcomeMessageInput): void {
	if (!w.welcomeCode.trim()) throw new WeComInputError('the welcome code is empty (map it from the WeCom Trigger: welcomeCode)');
	if (!w.text?.trim() && !w.attachments.length) throw new WeComInputError('a welcome message needs text or an attachment');
	if (w.text && utf8Bytes(w.text) > WELCOME_MESSAGE_TEXT_MAX_BYTES)
		throw new WeComInputError(
			`the text is ${utf8Bytes(w.text)} bytes; WeCom allows ${WELCOME_MESSAGE_TEXT_MAX_BYTES} for a welcome message`,
		);
	if (w.attachments.length > WELCOME_ATTACHMENTS_MAX)
		throw new WeComInputError(`${w.attachments.length} attachments; WeCom allows ${WELCOME_ATTACHMENTS_MAX} per welcome message`);
	w.attachments.forEach((a, n) => checkAttachment(a, n + 1));
}

/** Seconds since the event, or undefined without an event time. */
export function welcomeAge(eventTime: number | undefined, nowMs: number): number | undefined {
	return eventTime === undefined || !Number.isFinite(eventTime) ? undefined : Math.max(0, Math.floor(nowMs / 1000) - eventTime);
}

/**
 * Sends the welcome. A code whose event is already older than the window is not sent (the call
 * could only fail and the answer would come too late anyway); WeCom's own refusal of a spent or
 * expired code (41051) becomes the same WelcomeWindowError.
 */
export async function sendWelcomeMessage(
	client: WeComClient,
	w: WelcomeMessageInput,
	nowMs: number = Date.now(),
): Promise<Record<string, unknown>> {
	checkWelcomeMessage(w);
	const age = welcomeAge(w.eventTime, nowMs);
	if (age !== undefined && age > WELCOME_WINDOW_SECONDS) {
		throw new WelcomeWindowError(
			`the welcome code arrived ${age} s after the customer was added; WeCom accepts it only within ${WELCOME_WINDOW_SECONDS} s, so nothing was sent`,
			'late',
			age,
		);
	}
	const attachments: Array<Record<string, unknown>> = [];
	for (const a of w.attachments) attachments.push(await toWeComAttachment(client, a));
	const sent = await outcomeOf(() =>
		client.post('/cgi-bin/externalcontact/send_welcome_msg', {
			welcome_code: w.welcomeCode,
			...(w.text?.trim() ? { text: { content: w.text } } : {}),
			...(attachments.length ? { attachments } : {}),
		}),
	);
	if (!sent.ok && sent.error instanceof WeComApiError && sent.error.errcode === WELCOME_CODE_SPENT)
		throw new WelcomeWindowError(
			`WeCom refused the welcome code (41051): it was already used (by this or another app) or its ${WELCOME_WINDOW_SECONDS}-second window passed${age !== undefined ? ` (${age} s after the event)` : ''}`,
			'spent',
			age,
		);
	if (!sent.ok) throw sent.error;
	return {
		sent: true,
		...(age !== undefined ? { ageSeconds: age } : {}),
		...(w.text?.trim() ? { text: w.text } : {}),
		attachments: attachments.map((a) => a.msgtype),
	};
}
