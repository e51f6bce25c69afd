/**
 * The Lead Score model (what the marketer configures) and the profile (what a workflow persists
 * per lead). Plain data: both round-trip through JSON.
 */

export type ConditionOp =
	| 'equals'
	| 'notEquals'
	| 'contains'
	| 'containsAny'
	| 'notContains'
	| 'startsWith'
	| 'endsWith'
	| 'matches'
	| 'in'
	| 'gt'
	| 'gte'
	| 'lt'
	| 'lte'
	| 'exists'
	| 'notExists'
	| 'isTrue';

/** A test on one field (dot path) of an event or of the lead's attributes. */
export interface Condition {
	field: string;
	op: ConditionOp;
	value?: string | number | boolean | Array<string | number>;
}

export type Match = 'all' | 'any';

export const BANT_CRITERIA = ['budget', 'authority', 'need', 'timing'] as const;
export type BantCriterion = (typeof BANT_CRITERIA)[number];

/** Behaviour → points. Several rules may score the same event. */
export interface EngagementRule {
	id: string;
	name?: string;
	/** Event types this rule scores (case-insensitive); "*" scores every event. */
	events: string[];
	/** May be negative (e.g. left the group). */
	points: number;
	group?: string;
	/** Once per lead (Mautic's non-repeatable action) instead of every time. */
	once?: boolean;
	conditions?: Condition[];
	match?: Match;
	/** At most `points` from this rule in any rolling `days`. */
	cap?: { points: number; days: number };
	/** Scores only when `times` matching events fall within `days` (e.g. pricing page 3× in 7 days). */
	count?: { times: number; days: number };
	/** A matching event also meets this BANT criterion (a trial request shows need). */
	marks?: BantCriterion;
}

/** Who the lead is → points (title, industry, company size…). Fit does not decay. */
export interface FitRule {
	id: string;
	name?: string;
	points: number;
	group?: string;
	conditions: Condition[];
	match?: Match;
}

export interface Stage {
	id: string;
	label?: string;
	minEngagement?: number;
	minFit?: number;
	/** Reached only when the hand-off gate is met too. */
	gate?: boolean;
	/** Reached only through outcome events (accepted, opportunity, won), never by score. */
	outcomeOnly?: boolean;
}

export type Decay =
	| { mode: 'none' }
	| { mode: 'halfLife'; halfLifeDays: number }
	/** Loses `percent` of the original points at every full `periodDays` of age. */
	| { mode: 'linear'; percent: number; periodDays: number };

export interface Criterion {
	conditions: Condition[];
	match?: Match;
}

export interface Outcomes {
	accepted: { events: string[]; stage: string };
	opportunity: { events: string[]; stage: string };
	won: { events: string[]; stage: string };
	/** Sales rejected or returned the lead: "rejected" if sales never accepted it, "recycled" (MRL) if it did. */
	disqualified: { events: string[] };
	/** Clears engagement points (and criteria marked by rules) when a lead is rejected or recycled. */
	resetEngagement: boolean;
	/** A rejected or recycled lead rejoins the ladder when its scores reach this stage again. */
	requalifyStage: string;
}

export interface ScoringModel {
	engagementRules: EngagementRule[];
	fitRules: FitRule[];
	/** Group name → the most points its rules may hold together. */
	groupCaps: Record<string, number>;
	engagementCap: number;
	fitCap: number;
	decay: Decay;
	/** Ordered, lowest first. Score moves are forward-only. */
	stages: Stage[];
	gate: { required: number; criteria: Record<BantCriterion, Criterion> };
	/** Sales-ready needs the gate and at least this stage. */
	handoffStage: string;
	outcomes: Outcomes;
	/** Event IDs are remembered for `windowDays` (at most `maxIds` per lead); older events are not scored. */
	replay: { windowDays: number; maxIds: number };
}

/** States outside the ladder, reached only through outcomes (seed 004: two different returns). */
export const REJECTED = 'rejected';
export const RECYCLED = 'recycled';

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
	/** Engagement points per rule: total awarded since the last reset, and the entries still worth something. */
	ledger: Record<string, { awarded: number; entries: LedgerEntry[] }>;
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
