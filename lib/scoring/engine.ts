import { eventKey, rulesFor } from './compile';
import type { CompiledModel } from './compile';
import { compact, round, valueAt } from './decay';
import { derivedEventId } from './eventId';
import { copyProfile, newProfile } from './profile';
import { book } from './ledger';
import { capped } from './ruleCaps';
import { carryRenamedRules } from './ruleIdentity';
import { countReached } from './ruleCount';
import { pruneSeen, replayFloor } from './seen';
import { applyOutcome, evaluateGate, isOffLadder, nextStage, rankOf } from './stages';
import { DAY_MS, iso } from './time';
import type { EngagementRule, EventNote, Explanation, LeadEvent, LeadInput, LeadProfile, LeadResult, RuleStanding } from './types';

/**
 * Scores one lead: its previous profile plus new events → scores, stage, gate and the new profile.
 * Pure and deterministic for a given `now` (no clock, no I/O): running it again with the same
 * input gives the same output, and an event ID already in the profile never scores twice.
 */
export function scoreLead(cm: CompiledModel, input: LeadInput): LeadResult {
	const { model } = cm;
	const now = input.now;
	const previousStage = input.profile?.stage ?? null;
	const p = input.profile ? copyProfile(input.profile) : newProfile(input.leadId);
	if (input.leadId) p.leadId = input.leadId;
	if (input.attributes) Object.assign(p.attributes, input.attributes);
	// A renamed rule that scores the same keeps its points; a rule removed from the model takes
	// its points with it, and the explanation says so.
	const renamedRules = cm.signatures ? carryRenamedRules(p, cm.signatures, cm.ruleIds) : [];
	const droppedRules: Array<{ rule: string; awarded: number }> = [];
	for (const id of Object.keys(p.ledger)) {
		if (cm.ruleIds.has(id)) continue;
		droppedRules.push({ rule: id, awarded: round(p.ledger[id].awarded, 1) });
		delete p.ledger[id];
	}

	const floor = replayFloor(p.seen, now, model.replay);
	// IDs live in an array in the profile (objects keyed by millions of unique IDs are slow in V8).
	const seen = new Set(p.seen.ids.map(([id]) => id));
	const once = new Set(p.once);
	const notes: EventNote[] = [];
	let thisRun = 0;
	for (const { e, id } of ordered(input.events)) {
		const base: EventNote = { id, type: e.type, time: iso(e.time) };
		if (e.time < floor) {
			notes.push({ ...base, note: `not scored: older than the replay window (${iso(floor)})` });
			continue;
		}
		if (seen.has(id)) {
			notes.push({ ...base, note: 'not scored: already scored (replayed event ID)' });
			continue;
		}
		seen.add(id);
		p.seen.ids.push([id, e.time]);
		if (e.attributes) Object.assign(p.attributes, e.attributes);
		const outcome = cm.outcomeByType.get(eventKey(e.type));
		if (outcome) notes.push({ ...base, note: applyOutcome(cm, p, outcome, e.time) });
		let matched = !!outcome;
		for (const { rule, test } of rulesFor(cm, e.type)) {
			if (!test(e.data)) continue;
			matched = true;
			const a = award(cm, p, once, rule, e.time);
			thisRun += a.points;
			notes.push({ ...base, rule: rule.id, points: a.points, ...(a.note ? { note: a.note } : {}) });
		}
		if (!matched) notes.push({ ...base, note: e.attributes ? 'attributes updated' : 'no rule scores this event' });
	}
	p.once = [...once];
	tidy(cm, p, now);

	const engagement = engagementAt(cm, p, now);
	const fit = fitOf(cm, p);
	const gate = evaluateGate(cm, p);
	const next = nextStage(cm, p.stage, engagement.score, fit.score, gate.passed);
	if (next.stage !== p.stage) {
		p.stage = next.stage;
		p.stageSince = now;
	}
	p.updatedAt = now;
	const stage = next.stage;
	const salesReady = gate.passed && !isOffLadder(stage) && rankOf(cm, stage) >= cm.handoffRank;
	const explanation: Explanation = {
		summary: summary(engagement.score, thisRun, engagement.decayed, fit.score, previousStage, stage, gate, salesReady),
		engagement: engagement.standings,
		fit: fit.lines,
		events: notes,
		stage: next.why,
		gate,
		decayed: round(engagement.decayed, 1),
		...(droppedRules.length ? { droppedRules } : {}),
		...(renamedRules.length ? { renamedRules } : {}),
	};
	if (droppedRules.length)
		explanation.summary += ` Dropped the points of rules no longer in the model: ${droppedRules.map((d) => `${d.rule} (${d.awarded})`).join(', ')}.`;
	return {
		...(p.leadId ? { leadId: p.leadId } : {}),
		engagementScore: engagement.score,
		fitScore: fit.score,
		stage,
		previousStage,
		stageChanged: stage !== previousStage,
		salesReady,
		explanation,
		profile: p,
	};
}

