import type { WeComClient } from './client';
import { getCustomerGroup, listCustomerGroups, mapConcurrent, summarizeGroup } from './customerGroups';
import { STAT_RETENTION_DAYS, cstDayStart, groupStatsByDay, groupStatsByOwner, secToCstDate } from './groupStatistics';
import { WeComInputError } from './inputError';

const DAY = 86400;

/**
 * Finding dead groups (死群) from WeCom's statistics API. WeCom publishes activity per owner and
 * per day only — never per group, and never the messages themselves (that needs the paid chat
 * archive, 会话内容存档). So the verdict is exact per owner and inferred per group:
 * - `certain`: nobody spoke in any of the owner's groups during the window, so each of them is silent;
 * - `possible`: on every day fewer of the owner's groups had messages than the owner has groups,
 *   so some are silent but WeCom does not say which; all of that owner's groups are candidates.
 */
export type InactiveVerdict = 'certain' | 'possible' | 'active';

export interface OwnerActivity {
	owner: string;
	window_begin: string;
	window_end: string;
	days: number;
	groups_total: number;
	/** Most groups with messages on any one day of the window. */
	max_groups_with_messages: number;
	max_members_who_spoke: number;
	messages: number;
	verdict: InactiveVerdict;
	/** Upper bound of silent groups ('possible'), or all groups ('certain'). */
	silent_groups_at_most: number;
}

export interface InactiveGroup extends Record<string, unknown> {
	chat_id: string;
	name?: string;
	owner: string;
	inactive: 'certain' | 'possible';
	reason: string;
	member_count: number;
	customer_count: number;
	create_time?: number;
	last_join_time?: number;
	days_since_last_join?: number;
	owner_activity: OwnerActivity;
	/** With includeMembers: the members as groupchat/get returned them (no second fetch needed). */
	member_list?: unknown[];
}

export interface FindInactiveOptions {
	/** Silent for at least this many days (1–180), ending yesterday. */
	days: number;
	/** Owners to check; empty: every owner the statistics API reports. */
	owners?: string[];
	includePossible: boolean;
	/** Keep each group's member list from the details already fetched. */
	includeMembers?: boolean;
	nowSec: number;
	concurrency?: number;
}

export async function ownerActivity(
	client: WeComClient,
	owner: string,
	begin: number,
	end: number,
	nowSec: number,
): Promise<OwnerActivity> {
	const days = await groupStatsByDay(client, { dayBegin: begin, dayEnd: end, owners: [owner], nowSec });
	const last = days.reduce<(typeof days)[number] | undefined>((a, d) => (!a || d.stat_time > a.stat_time ? d : a), undefined);
	const groupsTotal = Number(last?.data.chat_total ?? 0);
	const maxGroups = Math.max(0, ...days.map((d) => Number(d.data.chat_has_msg ?? 0)));
	const maxMembers = Math.max(0, ...days.map((d) => Number(d.data.member_has_msg ?? 0)));
	const messages = days.reduce((s, d) => s + Number(d.data.msg_total ?? 0), 0);
	let verdict: InactiveVerdict = 'active';
	if (groupsTotal > 0 && messages === 0 && maxGroups === 0 && maxMembers === 0) verdict = 'certain';
	else if (groupsTotal > 0 && maxGroups < groupsTotal) verdict = 'possible';
	return {
		owner,
		window_begin: secToCstDate(begin),
		window_end: secToCstDate(end),
		days: Math.round((end - begin) / DAY) + 1,
		groups_total: groupsTotal,
		max_groups_with_messages: maxGroups,
		max_members_who_spoke: maxMembers,
		messages,
		verdict,
		silent_groups_at_most: verdict === 'active' ? 0 : groupsTotal - maxGroups,
	};
}

export async function findInactiveGroups(
	client: WeComClient,
	o: FindInactiveOptions,
): Promise<{ groups: InactiveGroup[]; owners: OwnerActivity[] }> {
	if (!Number.isInteger(o.days) || o.days < 1 || o.days > STAT_RETENTION_DAYS) {
		throw new WeComInputError(
			`days must be a whole number from 1 to ${STAT_RETENTION_DAYS} (WeCom keeps ${STAT_RETENTION_DAYS} days of statistics)`,
		);
	}
	const end = cstDayStart(o.nowSec) - DAY;
	const begin = end - (o.days - 1) * DAY;
	let owners = [...new Set(o.owners ?? [])];
	if (!owners.length) {
		const yesterday = await groupStatsByOwner(client, { dayBegin: end, dayEnd: end, owners: [], nowSec: o.nowSec });
		owners = yesterday.filter((i) => Number(i.data.chat_total) > 0).map((i) => i.owner);
	}
	const activity = await mapConcurrent(owners, o.concurrency ?? 3, (owner) => ownerActivity(client, owner, begin, end, o.nowSec));
	const flagged = activity.filter((a) => a.verdict === 'certain' || (a.verdict === 'possible' && o.includePossible));
	const groups: InactiveGroup[] = [];
	for (const a of flagged) {
		const list = await listCustomerGroups(client, { status: 'all', ownerUserIds: [a.owner], max: Infinity });
		const details = await mapConcurrent(list, o.concurrency ?? 5, async (g) =>
			summarizeGroup(await getCustomerGroup(client, String(g.chat_id), true)),
		);
		for (const g of details) {
			// A group younger than the window cannot have been silent for all of it.
			if (Number(g.create_time ?? 0) > begin) continue;
			const lastJoin = g.last_join_time as number | undefined;
			groups.push({
				chat_id: String(g.chat_id),
				name: g.name as string | undefined,
				owner: a.owner,
				inactive: a.verdict as 'certain' | 'possible',
				reason:
					a.verdict === 'certain'
						? `No messages in any of ${a.owner}'s ${a.groups_total} groups from ${a.window_begin} to ${a.window_end}`
						: `At most ${a.silent_groups_at_most} of ${a.owner}'s ${a.groups_total} groups were silent from ${a.window_begin} to ${a.window_end}; WeCom does not say which`,
				member_count: Number(g.member_count),
				customer_count: Number(g.customer_count),
				create_time: g.create_time as number | undefined,
				last_join_time: lastJoin,
				days_since_last_join: lastJoin ? Math.floor((o.nowSec - lastJoin) / DAY) : undefined,
				owner_activity: a,
				...(o.includeMembers ? { member_list: g.member_list as unknown[] } : {}),
			});
		}
	}
	groups.sort((x, y) =>
		x.inactive === y.inactive ? (y.days_since_last_join ?? 0) - (x.days_since_last_join ?? 0) : x.inactive === 'certain' ? -1 : 1,
	);
	return { groups, owners: activity };
}
