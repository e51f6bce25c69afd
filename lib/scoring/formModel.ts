import { asModelError, ScoringModelError, validateModel } from './model';
import { outcomeOfSync } from '../common/outcome';
import { parseConditions } from './conditionText';
import { PLAYBOOK_MODEL } from './playbook';
import { BANT_CRITERIA } from './types';
import type { BantCriterion, Condition, ConditionOp, Criterion, EngagementRule, FitRule, ScoringModel, Stage } from './types';

/**
 * The Lead Score model as the editor's fields hold it (node version 2): rules with a limit picked
 * from a list, conditions as rows (field, operator, value), stages with how they are reached,
 * BANT criteria as rows, group limits as rows. The playbook in this shape is the form's default,
 * so the model a marketer starts from is the one they see.
 */

/** Operators offered in condition rows: none needs a regular expression. */
export const FORM_OPERATORS: Array<{ name: string; value: ConditionOp; needsValue: boolean }> = [
	{ name: 'Contains Any Of', value: 'containsAny', needsValue: true },
	{ name: 'Is One Of', value: 'in', needsValue: true },
	{ name: 'Is Equal To', value: 'equals', needsValue: true },
	{ name: 'Is Not Equal To', value: 'notEquals', needsValue: true },
	{ name: 'Does Not Contain', value: 'notContains', needsValue: true },
	{ name: 'Starts With', value: 'startsWith', needsValue: true },
	{ name: 'Is at Least (≥)', value: 'gte', needsValue: true },
	{ name: 'Is at Most (≤)', value: 'lte', needsValue: true },
	{ name: 'Is More Than (>)', value: 'gt', needsValue: true },
	{ name: 'Is Less Than (<)', value: 'lt', needsValue: true },
	{ name: 'Is Not Empty', value: 'exists', needsValue: false },
	{ name: 'Is Empty', value: 'notExists', needsValue: false },
	{ name: 'Is Yes (True, 是, Non-Zero)', value: 'isTrue', needsValue: false },
];
const NEEDS_VALUE = new Set(FORM_OPERATORS.filter((o) => o.needsValue).map((o) => o.value));
const NUMERIC = new Set<ConditionOp>(['gt', 'gte', 'lt', 'lte']);
const LISTS = new Set<ConditionOp>(['containsAny', 'in']);

export interface FormCondition {
	field: string;
	operator: ConditionOp;
	value?: string | number;
}

/** How much a rule may give: none, once per lead, N points per D days, or custom numbers. */
export type FormLimit = string;

export interface FormEngagementRule {
	/** Stable ID: points are stored under it (hidden in the editor; set for the playbook's rules). */
	id?: string;
	name: string;
	events: string;
	points: number;
	group?: string;
	limit?: FormLimit;
	limitPoints?: number;
	limitDays?: number;
	more?: {
		ruleId?: string;
		conditions?: { condition?: FormCondition[] };
		match?: 'all' | 'any';
		conditionsText?: string;
		countTimes?: number;
		countDays?: number;
		bant?: BantCriterion | 'none';
	};
}

export interface FormFitRule {
	id?: string;
	name: string;
	points: number;
	conditions?: { condition?: FormCondition[] };
	match?: 'all' | 'any';
	more?: { ruleId?: string; group?: string; conditionsText?: string };
}

export interface FormStage {
	/** Hidden in the editor; empty for a stage added there (then made from the label). */
	id?: string;
	label?: string;
	reachedBy: 'score' | 'scoreAndGate' | 'outcome';
	minEngagement?: number;
	minFit?: number;
}

export interface FormGateRow extends FormCondition {
	criterion: BantCriterion;
}

export interface FormModel {
	engagement?: { rule?: FormEngagementRule[] };
	fit?: { rule?: FormFitRule[] };
	stages?: { stage?: FormStage[] };
	gate?: { criterion?: FormGateRow[] };
	gateRequired?: number;
	groupLimits?: { limit?: Array<{ group: string; points: number }> };
}

/** Limits a marketer picks from; "custom" shows two number fields. */
export const LIMIT_PRESETS: Array<{ points: number; days: number }> = [5, 6, 10, 15, 20, 30, 40, 60].flatMap((points) =>
	[1, 7, 30].map((days) => ({ points, days })),
);
export const limitValue = (points: number, days: number) => `${points}/${days}`;
export const limitLabel = (points: number, days: number) => `Up to ${points} Points per ${days === 1 ? 'Day' : `${days} Days`}`;

const list = (s: string | undefined) =>
	(s ?? '')
		.split(/[,，\n]/)
		.map((x) => x.trim())
		.filter(Boolean);
const label = (kind: string, name: string | undefined, i: number) => `${kind} ${name ? `"${name}" ` : ''}(#${i + 1})`;

/** An ID from the name for rules added in the editor ("Webinar Q&A" → "webinar_q_a"). */
export function slugId(text: string, fallback: string): string {
	const ascii = text
		.toLowerCase()
		.replace(/\(.*?\)|（.*?）/g, '')
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');
	return ascii || fallback;
}

