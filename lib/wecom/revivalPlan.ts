/**
 * The plan for one dead group (死群), from its details: small groups close and move their members
 * to a live group through a join code whose state names the old group; large groups are
 * re-launched in place with a new name and rules, and the owner removes the members who do not
 * fit the new rules. Pure: the same group, options and time give the same plan.
 */

export interface RevivalMember {
	userid: string;
	/** 1 staff, 2 external customer. */
	type: number;
	join_time: number | string;
	state?: string;
	name?: string;
	group_nickname?: string;
}

export interface RevivalGroup {
	chat_id: string;
	name?: string;
	owner: string;
	member_count: number;
	customer_count?: number;
	inactive?: string;
	reason?: string;
	member_list?: RevivalMember[];
}

export interface RevivalRules {
	/** Groups with at least this many members are re-launched; smaller ones close. */
	largeGroupMinMembers: number;
	/** Customers who joined within this many days stay, whatever else holds. */
	keepJoinedWithinDays: number;
	/** Customers who joined through a tracked join code (a state) stay. */
	keepCampaignJoins: boolean;
	revivalStatePrefix: string;
	relaunchStatePrefix: string;
	/** New name of a re-launched group; {oldName} is the current name. */
	relaunchName: string;
	/** Join-code remarks (WeCom keeps 30 characters); {oldName} is the group's name. */
	smallRemark: string;
	largeRemark: string;
	/** Member lines for an owner task: {name}, {userid}, {joined}; at most `listAtMost`, then `moreLine` with {count}. */
	memberLine: string;
	listAtMost: number;
	moreLine: string;
	timeZone: string;
	nowSec: number;
}

export interface MemberToRemove {
	userid: string;
	name: string;
	joined: string;
}

export interface RevivalPlan {
	chat_id: string;
	group_name: string;
	owner: string;
	member_count: number;
	customer_count: number;
	inactive?: string;
	reason?: string;
	kind: 'small' | 'large';
	state: string;
	join_way_remark: string;
	new_name: string;
	members_to_remove: MemberToRemove[];
	to_remove_count: number;
	/** The member lines, ready for an owner task. */
	members_to_remove_text: string;
}

/** WeCom keeps 30 characters of a join code's state and remark. */
export const JOIN_WAY_TEXT_MAX = 30;

const DAY = 86400;

export const clip = (text: string, max: number) => [...text].slice(0, max).join('');

/** Fills {name} placeholders; unknown ones stay as written, so a typo shows. */
export function fillPlaceholders(template: string, values: Record<string, string | number>): string {
	return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

/** A short stable key for a chat ID (FNV-1a, base 36): chat IDs are longer than a state may be. */
export function shortKey(text: string): string {
	let h = 0x811c9dc5;
	for (const ch of text) {
		h ^= ch.codePointAt(0)!;
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h.toString(36);
}

/** Who does not fit a re-launched group: customers who joined long ago, not through a campaign. */
export function doesNotFit(m: RevivalMember, r: RevivalRules): boolean {
	if (Number(m.type) !== 2) return false;
	if (r.keepCampaignJoins && m.state) return false;
	return r.nowSec - Number(m.join_time) > r.keepJoinedWithinDays * DAY;
}

function dayIn(sec: number, timeZone: string): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(sec * 1000));
}

export function planRevival(g: RevivalGroup, r: RevivalRules): RevivalPlan {
	const large = Number(g.member_count) >= r.largeGroupMinMembers;
	const name = g.name || g.chat_id;
	const misfits = large ? (g.member_list ?? []).filter((m) => doesNotFit(m, r)) : [];
	const toRemove = misfits.map((m) => ({
		userid: m.userid,
		name: m.group_nickname || m.name || m.userid,
		joined: dayIn(Number(m.join_time), r.timeZone),
	}));
	const shown = toRemove.slice(0, Math.max(0, r.listAtMost));
	const lines = shown.map((m) => fillPlaceholders(r.memberLine, m));
	if (toRemove.length > shown.length) lines.push(fillPlaceholders(r.moreLine, { count: toRemove.length - shown.length }));
	return {
		chat_id: g.chat_id,
		group_name: name,
		owner: g.owner,
		member_count: Number(g.member_count),
		customer_count: Number(g.customer_count ?? 0),
		inactive: g.inactive,
		reason: g.reason,
		kind: large ? 'large' : 'small',
		state: clip((large ? r.relaunchStatePrefix : r.revivalStatePrefix) + shortKey(g.chat_id), JOIN_WAY_TEXT_MAX),
		join_way_remark: clip(fillPlaceholders(large ? r.largeRemark : r.smallRemark, { oldName: name }), JOIN_WAY_TEXT_MAX),
		new_name: large ? fillPlaceholders(r.relaunchName, { oldName: name }) : '',
		members_to_remove: toRemove,
		to_remove_count: toRemove.length,
		members_to_remove_text: lines.join('\n'),
	};
}
