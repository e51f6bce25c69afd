import { eventKey, rulesFor } from './compile';
import type { CompiledModel, CompiledRule } from './compile';
import { round, valueAt } from './decay';
import { derivedEventId } from './eventId';
import { book } from './ledger';
import { newProfile } from './profile';
import { capped } from './ruleCaps';
import { countReached } from './ruleCount';
import { applyOutcome, evaluateGate, isOffLadder, nextStage, rankOf } from './stages';
import type { LeadEvent, LeadProfile } from './types';

/** One lead's stored history: every event it ever had, and the attributes known about it. */
export interface HistoryLead {
	leadId: string;
	events: LeadEvent[];
	attributes?: Record<string, unknown>;
}

/** Where a model puts a lead after its whole history. */
export interface HistoryOutcome {
	stage: string;
	engagementScore: number;
	fitScore: number;
	salesReady: boolean;
}

/**
 * Scores whole histories under one model, fast: the engine's rules, caps, counts, decay, outcomes
 * and stages, without what only a live run needs (per-event explanations, replay memory, the
 * stored profile). A history is trusted as recorded, so the replay window does not apply; an event
 * ID seen twice in one lead's history still scores once. For a lead, the result equals
 * `scoreLead` on a new profile with the same events and a replay window covering them all.
 */
export class HistoryScorer {
	/** Rules per event type as written in the history (skips lower-casing the type per event). */
	private readonly rulesByRawType = new Map<string, CompiledRule[]>();
	/** Event IDs of the lead being scored (one set, cleared per lead). */
	private readonly seen = new Set<string>();
	/** Current (decayed) points per engagement rule, summed over every lead scored so far. */
	readonly pointsByRule: Float64Array;

	constructor(
		readonly cm: CompiledModel,
		readonly now: number,
	) {
		this.pointsByRule = new Float64Array(cm.model.engagementRules.length);
	}

	score(lead: HistoryLead): HistoryOutcome {
		const { cm } = this;
		const p = newProfile(lead.leadId);
		if (lead.attributes) Object.assign(p.attributes, lead.attributes);
		const events = inOrder(lead.events);
		const once = new Set<string>();
		const seen = this.seen;
		seen.clear();
		for (const e of events) {
			const id = e.id ?? derivedEventId(e.type, e.data);
			if (seen.has(id)) continue;
			seen.add(id);
			if (e.attributes) Object.assign(p.attributes, e.attributes);
			const outcome = cm.outcomeByType.get(eventKey(e.type));
			if (outcome) applyOutcome(cm, p, outcome, e.time);
			for (const { rule, test } of this.rules(e.type)) {
				if (!test(e.data)) continue;
				if (!countReached(p, rule, e.time).reached) continue;
				if (rule.once) {
					if (once.has(rule.id)) continue;
					once.add(rule.id);
				}
				const points = round(capped(cm, p, rule, e.time, rule.points).points);
				if (rule.marks && p.marked[rule.marks] === undefined) p.marked[rule.marks] = e.time;
				book(cm.model, p, rule, e.time, points);
			}
		}
		const engagementScore = this.engagement(p);
		const fitScore = fitScore_(cm, p);
		const gate = evaluateGate(cm, p);
		const stage = nextStage(cm, p.stage, engagementScore, fitScore, gate.passed).stage;
		const salesReady = gate.passed && !isOffLadder(stage) && rankOf(cm, stage) >= cm.handoffRank;
		return { stage, engagementScore, fitScore, salesReady };
	}

	private rules(type: string): CompiledRule[] {
		let rules = this.rulesByRawType.get(type);
		if (!rules) this.rulesByRawType.set(type, (rules = rulesFor(this.cm, type)));
		return rules;
	}

	/** The engine's engagement score (per-rule points rounded as the explanation shows them), also summed per rule. */
	private engagement(p: LeadProfile): number {
		const { model } = this.cm;
		const byGroup = new Map<string | undefined, number>();
		model.engagementRules.forEach((rule, i) => {
			const l = p.ledger[rule.id];
			if (!l) return;
			const points = round(valueAt(l.entries, model.decay, this.now), 2);
			this.pointsByRule[i] += points;
			byGroup.set(rule.group, (byGroup.get(rule.group) ?? 0) + points);
		});
		let total = 0;
		for (const [group, v] of byGroup)
			total += group !== undefined && model.groupCaps[group] !== undefined ? Math.min(v, model.groupCaps[group]) : v;
		return round(Math.min(Math.max(total, 0), model.engagementCap), 1);
	}
}

/** The events by time, then ID (as the engine orders them); sorted histories are not copied. */
function inOrder(events: LeadEvent[]): LeadEvent[] {
	for (let i = 1; i < events.length; i++) {
		const a = events[i - 1];
		const b = events[i];
		if (a.time > b.time || (a.time === b.time && idOf(a) > idOf(b))) return [...events].sort(byTimeThenId);
	}
	return events;
}

const idOf = (e: LeadEvent) => e.id ?? derivedEventId(e.type, e.data);
const byTimeThenId = (a: LeadEvent, b: LeadEvent) => {
	if (a.time !== b.time) return a.time - b.time;
	const x = idOf(a);
	const y = idOf(b);
	return x < y ? -1 : x > y ? 1 : 0;
};

/** The engine's fit score: fit rules on the lead's attributes, with group limits. */
function fitScore_(cm: CompiledModel, p: LeadProfile): number {
	const { model } = cm;
	const used = new Map<string, number>();
	let total = 0;
	for (const { rule, test } of cm.fit) {
		if (!test(p.attributes)) continue;
		let points = rule.points;
		const cap = rule.group !== undefined ? model.groupCaps[rule.group] : undefined;
		if (cap !== undefined && points > 0) points = Math.min(points, Math.max(0, cap - (used.get(rule.group!) ?? 0)));
		if (rule.group !== undefined) used.set(rule.group, (used.get(rule.group) ?? 0) + points);
		total += points;
	}
	return round(Math.min(Math.max(total, 0), model.fitCap), 1);
}
