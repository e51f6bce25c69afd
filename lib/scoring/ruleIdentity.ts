import { canonicalJson, hash64 } from './eventId';
import type { EngagementRule, LeadProfile } from './types';

/**
 * A rule's identity apart from its ID and name: what it scores (event types, conditions, group).
 * The profile keeps it beside the rule's points, so a rule whose ID changed with its name (rules
 * added in the editor get their ID from their name) is recognised and keeps its points.
 */
export function ruleSignature(rule: EngagementRule): string {
	const events = rule.events.map((e) => e.trim().toLowerCase()).sort();
	return hash64(canonicalJson({ events, conditions: rule.conditions ?? [], match: rule.match ?? 'all', group: rule.group ?? null }));
}

/**
 * Moves the stored state of rules no longer in the model (points, limit and count history, "once")
 * to the one model rule that scores the same and has no state yet. Returns the moves made.
 */
export function carryRenamedRules(
	p: LeadProfile,
	signatures: Map<string, string>,
	ruleIds: Set<string>,
): Array<{ from: string; to: string }> {
	const moved: Array<{ from: string; to: string }> = [];
	const free = new Map<string, string[]>();
	for (const [id, sig] of signatures) if (!p.ledger[id]) free.set(sig, [...(free.get(sig) ?? []), id]);
	for (const [from, entry] of Object.entries(p.ledger)) {
		if (ruleIds.has(from) || !entry.sig) continue;
		const candidates = free.get(entry.sig);
		if (candidates?.length !== 1) continue;
		const to = candidates[0];
		free.delete(entry.sig);
		p.ledger[to] = entry;
		delete p.ledger[from];
		for (const store of [p.caps, p.hits] as Array<Record<string, unknown>>) {
			if (store[from] === undefined) continue;
			store[to] = store[from];
			delete store[from];
		}
		p.once = p.once.map((id) => (id === from ? to : id));
		moved.push({ from, to });
	}
	return moved;
}
