import type { CompiledModel } from './compile';
import { valueAt } from './decay';
import { DAY_MS } from './time';
import type { EngagementRule, LeadProfile } from './types';

const inWindow = (entries: readonly [number, number][] | undefined, from: number) =>
	(entries ?? []).reduce((s, [t, v]) => (t > from ? s + v : s), 0);

/** Current (decayed) engagement points of one rule group, or of all rules. */
export function groupValue(cm: CompiledModel, p: LeadProfile, group: string | undefined, at: number): number {
	let v = 0;
	for (const rule in p.ledger)
		if (group === undefined || cm.groupOf.get(rule) === group) v += valueAt(p.ledger[rule].entries, cm.model.decay, at);
	return v;
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
	if (groupCap !== undefined) limit(groupCap - groupValue(cm, p, rule.group, t), () => `group "${rule.group}" limit ${groupCap}`);
	limit(cm.model.engagementCap - groupValue(cm, p, undefined, t), () => `engagement limit ${cm.model.engagementCap}`);
	return { points, limits };
}
