import type { WeComClient } from './client';
import { WeComApiError } from './errors';
import { outcomeOf } from '../common/outcome';
import { mapConcurrent } from './customerGroups';

/**
 * What the editor's pickers list: customer groups with owner and size, staff with names,
 * a staff member's customers, tags, departments. Each lister returns one page and the cursor of
 * the next, so the editor pages as the user scrolls; names are matched case-insensitively.
 */
export interface PickItem {
	/** What the list shows. */
	name: string;
	/** The WeCom ID the parameter receives. */
	value: string;
	/** Detail under the name: owner, member count, tag group... */
	description?: string;
}

export interface PickPage {
	items: PickItem[];
	/** '' or absent: the last page. */
	nextCursor?: string;
}

export interface Staff {
	userid: string;
	name?: string;
}

const matches = (filter: string | undefined, ...texts: Array<string | undefined>) => {
	const f = (filter ?? '').trim().toLowerCase();
	return !f || texts.some((t) => (t ?? '').toLowerCase().includes(f));
};

/** Department 1 is the root of every WeCom address book. */
const ROOT_DEPARTMENT = 1;

/**
 * Staff with names. `customerContact`: the staff allowed to have customers (owners, senders,
 * follow-up users), from get_follow_user_list, named from the address book when the app may read
 * it. `all`: the app's visible members (app message recipients, app chat members).
 * `namesError` says why names are missing when the address book refused.
 */
export async function listStaff(
	client: WeComClient,
	scope: 'customerContact' | 'all',
): Promise<{ staff: Staff[]; namesError?: WeComApiError }> {
	const readNames = async () => {
		const res = await client.get<{ userlist?: Array<{ userid: string; name?: string }> }>('/cgi-bin/user/simplelist', {
			department_id: ROOT_DEPARTMENT,
			fetch_child: 1,
		});
		return res.userlist ?? [];
	};
	if (scope === 'all') return { staff: uniqueStaff(await readNames()) };
	const res = await client.get<{ follow_user?: string[] }>('/cgi-bin/externalcontact/get_follow_user_list');
	const ids = res.follow_user ?? [];
	const read = await outcomeOf(readNames);
	if (read.ok) {
		const names = new Map(read.value.map((u) => [u.userid, u.name]));
		return { staff: ids.map((userid) => ({ userid, name: names.get(userid) })) };
	}
	if (!(read.error instanceof WeComApiError)) throw read.error;
	return { staff: ids.map((userid) => ({ userid })), namesError: read.error };
}

function uniqueStaff(rows: Array<{ userid: string; name?: string }>): Staff[] {
	const seen = new Map<string, Staff>();
	for (const r of rows) if (!seen.has(r.userid)) seen.set(r.userid, { userid: r.userid, name: r.name });
	return [...seen.values()];
}

/** Staff as picker items ("张三" with the user ID below), filtered by name or ID. */
export async function pickStaff(client: WeComClient, o: { scope: 'customerContact' | 'all'; filter?: string }): Promise<PickPage> {
	const { staff, namesError } = await listStaff(client, o.scope);
	const note = namesError ? `name not readable (WeCom ${namesError.errcode}: the app may not read the address book)` : undefined;
	return {
		items: staff
			.filter((s) => matches(o.filter, s.name, s.userid))
			.map((s) => ({ name: s.name ? `${s.name} (${s.userid})` : s.userid, value: s.userid, description: note ?? s.userid })),
	};
}

export interface GroupPick {
	chat_id: string;
	name: string;
	owner: string;
	member_count: number;
	status: number;
}

/** Group names are not in groupchat/list, so each listed group costs one groupchat/get. */
export const GROUP_PICK_PAGE = 20;
/** With a search filter, pages are read until this many groups were checked (the editor asks for more on scroll). */
export const GROUP_PICK_SCAN = 100;

/**
 * One page of customer groups with name, owner and member count. With a filter, groups are read
 * page after page until matches fill a page or GROUP_PICK_SCAN groups were checked.
 */
export async function pickCustomerGroups(
	client: WeComClient,
	o: { filter?: string; cursor?: string; pageSize?: number; staffNames?: Map<string, string> },
): Promise<{ groups: GroupPick[]; items: PickItem[]; nextCursor?: string }> {
	const pageSize = o.pageSize ?? GROUP_PICK_PAGE;
	const groups: GroupPick[] = [];
	let cursor = o.cursor ?? '';
	let scanned = 0;
	do {
		const res = await client.post<{ group_chat_list?: Array<{ chat_id: string; status: number }>; next_cursor?: string }>(
			'/cgi-bin/externalcontact/groupchat/list',
			{
				status_filter: 0,
				...(cursor ? { cursor } : {}),
				limit: pageSize,
			},
		);
		const page = res.group_chat_list ?? [];
		scanned += page.length;
		const details = await mapConcurrent(page, 5, async (g) => {
			const d = await client.post<{ group_chat: { name?: string; owner?: string; member_list?: unknown[] } }>(
				'/cgi-bin/externalcontact/groupchat/get',
				{ chat_id: g.chat_id, need_name: 0 },
			);
			return {
				chat_id: g.chat_id,
				status: g.status,
				name: d.group_chat.name ?? '',
				owner: d.group_chat.owner ?? '',
				member_count: d.group_chat.member_list?.length ?? 0,
			};
		});
		groups.push(...details.filter((g) => matches(o.filter, g.name, g.chat_id)));
		const next = res.next_cursor ?? '';
		cursor = next === cursor ? '' : next;
	} while (cursor && o.filter && groups.length < pageSize && scanned < GROUP_PICK_SCAN);
	const ownerName = (id: string) => o.staffNames?.get(id) ?? id;
	return {
		groups,
		// WeCom shows unnamed groups as their members' names; the list says so instead of showing nothing.
		items: groups.map((g) => ({
			name: `${g.name || '(unnamed group)'} · ${ownerName(g.owner)} · ${g.member_count} members`,
			value: g.chat_id,
			description: `Owner ${ownerName(g.owner)}, ${g.member_count} members${g.status === 1 ? ', owner left the company' : ''}`,
		})),
		nextCursor: cursor || undefined,
	};
}

