/**
 * The member ladder (seed 000): ordinary → active → core → KOL → lecturer. A member's level is the
 * highest one whose threshold their total points reach; each level has a target share of a group
 * (the role mix).
 */
import type { LedgerRow } from './ledger';
import { countedRows } from './ledger';

export interface Level {
	name: string;
	/** Total points from which a member holds this level. */
	minPoints: number;
	/** The share of a group's members this level should hold, in percent. */
	targetPercent: number;
}

export class LadderError extends Error {}

/**
 * The playbook's defaults. Seed 000's healthy group: 70 % ordinary, 10 % active, 8 % KOL, 6 %
 * lecturers (and 4 % invited big names, who are not a points level); core members, a ladder step
 * the seed's mix does not size, get the remaining 6 %.
 */
export const DEFAULT_LADDER: Level[] = [
	{ name: '普通成员', minPoints: 0, targetPercent: 70 },
	{ name: '活跃成员', minPoints: 30, targetPercent: 10 },
	{ name: '核心成员', minPoints: 100, targetPercent: 6 },
	{ name: 'KOL', minPoints: 200, targetPercent: 8 },
	{ name: '讲师', minPoints: 400, targetPercent: 6 },
];

/** Levels sorted by threshold, checked: names given and unique, thresholds distinct, the first at 0. */
export function checkLadder(levels: Array<Partial<Level>>): Level[] {
	if (!levels.length) throw new LadderError('Levels is empty: add at least one level (e.g. 普通成员 from 0 points)');
	const out = levels.map((l, i) => {
		const name = String(l.name ?? '').trim();
		if (!name) throw new LadderError(`Levels, row ${i + 1}: the name is empty`);
		const minPoints = Number(l.minPoints);
		if (!Number.isFinite(minPoints) || minPoints < 0) throw new LadderError(`Levels, "${name}": From Points must be 0 or more`);
		const targetPercent = Number(l.targetPercent ?? 0);
		if (!Number.isFinite(targetPercent) || targetPercent < 0 || targetPercent > 100)
			throw new LadderError(`Levels, "${name}": Target Share must be between 0 and 100 %`);
		return { name, minPoints, targetPercent };
	});
	out.sort((a, b) => a.minPoints - b.minPoints);
	for (let i = 1; i < out.length; i++) {
		if (out[i].minPoints === out[i - 1].minPoints)
			throw new LadderError(`Levels: "${out[i - 1].name}" and "${out[i].name}" start at the same ${out[i].minPoints} points`);
	}
	const names = new Set<string>();
	for (const l of out) {
		if (names.has(l.name)) throw new LadderError(`Levels: "${l.name}" is listed twice`);
		names.add(l.name);
	}
	if (out[0].minPoints !== 0)
		throw new LadderError(`Levels: the first level ("${out[0].name}") must start at 0 points, so every member has a level`);
	return out;
}

export function levelFor(total: number, ladder: Level[]): Level {
	let level = ladder[0];
	for (const l of ladder) if (total >= l.minPoints) level = l;
	return level;
}

export interface MemberStanding {
	member_id: string;
	member_name: string;
	chat_id: string;
	group_name: string;
	total: number;
	level: string;
	previous_total: number;
	previous_level: string;
	levelled_up: boolean;
	/** Points this event added. */
	points_added: number;
}

/**
 * Each member with an entry of `eventKey`: their total and level before and after the event. The
 * ledger is replayed in row order, so the crossing of a threshold belongs to one event: the one
 * whose first counted row takes the member over it. The group is where the event's points were
 * earned (the level-up message goes there).
 */
export function standingsAfterEvent(rows: LedgerRow[], eventKey: string, ladder: Level[]): MemberStanding[] {
	const counted = countedRows(rows);
	const members = [...new Set(counted.filter((r) => r.event_key === eventKey).map((r) => String(r.member_id)))];
	return members.map((memberId) => {
		const own = counted.filter((r) => String(r.member_id) === memberId);
		const firstOfEvent = own.findIndex((r) => r.event_key === eventKey);
		const before = own.slice(0, firstOfEvent).reduce((s, r) => s + Number(r.points), 0);
		const added = own.filter((r) => r.event_key === eventKey).reduce((s, r) => s + Number(r.points), 0);
		const total = before + added;
		const eventRow = own[firstOfEvent];
		const latestName = [...own].reverse().find((r) => r.member_name)?.member_name ?? memberId;
		const prev = levelFor(before, ladder);
		const now = levelFor(total, ladder);
		return {
			member_id: memberId,
			member_name: String(latestName),
			chat_id: String(eventRow.chat_id ?? ''),
			group_name: String(eventRow.group_name ?? ''),
			total,
			level: now.name,
			previous_total: before,
			previous_level: prev.name,
			levelled_up: now.minPoints > prev.minPoints,
			points_added: added,
		};
	});
}
