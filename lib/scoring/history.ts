import { rulesFor } from './compile';
import type { CompiledModel, OutcomeKind } from './compile';
import type { Matcher } from './conditions';
import { compact, round, valueAt, worth } from './decay';
import { HalfLifeFactors } from './halfLife';
import { LeadHistory } from './historyBuffer';
import { TypeCodes } from './historyBuffer';
import { RECYCLED, REJECTED } from './names';
import { isOffLadder } from './stages';
import { DAY_MS } from './time';
import { BANT_CRITERIA } from './types';
import type { Decay, LeadEvent, LedgerEntry } from './types';

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

/** Below this a half-life entry is dropped when the engine compacts a ledger (decay.ts). */
const NEGLIGIBLE = 0.0005;
const NO_CAP = Number.POSITIVE_INFINITY;

/** An engagement rule flattened into numbers (what the per-event loop reads). */
interface FlatRule {
	index: number;
	points: number;
	once: boolean;
	/** BANT criterion index it marks, or -1. */
	marks: number;
	test: Matcher | null;
	capPoints: number;
	capWindow: number;
	countTimes: number;
	countWindow: number;
	/** Index into the model's groups (rules without a group share one). */
	group: number;
	groupCap: number;
}

/**
 * Scores whole histories under one model, fast: the engine's rules, caps, counts, decay, outcomes
 * and stages, without what only a live run needs (per-event explanations, replay memory, the
 * stored profile). Rules are flattened once and looked up per event type by an integer code; the
 * per-lead state lives in typed arrays reused from lead to lead, so a history of any length
 * allocates nothing per event. A history is trusted as recorded, so the replay window does not
 * apply; an event ID seen twice in one lead's history still scores once. For a lead, the result
 * equals `scoreLead` on a new profile with the same events and a replay window covering them all,
 * to the last digit: the arithmetic is the engine's, in the engine's order.
 */
export class HistoryScorer {
	/** Current (decayed) points per engagement rule, summed over every lead scored so far. */
	readonly pointsByRule: Float64Array;
	private readonly rules: FlatRule[];
	private readonly byCode: Array<FlatRule[] | undefined> = [];
	private readonly outcomeByCode: Array<OutcomeKind | null | undefined> = [];
	private readonly decay: Decay;
	private readonly linear: boolean;
	/** Half-life decay factors by age (no decay: an infinite half-life, 2^-0 is 1); shared by the scorers of one backtest. */
	readonly factors: HalfLifeFactors;
	private readonly groupCaps: number[];
	private readonly groupCount: number;
	private readonly engagementCap: number;
	// Per-lead state, reset for each lead.
	private readonly hasLedger: Uint8Array;
	private readonly ledgerTime: Float64Array;
	private readonly ledgerValue: Float64Array;
	/** Linear decay keeps one entry per award (flat pairs time, points), as the engine's ledger does. */
	private readonly ledgerEntries: number[][];
	/** Rules in the order their ledger was opened (the engine sums `p.ledger` in key order). */
	private readonly ledgerOrder: Int32Array;
	/** Per rule: at least what its ledger is worth from now on (see `book`). */
	private readonly upper: Float64Array;
	/** `upper` summed over the open ledgers, and per group: kept as `upper` changes, so a limit check costs no loop. */
	private upperAll = 0;
	private readonly upperByGroup: Float64Array;
	/**
	 * The points `withinLimits` limits, in and out. A number passed to or returned from a method V8
	 * does not inline is boxed (an object per call) unless it is a small integer; a field is not.
	 */
	private limited = 0.5;
	/** Per rule: its group's index. */
	private readonly ruleGroup: Int32Array;
	private ledgers = 0;
	/** Rules whose cap log, hits or entries this lead touched (only those are cleared for the next lead). */
	private readonly dirty: Int32Array;
	private readonly isDirty: Uint8Array;
	private dirtyCount = 0;
	/** Per rule: its cap log (flat pairs time, points) and count hits, with their used lengths (the arrays are kept, not shrunk, between leads). */
	private readonly capLog: number[][];
	private readonly capLen: Int32Array;
	private readonly capStart: Int32Array;
	private readonly hits: number[][];
	private readonly hitsLen: Int32Array;
	private readonly once: Uint8Array;
	private readonly marked: Float64Array;
	private readonly groupSum: Float64Array;
	private readonly groupOrder: Int32Array;
	private stage: string | null = null;
	/**
	 * The ladder flattened (stages.ts `thresholdRank` reads the stage objects, whose shapes differ
	 * from stage to stage: read per lead, that is a lookup V8 cannot specialise): each stage's id,
	 * thresholds (absent: 0), whether it needs the gate and whether it is reached by outcomes only.
	 */
	private readonly ladderIds: string[];
	private readonly minEngagement: Float64Array;
	private readonly minFit: Float64Array;
	private readonly ladderGate: Uint8Array;
	private readonly outcomeOnly: Uint8Array;
	/** The last lead's gate criteria met by its attributes (bit per criterion), for a second model with the same gate. */
	criteriaMet = 0;
	private acceptedAt: number | null = null;
	/** What `finish` returns, reused from lead to lead (one object less per lead and model); not whole numbers at first, so V8 keeps them as doubles. */
	private readonly outcome: HistoryOutcome = { stage: '', engagementScore: 0.5, fitScore: 0.5, salesReady: false };
	private readonly buffer: LeadHistory;
	/** The event type codes of the histories this scorer reads (shared by the scorers of one backtest). */
	readonly types: TypeCodes;

