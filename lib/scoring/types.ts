import type { z } from 'zod';
import type { CONDITION_OPS, conditionSchema, criterion, decay, engagementRule, fitRule, modelSchema, stage } from './model';

/**
 * The Lead Score model (what the marketer configures) and the profile (what a workflow persists
 * per lead). Plain data: both round-trip through JSON.
 */

// The model's types are inferred from its zod schemas (model.ts), so the two never drift apart.

export type ConditionOp = (typeof CONDITION_OPS)[number];

/** A test on one field (dot path) of an event or of the lead's attributes. */
export type Condition = z.infer<typeof conditionSchema>;

export type Match = 'all' | 'any';

export { BANT_CRITERIA, RECYCLED, REJECTED } from './names';
import type { BantCriterion } from './names';
export type { BantCriterion };

/**
 * Behaviour → points; several rules may score the same event. `events` "*" scores every event;
 * `points` may be negative (left the group); `once`: once per lead (Mautic's non-repeatable
 * action); `cap`: at most `points` in any rolling `days`; `count`: scores only when `times`
 * matching events fall within `days` (pricing page 3× in 7 days); `marks`: a matching event also
 * meets this BANT criterion (a trial request shows need).
 */
export type EngagementRule = z.infer<typeof engagementRule>;

/** Who the lead is → points (title, industry, company size…). Fit does not decay. */
export type FitRule = z.infer<typeof fitRule>;

/** A ladder stage; `gate`: reached only when the hand-off gate is met too; `outcomeOnly`: only through outcome events. */
export type Stage = z.infer<typeof stage>;

/** `linear` loses `percent` of the original points at every full `periodDays` of age. */
export type Decay = z.infer<typeof decay>;

export type Criterion = z.infer<typeof criterion>;

/**
 * The whole model. `groupCaps`: group name → the most points its rules may hold together; `stages`
 * ordered lowest first, score moves forward-only; `handoffStage`: sales-ready needs the gate and at
 * least this stage; `outcomes.disqualified`: "rejected" if sales never accepted the lead, "recycled"
 * (MRL) if it did; `replay`: event IDs are remembered for `windowDays` (at most `maxIds` per lead).
 */
export type ScoringModel = z.infer<typeof modelSchema>;

export type Outcomes = ScoringModel['outcomes'];

/** [time in ms, points] */
export type LedgerEntry = [number, number];

/** What a workflow stores per lead and passes back next time. */
export interface LeadProfile {
	v: 1;
	leadId?: string;
	stage: string | null;
	stageSince: number | null;
	/** When sales accepted the lead (cleared when it is rejected or recycled). */
	acceptedAt: number | null;
	attributes: Record<string, unknown>;
	/**
	 * Engagement points per rule: total awarded since the last reset, the entries still worth
	 * something and, from version 2 forms, what the rule scores (`sig`, see ruleIdentity.ts).
	 */
	ledger: Record<string, { awarded: number; entries: LedgerEntry[]; sig?: string }>;
	/** Points per rule inside its cap window. */
	caps: Record<string, LedgerEntry[]>;
	/** Times of matching events still inside a count rule's window. */
	hits: Record<string, number[]>;
	/** Once-per-lead rules that already fired. */
	once: string[];
	/** BANT criteria met by rules (time they were marked). */
	marked: Partial<Record<BantCriterion, number>>;
	/** Scored event IDs with their event time; events older than `since` are not scored again. */
	seen: { since: number | null; ids: Array<[string, number]> };
	updatedAt: number | null;
}

export interface LeadEvent {
	id?: string;
	type: string;
	time: number;
	/** The whole event, for conditions. */
	data: Record<string, unknown>;
	/** Lead attributes this event reports (an SDR's BANT notes, a form's title…). */
	attributes?: Record<string, unknown>;
}

export interface LeadInput {
	leadId?: string;
	profile?: LeadProfile | null;
	events: LeadEvent[];
	attributes?: Record<string, unknown>;
	now: number;
}

export interface RuleStanding {
	rule: string;
	name?: string;
	group?: string;
	/** Awarded since the last reset, before decay. */
	awarded: number;
	/** Worth now. */
	points: number;
	decayed: number;
}

export interface EventNote {
	id: string;
	type: string;
	time: string;
	rule?: string;
	points?: number;
	note?: string;
}

export interface Explanation {
	summary: string;
	engagement: RuleStanding[];
	fit: Array<{ rule: string; name?: string; group?: string; points: number; note?: string }>;
	events: EventNote[];
	stage: string;
	gate: { required: number; met: BantCriterion[]; missing: BantCriterion[]; passed: boolean };
	decayed: number;
	/** Points of rules no longer in the model (removed, or their ID changed), dropped in this run. */
	droppedRules?: Array<{ rule: string; awarded: number }>;
	/** Rules whose ID changed (renamed) but which score the same: their points moved to the new ID. */
	renamedRules?: Array<{ from: string; to: string }>;
}

export interface LeadResult {
	leadId?: string;
	engagementScore: number;
	fitScore: number;
	stage: string;
	previousStage: string | null;
	stageChanged: boolean;
	salesReady: boolean;
	explanation: Explanation;
	profile: LeadProfile;
}
