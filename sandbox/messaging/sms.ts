import { randomUUID } from 'crypto';
import type { Router } from '../core/router';
import type { SandboxState } from '../core/state';
import type { Emulator } from '../core/emulator';

export interface SmsMessage {
	at: number;
	phone: string;
	templateId: string;
	params: Record<string, unknown> | unknown[];
	signName?: string;
	text?: string;
}

const PHONE = /^\+?\d{6,15}$/;

/**
 * A generic SMS gateway (POST /sms/send) standing in for Tencent Cloud or Aliyun SMS, which need
 * request signing that a template's HTTP step delegates to a relay. Accepts one or many numbers.
 */
export class SmsEmulator implements Emulator {
	messages: SmsMessage[] = [];
	constructor(private readonly state: SandboxState) {}

	reset(): void {
		this.messages = [];
	}

	register(router: Router): void {
		router.post('/sms/send', (req) => {
			const b = req.body ?? {};
			const phones: string[] = Array.isArray(b.phoneNumbers) ? b.phoneNumbers.map(String) : b.phone ? [String(b.phone)] : [];
			if (!phones.length) return { status: 400, json: { code: 'MissingPhoneNumbers', message: 'phone or phoneNumbers is required' } };
			const bad = phones.find((p) => !PHONE.test(p.replace(/[\s-]/g, '')));
			if (bad) return { status: 400, json: { code: 'InvalidPhoneNumber', message: `invalid phone number: ${bad}` } };
			if (!b.templateId && !b.text) return { status: 400, json: { code: 'MissingTemplate', message: 'templateId or text is required' } };
			for (const phone of phones) {
				this.messages.push({
					at: this.state.now(),
					phone,
					templateId: String(b.templateId ?? ''),
					params: b.templateParams ?? b.params ?? {},
					signName: b.signName,
					text: b.text,
				});
			}
			return { json: { code: 'OK', message: 'OK', requestId: randomUUID(), sent: phones.length } };
		});
		router.get('/_sandbox/sms', () => ({ json: this.messages }));
	}
}
