import { safeText } from '../intake/text';

/** How a message is delivered: the escaping of outside text depends on it. */
export type MessageChannel = 'sms' | 'email' | 'text';

export interface MessageWording {
	/** The message, with {placeholders}. */
	text: string;
	/** Email subject, with {placeholders}. */
	subject?: string;
	/** The SMS template's parameters, in order: a comma-separated list such as "{name},{title},{link}". */
	smsParams?: string;
}

export interface MessageValues {
	/** The person's name as they typed it (text from outside): cleaned before it is placed. */
	name: unknown;
	nameFallback: string;
	maxNameLength: number;
	/** The company's own values ({title}, {time}, links): placed as they are. */
	values: Record<string, string>;
}

export interface ComposedMessage {
	text: string;
	subject: string;
	sms_params: string[];
}

export class PlaceholderError extends Error {}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;
// In an SMS, 【…】 is the sender's signature: a name must not be able to fake one.
const SMS_SIGNATURE = /[【】〖〗[\]]/g;

/** A name from outside, safe to place in the company's message on this channel. */
export function safeName(raw: unknown, channel: MessageChannel, maxLength: number, fallback: string): string {
	const cleaned = safeText(raw, maxLength);
	const name = channel === 'sms' ? safeText(cleaned.replace(SMS_SIGNATURE, ' '), maxLength) : cleaned;
	return name || fallback;
}

/** Replaces each {placeholder}; a placeholder without a value is an error naming the field. */
export function fillPlaceholders(template: string, values: Record<string, string>, field: string): string {
	const unknown = new Set<string>();
	const out = String(template ?? '').replace(PLACEHOLDER, (whole, key: string) => {
		if (Object.prototype.hasOwnProperty.call(values, key)) return values[key];
		unknown.add(key);
		return whole;
	});
	if (unknown.size)
		throw new PlaceholderError(
			`${field} uses ${[...unknown].map((k) => `{${k}}`).join(', ')}, which has no value (known: ${Object.keys(values)
				.map((k) => `{${k}}`)
				.join(', ')})`,
		);
	return out;
}

/** Fills the wording for one person: {name} from outside (cleaned), every other value the company's. */
export function composeMessage(wording: MessageWording, channel: MessageChannel, v: MessageValues): ComposedMessage {
	if (!String(wording.text ?? '').trim()) throw new PlaceholderError('Text is empty');
	const values = { ...v.values, name: safeName(v.name, channel, v.maxNameLength, v.nameFallback) };
	const params = String(wording.smsParams ?? '')
		.split(/[,，]/)
		.map((p) => p.trim())
		.filter(Boolean);
	return {
		text: fillPlaceholders(wording.text, values, 'Text'),
		subject: fillPlaceholders(wording.subject ?? '', values, 'Subject'),
		sms_params: params.map((p) => fillPlaceholders(p, values, 'SMS Template Parameters')),
	};
}
