import { randomBytes } from 'crypto';
import type { Router } from '../core/router';
import type { WeComEmulator } from './emulator';
import type { ContactWay } from './contactWay';
import { err, ok } from './answers';
import { checkAttachment } from './attachments';

/** A welcome code handed out with an add_external_contact event. */
export interface WelcomeCode {
	code: string;
	userid: string;
	external_userid: string;
	state?: string;
	/** Sandbox clock, ms. */
	issued_at: number;
	used_at?: number;
	/** What was sent with it (for tests: what the customer received, and when). */
	sent?: Record<string, unknown>;
}

/** WeCom accepts a welcome code within 20 seconds of the event, once. */
export const WELCOME_WINDOW_MS = 20_000;
const KINDS = ['image', 'link', 'miniprogram', 'video', 'file'];

/**
 * 发送新客户欢迎语 (send_welcome_msg) and the client action that produces welcome codes: a customer
 * adds a staff member through a contact-me code. WeCom documents 41051 for a code already used (by
 * this or another app); it names no separate code for an expired one, so the emulator answers 41051
 * after the window too (best guess). An unknown code answers 40058 (best guess).
 */
export function registerWelcomeMessage(router: Router, wecom: WeComEmulator): void {
	const codes = () => wecom.store<WelcomeCode>('welcomeCodes');

	router.post('/cgi-bin/externalcontact/send_welcome_msg', (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const b = req.body ?? {};
		const c = codes().get(String(b.welcome_code ?? ''));
		if (!c) return err(40058, 'invalid welcome_code');
		if (c.used_at !== undefined) return err(41051, 'externaluser has started chatting');
		if (wecom.state.now() - c.issued_at > WELCOME_WINDOW_MS) return err(41051, 'externaluser has started chatting');
		const attachments: any[] = Array.isArray(b.attachments) ? b.attachments : [];
		if (!b.text?.content && !attachments.length) return err(40058, 'text and attachments cannot both be empty');
		if (Buffer.byteLength(String(b.text?.content ?? ''), 'utf8') > 4000) return err(45002, 'text.content exceeds 4000 bytes');
		if (attachments.length > 9) return err(40058, 'at most 9 attachments');
		for (const a of attachments) {
			if (!KINDS.includes(a?.msgtype)) return err(40008, 'invalid attachment msgtype');
			const bad = checkAttachment(wecom, a.msgtype, a[a.msgtype]);
			if (bad) return bad;
		}
		c.used_at = wecom.state.now();
		c.sent = { ...(b.text?.content ? { text: b.text } : {}), ...(attachments.length ? { attachments } : {}) };
		return ok();
	});

	// Control routes (never part of WeCom's API): a customer scans a contact-me code and adds the
	// staff member; the answer holds the add_external_contact event's fields, WelcomeCode included.
	router.post('/_sandbox/wecom/contact-way/scan', (req) => {
		const b = req.body ?? {};
		const way = wecom.store<ContactWay>('contactWays').get(String(b.config_id ?? ''));
		if (!way) return { status: 404, json: { error: `no contact way ${b.config_id}` } };
		const ext = String(b.external_userid ?? '');
		if (!ext) return { status: 400, json: { error: 'external_userid is required' } };
		const staff = way.user?.[0];
		if (!staff) return { status: 409, json: { error: 'the contact way has no staff member' } };
		const nowMs = wecom.state.now();
		let customer = wecom.customers.find((c) => c.external_userid === ext);
		if (!customer) {
			customer = { external_userid: ext, name: String(b.name ?? ext), type: 1, gender: 0, avatar: '', follow: [] };
			wecom.customers.push(customer);
		}
		customer.follow = customer.follow.filter((f) => f.userid !== staff);
		customer.follow.push({
			userid: staff,
			remark: '',
			description: '',
			createtime: Math.floor(nowMs / 1000),
			tag_id: [],
			remark_mobiles: [],
			oper_userid: ext,
			add_way: 1,
			...(way.state ? { state: way.state } : {}),
		});
		const code = `WELCOME-${randomBytes(12).toString('hex')}`;
		codes().set(code, { code, userid: staff, external_userid: ext, ...(way.state ? { state: way.state } : {}), issued_at: nowMs });
		return {
			json: {
				UserID: staff,
				ExternalUserID: ext,
				State: way.state ?? '',
				WelcomeCode: code,
				CreateTime: Math.floor(nowMs / 1000),
			},
		};
	});

	router.get('/_sandbox/wecom/welcome-codes', () => ({ json: [...codes().values()] }));
}
