import type { CompiledModel } from './compile';
import { round } from './decay';
import { HistoryScorer } from './history';
import type { HistoryLead, HistoryOutcome } from './history';
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

	constructor(
		liveModel: CompiledModel,
		candidateModel: CompiledModel,
		now: number,
		private readonly sampleSize = 50,
	) {
		this.live = new HistoryScorer(liveModel, now);
		this.candidate = new HistoryScorer(candidateModel, now);
		const ids = [...candidateModel.ladder.map((s) => s.id), ...liveModel.ladder.map((s) => s.id), ...OFF_LADDER];
		this.order = [...new Set(ids)];
	}

	add(lead: HistoryLead): void {
		const a = this.live.score(lead);
		const b = this.candidate.score(lead);
		this.leads++;
		this.events += lead.events.length;
		bump(this.liveCount, a.stage);
		bump(this.candidateCount, b.stage);
		if (a.salesReady) this.salesReadyLive++;
		if (b.salesReady) this.salesReadyCandidate++;
		for (const s of this.candidate.cm.ladder.slice(1)) {
			const byLive = reaches(this.live.cm, a, s.id);
			const byCandidate = reaches(this.candidate.cm, b, s.id);
			if (byCandidate && !byLive) bump(this.gained, s.id);
			if (byLive && !byCandidate) bump(this.lost, s.id);
		}
		if (a.stage === b.stage) return;
		if (this.position(b.stage) > this.position(a.stage)) this.up++;
		else this.down++;
		if (this.sample.length < this.sampleSize)
			this.sample.push({
				leadId: lead.leadId,
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

function bump(m: Map<string, number>, key: string): void {
	m.set(key, (m.get(key) ?? 0) + 1);
}

/** The lead's stage is `stage` or above it on that model's ladder (off-ladder leads reach nothing). */
function reaches(cm: CompiledModel, outcome: HistoryOutcome, stage: string): boolean {
	const target = cm.rank.get(stage);
	const at = cm.rank.get(outcome.stage);
	return target !== undefined && at !== undefined && at >= target;
}
