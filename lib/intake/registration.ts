import { DateTime } from 'luxon';
import { normalizePhone } from './signup';
import { safeText } from './text';

/** What a live-stream registration form is checked against. */
export interface RegistrationRules {
	/** The event this form registers for; a post naming another event is refused. */
	eventId: string;
	/** IANA zone of the day a registration counts for (repeats and limits are per day). */
	timezone: string;
	maxNameLength: number;
}

export interface RegistrationRequest {
	body: Record<string, unknown>;
	clientIp?: string;
	/** ISO time or epoch ms; defaults to now. */
	now?: string | number;
}

export type Channel = 'sms' | 'email';

export interface CheckedRegistration {
	valid: boolean;
	errors: string[];
	event_id: string;
	/** The person's key in the audience table: the phone, else the email. Never the caller's choice. */
	person_id: string;
	name: string;
	phone: string;
	email: string;
	channel: Channel;
	registered_at: string;
	/** Repeat key: the same event, phone and email on the same day is one registration. */
	key: string;
	day: string;
	phoneDay: string;
	emailDay: string;
	ipDay: string;
	clientIp: string;
	/** Fields that carried links or markup or were cut to length. */
	cleaned: string[];
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

/** The channel the person asked for when they can be reached on it, otherwise the one they can. */
export function reachableChannel(preferred: unknown, phone: string, email: string): Channel {
	const asked = preferred === 'email' || preferred === 'sms' ? preferred : phone ? 'sms' : 'email';
	if (asked === 'sms' && !phone && email) return 'email';
	if (asked === 'email' && !email && phone) return 'sms';
	return asked;
}

/** Checks a registration posted by the live-stream page and shapes it for the intake and audience tables. */
export function checkRegistration(req: RegistrationRequest, rules: RegistrationRules): CheckedRegistration {
	const b = req.body ?? {};
	const name = safeText(b.name, rules.maxNameLength);
	const cleaned = name !== str(b.name) && str(b.name) ? ['name'] : [];
	const phone = normalizePhone(b.phone);
	const email = str(b.email).toLowerCase();
	// A posted event ID is only compared, never stored: cleaned so the error cannot carry markup or links.
	const eventId = str(b.event_id) ? safeText(b.event_id, 64) : rules.eventId;

	const errors: string[] = [];
	if (!name) errors.push('name is required');
	if (!phone && !email) errors.push('phone or email is required');
	if (phone && !/^1[3-9]\d{9}$/.test(phone)) errors.push('phone must be a mainland China mobile number');
	if (email && (email.length > 254 || !/^[^@\s<>()"',;:]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/.test(email)))
		errors.push('email is not a valid address');
	if (eventId !== rules.eventId) errors.push(`unknown event ${eventId}`);

	const now =
		req.now === undefined ? DateTime.now() : typeof req.now === 'number' ? DateTime.fromMillis(req.now) : DateTime.fromISO(req.now);
	const at = now.setZone(rules.timezone);
	const day = at.toFormat('yyyy-MM-dd');
	const clientIp = str(req.clientIp).split(',')[0].trim().slice(0, 64);
	return {
		valid: errors.length === 0,
		errors,
		event_id: rules.eventId,
		person_id: phone || email,
		name,
		phone,
		email,
		channel: reachableChannel(b.channel, phone, email),
		registered_at: at.toISO()!,
		key: `${rules.eventId}|${phone}|${email}|${day}`,
		day,
		phoneDay: phone ? `${phone}|${day}` : '',
		emailDay: email ? `${email}|${day}` : '',
		ipDay: clientIp ? `${clientIp}|${day}` : '',
		clientIp,
		cleaned,
	};
}
