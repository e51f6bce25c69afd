import type { Router } from '../core/router';
import type { Customer, CustomerFollow } from './data';
import type { WeComEmulator } from './emulator';
import { err, ok } from './answers';
import { decodeCursor, encodeCursor } from './customerGroups';

/** externalcontact/get pages follow_user past this many followers. */
const FOLLOWERS_PAGE = 500;

function contactFields(c: Customer) {
	return {
		external_userid: c.external_userid,
		name: c.name,
		type: c.type,
		avatar: c.avatar,
		gender: c.gender,
		...(c.unionid ? { unionid: c.unionid } : {}),
		...(c.position ? { position: c.position } : {}),
		...(c.corp_name ? { corp_name: c.corp_name, corp_full_name: c.corp_full_name } : {}),
	};
}

function followFields(f: CustomerFollow) {
	const { tag_id: _t, ...rest } = f;
	return rest;
}

/** 客户管理: customer details, a staff member's customers (IDs or in batch with details), tagging. */
export function registerCustomers(router: Router, wecom: WeComEmulator): void {
	const tagInfo = (id: string) => {
		for (const g of wecom.tags) {
			const t = g.tag.find((x) => x.id === id && !x.deleted);
			if (t) return { group_name: g.group_name, tag_name: t.name, tag_id: t.id, type: 1 };
		}
		return undefined;
	};
	const findCustomer = (id: unknown) => wecom.customers.find((c) => c.external_userid === String(id ?? ''));

	router.get('/cgi-bin/externalcontact/get', (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const c = findCustomer(req.query.get('external_userid'));
		if (!c) return err(40096, 'invalid external userid');
		const start = decodeCursor(req.query.get('cursor'));
		if (start === undefined) return err(40058, 'invalid cursor');
		const followers = c.follow.slice(start, start + FOLLOWERS_PAGE);
		return ok({
			external_contact: contactFields(c),
			follow_user: followers.map((f) => ({ ...followFields(f), tags: f.tag_id.map(tagInfo).filter(Boolean) })),
			...(start + FOLLOWERS_PAGE < c.follow.length ? { next_cursor: encodeCursor(start + FOLLOWERS_PAGE) } : {}),
		});
	});

	router.get('/cgi-bin/externalcontact/list', (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const userid = req.query.get('userid') ?? '';
		if (!wecom.isStaff(userid)) return err(40003, 'invalid userid');
		const ids = wecom.customers.filter((c) => c.follow.some((f) => f.userid === userid)).map((c) => c.external_userid);
		// WeCom answers 84061 for a staff member without customers.
		if (!ids.length) return err(84061, 'not exist external contact');
		return ok({ external_userid: ids });
	});

	router.post('/cgi-bin/externalcontact/batch/get_by_user', (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const users: unknown = req.body?.userid_list;
		if (!Array.isArray(users) || users.length < 1 || users.length > 100) return err(40058, 'userid_list must hold 1-100 userids');
		const bad = users.find((u) => !wecom.isStaff(String(u)));
		if (bad) return err(40003, `invalid userid ${bad}`);
		// Over 100 WeCom uses 100; the default is 50.
		const limit = Math.max(1, Math.min(100, Number(req.body?.limit ?? 50) || 50));
		const rows = users.flatMap((u) =>
			wecom.customers.flatMap((c) =>
				c.follow.filter((f) => f.userid === u).map((f) => ({ external_contact: contactFields(c), follow_info: f })),
			),
		);
		const start = decodeCursor(req.body?.cursor);
		if (start === undefined) return err(40058, 'invalid cursor');
		return ok({
			external_contact_list: rows.slice(start, start + limit),
			next_cursor: start + limit < rows.length ? encodeCursor(start + limit) : '',
		});
	});

	router.post('/cgi-bin/externalcontact/mark_tag', (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const b = req.body ?? {};
		if (!wecom.isStaff(String(b.userid ?? ''))) return err(40003, 'invalid userid');
		const c = findCustomer(b.external_userid);
		if (!c) return err(40096, 'invalid external userid');
		const follow = c.follow.find((f) => f.userid === b.userid);
		if (!follow) return err(84061, 'not external contact');
		const add: string[] = Array.isArray(b.add_tag) ? b.add_tag.map(String) : [];
		const remove: string[] = Array.isArray(b.remove_tag) ? b.remove_tag.map(String) : [];
		if (!add.length && !remove.length) return err(40058, 'add_tag and remove_tag cannot both be empty');
		const unknown = [...add, ...remove].find((id) => !tagInfo(id));
		if (unknown) return err(40068, `invalid tagid ${unknown}`);
		follow.tag_id = [...new Set([...follow.tag_id.filter((t) => !remove.includes(t)), ...add])];
		return ok();
	});
}
