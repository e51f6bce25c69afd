import type { WeComClient } from './client';
import { WeComInputError } from './inputError';
import { chunk, followCursor } from './pagination';

/** groupchat/list status_filter: 0 every group (no filter), 1 owner left awaiting transfer, 2 transfer in progress, 3 transferred. */
export const GROUP_STATUS_FILTERS = { all: 0, ownerLeft: 1, inheriting: 2, inherited: 3 } as const;
export type GroupStatusFilter = keyof typeof GROUP_STATUS_FILTERS;

/** WeCom's page size ceiling for groupchat/list, and its owner_filter ceiling. */
export const GROUPCHAT_LIST_MAX_LIMIT = 1000;
export const OWNER_FILTER_MAX = 100;
/** groupchat/transfer and onjob_transfer take 1 to 100 chat IDs per call. */
export const TRANSFER_MAX_CHATS = 100;

export interface ListGroupsOptions {
	status: GroupStatusFilter;
	ownerUserIds?: string[];
	/** Stop after this many groups (Infinity: all). */
	max: number;
	includeDetails?: boolean;
	/** Name, owner and member counts per group (one groupchat/get each, without the member list). */
	summary?: boolean;
	/** Owner user ID → name, for `owner_name` in summaries. */
	staffNames?: Map<string, string>;
	/** Details fetched in parallel; WeCom answers 45033 above its concurrency limit. */
	concurrency?: number;
}

export interface GroupListEntry {
	chat_id: string;
	/** 0 owner active, 1 owner left, 2 transfer in progress, 3 transferred. */
	status: number;
}

/** Lists customer groups, following next_cursor to the end or to `max`; owners over 100 are asked in batches. */
export async function listCustomerGroups(client: WeComClient, o: ListGroupsOptions): Promise<Array<Record<string, unknown>>> {
	const ownerBatches = o.ownerUserIds?.length ? chunk(o.ownerUserIds, OWNER_FILTER_MAX) : [undefined];
	const out: GroupListEntry[] = [];
	for (const owners of ownerBatches) {
		if (out.length >= o.max) break;
		const page = await followCursor<GroupListEntry>(
			async (cursor, limit) => {
				const res = await client.post<{ group_chat_list?: GroupListEntry[]; next_cursor?: string }>(
					'/cgi-bin/externalcontact/groupchat/list',
					{
						status_filter: GROUP_STATUS_FILTERS[o.status],
						...(owners ? { owner_filter: { userid_list: owners } } : {}),
						...(cursor ? { cursor } : {}),
						limit,
					},
				);
				return { items: res.group_chat_list ?? [], nextCursor: res.next_cursor };
			},
			{ max: o.max - out.length, pageSize: GROUPCHAT_LIST_MAX_LIMIT },
		);
		out.push(...page);
	}
	if (o.summary && !o.includeDetails) {
		return mapConcurrent(out, o.concurrency ?? 5, async (g) =>
			groupSummary(await getCustomerGroup(client, g.chat_id, false), g.status, o.staffNames),
		);
	}
	if (!o.includeDetails) return out as unknown as Array<Record<string, unknown>>;
	return mapConcurrent(out, o.concurrency ?? 5, async (g) => ({
		...summarizeGroup(await getCustomerGroup(client, g.chat_id, true)),
		status: g.status,
	}));
}

export interface GroupMember {
	userid: string;
	type: number;
	join_time: number;
	join_scene: number;
	invitor?: { userid: string };
	group_nickname?: string;
	name?: string;
	unionid?: string;
	state?: string;
}

export async function getCustomerGroup(client: WeComClient, chatId: string, needName: boolean): Promise<Record<string, unknown>> {
	const res = await client.post<{ group_chat: Record<string, unknown> }>('/cgi-bin/externalcontact/groupchat/get', {
		chat_id: chatId,
		need_name: needName ? 1 : 0,
	});
	return res.group_chat;
}

/** 1 invited directly by a member, 2 joined through an invite link, 3 scanned the group QR code. */
export const JOIN_SCENES: Record<number, string> = { 1: 'invitedDirectly', 2: 'inviteLink', 3: 'qrCode' };

/**
 * Adds counts marketers ask for: members, customers (type 2), staff, joins per `state` (the
 * join-way source) and the latest join; each member gets a readable `join_scene_name`.
 */
export function summarizeGroup(group: Record<string, unknown>): Record<string, unknown> {
	const members = (group.member_list as GroupMember[] | undefined) ?? [];
	const byState: Record<string, number> = {};
	for (const m of members) if (m.state) byState[m.state] = (byState[m.state] ?? 0) + 1;
	const lastJoin = members.reduce((t, m) => Math.max(t, Number(m.join_time ?? 0)), 0);
	return {
		...group,
		member_list: members.map((m) => ({ ...m, join_scene_name: JOIN_SCENES[m.join_scene] ?? 'unknown' })),
		member_count: members.length,
		customer_count: members.filter((m) => m.type === 2).length,
		staff_count: members.filter((m) => m.type === 1).length,
		joins_by_state: byState,
		last_join_time: lastJoin || undefined,
	};
}

/** What a marketer reads in a list of groups: name, owner, size; the member list stays out. */
export function groupSummary(group: Record<string, unknown>, status: number, staffNames?: Map<string, string>): Record<string, unknown> {
	const members = (group.member_list as GroupMember[] | undefined) ?? [];
	const owner = String(group.owner ?? '');
	return {
		chat_id: group.chat_id,
		name: group.name,
		owner,
		...(staffNames?.get(owner) ? { owner_name: staffNames.get(owner) } : {}),
		member_count: members.length,
		customer_count: members.filter((m) => m.type === 2).length,
		staff_count: members.filter((m) => m.type === 1).length,
		create_time: group.create_time,
		status,
	};
}

export interface TransferResult {
	newOwner: string;
	requested: number;
	transferred: string[];
	failed: Array<{ chat_id: string; errcode: number; errmsg: string }>;
}

/**
 * Hands customer groups to a new owner: `resigned` uses groupchat/transfer (owner left the
 * company), otherwise groupchat/onjob_transfer (owner still employed; WeCom allows each group
 * two on-job transfers per 90 days and 300 groups per new owner per day). Per-group failures
 * come back in `failed`, not as an error.
 */
export async function transferCustomerGroups(
	client: WeComClient,
	o: { chatIds: string[]; newOwner: string; resigned: boolean },
): Promise<TransferResult> {
	if (!o.chatIds.length) throw new WeComInputError('no chat IDs to transfer');
	if (!o.newOwner) throw new WeComInputError('the new owner is empty');
	const path = o.resigned ? '/cgi-bin/externalcontact/groupchat/transfer' : '/cgi-bin/externalcontact/groupchat/onjob_transfer';
	const failed: TransferResult['failed'] = [];
	for (const ids of chunk(o.chatIds, TRANSFER_MAX_CHATS)) {
		const res = await client.post<{ failed_chat_list?: TransferResult['failed'] }>(path, { chat_id_list: ids, new_owner: o.newOwner });
		failed.push(...(res.failed_chat_list ?? []));
	}
	const failedIds = new Set(failed.map((f) => f.chat_id));
	return { newOwner: o.newOwner, requested: o.chatIds.length, transferred: o.chatIds.filter((id) => !failedIds.has(id)), failed };
}

/** Maps with at most `limit` calls in flight, keeping order. */
export async function mapConcurrent<T, R>(items: T[], limit: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
	const out = new Array<R>(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const i = next++;
			out[i] = await fn(items[i], i);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
	return out;
}