function conditionFrom(c: FormCondition, where: string, n: number): Condition {
	const field = String(c.field ?? '').trim();
	if (!field) throw new ScoringModelError([`${where} → condition ${n + 1} has no field`]);
	if (!NEEDS_VALUE.has(c.operator)) return { field, op: c.operator };
	const raw = c.value === undefined || c.value === null ? '' : String(c.value).trim();
	if (!raw) throw new ScoringModelError([`${where} → condition ${n + 1} "${field}" needs a value`]);
	if (NUMERIC.has(c.operator)) {
		const v = Number(raw);
		if (Number.isNaN(v))
			throw new ScoringModelError([`${where} → condition ${n + 1} "${field}" compares with "${raw}", which is not a number`]);
		return { field, op: c.operator, value: v };
	}
	if (LISTS.has(c.operator)) return { field, op: c.operator, value: list(raw) };
	return { field, op: c.operator, value: raw };
}

/** Rows, then the advanced text lines (kept for conditions the rows cannot say, e.g. "matches"). */
function conditionsFrom(rows: FormCondition[] | undefined, text: string | undefined, where: string): Condition[] {
	return [...(rows ?? []).map((c, n) => conditionFrom(c, where, n)), ...parseConditions(text, where)];
}

/** IDs: the stored one, else one from the name; a repeated ID gets a number (the later rule's). */
function idAssigner() {
	const used = new Set<string>();
	return (explicit: string | undefined, name: string, fallback: string) => {
		let id = (explicit ?? '').trim() || slugId(name, fallback);
		for (let n = 2; used.has(id); n++) id = `${id.replace(/_\d+$/, '')}_${n}`;
		used.add(id);
		return id;
	};
}

function engagementFrom(u: FormEngagementRule, i: number, idFor: ReturnType<typeof idAssigner>): EngagementRule {
	const where = label('engagement rule', u.name, i);
	const m = u.more ?? {};
	const conditions = conditionsFrom(m.conditions?.condition, m.conditionsText, where);
	const limit = String(u.limit ?? 'none');
	let cap: EngagementRule['cap'];
	if (limit === 'custom') cap = { points: Number(u.limitPoints ?? 0), days: Number(u.limitDays ?? 7) };
	else if (/^\d+\/\d+$/.test(limit)) {
		const [points, days] = limit.split('/').map(Number);
		cap = { points, days };
	} else if (limit !== 'none' && limit !== 'once') throw new ScoringModelError([`${where} → limit "${limit}" is not one of the choices`]);
	const countTimes = Number(m.countTimes ?? 1);
	return {
		id: idFor(m.ruleId || u.id, u.name, `rule_${i + 1}`),
		...(u.name ? { name: u.name } : {}),
		events: list(u.events),
		points: Number(u.points),
		...(u.group?.trim() ? { group: u.group.trim() } : {}),
		...(limit === 'once' ? { once: true } : {}),
		...(conditions.length ? { conditions, ...(m.match === 'any' ? { match: 'any' as const } : {}) } : {}),
		...(cap && cap.points > 0 ? { cap } : {}),
		...(countTimes > 1 ? { count: { times: countTimes, days: Number(m.countDays ?? 7) } } : {}),
		...(m.bant && m.bant !== 'none' ? { marks: m.bant } : {}),
	};
}

function fitFrom(u: FormFitRule, i: number, idFor: ReturnType<typeof idAssigner>): FitRule {
	const where = label('fit rule', u.name, i);
	const m = u.more ?? {};
	return {
		id: idFor(m.ruleId || u.id, u.name, `fit_${i + 1}`),
		...(u.name ? { name: u.name } : {}),
		conditions: conditionsFrom(u.conditions?.condition, m.conditionsText, where),
		...(u.match === 'any' ? { match: 'any' as const } : {}),
		points: Number(u.points),
		...(m.group?.trim() ? { group: m.group.trim() } : {}),
	};
}

/** A stage's ID: the stored one (the playbook's), else one from its name ("Nurture" → "nurture"). */
function stageFrom(u: FormStage, i: number): Stage {
	return {
		id: String(u.id ?? '').trim() || slugId(u.label ?? '', `stage_${i + 1}`),
		...(u.label ? { label: u.label } : {}),
		...(u.reachedBy === 'outcome'
			? { outcomeOnly: true }
			: { minEngagement: Number(u.minEngagement ?? 0), ...(Number(u.minFit ?? 0) > 0 ? { minFit: Number(u.minFit) } : {}) }),
		...(u.reachedBy === 'scoreAndGate' ? { gate: true } : {}),
	};
}

/**
 * The model from the form; lists left empty keep the base's (the playbook), settings come from
 * `applySettings` (shared with version 1). Errors name the rule and the condition.
 */
