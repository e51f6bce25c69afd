import type { CompiledModel } from './compile';
import { valueAt } from './decay';
import { DAY_MS } from './time';
import type { EngagementRule, LeadProfile } from './types';

const inWindow = (entries: readonly [number, number][] | undefined, from: number) =>
	(entries ?? []).reduce((s, [t, v]) => (t > from ? s + v : s), 0);

/** Current (decayed) engagement points of one rule group and of all rules, in one pass over the ledger. */
function ledgerValues(cm: CompiledModel, p: LeadProfile, group: string | undefined, at: number): { group: number; all: number } {
	let inGroup = 0;
	let all = 0;
	for (const rule in p.ledger) {
		const v = valueAt(p.ledger[rule].entries, cm.model.decay, at);
		all += v;
		if (group !== undefined && cm.groupOf.get(rule) === group) inGroup += v;
	}
	return { group: inGroup, all };
}

/**
 * Positive points limited by the rule's cap per period, its group's limit and the engagement
 * limit, in that order; `limits` names each limit that cut them.
 */
export function capped(
	cm: CompiledModel,
	p: LeadProfile,
	rule: EngagementRule,
	t: number,
	points: number,
): { points: number; limits: string[] } {
	const limits: string[] = [];
	if (points <= 0) return { points, limits };
	// The reason is worded only when a limit cuts (this runs for every scored event).
	const limit = (room: number, why: () => string) => {
		if (points > room) {
			points = Math.max(0, room);
			limits.push(why());
		}
	};
	const { cap } = rule;
	if (cap) limit(cap.points - inWindow(p.caps[rule.id], t - cap.days * DAY_MS), () => `rule cap ${cap.points} per ${cap.days} days`);
	const groupCap = rule.group !== undefined ? cm.model.groupCaps[rule.group] : undefined;
	const held = ledgerValues(cm, p, groupCap !== undefined ? rule.group : undefined, t);
	if (groupCap !== undefined) limit(groupCap - held.group, () => `group "${rule.group}" limit ${groupCap}`);
	limit(cm.model.engagementCap - held.all, () => `engagement limit ${cm.model.engagementCap}`);
	return { points, limits };
}