	/** `factors`: another scorer's (the other model of a backtest), used when the half-life is the same. */
	constructor(
		readonly cm: CompiledModel,
		readonly now: number,
		types?: TypeCodes,
		factors?: HalfLifeFactors,
	) {
		this.types = types ?? new TypeCodes();
		const { model } = cm;
		const groups = new Map<string | undefined, number>();
		const groupOf = (g: string | undefined) => {
			if (!groups.has(g)) groups.set(g, groups.size);
			return groups.get(g)!;
		};
		this.rules = model.engagementRules.map((rule, index) => ({
			index,
			points: rule.points,
			once: rule.once === true,
			marks: rule.marks ? BANT_CRITERIA.indexOf(rule.marks) : -1,
			test: rule.conditions?.length ? compiledTest(cm, index) : null,
			capPoints: rule.cap ? rule.cap.points : NO_CAP,
			capWindow: rule.cap ? rule.cap.days * DAY_MS : 0,
			countTimes: rule.count && rule.count.times > 1 ? rule.count.times : 0,
			countWindow: rule.count ? rule.count.days * DAY_MS : 0,
			group: groupOf(rule.group),
			groupCap: rule.group !== undefined && model.groupCaps[rule.group] !== undefined ? model.groupCaps[rule.group] : NO_CAP,
		}));
		this.groupCount = groups.size;
		this.groupCaps = [...groups.keys()].map((g) => (g !== undefined && model.groupCaps[g] !== undefined ? model.groupCaps[g] : NO_CAP));
		this.decay = model.decay;
		this.linear = model.decay.mode === 'linear';
		const halfLifeMs = model.decay.mode === 'halfLife' ? model.decay.halfLifeDays * DAY_MS : Number.POSITIVE_INFINITY;
		this.factors = factors?.halfLifeMs === halfLifeMs ? factors : new HalfLifeFactors(halfLifeMs);
		this.engagementCap = model.engagementCap;
		const n = this.rules.length;
		this.pointsByRule = new Float64Array(n);
		this.hasLedger = new Uint8Array(n);
		this.ledgerTime = new Float64Array(n);
		this.ledgerValue = new Float64Array(n);
		this.ledgerEntries = this.rules.map(() => []);
		this.ledgerOrder = new Int32Array(n);
		this.upper = new Float64Array(n);
		this.upperByGroup = new Float64Array(this.groupCount);
		this.ruleGroup = Int32Array.from(this.rules, (r) => r.group);
		this.capLog = this.rules.map(() => []);
		this.capLen = new Int32Array(n);
		this.capStart = new Int32Array(n);
		this.hits = this.rules.map(() => []);
		this.hitsLen = new Int32Array(n);
		this.once = new Uint8Array(n);
		this.dirty = new Int32Array(n);
		this.isDirty = new Uint8Array(n);
		this.marked = new Float64Array(BANT_CRITERIA.length);
		this.groupSum = new Float64Array(this.groupCount);
		this.groupOrder = new Int32Array(this.groupCount);
		this.buffer = new LeadHistory(this.types);
		this.ladderIds = cm.ladder.map((s) => s.id);
		this.minEngagement = Float64Array.from(cm.ladder, (s) => s.minEngagement ?? 0);
		this.minFit = Float64Array.from(cm.ladder, (s) => s.minFit ?? 0);
		this.ladderGate = Uint8Array.from(cm.ladder, (s) => (s.gate ? 1 : 0));
		this.outcomeOnly = Uint8Array.from(cm.ladder, (s) => (s.outcomeOnly ? 1 : 0));
	}

