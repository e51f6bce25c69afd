import { randomBytes } from 'crypto';
import type { Router } from '../core/router';
import type { WeComEmulator } from './emulator';
import { err, ok } from './answers';
import { checkAttachment } from './attachments';

export interface ContactWay {
	config_id: string;
	type: number;
	scene: number;
	style?: number;
	remark?: string;
	skip_verify: boolean;
	state?: string;
	user?: string[];
	party?: number[];
	is_temp?: boolean;
	expires_in?: number;
	chat_expires_in?: number;
	conclusions?: Record<string, unknown>;
	qr_code?: string;
	/** Not in WeCom's answer: when it was created (list_contact_way filters on it). */
	created_at: number;
}

const FOURTEEN_DAYS = 14 * 86400;
const NINETY_DAYS = 90 * 86400;
/** Best guess (see lib/wecom/contactWay.ts): members of a multi-person code. */
const USERS_MAX = 100;
const cut30 = (s: unknown) => [...String(s)].slice(0, 30).join('');

type Parsed = { error: ReturnType<typeof err> } | { way: Omit<ContactWay, 'config_id' | 'created_at' | 'qr_code'> };

/** Validates add/update bodies like WeCom; `cur` is the stored code on update (type and scene cannot change). */
function parse(wecom: WeComEmulator, b: any, cur?: ContactWay): Parsed {
	const type = cur ? cur.type : Number(b?.type);
	const scene = cur ? cur.scene : Number(b?.scene);
	if (type !== 1 && type !== 2) return { error: err(40058, 'type must be 1 or 2') };
	if (scene !== 1 && scene !== 2) return { error: err(40058, 'scene must be 1 or 2') };
	const user: string[] = Array.isArray(b?.user) ? b.user.map(String) : cur && b?.user === undefined ? (cur.user ?? []) : [];
	const party: number[] = Array.isArray(b?.party) ? b.party.map(Number) : cur && b?.party === undefined ? (cur.party ?? []) : [];
	if (type === 1 && user.length !== 1) return { error: err(40058, 'user must hold exactly one userid when type is 1') };
	if (type === 2 && !user.length && !party.length) return { error: err(40058, 'user or party is required when type is 2') };
	if (user.length > USERS_MAX) return { error: err(40058, `user holds more than ${USERS_MAX} userids`) };
	const unknown = user.find((u) => !wecom.isStaff(u));
	if (unknown) return { error: err(40003, `invalid userid ${unknown}`) };
	const style = b?.style !== undefined ? Number(b.style) : cur?.style;
	if (style !== undefined && (style < 1 || style > (type === 1 ? 3 : 2))) return { error: err(40058, 'invalid style') };
	const isTemp = b?.is_temp !== undefined ? Boolean(b.is_temp) : Boolean(cur?.is_temp);
	if (isTemp && type !== 1) return { error: err(40058, 'is_temp is only allowed when type is 1') };
	for (const k of ['expires_in', 'chat_expires_in'] as const) {
		if (b?.[k] !== undefined && !(Number(b[k]) >= 1 && Number(b[k]) <= FOURTEEN_DAYS)) return { error: err(40058, `invalid ${k}`) };
	}
	const conclusions = b?.conclusions ?? cur?.conclusions;
	if (conclusions !== undefined) {
		if (!isTemp) return { error: err(40058, 'conclusions are only allowed when is_temp is true') };
		for (const k of ['image', 'link', 'miniprogram']) {
			if (conclusions[k] === undefined) continue;
			const bad = checkAttachment(wecom, k, conclusions[k]);
			if (bad) return { error: bad };
		}
	}
	const pick = <T>(k: string, f: (v: unknown) => T, fallback: T | undefined) => (b?.[k] !== undefined ? f(b[k]) : fallback);
	// WeCom truncates remark and state silently; the emulator truncates the same way.
	const remark = pick('remark', cut30, cur?.remark);
	const state = pick('state', cut30, cur?.state);
	return {
		way: {
			type,
			scene,
			...(scene === 1 && style !== undefined ? { style } : {}),
			...(remark ? { remark } : {}),
			skip_verify: b?.skip_verify !== undefined ? Boolean(b.skip_verify) : (cur?.skip_verify ?? true),
			...(state ? { state } : {}),
			...(user.length ? { user } : {}),
			...(type === 2 && party.length ? { party } : {}),
			...(isTemp
				? {
						is_temp: true,
						expires_in: Number(pick('expires_in', Number, cur?.expires_in) ?? 7 * 86400),
						chat_expires_in: Number(pick('chat_expires_in', Number, cur?.chat_expires_in) ?? 86400),
						...(conclusions ? { conclusions } : {}),
					}
				: {}),
		},
	};
}

/** 客户联系「联系我」管理: add/get/list/update/del contact way. Scene 2 (QR code) gets a qr_code URL. */
export function registerContactWay(router: Router, wecom: WeComEmulator): void {
	const ways = () => wecom.store<ContactWay>('contactWays');
	const base = '/cgi-bin/externalcontact';
	const now = () => Math.floor(wecom.state.now() / 1000);

	router.post(`${base}/add_contact_way`, (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const p = parse(wecom, req.body);
		if ('error' in p) return p.error;
		const config_id = randomBytes(16).toString('hex');
		const qr_code = p.way.scene === 2 ? `https://wework.qpic.cn/wwpic/sandbox_contact_${config_id}/0` : undefined;
		ways().set(config_id, { config_id, ...p.way, ...(qr_code ? { qr_code } : {}), created_at: now() });
		return ok({ config_id, ...(qr_code ? { qr_code } : {}) });
	});

	router.post(`${base}/get_contact_way`, (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const way = ways().get(String(req.body?.config_id ?? ''));
		if (!way) return err(40058, 'invalid config_id');
		const { created_at: _c, ...contact_way } = way;
		return ok({ contact_way });
	});

	router.post(`${base}/list_contact_way`, (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const b = req.body ?? {};
		const end = b.end_time !== undefined ? Number(b.end_time) : now();
		const start = b.start_time !== undefined ? Number(b.start_time) : end - NINETY_DAYS;
		if (!(end >= start) || end - start > NINETY_DAYS) return err(40058, 'the time range must be at most 90 days');
		const limit = b.limit !== undefined ? Number(b.limit) : 100;
		if (!(limit >= 1 && limit <= 1000)) return err(40058, 'limit must be 1-1000');
		const all = [...ways().values()].filter((w) => w.created_at >= start && w.created_at <= end);
		const from = b.cursor ? Number(Buffer.from(String(b.cursor), 'base64url').toString()) : 0;
		if (!Number.isInteger(from) || from < 0) return err(40058, 'invalid cursor');
		const page = all.slice(from, from + limit);
		const next = from + limit < all.length ? Buffer.from(String(from + limit)).toString('base64url') : '';
		return ok({ contact_way: page.map((w) => ({ config_id: w.config_id })), ...(next ? { next_cursor: next } : {}) });
	});

	router.post(`${base}/update_contact_way`, (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const id = String(req.body?.config_id ?? '');
		const cur = ways().get(id);
		if (!cur) return err(40058, 'invalid config_id');
		const p = parse(wecom, req.body, cur);
		if ('error' in p) return p.error;
		ways().set(id, { config_id: id, ...p.way, ...(cur.qr_code ? { qr_code: cur.qr_code } : {}), created_at: cur.created_at });
		return ok();
	});

	router.post(`${base}/del_contact_way`, (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		if (!ways().delete(String(req.body?.config_id ?? ''))) return err(40058, 'invalid config_id');
		return ok();
	});
}
