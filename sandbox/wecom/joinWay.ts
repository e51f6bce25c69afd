import { randomBytes } from 'crypto';
import type { Router } from '../core/router';
import type { WeComEmulator } from './emulator';
import { err, ok } from './answers';

interface JoinWay {
	config_id: string;
	scene: number;
	remark?: string;
	auto_create_room: number;
	room_base_name?: string;
	room_base_id?: number;
	chat_id_list: string[];
	qr_code?: string;
	state?: string;
}

const chars = (s: unknown) => [...String(s ?? '')].length;

/** Validates add/update bodies like WeCom; returns an error response or the config fields. */
function parse(wecom: WeComEmulator, b: any): { error: ReturnType<typeof err> } | { way: Omit<JoinWay, 'config_id'> } {
	const scene = Number(b?.scene);
	if (scene !== 1 && scene !== 2) return { error: err(40058, 'scene must be 1 or 2') };
	const ids = b?.chat_id_list;
	if (!Array.isArray(ids) || ids.length < 1 || ids.length > 5) return { error: err(40058, 'chat_id_list must hold 1-5 chat ids') };
	const unknown = ids.find((id: unknown) => !wecom.findGroup(String(id)));
	if (unknown) return { error: err(701008, `invalid chat_id ${unknown}`) };
	const auto = b.auto_create_room === undefined ? 1 : Number(b.auto_create_room);
	// WeCom truncates remark, state and room_base_name silently; the emulator truncates the same way.
	return {
		way: {
			scene,
			...(b.remark !== undefined ? { remark: [...String(b.remark)].slice(0, 30).join('') } : {}),
			auto_create_room: auto,
			...(auto === 1 && b.room_base_name !== undefined ? { room_base_name: [...String(b.room_base_name)].slice(0, 40).join('') } : {}),
			...(auto === 1 && b.room_base_id !== undefined ? { room_base_id: Number(b.room_base_id) } : {}),
			chat_id_list: ids.map(String),
			...(b.state !== undefined && chars(b.state) ? { state: [...String(b.state)].slice(0, 30).join('') } : {}),
		},
	};
}

/** 客户群「加入群聊」管理: add/get/update/del join way. Scene 2 (QR code) gets a qr_code URL. */
export function registerJoinWay(router: Router, wecom: WeComEmulator): void {
	const ways = () => wecom.store<JoinWay>('joinWays');
	const base = '/cgi-bin/externalcontact/groupchat';

	router.post(`${base}/add_join_way`, (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const p = parse(wecom, req.body);
		if ('error' in p) return p.error;
		const config_id = randomBytes(16).toString('hex');
		ways().set(config_id, {
			config_id,
			...p.way,
			...(p.way.scene === 2 ? { qr_code: `https://wework.qpic.cn/wwpic/sandbox_${config_id}/0` } : {}),
		});
		return ok({ config_id });
	});

	router.post(`${base}/get_join_way`, (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const way = ways().get(String(req.body?.config_id ?? ''));
		if (!way) return err(40058, 'invalid config_id');
		return ok({ join_way: way });
	});

	router.post(`${base}/update_join_way`, (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const id = String(req.body?.config_id ?? '');
		const cur = ways().get(id);
		if (!cur) return err(40058, 'invalid config_id');
		const p = parse(wecom, req.body);
		if ('error' in p) return p.error;
		// The whole configuration is replaced: omitted optional fields are cleared.
		ways().set(id, {
			config_id: id,
			...p.way,
			...(p.way.scene === 2 ? { qr_code: cur.qr_code ?? `https://wework.qpic.cn/wwpic/sandbox_${id}/0` } : {}),
		});
		return ok();
	});

	router.post(`${base}/del_join_way`, (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		if (!ways().delete(String(req.body?.config_id ?? ''))) return err(40058, 'invalid config_id');
		return ok();
	});
}