	/** One lead given as objects (tests, small callers): copied into the reusable columns, then scored. */
	score(lead: HistoryLead): HistoryOutcome {
		const b = this.buffer.reset(lead.leadId, lead.attributes);
		for (const e of lead.events) b.push(e.type, e.time, e.id, e.data, e.attributes);
		return { ...this.scoreHistory(b.prepare()) };
	}

	/**
	 * One lead's prepared history (`LeadHistory.prepare`), whose type codes are this scorer's.
	 * `sameFit` and `knownCriteria`: this lead's outcome (for its fit score) and gate's attribute
	 * tests (`criteriaMet`) under another model with the same fit rules and gate (they read
	 * attributes only). The outcome object is this scorer's, reused for the next lead: copy what
	 * must outlive it.
	 */
	scoreHistory(h: LeadHistory, sameFit?: HistoryOutcome, knownCriteria?: number): HistoryOutcome {
		this.begin(h);
		const { type, time, data, order } = h;
		for (let k = 0; k < h.count; k++) {
			const i = order[k];
			this.event(type[i], time, i, data[i]);
		}
		return this.finish(h, sameFit, knownCriteria);
	}

	/**
	 * A lead's scoring in three steps: `begin`, `event` for each event of `h.order` in turn, then
	 * `finish`. A backtest scores the lead under one model, then the other (the prepared columns are
	 * read twice, from the cache): one call site per step keeps V8's optimised code for the loop
	 * small, so it is ready sooner than when both models' steps are interleaved.
	 */
	private begin(h: LeadHistory): void {
		if (h.types !== this.types) throw new Error('the history was read with other event type codes than this scorer');
		this.resetLead();
	}

	/** Event `i` of the history (type code, times, index, data): its outcome, then every rule that scores its type. */
	private event(code: number, times: Float64Array, i: number, data: Record<string, unknown>): void {
		let outcome = this.outcomeByCode[code];
		if (outcome === undefined) outcome = this.resolve(code);
		if (outcome) this.applyOutcome(outcome, times[i]);
		const rules = this.byCode[code]!;
		for (let r = 0; r < rules.length; r++) this.award(rules[r], times, i, data);
	}

	/** Where the lead ends after its events (the reused outcome object: see `scoreHistory`). */
	private finish(h: LeadHistory, sameFit?: HistoryOutcome, knownCriteria?: number): HistoryOutcome {
		const out = this.outcome;
		// Scores are written into the outcome, not returned (see `limited`).
		this.engagement();
		if (sameFit) out.fitScore = sameFit.fitScore;
		else this.fit(h.attributes);
		this.criteriaMet = knownCriteria ?? this.criteriaOf(h.attributes);
		const passed = this.gatePassed();
		const stage = this.stageAfter(out.engagementScore, out.fitScore, passed);
		const rank = this.cm.rank.get(stage) ?? -1;
		out.stage = stage;
		out.salesReady = passed && !isOffLadder(stage) && rank >= this.cm.handoffRank;
		return out;
	}

	/** The rules and outcome of an event type, worked out the first time the type is seen. */
	private resolve(code: number): OutcomeKind | null {
		const name = this.types.names[code];
		const rules = rulesFor(this.cm, name);
		this.byCode[code] = rules.map((c) => this.rules[this.cm.model.engagementRules.indexOf(c.rule)]);
		const outcome = this.cm.outcomeByType.get(name.trim().toLowerCase()) ?? null;
		this.outcomeByCode[code] = outcome;
		return outcome;
	}

