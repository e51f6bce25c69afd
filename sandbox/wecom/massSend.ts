import type { Router } from '../core/router';
import type { WeComEmulator } from './emulator';
import { err, ok } from './answers';
import { checkAttachment } from './attachments';
import { decodeCursor, encodeCursor } from './customerGroups';

export interface MassTask {
	msgid: string;
	chat_type: 'single' | 'group';
	creator: string;
	create_time: number;
	/** 0 created by the company (API/admin), 1 by a staff member. */
	create_type: 0 | 1;
	text?: { content: string };
	attachments?: unknown[];
	tasks: Array<{ userid: string; status: 0 | 2; send_time?: number }>;
	results: Array<{ userid: string; external_userid?: string; chat_id?: string; status: 0 | 1 | 2 | 3; send_time?: number }>;
}

const tasks = (wecom: WeComEmulator) => wecom.store<MassTask>('massSend');

/**
 * What the sender does in the WeCom client: confirms the task, so every recipient gets it.
 * The real API has no such call; tests use this to move a task forward.
 */
export function confirmMassSend(wecom: WeComEmulator, msgid: string, userid: string): void {
	const t = tasks(wecom).get(msgid);
	if (!t) throw new Error(`no mass-send ${msgid}`);
	const at = Math.floor(wecom.state.now() / 1000);
	for (const task of t.tasks) if (task.userid === userid) Object.assign(task, { status: 2, send_time: at });
	for (const r of t.results) {
		if (r.userid !== userid) continue;
		// A customer over WeCom's monthly allowance does not get it: status 3.
		const over = r.external_userid && receivedThisMonth(wecom, r.external_userid, at) >= MASS_PER_CUSTOMER_PER_MONTH;
		Object.assign(r, over ? { status: 3 } : { status: 1, send_time: at });
	}
}

/** WeCom: each customer receives at most 4 company mass-sends (企业群发) per calendar month. */
export const MASS_PER_CUSTOMER_PER_MONTH = 4;

/** Company mass-sends a customer received in the calendar month (China time) of `at`. */
function receivedThisMonth(wecom: WeComEmulator, externalUserId: string, at: number): number {
	const month = (sec: number) => new Date((sec + 8 * 3600) * 1000).toISOString().slice(0, 7);
	let n = 0;
	for (const t of tasks(wecom).values())
		for (const r of t.results)
			if (t.create_type === 0 && r.external_userid === externalUserId && r.status === 1 && r.send_time && month(r.send_time) === month(at))
				n++;
	return n;
}

function page<T>(list: T[], cursor: unknown, limit: number) {
	const start = decodeCursor(cursor);
	if (start === undefined) return undefined;
	const rows = list.slice(start, start + limit);
	return { rows, next: start + limit < list.length ? encodeCursor(start + limit) : '' };
}

