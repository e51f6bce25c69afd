import type { Router } from '../core/router';
import type { WeComEmulator } from './emulator';
import { err, ok } from './answers';

/** Cursors are opaque to clients; here they encode an offset. */
export const encodeCursor = (n: number) => Buffer.from(`o${n}`).toString('base64url');
export function decodeCursor(c: unknown): number | undefined {
	if (!c) return 0;
	const m = /^o(\d+)$/.exec(Buffer.from(String(c), 'base64url').toString());
	return m ? Number(m[1]) : undefined;
}

/** Customer groups (客户群): list with cursor pagination, details, and owner transfer. */
export function registerGroupChat(router: Router, wecom: WeComEmulator): void {
	router.post('/cgi-bin/externalcontact/groupchat/list', (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const b = req.body ?? {};
		const limit = Number(b.limit);
		if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return err(40058, 'invalid limit, must be 1-1000');
		const owners: string[] | undefined = b.owner_filter?.userid_list;
		if (owners && owners.length > 100) return err(40058, 'owner_filter.userid_list exceeds 100');
		// 0: every group (no filter); 1 owner left awaiting transfer; 2 transfer in progress; 3 transferred.
		const status = Number(b.status_filter ?? 0);
		if (![0, 1, 2, 3].includes(status)) return err(40058, 'invalid status_filter');
		let list = wecom.groups.filter((g) => status === 0 || g.status === status);
		if (owners?.length) list = list.filter((g) => owners.includes(g.owner));
		const start = decodeCursor(b.cursor);
		if (start === undefined) return err(40058, 'invalid cursor');
		const page = list.slice(start, start + limit);
		const next = start + limit < list.length ? encodeCursor(start + limit) : '';
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

	// transfer: groups of staff who left (status 1); onjob_transfer: groups of current staff.
	for (const [path, resigned] of [
		['/cgi-bin/externalcontact/groupchat/transfer', true],
		['/cgi-bin/externalcontact/groupchat/onjob_transfer', false],
	] as const) {
		router.post(path, (req) => {
			const denied = wecom.authorize(req);
			if (denied) return denied;
			const ids: unknown = req.body?.chat_id_list;
			const newOwner = String(req.body?.new_owner ?? '');
			if (!Array.isArray(ids) || ids.length < 1 || ids.length > 100) return err(40058, 'chat_id_list must hold 1-100 chat ids');
			if (!wecom.isStaff(newOwner)) return err(40003, 'invalid new_owner userid');
			const failed: Array<{ chat_id: string; errcode: number; errmsg: string }> = [];
			for (const id of ids.map(String)) {
				const g = wecom.findGroup(id);
				if (!g) failed.push({ chat_id: id, errcode: 90501, errmsg: 'chat is not external group chat' });
				else if (resigned && g.status !== 1) failed.push({ chat_id: id, errcode: 90500, errmsg: 'the owner of this chat is not resigned' });
				else {
					g.owner = newOwner;
					if (resigned) g.status = 3;
				}
			}
			return ok({ failed_chat_list: failed });
		});
	}
}