	private resetLead(): void {
		this.closeLedgers();
		for (let k = 0; k < this.dirtyCount; k++) {
			const r = this.dirty[k];
			this.isDirty[r] = 0;
			this.capLen[r] = 0;
			this.capStart[r] = 0;
			this.hitsLen[r] = 0;
			if (this.ledgerEntries[r].length) this.ledgerEntries[r].length = 0;
		}
		this.dirtyCount = 0;
		this.once.fill(0);
		this.marked.fill(NaN);
		this.stage = null;
		this.acceptedAt = null;
	}

	/** stages.ts `applyOutcome`, on this scorer's state. */
	private applyOutcome(kind: OutcomeKind, t: number): void {
		const { cm } = this;
		const outcomes = cm.model.outcomes;
		if (kind === 'disqualified') {
			this.stage = this.acceptedAt !== null ? RECYCLED : REJECTED;
			this.acceptedAt = null;
			if (outcomes.resetEngagement) {
				this.closeLedgers();
				for (let k = 0; k < this.dirtyCount; k++) {
					const r = this.dirty[k];
					this.hitsLen[r] = 0;
					if (this.ledgerEntries[r].length) this.ledgerEntries[r].length = 0;
				}
				this.marked.fill(NaN);
			}
			return;
		}
		const target = outcomes[kind].stage;
		if (this.acceptedAt === null) this.acceptedAt = t;
		const at = this.stage === null ? -1 : (cm.rank.get(this.stage) ?? -1);
		if ((cm.rank.get(target) ?? -1) > at) this.stage = target;
	}

	/**
	 * The engine's `award` for one matching rule: count, once, caps, marks, then the ledger. The
	 * event comes as its index in `times`, and the helpers this calls take that index, not the time:
	 * a time is a double beyond the small-integer range, so passing it to a call V8 does not inline
	 * allocates a number object per event.
	 */
	private award(rule: FlatRule, times: Float64Array, i: number, data: Record<string, unknown>): void {
		if (rule.test !== null && !rule.test(data)) return;
		const t = times[i];
		const r = rule.index;
		if (!this.isDirty[r]) {
			this.isDirty[r] = 1;
			this.dirty[this.dirtyCount++] = r;
		}
		if (rule.countTimes) {
			const hits = this.hits[r];
			const from = t - rule.countWindow;
			let kept = 0;
			for (let k = 0; k < this.hitsLen[r]; k++) if (hits[k] > from) hits[kept++] = hits[k];
			hits[kept] = t;
			// One store for both outcomes: a branch first taken after V8 optimised this method (the count
			// reached, rare) would otherwise send it back to the interpreter to be compiled again.
			const reached = kept + 1 >= rule.countTimes;
			this.hitsLen[r] = reached ? 0 : kept + 1;
			if (!reached) return;
		}
		if (rule.once) {
			if (this.once[r]) return;
			this.once[r] = 1;
		}
		let points = rule.points;
		if (points > 0) {
			if (rule.capPoints !== NO_CAP) {
				const room = rule.capPoints - this.capWindowSum(r, t - rule.capWindow);
				if (points > room) points = Math.max(0, room);
			}
			// The group and engagement limits cannot cut while the bounds are below them (`withinLimits`).
			// The running sums may be off by rounding: the margin covers that (it only makes the exact sum more frequent).
			const margin = 1e-6 * (1 + this.upperAll);
			const groupMayCut = points > rule.groupCap - this.upperByGroup[rule.group] - margin;
			const allMayCut = points > this.engagementCap - this.upperAll - margin;
			if (groupMayCut || allMayCut) {
				this.limited = points;
				this.withinLimits(rule, times, i, groupMayCut, allMayCut);
				points = this.limited;
			}
		}
		points = round(points);
		if (rule.marks >= 0 && Number.isNaN(this.marked[rule.marks])) this.marked[rule.marks] = t;
		if (points === 0) return;
		this.book(r, times, i, points);
		if (rule.capPoints !== NO_CAP) {
			const n = this.capLen[r];
			this.capLog[r][n] = t;
			this.capLog[r][n + 1] = points;
			this.capLen[r] = n + 2;
		}
	}

	/** Points of the rule's cap log inside the window (the engine's sum, in its order, skipping the expired prefix). */
	private capWindowSum(r: number, from: number): number {
		const log = this.capLog[r];
		const n = this.capLen[r];
		let k = this.capStart[r];
		while (k < n && log[k] <= from) k += 2;
		this.capStart[r] = k;
		let s = 0;
		for (; k < n; k += 2) s = s + log[k + 1];
		return s;
	}