/** Multi-selects of groups stop here; more groups are given by an expression. */
export const GROUP_OPTIONS_MAX = 500;
/** Multi-selects of customers stop here; more customers are given by an expression or a tag. */
export const CUSTOMER_OPTIONS_MAX = 1000;

/** batch/get_by_user takes at most this many staff members per call. */
export const CUSTOMER_STAFF_MAX = 100;

/**
 * Customers of the given staff members (batch/get_by_user: up to 100 per page, with names and
 * company); without staff, of every staff member with Customer Contact (the first 100).
 * A customer followed by two staff members is listed once.
 */
export async function pickCustomers(client: WeComClient, o: { userids?: string[]; filter?: string; cursor?: string }): Promise<PickPage> {
	let userids = o.userids?.filter(Boolean) ?? [];
	if (!userids.length) {
		const res = await client.get<{ follow_user?: string[] }>('/cgi-bin/externalcontact/get_follow_user_list');
		userids = res.follow_user ?? [];
	}
	if (!userids.length) return { items: [] };
	const res = await client.post<{
		external_contact_list?: Array<{
			external_contact: { external_userid: string; name?: string; corp_name?: string };
			follow_info?: { remark?: string };
		}>;
		next_cursor?: string;
	}>('/cgi-bin/externalcontact/batch/get_by_user', {
		userid_list: userids.slice(0, CUSTOMER_STAFF_MAX),
		...(o.cursor ? { cursor: o.cursor } : {}),
		limit: 100,
	});
	const seen = new Set<string>();
	const items = (res.external_contact_list ?? [])
		.filter((r) => !seen.has(r.external_contact.external_userid) && seen.add(r.external_contact.external_userid))
		.filter((r) =>
			matches(o.filter, r.external_contact.name, r.follow_info?.remark, r.external_contact.corp_name, r.external_contact.external_userid),
		)
		.map((r) => {
			const c = r.external_contact;
			const remark = r.follow_info?.remark && r.follow_info.remark !== c.name ? ` “${r.follow_info.remark}”` : '';
			return {
				name: `${c.name ?? c.external_userid}${remark}${c.corp_name ? ` · ${c.corp_name}` : ''}`,
				value: c.external_userid,
				description: c.external_userid,
			};
		});
	return { items, nextCursor: res.next_cursor || undefined };
}

export interface TagGroupRow {
	group_id: string;
	group_name: string;
	tag: Array<{ id: string; name: string; deleted?: boolean }>;
}

export async function corpTags(client: WeComClient, groupIds?: string[]): Promise<TagGroupRow[]> {
	const res = await client.post<{ tag_group?: TagGroupRow[] }>(
		'/cgi-bin/externalcontact/get_corp_tag_list',
		groupIds?.length ? { group_id: groupIds } : {},
	);
	return res.tag_group ?? [];
}

/** Corp customer tags as "SQL" with their group ("生命周期") below. */
export async function pickTags(client: WeComClient, o: { filter?: string; groupId?: string } = {}): Promise<PickPage> {
	const groups = await corpTags(client, o.groupId ? [o.groupId] : undefined);
	return {
		items: groups.flatMap((g) =>
			g.tag
				.filter((t) => !t.deleted && matches(o.filter, t.name, g.group_name, t.id))
				.map((t) => ({ name: `${t.name} (${g.group_name})`, value: t.id, description: `Tag group ${g.group_name}` })),
		),
	};
}

export async function pickTagGroups(client: WeComClient): Promise<PickPage> {
	const groups = await corpTags(client);
	return {
		items: groups.map((g) => ({ name: g.group_name, value: g.group_id, description: `${g.tag.filter((t) => !t.deleted).length} tags` })),
	};
}

/** Address-book departments (for app messages): "市场部" with its parent. */
export async function pickDepartments(client: WeComClient, filter?: string): Promise<PickPage> {
	const res = await client.get<{ department?: Array<{ id: number; name: string; parentid: number }> }>('/cgi-bin/department/list');
	const all = res.department ?? [];
	const nameOf = (id: number) => all.find((d) => d.id === id)?.name;
	return {
		items: all
			.filter((d) => matches(filter, d.name, String(d.id)))
			.map((d) => ({
				name: d.name,
				value: String(d.id),
				description: d.parentid ? `In ${nameOf(d.parentid) ?? d.parentid}` : 'Whole company',
			})),
	};
}

/** Address-book staff tags (通讯录标签, for app messages), not customer tags. */
export async function pickStaffTags(client: WeComClient): Promise<PickPage> {
	const res = await client.get<{ taglist?: Array<{ tagid: number; tagname: string }> }>('/cgi-bin/tag/list');
	return { items: (res.taglist ?? []).map((t) => ({ name: t.tagname, value: String(t.tagid), description: `Staff tag ${t.tagid}` })) };
}
