import { round, valueAt } from './decay';
import type { EngagementRule, LeadProfile, ScoringModel } from './types';

/** Books awarded points in the rule's ledger (what decay works on) and its cap history. */
export function book(model: ScoringModel, p: LeadProfile, rule: EngagementRule, t: number, points: number): void {
	if (points === 0) return;
	const l = (p.ledger[rule.id] ??= { awarded: 0, entries: [] });
	l.awarded = round(l.awarded + points);
	// Events arrive in time order, so half-life and no-decay entries fold into one as they come (exact).
	if (model.decay.mode !== 'linear' && l.entries.length && l.entries.every(([et]) => et <= t))
		l.entries = [[t, round(valueAt(l.entries, model.decay, t) + points)]];
	else l.entries.push([t, points]);
	if (rule.cap) (p.caps[rule.id] ??= []).push([t, points]);
}
