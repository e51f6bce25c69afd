import type { Router } from '../core/router';
import type { SandboxRequest } from '../core/types';
import type { CustomerGroup } from './data';
import type { WeComEmulator } from './emulator';
import { err, ok } from './answers';

const DAY = 86400;
const CST = 8 * 3600;
const dayStart = (sec: number) => Math.floor((sec + CST) / DAY) * DAY - CST;

interface StatData {
	new_chat_cnt: number;
	chat_total: number;
	chat_has_msg: number;
	new_member_cnt: number;
	member_total: number;
	member_has_msg: number;
	msg_total: number;
	migrate_trainee_chat_cnt: number;
}

/**
 * Activity is derived from each seeded group's `idleDays`: a group idle for k days had messages
 * on every day at least k days ago and none since. Message and speaker counts are deterministic.
 */
function groupDay(g: CustomerGroup, index: number, day: number, today: number) {
	const exists = g.create_time < day + DAY;
	const daysAgo = Math.round((today - day) / DAY);
	const active = exists && daysAgo >= g.idleDays;
	const joinedBy = g.member_list.filter((m) => m.join_time < day + DAY);
	return {
		exists,
		created: g.create_time >= day && g.create_time < day + DAY,
		active,
		members: exists ? joinedBy.length : 0,
		newMembers: g.member_list.filter((m) => m.join_time >= day && m.join_time < day + DAY).length,
		messages: active ? 3 + (index % 5) : 0,
		speakers: active ? Math.min(joinedBy.length, 2 + (index % 4)) : 0,
	};
}

function aggregate(wecom: WeComEmulator, owners: string[] | undefined, begin: number, end: number): StatData {
	const today = dayStart(Math.floor(wecom.state.now() / 1000));
	const d: StatData = {
		new_chat_cnt: 0,
		chat_total: 0,
		chat_has_msg: 0,
		new_member_cnt: 0,
		member_total: 0,
		member_has_msg: 0,
		msg_total: 0,
		migrate_trainee_chat_cnt: 0,
	};
	wecom.groups.forEach((g, i) => {
		if (owners && !owners.includes(g.owner)) return;
		let anyActive = false;
		let speakers = 0;
		for (let day = begin; day <= end; day += DAY) {
			const x = groupDay(g, i, day, today);
			if (x.created) d.new_chat_cnt++;
			d.new_member_cnt += x.newMembers;
			d.msg_total += x.messages;
			if (x.active) anyActive = true;
			speakers = Math.max(speakers, x.speakers);
		}
		// Snapshots at the last day; "groups/members with messages" counted once over the range.
		const last = groupDay(g, i, end, today);
		if (last.exists) d.chat_total++;
		d.member_total += last.members;
		if (anyActive) d.chat_has_msg++;
		d.member_has_msg += speakers;
	});
	return d;
}

/** Parses and checks the shared fields like WeCom: 600018 for an invalid range, 40058 otherwise. */
function parseRange(wecom: WeComEmulator, req: SandboxRequest) {
	const b = req.body ?? {};
	if (b.day_begin_time === undefined) return { error: err(40058, 'day_begin_time required') };
	const begin = dayStart(Number(b.day_begin_time));
	const end = dayStart(Number(b.day_end_time ?? b.day_begin_time));
	const today = dayStart(Math.floor(wecom.state.now() / 1000));
	if (
		!Number.isFinite(begin) ||
		!Number.isFinite(end) ||
		end < begin ||
		end > today - DAY ||
		begin < today - 180 * DAY ||
		(end - begin) / DAY + 1 > 30
	) {
		return { error: err(600018, 'invalid start endtime') };
	}
	const owners: string[] | undefined = b.owner_filter?.userid_list;
	if (owners && (!Array.isArray(owners) || owners.length > 100)) return { error: err(40058, 'owner_filter.userid_list exceeds 100') };
	return { begin, end, owners: owners?.length ? owners : undefined };
}

/** 群聊数据统计: per owner (offset paging, ordering) and per natural day. */
export function registerStatistics(router: Router, wecom: WeComEmulator): void {
	router.post('/cgi-bin/externalcontact/groupchat/statistic', (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const r = parseRange(wecom, req);
		if (r.error) return r.error;
		const b = req.body ?? {};
		const limit = Number(b.limit ?? 500);
		const offset = Number(b.offset ?? 0);
		const orderBy = Number(b.order_by ?? 1);
		if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return err(40058, 'invalid limit, must be 1-1000');
		if (![1, 2, 3, 4].includes(orderBy)) return err(40058, 'invalid order_by');
		// Without owner_filter: every owner in the app's visible range (current staff only).
		const owners =
			r.owners?.filter((o) => wecom.isStaff(o) || wecom.groups.some((g) => g.owner === o)) ??
			[...new Set(wecom.groups.map((g) => g.owner))].filter((o) => wecom.isStaff(o));
		const key = (['new_chat_cnt', 'chat_total', 'new_member_cnt', 'member_total'] as const)[orderBy - 1];
		const items = owners
			.map((owner) => ({ owner, data: aggregate(wecom, [owner], r.begin!, r.end!) }))
			.sort(
				(x, y) => (Number(b.order_asc) === 1 ? x.data[key] - y.data[key] : y.data[key] - x.data[key]) || x.owner.localeCompare(y.owner),
			);
		const page = items.slice(offset, offset + limit);
		return ok({ total: items.length, next_offset: offset + page.length, items: page });
	});

	router.post('/cgi-bin/externalcontact/groupchat/statistic_group_by_day', (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const r = parseRange(wecom, req);
		if (r.error) return r.error;
		const items = [];
		for (let day = r.begin!; day <= r.end!; day += DAY) items.push({ stat_time: day, data: aggregate(wecom, r.owners, day, day) });
		return ok({ items });
	});
}
