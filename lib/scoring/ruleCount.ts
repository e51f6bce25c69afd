import { DAY_MS } from './time';
import type { EngagementRule, LeadProfile } from './types';

/**
 * Rules with `count` (e.g. pricing page 3× in 7 days) score only on the event that completes the
 * count; earlier ones are remembered in the profile. Returns a note while the count is not reached.
 */
export function countReached(p: LeadProfile, rule: EngagementRule, t: number): { reached: true } | { reached: false; note: string } {
	if (!rule.count || rule.count.times <= 1) return { reached: true };
	const hits = (p.hits[rule.id] ?? []).filter((h) => h > t - rule.count!.days * DAY_MS);
	hits.push(t);
	if (hits.length < rule.count.times) {
		p.hits[rule.id] = hits;
		return { reached: false, note: `counted ${hits.length} of ${rule.count.times} within ${rule.count.days} days` };
	}
	delete p.hits[rule.id];
	return { reached: true };
}
