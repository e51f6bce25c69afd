/**
 * The monthly top contributors of a group (seed 000: 月度贡献之星, top 3) and the role mix of a group
 * (how many members hold each ladder level, against the target shares). Names come from the group's
 * member list (what people see in the group), cleaned before they reach a message.
 */
import { DateTime } from 'luxon';
import { safeText } from '../intake/text';
import { fillPlaceholders } from '../liveStream/message';
import type { GroupDetails } from './awards';
import type { Level } from './ladder';
import { levelFor } from './ladder';
import type { LedgerRow } from './ledger';
import { countedRows, totalsByMember } from './ledger';

export class ReportError extends Error {}

/** A group's name as staff set it in WeCom: placed as it is (messages are plain text), capped. */
export const groupLabel = (name: unknown) =>
	Array.from(String(name ?? '').trim())
		.slice(0, 60)
		.join('');

/** "2026-11" → the month's start and end in the time zone; anything else is an error. */
export function monthRange(month: string, timeZone: string): { start: DateTime; end: DateTime; label: string } {
	const start = DateTime.fromFormat(String(month ?? '').trim(), 'yyyy-MM', { zone: timeZone });
	if (!start.isValid) throw new ReportError(`Month "${month}" is not a month: use YYYY-MM, e.g. 2026-11`);
	return { start, end: start.plus({ months: 1 }), label: start.toFormat('yyyy-MM') };
}

const nameIn = (group: GroupDetails, memberId: string, fallback: string) => {
	const m = group.member_list?.find((x) => x.userid === memberId);
	return safeText(m?.group_nickname || m?.name || fallback || memberId, 30) || memberId;
};

export interface TopEntry {
	rank: number;
	member_id: string;
	name: string;
	points: number;
}

/**
 * The group's members with the most points earned in the group during the month. Ties go to who
 * reached the total first (their last counted row is earlier).
 */
export function monthlyTop(rows: LedgerRow[], group: GroupDetails, month: string, timeZone: string, size: number): TopEntry[] {
	const { start, end } = monthRange(month, timeZone);
	const sums = new Map<string, { points: number; last: number; name: string }>();
	for (const r of countedRows(rows)) {
		if (String(r.chat_id ?? '') !== group.chat_id) continue;
		const at = DateTime.fromISO(String(r.awarded_at ?? ''));
		if (!at.isValid || at < start || at >= end) continue;
		const id = String(r.member_id);
		const s = sums.get(id) ?? { points: 0, last: 0, name: String(r.member_name ?? '') };
		s.points += Number(r.points);
		s.last = Number(r.id);
		sums.set(id, s);
	}
	return [...sums.entries()]
		.filter(([, s]) => s.points > 0)
		.sort(([, a], [, b]) => b.points - a.points || a.last - b.last)
		.slice(0, size)
		.map(([id, s], i) => ({ rank: i + 1, member_id: id, name: nameIn(group, id, s.name), points: s.points }));
}

export interface TopWording {
	/** The whole message, with {group}, {month}, {lines}. */
	text: string;
	/** One line per member, with {rank}, {name}, {points}. */
	line: string;
	/** When nobody earned points in the month: with {group}, {month}. Empty: no message. */
	empty: string;
}

const MEDALS = ['🥇', '🥈', '🥉'];

export function renderTop(top: TopEntry[], group: GroupDetails, month: string, w: TopWording): string {
	const values = { group: groupLabel(group.name ?? group.chat_id), month };
	if (!top.length) return w.empty.trim() ? fillPlaceholders(w.empty, values, 'Empty Month Text') : '';
	const lines = top
		.map((t) =>
			fillPlaceholders(
				w.line,
				{ rank: String(t.rank), medal: MEDALS[t.rank - 1] ?? `${t.rank}.`, name: t.name, points: String(t.points) },
				'Line Text',
			),
		)
		.join('\n');
	return fillPlaceholders(w.text, { ...values, lines }, 'Message Text');
}

export interface MixRow {
	level: string;
	count: number;
	percent: number;
	target_percent: number;
	/** Members the group lacks (positive) or has over (negative) at this level, against the target. */
	gap: number;
}

export interface RoleMix {
	chat_id: string;
	group_name: string;
	members: number;
	mix: MixRow[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Each external member of the group (staff are the operators, not the mix) placed at the level of
 * their total points across all groups; counts and shares per level against the target.
 */
export function roleMix(rows: LedgerRow[], group: GroupDetails, ladder: Level[]): RoleMix {
	const totals = totalsByMember(rows);
	const members = (group.member_list ?? []).filter((m) => m.type !== 1);
	const counts = new Map(ladder.map((l) => [l.name, 0]));
	for (const m of members) {
		const level = levelFor(totals.get(m.userid) ?? 0, ladder);
		counts.set(level.name, (counts.get(level.name) ?? 0) + 1);
	}
	const n = members.length;
	return {
		chat_id: group.chat_id,
		group_name: String(group.name ?? group.chat_id),
		members: n,
		mix: ladder.map((l) => {
			const count = counts.get(l.name) ?? 0;
			return {
				level: l.name,
				count,
				percent: n ? round1((count * 100) / n) : 0,
				target_percent: l.targetPercent,
				gap: Math.round((l.targetPercent * n) / 100) - count,
			};
		}),
	};
}

export interface MixWording {
	/** The group's report, with {group}, {members}, {lines}. */
	text: string;
	/** One line per level, with {level}, {count}, {percent}, {target}, {gap}. */
	line: string;
}

export function renderMix(mix: RoleMix, w: MixWording): string {
	const lines = mix.mix
		.map((r) =>
			fillPlaceholders(
				w.line,
				{
					level: r.level,
					count: String(r.count),
					percent: String(r.percent),
					target: String(r.target_percent),
					gap: r.gap > 0 ? `+${r.gap}` : String(r.gap),
				},
				'Line Text',
			),
		)
		.join('\n');
	return fillPlaceholders(w.text, { group: groupLabel(mix.group_name), members: String(mix.members), lines }, 'Report Text');
}
