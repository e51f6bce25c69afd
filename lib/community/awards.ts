/**
 * Where points come from: the operator's form (a good question, shared material, joining a
 * discussion: reasons from a list with points) and what the pack sees (a join through a code, an
 * invite through a member's personal code, live attendance). Each source gives ledger entries with
 * keys derived from data, so the same thing never counts twice.
 */
import { DateTime } from 'luxon';
import { safeText } from '../intake/text';
import type { LedgerEntry } from './ledger';

export class AwardError extends Error {
	constructor(
		message: string,
		readonly field: string,
	) {
		super(message);
	}
}

export interface Reason {
	name: string;
	points: number;
}

/** Seed 000: +10 for a good question or shared material, +5 for joining a discussion. */
export const DEFAULT_REASONS: Reason[] = [
	{ name: '好问题 Good question', points: 10 },
	{ name: '分享资料 Material shared', points: 10 },
	{ name: '参与讨论 Discussion', points: 5 },
];

export function checkReasons(reasons: Array<Partial<Reason>>): Reason[] {
	if (!reasons.length) throw new AwardError('Reasons is empty: add the reasons the form offers, with their points', 'reasons');
	const seen = new Set<string>();
	return reasons.map((r, i) => {
		const name = String(r.name ?? '').trim();
		if (!name) throw new AwardError(`Reasons, row ${i + 1}: the name is empty`, 'reasons');
		if (seen.has(name)) throw new AwardError(`Reasons: "${name}" is listed twice`, 'reasons');
		seen.add(name);
		const points = Number(r.points);
		if (!Number.isInteger(points)) throw new AwardError(`Reasons, "${name}": points must be a whole number`, 'reasons');
		return { name, points };
	});
}

/** A group member as WeCom's groupchat/get lists them. */
export interface GroupMember {
	userid: string;
	type?: number;
	name?: string;
	group_nickname?: string;
	state?: string;
	join_time?: number;
	join_scene?: number;
}

export interface GroupDetails {
	chat_id: string;
	name?: string;
	member_list?: GroupMember[];
}

const displayName = (m: GroupMember) => String(m.group_nickname || m.name || m.userid);
const norm = (s: unknown) =>
	String(s ?? '')
		.normalize('NFKC')
		.trim()
		.toLowerCase();

export interface FoundMember {
	member_id: string;
	member_name: string;
	chat_id: string;
	group_name: string;
}

/**
 * The member the operator named: a user ID, a name or a group nickname, matched exactly (case and
 * width ignored) among the groups' members; `group` (a group name or chat ID) narrows the search.
 * Not found, or several different people of that name: an error that says what to type.
 */
export function findMember(who: string, group: string, groups: GroupDetails[]): FoundMember {
	const wanted = norm(who);
	if (!wanted) throw new AwardError('Member is empty: type the member’s name as shown in the group', 'member');
	const inScope = norm(group) ? groups.filter((g) => norm(g.chat_id) === norm(group) || norm(g.name) === norm(group)) : groups;
	if (norm(group) && !inScope.length)
		throw new AwardError(
			`Group "${group}" is not one of the program's groups (${groups.map((g) => g.name || g.chat_id).join(', ')})`,
			'group',
		);
	const hits: FoundMember[] = [];
	for (const g of inScope)
		for (const m of g.member_list ?? []) {
			if ([m.userid, m.name, m.group_nickname].some((v) => v && norm(v) === wanted))
				hits.push({ member_id: m.userid, member_name: displayName(m), chat_id: g.chat_id, group_name: String(g.name ?? g.chat_id) });
		}
	const people = [...new Set(hits.map((h) => h.member_id))];
	if (!hits.length)
		throw new AwardError(
			`Member "${who}" is not in ${norm(group) ? `group "${group}"` : "the program's groups"}: check the spelling`,
			'member',
		);
	if (people.length > 1)
		throw new AwardError(
			`Member "${who}" matches ${people.length} people (${hits.map((h) => `${h.member_name} in ${h.group_name}`).join('; ')}): type the user ID or pick the group`,
			'member',
		);
	if (hits.length > 1 && !norm(group))
		throw new AwardError(
			`Member "${who}" is in ${hits.length} groups (${hits.map((h) => h.group_name).join(', ')}): pick the group the points are for`,
			'group',
		);
	return hits[0];
}

export interface FormAward {
	member: string;
	group: string;
	reason: string;
	note: string;
	/** When the form was submitted (ISO); decides the day of the award. */
	submittedAt: string;
}

/**
 * One ledger entry for a form award. Its key is the member, reason, note and day (China time): a
 * form sent twice (a double click, a reload) counts once; to award the same reason twice on one day,
 * the operator says in the note what each was for.
 */