/** 企业群发: add_msg_template and its task list, per-sender tasks and per-recipient results. */
export function registerMassSend(router: Router, wecom: WeComEmulator): void {
	router.post('/cgi-bin/externalcontact/add_msg_template', (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const b = req.body ?? {};
		const chatType = b.chat_type ?? 'single';
		if (chatType !== 'single' && chatType !== 'group') return err(40058, 'invalid chat_type');
		const attachments: any[] = Array.isArray(b.attachments) ? b.attachments : [];
		if (!b.text?.content && !attachments.length) return err(40058, 'text and attachments cannot both be empty');
		if (Buffer.byteLength(String(b.text?.content ?? ''), 'utf8') > 4000) return err(45002, 'text.content exceeds 4000 bytes');
		if (attachments.length > 9) return err(40058, 'attachments exceeds 9');
		for (const a of attachments) {
			const bad = checkAttachment(wecom, String(a?.msgtype), a?.[a?.msgtype]);
			if (bad) return bad;
		}
		const sender = b.sender ? String(b.sender) : undefined;
		if (sender && !wecom.isStaff(sender)) return err(40003, 'invalid sender userid');
		const at = Math.floor(wecom.state.now() / 1000);
		const msgid = `msgSANDBOX${String(tasks(wecom).size + 1).padStart(6, '0')}`;
		const t: MassTask = {
			msgid,
			chat_type: chatType,
			creator: sender ?? '',
			create_time: at,
			create_type: 0,
			...(b.text?.content ? { text: { content: String(b.text.content) } } : {}),
			...(attachments.length ? { attachments } : {}),
			tasks: [],
			results: [],
		};
		const failList: string[] = [];
		if (chatType === 'group') {
			if (!sender) return err(40058, 'sender required for chat_type group');
			const ids: string[] = Array.isArray(b.chat_id_list) ? b.chat_id_list.map(String) : [];
			if (ids.length > 2000) return err(40058, 'chat_id_list exceeds 2000');
			const unknown = ids.find((id) => !wecom.findGroup(id));
			if (unknown) return err(701008, `invalid chat_id ${unknown}`);
			const groups = ids.length ? ids.map((id) => wecom.findGroup(id)!) : wecom.groups.filter((g) => g.owner === sender && g.status === 0);
			t.tasks.push({ userid: sender, status: 0 });
			for (const g of groups) t.results.push({ userid: sender, chat_id: g.chat_id, status: 0 });
		} else {
			const ids: string[] = Array.isArray(b.external_userid) ? b.external_userid.map(String) : [];
			if (ids.length > 10000) return err(40058, 'external_userid exceeds 10000');
			if (!ids.length && !sender && !b.tag_filter) return err(40058, 'external_userid, sender or tag_filter required');
			const wanted = ids.length
				? ids
				: wecom.customers.filter((c) => c.follow.some((f) => !sender || f.userid === sender)).map((c) => c.external_userid);
			for (const id of wanted) {
				const c = wecom.customers.find((x) => x.external_userid === id);
				const follower = c?.follow.find((f) => !sender || f.userid === sender);
				if (!c || !follower) {
					failList.push(id);
					continue;
				}
				if (!t.tasks.some((x) => x.userid === follower.userid)) t.tasks.push({ userid: follower.userid, status: 0 });
				t.results.push({ userid: follower.userid, external_userid: id, status: 0 });
			}
		}
		tasks(wecom).set(msgid, t);
		return ok({ fail_list: failList, msgid });
	});

	router.post('/cgi-bin/externalcontact/get_groupmsg_list_v2', (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const b = req.body ?? {};
		if (b.chat_type !== 'single' && b.chat_type !== 'group') return err(40058, 'invalid chat_type');
		const start = Number(b.start_time);
		const end = Number(b.end_time);
		if (!start || !end || end < start) return err(40058, 'invalid start_time or end_time');
		// Over the maximum (100) WeCom uses the default (50).
		const limit = Number(b.limit ?? 50) > 100 || Number(b.limit ?? 50) < 1 ? 50 : Number(b.limit ?? 50);
		const filter = Number(b.filter_type ?? 2);
		const list = [...tasks(wecom).values()].filter(
			(t) =>
				t.chat_type === b.chat_type &&
				t.create_time >= start &&
				t.create_time <= end &&
				(filter === 2 || t.create_type === filter) &&
				(!b.creator || t.creator === b.creator),
		);
		const p = page(list, b.cursor, limit);
		if (!p) return err(40058, 'invalid cursor');
		return ok({
			next_cursor: p.next,
			group_msg_list: p.rows.map((t) => ({
				msgid: t.msgid,
				creator: t.creator,
				create_time: t.create_time,
				create_type: t.create_type,
				text: t.text,
				attachments: t.attachments,
			})),
		});
	});

	router.post('/cgi-bin/externalcontact/get_groupmsg_task', (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const t = tasks(wecom).get(String(req.body?.msgid ?? ''));
		if (!t) return err(40058, 'invalid msgid');
		const limit = Math.min(Number(req.body?.limit ?? 500) || 500, 1000);
		const p = page(t.tasks, req.body?.cursor, limit);
		if (!p) return err(40058, 'invalid cursor');
		return ok({ next_cursor: p.next, task_list: p.rows });
	});

	router.post('/cgi-bin/externalcontact/get_groupmsg_send_result', (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const t = tasks(wecom).get(String(req.body?.msgid ?? ''));
		if (!t) return err(40058, 'invalid msgid');
		const userid = String(req.body?.userid ?? '');
		if (!userid) return err(40058, 'userid required');
		const limit = Math.min(Number(req.body?.limit ?? 500) || 500, 1000);
		const p = page(
			t.results.filter((r) => r.userid === userid),
			req.body?.cursor,
			limit,
		);
		if (!p) return err(40058, 'invalid cursor');
		return ok({ next_cursor: p.next, send_list: p.rows });
	});
}
