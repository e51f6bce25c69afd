import type { CompiledModel } from './compile';
import { round } from './decay';
import { HistoryScorer } from './history';
import type { HistoryLead } from './history';
import { LeadHistory, TypeCodes } from './historyBuffer';
import { RECYCLED, REJECTED } from './names';

/**
 * Backtest: the same stored history scored under the live model and under a candidate, compared
 * before the marketer switches. Leads stream through `add` one at a time; what is kept per lead is
 * a counter or two, so memory does not grow with the history (only the sample of moved leads).
 */

export interface StageCount {
	stage: string;
	label?: string;
	live: number;
	candidate: number;
	change: number;
}

/** Leads that reach this stage (or a higher one) under one model and not under the other. */
export interface StageCrossing {
	stage: string;
	label?: string;
	/** Reach it only under the candidate. */
	gained: number;
	/** Reach it only under the live model. */
	lost: number;
}

export interface RulePoints {
	rule: string;
	name?: string;
	/** Current (decayed) points this rule holds over all leads; absent when the model has no such rule. */
	live?: number;
	candidate?: number;
	change: number;
}

export interface MovedLead {
	leadId: string;
	/** Who the lead is (from its attributes), so the list reads without a lookup. */
	name?: string;
	email?: string;
	company?: string;
	/** Ladder stages the lead reaches only under the candidate ("mql ↑") or only under the live model ("sql ↓"). */
	crosses: string[];
	live: string;
	candidate: string;
	liveEngagement: number;
	candidateEngagement: number;
	liveFit: number;
	candidateFit: number;
}

export interface BacktestReport {
	leads: number;
	events: number;
	stages: StageCount[];
	crossings: StageCrossing[];
	salesReady: { live: number; candidate: number; change: number };
	moved: { total: number; up: number; down: number; sample: MovedLead[] };
	rules: RulePoints[];
}

const OFF_LADDER = [REJECTED, RECYCLED];

export class Backtest {
	private readonly live: HistoryScorer;
	private readonly candidate: HistoryScorer;
	/** Stage ids in display order: the candidate's ladder, then stages only the live model has, then off-ladder ones. */
	private readonly order: string[];
	/** The ids of the candidate's ladder above its first stage (what a lead can cross). */
	private readonly steps: string[];
	/** Each step's rank on the live and on the candidate ladder (-1: not on it), looked up once. */
	private readonly stepRankLive: number[];
	private readonly stepRankCandidate: number[];
	private readonly liveCount = new Map<string, number>();
	private readonly candidateCount = new Map<string, number>();
	private readonly gained = new Map<string, number>();
	private readonly lost = new Map<string, number>();
	private leads = 0;
	private events = 0;
	private salesReadyLive = 0;
	private salesReadyCandidate = 0;
	private up = 0;
	private down = 0;
	private readonly sample: MovedLead[] = [];
	private readonly buffer: LeadHistory;
	/** The candidate scores fit as the live model does (fit depends on attributes only): worked out once per lead. */
	private readonly sameFit: boolean;
	/** Both models test the same gate criteria on the attributes: tested once per lead. */
	private readonly sameGate: boolean;

	constructor(
		liveModel: CompiledModel,
		candidateModel: CompiledModel,
		now: number,
		private readonly sampleSize = 50,
	) {
		const types = new TypeCodes();
		this.live = new HistoryScorer(liveModel, now, types);
		this.candidate = new HistoryScorer(candidateModel, now, types, this.live.factors);
		this.buffer = new LeadHistory(types);
		const fitOf = (m: CompiledModel['model']) => JSON.stringify([m.fitRules, m.groupCaps, m.fitCap]);
		this.sameFit = fitOf(liveModel.model) === fitOf(candidateModel.model);
		this.sameGate = JSON.stringify(liveModel.model.gate.criteria) === JSON.stringify(candidateModel.model.gate.criteria);
		const ids = [...candidateModel.ladder.map((s) => s.id), ...liveModel.ladder.map((s) => s.id), ...OFF_LADDER];
		this.order = [...new Set(ids)];
		this.steps = candidateModel.ladder.slice(1).map((s) => s.id);
		this.stepRankLive = this.steps.map((s) => liveModel.rank.get(s) ?? -1);
		this.stepRankCandidate = this.steps.map((s) => candidateModel.rank.get(s) ?? -1);
	}

	/** A history buffer to fill with one lead's events and pass to `addHistory` (its type codes are this backtest's). */
	history(): LeadHistory {
		return new LeadHistory(this.buffer.types);
	}

	/** How many moved leads are listed so far (at most the sample size). */
	listedCount(): number {
		return this.sample.length;
	}

	/** One lead given as objects: copied into the reusable columns, then scored. */
	add(lead: HistoryLead): void {
		const b = this.buffer.reset(lead.leadId, lead.attributes);
		const { events } = lead;
		for (let k = 0; k < events.length; k++) {
			const e = events[k];
			b.push(e.type, e.time, e.id, e.data, e.attributes);
		}
		this.addHistory(b);
	}

