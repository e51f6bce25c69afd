import { conditionsToText, parseConditions } from './conditionText';
import { asModelError, ScoringModelError, validateModel } from './model';
import { outcomeOfSync } from '../common/outcome';
import { PLAYBOOK_MODEL } from './playbook';
import { BANT_CRITERIA } from './types';
import type { BantCriterion, Criterion, EngagementRule, FitRule, ScoringModel, Stage } from './types';

/**
 * The model as the node's form holds it (flat fields, comma lists, conditions as text) and the
 * conversion both ways. The playbook in this shape is the form's default.
 */
export interface UiEngagementRule {
	id: string;
	name?: string;
	events: string;
	points: number;
	group?: string;
	frequency?: 'every' | 'once';
	conditions?: string;
	match?: 'all' | 'any';
	capPoints?: number;
	capDays?: number;
	countTimes?: number;
	countDays?: number;
	marks?: BantCriterion | 'none';
}

export interface UiFitRule {
	id: string;
	name?: string;
	conditions: string;
	match?: 'all' | 'any';
	points: number;
	group?: string;
}

/** Stages have the same fields in the editor as in the model. */
export type UiStage = Stage;

/** Settings that override the base model when set (undefined or '' leaves the base value). */
export interface UiOptions {
	decayMode?: 'none' | 'halfLife' | 'linear';
	halfLifeDays?: number;
	linearPercent?: number;
	linearPeriodDays?: number;
	groupCaps?: string;
	engagementCap?: number;
	fitCap?: number;
	gateRequired?: number;
	budgetConditions?: string;
	authorityConditions?: string;
	needConditions?: string;
	timingConditions?: string;
	handoffStage?: string;
	requalifyStage?: string;
	resetEngagement?: boolean;
	acceptedEvents?: string;
	opportunityEvents?: string;
	wonEvents?: string;
	disqualifiedEvents?: string;
	replayWindowDays?: number;
	maxEventIds?: number;
}

const list = (s: string | undefined) =>
	(s ?? '')
		.split(/[,，\n]/)
		.map((x) => x.trim())
		.filter(Boolean);
const set = (v: unknown) => v !== undefined && v !== null && v !== '';
const label = (kind: string, id: string | undefined, i: number) => `${kind} ${id ? `"${id}" ` : ''}(#${i + 1})`;

/** "community=40, content=30" → { community: 40, content: 30 } */
export function parseGroupCaps(text: string): Record<string, number> {
	const out: Record<string, number> = {};
	for (const part of list(text)) {
		const m = /^([^=:]+)[=:]\s*(-?\d+(?:\.\d+)?)$/.exec(part);
		if (!m) throw new ScoringModelError([`group caps → "${part}" should look like group=40`]);
		out[m[1].trim()] = Number(m[2]);
	}
	return out;
}

function engagementFrom(u: UiEngagementRule, i: number): EngagementRule {
	const where = label('engagement rule', u.id, i);
	const conditions = parseConditions(u.conditions, where);
	const capPoints = Number(u.capPoints ?? 0);
	const countTimes = Number(u.countTimes ?? 1);
	return {
		id: u.id,
		...(u.name ? { name: u.name } : {}),
		events: list(u.events),
		points: u.points,
		...(u.group ? { group: u.group.trim() } : {}),
		...(u.frequency === 'once' ? { once: true } : {}),
		...(conditions.length ? { conditions, ...(u.match === 'any' ? { match: 'any' as const } : {}) } : {}),
		...(capPoints > 0 ? { cap: { points: capPoints, days: Number(u.capDays ?? 7) } } : {}),
		...(countTimes > 1 ? { count: { times: countTimes, days: Number(u.countDays ?? 7) } } : {}),
		...(u.marks && u.marks !== 'none' ? { marks: u.marks } : {}),
	};
}

function fitFrom(u: UiFitRule, i: number): FitRule {
	return {
		id: u.id,
		...(u.name ? { name: u.name } : {}),
		conditions: parseConditions(u.conditions, label('fit rule', u.id, i)),
		...(u.match === 'any' ? { match: 'any' as const } : {}),
		points: u.points,
		...(u.group ? { group: u.group.trim() } : {}),
	};
}

function stageFrom(u: UiStage): Stage {
	return {
		id: u.id,
		...(u.label ? { label: u.label } : {}),
		...(u.outcomeOnly
			? { outcomeOnly: true }
			: { minEngagement: Number(u.minEngagement ?? 0), ...(Number(u.minFit ?? 0) > 0 ? { minFit: Number(u.minFit) } : {}) }),
		...(u.gate ? { gate: true } : {}),
	};
}

