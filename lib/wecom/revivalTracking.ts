/**
 * What a WeCom group event means for a revival, and how far a re-launch has come. WeCom's events
 * carry no join-code state (it is on the member in groupchat/get) and the API can neither rename
 * a group nor remove members, so the owner does those in the client and these checks see them.
 * Pure functions: the node operations fetch the group and read the stored revival row.
 */
import type { RevivalMember } from './revivalPlan';

/** The parts of a WeCom Trigger group event that matter here. */
export interface GroupEvent {
	/** add_member, del_member, change_name, change_notice… */
	updateDetail: string;
	memChangeList: string[];
	/** removedByAdmin or left (WeCom's QuitScene 1 / 0). */
	quitMethod?: string;
}

export type RevivalActivity =
	| { activity: 'joined'; chat_id: string; state: string; member_id: string; member_name: string; joined_at: string }
	| { activity: 'renamed'; chat_id: string; name: string }
	| { activity: 'notice'; chat_id: string; notice: string }
	| { activity: 'removed'; chat_id: string; member_ids: string[] };

/** Only joins and the owner's edits need the group's details; a removal is all in the event. */
export function needsGroupDetails(event: GroupEvent): boolean {
	return ['add_member', 'change_name', 'change_notice'].includes(event.updateDetail);
}

/**
 * The revival activity in one event: members who joined through a code whose state starts with
 * one of `statePrefixes`, a rename, a notice change, or members the owner removed.
 */
export function revivalActivity(
	chatId: string,
	event: GroupEvent,
	group: { name?: string; notice?: string; member_list?: RevivalMember[] } | undefined,
	statePrefixes: string[],
): RevivalActivity[] {
	const prefixes = statePrefixes.filter(Boolean);
	const changed = new Set(event.memChangeList.map(String));
	switch (event.updateDetail) {
		case 'add_member':
			return (group?.member_list ?? [])
				.filter((m) => changed.has(m.userid) && m.state && prefixes.some((p) => m.state!.startsWith(p)))
				.map((m) => ({
					activity: 'joined',
					chat_id: chatId,
					state: m.state!,
					member_id: m.userid,
					member_name: m.group_nickname || m.name || m.userid,
					joined_at: new Date(Number(m.join_time) * 1000).toISOString(),
				}));
		case 'change_name':
			return [{ activity: 'renamed', chat_id: chatId, name: group?.name ?? '' }];
		case 'change_notice':
			return [{ activity: 'notice', chat_id: chatId, notice: group?.notice ?? '' }];
		case 'del_member':
			return event.quitMethod === 'removedByAdmin' ? [{ activity: 'removed', chat_id: chatId, member_ids: [...changed] }] : [];
		default:
			return [];
	}
}

/** A re-launch as stored in the revival table. */
export interface RelaunchRow {
	chat_id: string;
	group_name?: string;
	owner?: string;
	new_name?: string;
	/** Planned removals, comma-separated user IDs. */
	members_to_remove?: string;
	renamed?: boolean;
	rules_updated?: boolean;
	removed_count?: number;
	status?: string;
	relaunched_at?: string | null;
}

export interface RelaunchProgress {
	chat_id: string;
	group_name: string;
	new_name: string;
	owner: string;
	to_remove_count: number;
	renamed: boolean;
	rules_updated: boolean;
	removed_count: number;
	status: string;
	relaunched_at: string | null;
	/** True only on the event that completed the last step: tell the operator once. */
	just_relaunched: boolean;
}

const squash = (t: unknown) => String(t ?? '').replace(/\s+/g, '');

/**
 * The row after one activity: the exact planned name (spaces ignored), a notice that contains the
 * rules' first line, and removals of listed members only. All three done: re-launched.
 */
export function relaunchProgress(row: RelaunchRow, act: RevivalActivity, newRules: string, nowIso: string): RelaunchProgress {
	const planned = new Set(
		String(row.members_to_remove ?? '')
			.split(',')
			.filter(Boolean),
	);
	const rulesTitle = squash(newRules.split('\n').find((l) => l.trim()));
	let renamed = Boolean(row.renamed);
	let rulesUpdated = Boolean(row.rules_updated);
	let removed = Number(row.removed_count ?? 0);
	if (act.activity === 'renamed') renamed = squash(act.name) === squash(row.new_name);
	if (act.activity === 'notice') rulesUpdated = rulesTitle !== '' && squash(act.notice).includes(rulesTitle);
	if (act.activity === 'removed') removed = Math.min(planned.size, removed + act.member_ids.filter((id) => planned.has(id)).length);
	const done = renamed && rulesUpdated && removed >= planned.size;
	const justDone = done && row.status !== 'relaunched';
	return {
		chat_id: row.chat_id,
		group_name: row.group_name ?? '',
		new_name: row.new_name ?? '',
		owner: row.owner ?? '',
		to_remove_count: planned.size,
		renamed,
		rules_updated: rulesUpdated,
		removed_count: removed,
		status: done ? 'relaunched' : (row.status ?? ''),
		relaunched_at: justDone ? nowIso : row.relaunched_at || null,
		just_relaunched: justDone,
	};
}