	/**
	 * The group limit and the engagement limit (ruleCaps.ts). The decayed ledger is summed only
	 * when an upper bound of the points held (`upper`) could reach a limit (`award` checks the
	 * bounds): below it neither limit can cut, so the engine's sum would change nothing.
	 */
	private withinLimits(rule: FlatRule, times: Float64Array, i: number, groupMayCut: boolean, allMayCut: boolean): void {
		let points = this.limited;
		const { ruleGroup, ledgerOrder } = this;
		const t = times[i];
		// Only the sums that may cut are worked out (each in the engine's order, so to the same digit).
		let inGroup = 0;
		let all = 0;
		for (let k = 0; k < this.ledgers; k++) {
			const r = ledgerOrder[k];
			const inRuleGroup = ruleGroup[r] === rule.group;
			if (!allMayCut && !inRuleGroup) continue;
			const v = this.valueOf(r, t);
			// Half-life and no-decay values only fall from here (events come in time order): a tighter bound.
			if (!this.linear) this.setUpper(r, v > 0 ? v : 0);
			all += v;
			if (inRuleGroup) inGroup += v;
		}
		if (groupMayCut && points > rule.groupCap - inGroup) points = Math.max(0, rule.groupCap - inGroup);
		if (allMayCut && points > this.engagementCap - all) points = Math.max(0, this.engagementCap - all);
		this.limited = points;
	}

	private setUpper(r: number, v: number): void {
		const change = v - this.upper[r];
		this.upper[r] = v;
		this.upperAll += change;
		this.upperByGroup[this.ruleGroup[r]] += change;
	}

	/** No rule holds points any more (a new lead, or an outcome that resets engagement). */
	private closeLedgers(): void {
		for (let k = 0; k < this.ledgers; k++) this.hasLedger[this.ledgerOrder[k]] = 0;
		this.ledgers = 0;
		this.upperAll = 0;
		this.upperByGroup.fill(0);
	}

	/** `valueAt` of the rule's ledger at `t`, as the engine computes it. */
	private valueOf(r: number, t: number): number {
		if (this.linear) {
			const e = this.ledgerEntries[r];
			let v = 0;
			for (let k = 0; k < e.length; k += 2) v += e[k + 1] * worth(this.decay, e[k], t);
			return v;
		}
		// worth(), with its factor looked up (the same value: see halfLife.ts).
		const from = this.ledgerTime[r];
		let v = 0;
		v += this.ledgerValue[r] * (t <= from ? 1 : this.factors.at(t - from));
		return v;
	}

	/**
	 * ledger.ts `book`: half-life and no-decay points fold into one entry as they come. `upper`
	 * bounds what the ledger can be worth from now on: its value now (half-life, no decay), or the
	 * sum of its positive entries (linear: a decayed negative entry can no longer lower it).
	 */
	private book(r: number, times: Float64Array, i: number, points: number): void {
		const t = times[i];
		if (!this.hasLedger[r]) {
			this.hasLedger[r] = 1;
			this.ledgerOrder[this.ledgers++] = r;
			if (this.linear) this.ledgerEntries[r].push(t, points);
			else {
				this.ledgerTime[r] = t;
				this.ledgerValue[r] = points;
			}
			// What a closed ledger held is not in the sums.
			this.upper[r] = 0;
			this.setUpper(r, points > 0 ? points : 0);
			return;
		}
		if (this.linear) {
			this.ledgerEntries[r].push(t, points);
			if (points > 0) this.setUpper(r, this.upper[r] + points);
		} else {
			const v = round(this.valueOf(r, t) + points);
			this.ledgerValue[r] = v;
			this.ledgerTime[r] = t;
			this.setUpper(r, v > 0 ? v : 0);
		}
	}