export function awardFromForm(form: FormAward, reasons: Reason[], groups: GroupDetails[], timeZone: string): LedgerEntry {
	const reason = reasons.find((r) => norm(r.name) === norm(form.reason));
	if (!reason)
		throw new AwardError(
			`Reason "${form.reason}" is not in the Reasons list (${reasons.map((r) => r.name).join(', ')}): make the form's options and the Reasons list the same`,
			'reason',
		);
	const member = findMember(form.member, form.group, groups);
	const at = DateTime.fromISO(form.submittedAt, { zone: timeZone });
	if (!at.isValid) throw new AwardError(`Submitted At "${form.submittedAt}" is not a date and time`, 'submittedAt');
	const note = safeText(form.note, 200);
	const key = ['form', member.member_id, reason.name, note, at.toFormat('yyyy-MM-dd')].join('|');
	return {
		entry_key: key,
		event_key: key,
		...member,
		source: 'form',
		reason: reason.name,
		points: reason.points,
		note,
		awarded_at: at.toUTC().toISO()!,
	};
}

export interface JoinRules {
	/** Points for the member who joined through a code (a `state`). */
	joinPoints: number;
	joinReason: string;
	/** A state starting with this names the referrer after it (a member's personal code), e.g. "ref_". */
	inviteStatePrefix: string;
	invitePoints: number;
	inviteReason: string;
}

export interface JoinEvent {
	eventId: string;
	chatId: string;
	memChangeList: string[];
	createdAt: string;
}

/**
 * Entries for a "member joined" event: every external member of the event who joined through a code
 * (a `state`, read from the group's member list: WeCom's event does not carry it) gets the join
 * points, once per group ever; a state naming a referrer gives the referrer the invite points, once
 * per invited person ever: no points for inviting oneself, leaving and joining again, or another group.
 */
export function pointsFromGroupJoin(event: JoinEvent, group: GroupDetails, rules: JoinRules): LedgerEntry[] {
	const joined = new Set(event.memChangeList.map(String));
	const byId = new Map((group.member_list ?? []).map((m) => [m.userid, m]));
	const out: LedgerEntry[] = [];
	const groupName = String(group.name ?? group.chat_id);
	for (const m of group.member_list ?? []) {
		if (!joined.has(m.userid) || m.type === 1 || !m.state) continue;
		const at = m.join_time ? new Date(m.join_time * 1000).toISOString() : event.createdAt;
		const base = { event_key: event.eventId, chat_id: group.chat_id, group_name: groupName, note: `state ${m.state}`, awarded_at: at };
		if (rules.joinPoints)
			out.push({
				...base,
				entry_key: `join|${group.chat_id}|${m.userid}`,
				member_id: m.userid,
				member_name: displayName(m),
				source: 'join',
				reason: rules.joinReason,
				points: rules.joinPoints,
			});
		const prefix = rules.inviteStatePrefix;
		const referrer = prefix && m.state.startsWith(prefix) ? m.state.slice(prefix.length) : '';
		if (referrer && referrer !== m.userid && rules.invitePoints) {
			const ref = byId.get(referrer);
			out.push({
				...base,
				entry_key: `invite|${m.userid}`,
				member_id: referrer,
				member_name: ref ? displayName(ref) : referrer,
				source: 'invite',
				reason: rules.inviteReason,
				points: rules.invitePoints,
				note: `invited ${displayName(m)}`,
			});
		}
	}
	return out;
}

export interface Attendance {
	liveId: string;
	liveTitle: string;
	memberId: string;
	memberName: string;
	chatId: string;
	groupName: string;
	attendedAt: string;
}

/** One entry per member per live session, however often the platform reports the entry. */
export function pointsFromAttendance(a: Attendance, points: number, reason: string): LedgerEntry {
	const liveId = String(a.liveId ?? '').trim();
	const memberId = String(a.memberId ?? '').trim();
	if (!liveId) throw new AwardError('Live ID is empty: the live platform must say which session was attended', 'liveId');
	if (!memberId) throw new AwardError("Member ID is empty: the live platform must send the attendee's external_userid", 'memberId');
	const at = DateTime.fromISO(String(a.attendedAt ?? ''));
	const key = `live|${liveId}|${memberId}`;
	return {
		entry_key: key,
		event_key: key,
		member_id: memberId,
		member_name: safeText(a.memberName, 40) || memberId,
		chat_id: String(a.chatId ?? ''),
		group_name: safeText(a.groupName, 60),
		source: 'live',
		reason,
		points,
		note: safeText(a.liveTitle, 80),
		awarded_at: (at.isValid ? at : DateTime.now()).toUTC().toISO()!,
	};
}
