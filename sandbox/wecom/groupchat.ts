import type { Router } from '../core/router';
import type { WeComEmulator } from './emulator';
import { err, ok } from './emulator';

/** Customer groups (客户群): list with cursor pagination, and details. */
export function registerGroupChat(router: Router, wecom: WeComEmulator): void {
	router.post('/cgi-bin/externalcontact/groupchat/list', (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const b = req.body ?? {};
		const limit = Number(b.limit);
		if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return err(40058, 'invalid limit, must be 1-1000');
		const owners: string[] | undefined = b.owner_filter?.userid_list;
		if (owners && owners.length > 100) return err(40058, 'owner_filter.userid_list exceeds 100');
		const status = Number(b.status_filter ?? 0);
		let list = wecom.groups.filter((g) => (status === 0 ? g.status === 0 : g.status !== 0));
		if (owners?.length) list = list.filter((g) => owners.includes(g.owner));
		const start = b.cursor ? Number(Buffer.from(String(b.cursor), 'base64url').toString()) : 0;
		if (!Number.isInteger(start) || start < 0) return err(40058, 'invalid cursor');
		const page = list.slice(start, start + limit);
		const next = start + limit < list.length ? Buffer.from(String(start + limit)).toString('base64url') : '';
		return ok({ group_chat_list: page.map((g) => ({ chat_id: g.chat_id, status: g.status })), next_cursor: next });
	});

	router.post('/cgi-bin/externalcontact/groupchat/get', (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const g = wecom.findGroup(String(req.body?.chat_id ?? ''));
		if (!g) return err(701008, 'invalid chat_id');
		const needName = Number(req.body?.need_name ?? 0) === 1;
		return ok({
			group_chat: {
				chat_id: g.chat_id,
				name: g.name,
				owner: g.owner,
				create_time: g.create_time,
				notice: g.notice,
				member_list: g.member_list.map(({ name, ...m }) => (needName ? { ...m, name } : m)),
				admin_list: g.admin_list,
				member_version: `v${g.member_list.length}`,
			},
		});
	});
}