	/** The engine's engagement score after `tidy` (ledgers compacted at `now`), into the outcome; also summed per rule. */
	private engagement(): void {
		const { now, decay } = this;
		let groups = 0;
		for (let r = 0; r < this.rules.length; r++) {
			if (!this.hasLedger[r]) continue;
			let points: number;
			if (this.linear) {
				const e = this.ledgerEntries[r];
				const entries: LedgerEntry[] = [];
				for (let k = 0; k < e.length; k += 2) entries.push([e[k], e[k + 1]]);
				points = round(valueAt(compact(entries, decay, now), decay, now), 2);
			} else {
				const v = this.ledgerValue[r];
				const w = now <= this.ledgerTime[r] ? 1 : this.factors.at(now - this.ledgerTime[r]);
				// A negligible entry is dropped, but the rule's (empty) ledger still counts, as 0.
				let x = 0;
				if (Math.abs(v * w) >= NEGLIGIBLE) x += round(v) * w;
				points = round(x, 2);
			}
			this.pointsByRule[r] += points;
			const g = this.rules[r].group;
			let seen = false;
			for (let k = 0; k < groups; k++) if (this.groupOrder[k] === g) seen = true;
			if (!seen) {
				this.groupOrder[groups++] = g;
				this.groupSum[g] = 0;
			}
			this.groupSum[g] += points;
		}
		let total = 0;
		for (let k = 0; k < groups; k++) {
			const g = this.groupOrder[k];
			total += this.groupCaps[g] !== NO_CAP ? Math.min(this.groupSum[g], this.groupCaps[g]) : this.groupSum[g];
		}
		this.outcome.engagementScore = round(Math.min(Math.max(total, 0), this.engagementCap), 1);
	}

	/** The engine's fit score: fit rules on the lead's attributes, with group limits, into the outcome. */
	private fit(attributes: Record<string, unknown>): void {
		const { model } = this.cm;
		let used: Map<string, number> | undefined;
		let total = 0;
		for (const { rule, test } of this.cm.fit) {
			if (!test(attributes)) continue;
			let points = rule.points;
			if (rule.group !== undefined) {
				used ??= new Map();
				const cap = model.groupCaps[rule.group];
				if (cap !== undefined && points > 0) points = Math.min(points, Math.max(0, cap - (used.get(rule.group) ?? 0)));
				used.set(rule.group, (used.get(rule.group) ?? 0) + points);
			}
			total += points;
		}
		this.outcome.fitScore = round(Math.min(Math.max(total, 0), model.fitCap), 1);
	}

	/** Bit c set: criterion c's conditions hold on the attributes (whether or not a rule marked it). */
	private criteriaOf(attributes: Record<string, unknown>): number {
		const { criteria } = this.cm;
		let met = 0;
		for (let c = 0; c < criteria.length; c++) if (criteria[c][1](attributes)) met |= 1 << c;
		return met;
	}

	/** stages.ts `evaluateGate`, counting only: a criterion is met by a rule's mark or by the attributes. */
	private gatePassed(): boolean {
		let met = 0;
		for (let c = 0; c < this.cm.criteria.length; c++) if (!Number.isNaN(this.marked[c]) || (this.criteriaMet & (1 << c)) !== 0) met++;
		return met >= Math.min(this.cm.model.gate.required, BANT_CRITERIA.length);
	}

	/** stages.ts `nextStage` from the stage the outcomes left, without the wording. */
	private stageAfter(engagement: number, fit: number, passed: boolean): string {
		const { cm, ladderIds } = this;
		const thr = this.thresholdRank(engagement, fit, passed);
		const current = this.stage;
		if (isOffLadder(current)) return thr >= cm.requalifyRank ? ladderIds[thr] : (current as string);
		const cur = current === null ? -1 : (cm.rank.get(current) ?? -1);
		if (thr > cur) return ladderIds[thr];
		if (current === null || !cm.rank.has(current)) return ladderIds[0];
		return current;
	}

	/** stages.ts `thresholdRank` on the flattened ladder. */
	private thresholdRank(engagement: number, fit: number, passed: boolean): number {
		let best = -1;
		for (let i = 0; i < this.ladderIds.length; i++) {
			if (this.outcomeOnly[i]) continue;
			if (engagement >= this.minEngagement[i] && fit >= this.minFit[i] && (!this.ladderGate[i] || passed)) best = i;
		}
		return best;
	}
}

/** The compiled conditions of engagement rule `index` (compile.ts compiled them once). */
function compiledTest(cm: CompiledModel, index: number): Matcher {
	const rule = cm.model.engagementRules[index];
	for (const list of [...cm.byType.values(), cm.anyType]) for (const c of list) if (c.rule === rule) return c.test;
	throw new Error(`rule ${rule.id} is not compiled`);
}