/**
 * The model from the form. `custom` replaces the base's rules and stages with the form's; options
 * override single settings in either mode. Errors name the rule and the condition line.
 */
export function modelFromUi(
	ui: {
		mode: 'playbook' | 'custom';
		engagementRules?: UiEngagementRule[];
		fitRules?: UiFitRule[];
		stages?: UiStage[];
		options?: UiOptions;
	},
	base: ScoringModel = PLAYBOOK_MODEL,
): ScoringModel {
	const o = ui.options ?? {};
	const raw: ScoringModel = { ...base, gate: { ...base.gate, criteria: { ...base.gate.criteria } }, outcomes: { ...base.outcomes } };
	const built = outcomeOfSync(() => {
		if (ui.mode === 'custom') {
			raw.engagementRules = (ui.engagementRules ?? []).map(engagementFrom);
			raw.fitRules = (ui.fitRules ?? []).map(fitFrom);
			if (ui.stages?.length) raw.stages = ui.stages.map(stageFrom);
		}
		if (set(o.decayMode)) {
			raw.decay =
				o.decayMode === 'halfLife'
					? { mode: 'halfLife', halfLifeDays: Number(o.halfLifeDays ?? 60) }
					: o.decayMode === 'linear'
						? { mode: 'linear', percent: Number(o.linearPercent ?? 25), periodDays: Number(o.linearPeriodDays ?? 30) }
						: { mode: 'none' };
		}
		if (set(o.groupCaps)) raw.groupCaps = parseGroupCaps(o.groupCaps!);
		if (set(o.engagementCap)) raw.engagementCap = Number(o.engagementCap);
		if (set(o.fitCap)) raw.fitCap = Number(o.fitCap);
		if (set(o.gateRequired)) raw.gate.required = Number(o.gateRequired);
		for (const c of BANT_CRITERIA) {
			const text = o[`${c}Conditions` as const];
			if (set(text)) raw.gate.criteria[c] = { conditions: parseConditions(text, `gate criterion "${c}"`), match: 'any' } as Criterion;
		}
		if (set(o.handoffStage)) raw.handoffStage = o.handoffStage!.trim();
		if (set(o.requalifyStage)) raw.outcomes.requalifyStage = o.requalifyStage!.trim();
		if (o.resetEngagement !== undefined) raw.outcomes.resetEngagement = o.resetEngagement;
		for (const kind of ['accepted', 'opportunity', 'won', 'disqualified'] as const) {
			const text = o[`${kind}Events` as const];
			if (set(text)) raw.outcomes[kind] = { ...raw.outcomes[kind], events: list(text) } as never;
		}
		if (set(o.replayWindowDays) || set(o.maxEventIds))
			raw.replay = {
				windowDays: Number(o.replayWindowDays ?? base.replay.windowDays),
				maxIds: Number(o.maxEventIds ?? base.replay.maxIds),
			};
	});
	if (!built.ok) throw asModelError(built.error);
	return validateModel(raw);
}

/** The model's rules and stages in form shape (the form's defaults come from the playbook this way). */
export function modelToUi(m: ScoringModel): { engagementRules: UiEngagementRule[]; fitRules: UiFitRule[]; stages: UiStage[] } {
	return {
		engagementRules: m.engagementRules.map((r) => ({
			id: r.id,
			name: r.name ?? '',
			events: r.events.join(', '),
			points: r.points,
			group: r.group ?? '',
			frequency: r.once ? 'once' : 'every',
			conditions: conditionsToText(r.conditions),
			match: r.match ?? 'all',
			capPoints: r.cap?.points ?? 0,
			capDays: r.cap?.days ?? 7,
			countTimes: r.count?.times ?? 1,
			countDays: r.count?.days ?? 7,
			marks: r.marks ?? 'none',
		})),
		fitRules: m.fitRules.map((r) => ({
			id: r.id,
			name: r.name ?? '',
			conditions: conditionsToText(r.conditions),
			match: r.match ?? 'all',
			points: r.points,
			group: r.group ?? '',
		})),
		stages: m.stages.map((s) => ({
			id: s.id,
			label: s.label ?? '',
			minEngagement: s.minEngagement ?? 0,
			minFit: s.minFit ?? 0,
			gate: !!s.gate,
			outcomeOnly: !!s.outcomeOnly,
		})),
	};
}