/** By time, then ID: the same events in any order score the same. */
function ordered(events: LeadEvent[]): Array<{ e: LeadEvent; id: string }> {
	return events
		.map((e) => ({ e, id: e.id ?? derivedEventId(e.type, e.data) }))
		.sort((a, b) => a.e.time - b.e.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Points for one matching event. Each rule kind is a small module: `count` (ruleCount.ts), caps per
 * rule, group and total (ruleCaps.ts), the decaying ledger (ledger.ts); `once` and `marks` are here.
 */
function award(cm: CompiledModel, p: LeadProfile, once: Set<string>, rule: EngagementRule, t: number): { points: number; note?: string } {
	const count = countReached(p, rule, t);
	if (!count.reached) return { points: 0, note: count.note };
	if (rule.once && once.has(rule.id)) return { points: 0, note: 'not scored: once per lead, already awarded' };
	const { limits, ...cut } = capped(cm, p, rule, t, rule.points);
	const points = round(cut.points);
	if (rule.once) once.add(rule.id);
	if (rule.marks && p.marked[rule.marks] === undefined) p.marked[rule.marks] = t;
	book(cm.model, p, rule, t, points);
	const sig = cm.signatures?.get(rule.id);
	if (sig && p.ledger[rule.id]) p.ledger[rule.id].sig = sig;
	const marked = rule.marks ? `; meets "${rule.marks}"` : '';
	if (!limits.length) return marked ? { points, note: marked.slice(2) } : { points };
	return { points, note: `${points === 0 ? 'not scored' : `reduced from ${rule.points}`}: ${limits.join(', ')}${marked}` };
}

/** Keeps the profile small: compacts the ledger, forgets old IDs, cap and count history outside any window still open. */
function tidy(cm: CompiledModel, p: LeadProfile, now: number): void {
	const rules = new Map(cm.model.engagementRules.map((r) => [r.id, r]));
	for (const l of Object.values(p.ledger)) l.entries = compact(l.entries, cm.model.decay, now);
	p.seen = pruneSeen(p.seen, now, cm.model.replay);
	// No event older than the watermark is scored again, so windows ending before it are closed.
	const since = p.seen.since ?? now;
	for (const id of Object.keys(p.caps)) {
		const cap = rules.get(id)?.cap;
		const kept = cap ? p.caps[id].filter(([t]) => t > since - cap.days * DAY_MS) : [];
		if (kept.length) p.caps[id] = kept;
		else delete p.caps[id];
	}
	for (const id of Object.keys(p.hits)) {
		const count = rules.get(id)?.count;
		const kept = count ? p.hits[id].filter((t) => t > since - count.days * DAY_MS) : [];
		if (kept.length) p.hits[id] = kept;
		else delete p.hits[id];
	}
}

function engagementAt(cm: CompiledModel, p: LeadProfile, now: number) {
	const { model } = cm;
	const standings: RuleStanding[] = [];
	const byGroup = new Map<string | undefined, number>();
	let awarded = 0;
	let worth = 0;
	for (const rule of model.engagementRules) {
		const l = p.ledger[rule.id];
		if (!l) continue;
		const points = round(valueAt(l.entries, model.decay, now), 2);
		awarded += l.awarded;
		worth += points;
		standings.push({
			rule: rule.id,
			...(rule.name ? { name: rule.name } : {}),
			...(rule.group ? { group: rule.group } : {}),
			awarded: round(l.awarded, 2),
			points,
			decayed: round(l.awarded - points, 2),
		});
		byGroup.set(rule.group, (byGroup.get(rule.group) ?? 0) + points);
	}
	let total = 0;
	// Caps lowered since the points were awarded still hold.
	for (const [group, v] of byGroup)
		total += group !== undefined && model.groupCaps[group] !== undefined ? Math.min(v, model.groupCaps[group]) : v;
	return { score: round(Math.min(Math.max(total, 0), model.engagementCap), 1), standings, decayed: awarded - worth };
}

function fitOf(cm: CompiledModel, p: LeadProfile) {
	const { model } = cm;
	const lines: Explanation['fit'] = [];
	const used = new Map<string, number>();
	let total = 0;
	for (const { rule, test } of cm.fit) {
		if (!test(p.attributes)) continue;
		let points = rule.points;
		let note: string | undefined;
		const cap = rule.group !== undefined ? model.groupCaps[rule.group] : undefined;
		if (cap !== undefined && points > 0) {
			const room = cap - (used.get(rule.group!) ?? 0);
			if (points > room) {
				points = Math.max(0, room);
				note = `group "${rule.group}" limit ${cap}`;
			}
		}
		if (rule.group !== undefined) used.set(rule.group, (used.get(rule.group) ?? 0) + points);
		total += points;
		lines.push({
			rule: rule.id,
			...(rule.name ? { name: rule.name } : {}),
			...(rule.group ? { group: rule.group } : {}),
			points,
			...(note ? { note } : {}),
		});
	}
	return { score: round(Math.min(Math.max(total, 0), model.fitCap), 1), lines };
}

function summary(
	engagement: number,
	thisRun: number,
	decayed: number,
	fit: number,
	from: string | null,
	to: string,
	gate: Explanation['gate'],
	salesReady: boolean,
): string {
	const run = thisRun ? `${thisRun > 0 ? '+' : ''}${round(thisRun, 1)} this run` : 'no new points';
	const dec = decayed > 0.05 ? `, ${round(decayed, 1)} decayed` : '';
	const stage = from === to ? `Stage ${to}` : `Stage ${from ?? '(new)'} → ${to}`;
	const met = gate.met.length ? ` (${gate.met.join(', ')})` : '';
	return `Engagement ${engagement} (${run}${dec}), fit ${fit}. ${stage}. BANT ${gate.met.length} met${met}, ${gate.required} needed: ${salesReady ? 'sales-ready' : 'not sales-ready'}.`;
}