	/**
	 * One lead's history, in columns: prepared once (order, repeats, attributes), then scored under
	 * each model in turn (the prepared events are read twice, from the cache).
	 */
	addHistory(h: LeadHistory): void {
		h.prepare();
		const a = this.live.scoreHistory(h);
		const b = this.candidate.scoreHistory(h, this.sameFit ? a : undefined, this.sameGate ? this.live.criteriaMet : undefined);
		this.leads++;
		this.events += h.length;
		bump(this.liveCount, a.stage);
		bump(this.candidateCount, b.stage);
		if (a.salesReady) this.salesReadyLive++;
		if (b.salesReady) this.salesReadyCandidate++;
		let crosses: string[] | undefined;
		const liveRank = this.live.cm.rank.get(a.stage) ?? -1;
		const candidateRank = this.candidate.cm.rank.get(b.stage) ?? -1;
		for (let k = 0; k < this.steps.length; k++) {
			const s = this.steps[k];
			const byLive = reaches(this.stepRankLive[k], liveRank);
			const byCandidate = reaches(this.stepRankCandidate[k], candidateRank);
			if (byCandidate === byLive) continue;
			bump(byCandidate ? this.gained : this.lost, s);
			(crosses ??= []).push(`${s} ${byCandidate ? '↑' : '↓'}`);
		}
		if (a.stage === b.stage) return;
		if (this.position(b.stage) > this.position(a.stage)) this.up++;
		else this.down++;
		if (this.sample.length < this.sampleSize)
			this.sample.push({
				leadId: h.leadId,
				...who(h.attributes),
				crosses: crosses ?? [],
				live: a.stage,
				candidate: b.stage,
				liveEngagement: a.engagementScore,
				candidateEngagement: b.engagementScore,
				liveFit: a.fitScore,
				candidateFit: b.fitScore,
			});
	}

	report(): BacktestReport {
		const labels = new Map<string, string>();
		for (const s of [...this.live.cm.ladder, ...this.candidate.cm.ladder]) if (s.label) labels.set(s.id, s.label);
		const label = (id: string) => (labels.has(id) ? { label: labels.get(id) } : {});
		const stages = this.order
			.map((stage) => {
				const live = this.liveCount.get(stage) ?? 0;
				const candidate = this.candidateCount.get(stage) ?? 0;
				return { stage, ...label(stage), live, candidate, change: candidate - live };
			})
			.filter((s) => s.live || s.candidate || !OFF_LADDER.includes(s.stage));
		return {
			leads: this.leads,
			events: this.events,
			stages,
			crossings: this.candidate.cm.ladder.slice(1).map((s) => ({
				stage: s.id,
				...label(s.id),
				gained: this.gained.get(s.id) ?? 0,
				lost: this.lost.get(s.id) ?? 0,
			})),
			salesReady: {
				live: this.salesReadyLive,
				candidate: this.salesReadyCandidate,
				change: this.salesReadyCandidate - this.salesReadyLive,
			},
			moved: { total: this.up + this.down, up: this.up, down: this.down, sample: this.sample },
			rules: this.rules(),
		};
	}

	private rules(): RulePoints[] {
		const rows = new Map<string, RulePoints>();
		const add = (scorer: HistoryScorer, side: 'live' | 'candidate') =>
			scorer.cm.model.engagementRules.forEach((r, i) => {
				const row = rows.get(r.id) ?? { rule: r.id, ...(r.name ? { name: r.name } : {}), change: 0 };
				row[side] = round(scorer.pointsByRule[i], 1);
				rows.set(r.id, row);
			});
		add(this.candidate, 'candidate');
		add(this.live, 'live');
		for (const row of rows.values()) row.change = round((row.candidate ?? 0) - (row.live ?? 0), 1);
		return [...rows.values()];
	}

	/** Where a stage sits in the display order; off-ladder stages count as lowest. */
	private position(stage: string): number {
		return OFF_LADDER.includes(stage) ? -1 : this.order.indexOf(stage);
	}
}

/** Name, email and company from the lead's attributes, when they are text. */
function who(attributes: Record<string, unknown>): Pick<MovedLead, 'name' | 'email' | 'company'> {
	const out: Pick<MovedLead, 'name' | 'email' | 'company'> = {};
	for (const key of ['name', 'email', 'company'] as const) {
		const v = attributes[key];
		if (typeof v === 'string' && v.trim()) out[key] = v.trim();
	}
	return out;
}

function bump(m: Map<string, number>, key: string): void {
	m.set(key, (m.get(key) ?? 0) + 1);
}

/** A lead at rank `at` is at the stage of rank `target` or above it on that model's ladder (-1: off the ladder, or no such stage). */
function reaches(target: number, at: number): boolean {
	return target !== -1 && at !== -1 && at >= target;
}