export function modelFromForm(f: FormModel, base: ScoringModel = PLAYBOOK_MODEL): ScoringModel {
	const raw: ScoringModel = { ...base, gate: { ...base.gate, criteria: { ...base.gate.criteria } }, outcomes: { ...base.outcomes } };
	const built = outcomeOfSync(() => {
		const ruleIds = idAssigner();
		if (f.engagement?.rule) raw.engagementRules = f.engagement.rule.map((r, i) => engagementFrom(r, i, ruleIds));
		if (f.fit?.rule) raw.fitRules = f.fit.rule.map((r, i) => fitFrom(r, i, ruleIds));
		if (f.stages?.stage?.length) raw.stages = f.stages.stage.map((s, i) => stageFrom(s, i));
		if (f.groupLimits?.limit)
			raw.groupCaps = Object.fromEntries(
				f.groupLimits.limit.filter((l) => String(l.group ?? '').trim()).map((l) => [l.group.trim(), Number(l.points)]),
			);
		if (f.gate?.criterion) {
			const rows: Record<BantCriterion, Condition[]> = { budget: [], authority: [], need: [], timing: [] };
			f.gate.criterion.forEach((r, n) => rows[r.criterion]?.push(conditionFrom(r, `hand-off gate "${r.criterion}"`, n)));
			for (const c of BANT_CRITERIA)
				raw.gate.criteria[c] = { conditions: rows[c], ...(rows[c].length > 1 ? { match: 'any' } : {}) } as Criterion;
		}
		if (f.gateRequired !== undefined && f.gateRequired !== null) raw.gate.required = Number(f.gateRequired);
	});
	if (!built.ok) throw asModelError(built.error);
	return validateModel(raw);
}

function rowsOf(conditions: Condition[] | undefined): { rows: FormCondition[]; text: string } {
	const rows: FormCondition[] = [];
	const text: string[] = [];
	for (const c of conditions ?? []) {
		if (!FORM_OPERATORS.some((o) => o.value === c.op)) {
			// Only "matches" (a regular expression) has no row form; it stays in the advanced text.
			text.push(`${c.field} matches ${String(c.value ?? '')}`);
			continue;
		}
		rows.push({
			field: c.field,
			operator: c.op,
			...(c.value !== undefined ? { value: Array.isArray(c.value) ? c.value.join(', ') : (c.value as string | number) } : {}),
		});
	}
	return { rows, text: text.join('\n') };
}

const limitOf = (r: EngagementRule): Pick<FormEngagementRule, 'limit' | 'limitPoints' | 'limitDays'> => {
	if (r.once) return { limit: 'once' };
	if (!r.cap) return { limit: 'none' };
	return LIMIT_PRESETS.some((p) => p.points === r.cap!.points && p.days === r.cap!.days)
		? { limit: limitValue(r.cap.points, r.cap.days) }
		: { limit: 'custom', limitPoints: r.cap.points, limitDays: r.cap.days };
};

/** A model in form shape: the playbook this way is what the editor shows first. */
export function modelToForm(m: ScoringModel): Required<Omit<FormModel, 'gateRequired'>> & { gateRequired: number } {
	return {
		engagement: {
			rule: m.engagementRules.map((r) => {
				const c = rowsOf(r.conditions);
				const more = {
					...(c.rows.length ? { conditions: { condition: c.rows } } : {}),
					...(c.text ? { conditionsText: c.text } : {}),
					...(r.match === 'any' ? { match: 'any' as const } : {}),
					...(r.count ? { countTimes: r.count.times, countDays: r.count.days } : {}),
					...(r.marks ? { bant: r.marks } : {}),
				};
				return {
					id: r.id,
					name: r.name ?? r.id,
					events: r.events.join(', '),
					points: r.points,
					group: r.group ?? '',
					...limitOf(r),
					...(Object.keys(more).length ? { more } : {}),
				};
			}),
		},
		fit: {
			rule: m.fitRules.map((r) => {
				const c = rowsOf(r.conditions);
				const more = { ...(r.group ? { group: r.group } : {}), ...(c.text ? { conditionsText: c.text } : {}) };
				return {
					id: r.id,
					name: r.name ?? r.id,
					points: r.points,
					conditions: { condition: c.rows },
					match: r.match ?? 'all',
					...(Object.keys(more).length ? { more } : {}),
				};
			}),
		},
		stages: {
			stage: m.stages.map((s) => ({
				id: s.id,
				label: s.label ?? '',
				reachedBy: s.outcomeOnly ? 'outcome' : s.gate ? 'scoreAndGate' : 'score',
				...(s.outcomeOnly ? {} : { minEngagement: s.minEngagement ?? 0, minFit: s.minFit ?? 0 }),
			})),
		},
		gate: {
			criterion: BANT_CRITERIA.flatMap((criterion) =>
				rowsOf(m.gate.criteria[criterion]?.conditions).rows.map((r) => ({ criterion, ...r })),
			),
		},
		gateRequired: m.gate.required,
		groupLimits: { limit: Object.entries(m.groupCaps).map(([group, points]) => ({ group, points })) },
	};
}
