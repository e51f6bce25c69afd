import type { CompiledModel, OutcomeKind } from './compile';
import { BANT_CRITERIA, RECYCLED, REJECTED } from './types';
import type { BantCriterion, Explanation, LeadProfile } from './types';

export const isOffLadder = (stage: string | null) => stage === REJECTED || stage === RECYCLED;

/** Ladder position; -1 for none, rejected, recycled or a stage the model no longer has. */
export const rankOf = (cm: CompiledModel, stage: string | null) => (stage === null ? -1 : (cm.rank.get(stage) ?? -1));

export function evaluateGate(cm: CompiledModel, profile: LeadProfile): Explanation['gate'] {
	const met: BantCriterion[] = [];
	const missing: BantCriterion[] = [];
	for (const [criterion, test] of cm.criteria) {
		if (profile.marked[criterion] !== undefined || test(profile.attributes)) met.push(criterion);
		else missing.push(criterion);
	}
	const required = Math.min(cm.model.gate.required, BANT_CRITERIA.length);
	return { required, met, missing, passed: met.length >= required };
}

/**
 * An explicit sales outcome. Accepted / opportunity / won move forward only. A rejection sends the
 * lead to "rejected" when sales never accepted it and to "recycled" (MRL) when it did (seed 004:
 * the two returns are nurtured differently), and may reset engagement so it must requalify.
 */
export function applyOutcome(cm: CompiledModel, p: LeadProfile, kind: OutcomeKind, t: number): string {
	const outcomes = cm.model.outcomes;
	if (kind === 'disqualified') {
		const to = p.acceptedAt !== null ? RECYCLED : REJECTED;
		let note =
			to === RECYCLED
				? 'sales returned the lead after accepting it → recycled (MRL)'
				: 'sales rejected the lead without accepting it → rejected';
		p.stage = to;
		p.stageSince = t;
		p.acceptedAt = null;
		if (outcomes.resetEngagement) {
			p.ledger = {};
			p.hits = {};
			p.marked = {};
			note += '; engagement points reset, the lead requalifies from zero';
		}
		return note;
	}
	const target = outcomes[kind].stage;
	if (p.acceptedAt === null) p.acceptedAt = t;
	if (rankOf(cm, target) > rankOf(cm, p.stage)) {
		p.stage = target;
		p.stageSince = t;
		return `${kind} → ${target}`;
	}
	return `${kind}: stays at ${p.stage} (stages only move forward)`;
}

const fmt = (n: number) => String(Math.round(n * 10) / 10);

/** The highest score stage whose thresholds (and gate, when it asks for it) are met; -1 if none. */
export function thresholdRank(cm: CompiledModel, engagement: number, fit: number, gatePassed: boolean): number {
	let best = -1;
	for (let i = 0; i < cm.ladder.length; i++) {
		const s = cm.ladder[i];
		if (s.outcomeOnly) continue;
		if (engagement >= (s.minEngagement ?? 0) && fit >= (s.minFit ?? 0) && (!s.gate || gatePassed)) best = i;
	}
	return best;
}

function because(cm: CompiledModel, rank: number, engagement: number, fit: number): string {
	const s = cm.ladder[rank];
	const parts = [`engagement ${fmt(engagement)} ≥ ${s.minEngagement ?? 0}`];
	if (s.minFit) parts.push(`fit ${fmt(fit)} ≥ ${s.minFit}`);
	if (s.gate) parts.push('hand-off gate met');
	return parts.join(', ');
}

/** Where the lead stands after this run, and why. Score moves are forward-only. */
export function nextStage(
	cm: CompiledModel,
	current: string | null,
	engagement: number,
	fit: number,
	gatePassed: boolean,
): { stage: string; why: string } {
	const thr = thresholdRank(cm, engagement, fit, gatePassed);
	if (isOffLadder(current)) {
		const requalify = cm.ladder[cm.requalifyRank].id;
		if (thr >= cm.requalifyRank)
			return { stage: cm.ladder[thr].id, why: `requalified from ${current}: ${because(cm, thr, engagement, fit)}` };
		return { stage: current as string, why: `${current}: stays until its scores reach ${requalify} again` };
	}
	const known = current !== null && cm.rank.has(current);
	const cur = rankOf(cm, current);
	if (thr > cur) {
		const from = current === null ? 'new lead' : known ? current : `"${current}" (no longer a stage of this model)`;
		return { stage: cm.ladder[thr].id, why: `${from} → ${cm.ladder[thr].id}: ${because(cm, thr, engagement, fit)}` };
	}
	if (!known) {
		const from = current === null ? 'new lead' : `"${current}" (no longer a stage of this model)`;
		return { stage: cm.ladder[0].id, why: `${from} → ${cm.ladder[0].id}: where every lead starts` };
	}
	const now = thr >= 0 ? cm.ladder[thr].id : 'no stage';
	return {
		stage: current as string,
		why: thr < cur ? `stays at ${current} (stages only move forward; the scores alone now reach ${now})` : `stays at ${current}`,
	};
}
