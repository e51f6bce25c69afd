import { modelFromForm, modelToForm, slugId } from './formModel';
import { PLAYBOOK_MODEL } from './playbook';
import type { FormCondition, FormEngagementRule, FormFitRule, FormModel, FormStage } from './formModel';
import { ScoringModelError } from './model';
import { SCORE_GROUPS } from './compactForm';
import type { ScoreGroup } from './compactForm';
import { BANT_CRITERIA } from './types';
import type { BantCriterion, ConditionOp, ScoringModel } from './types';

/**
 * The Lead Score model as version 4 of the editor's form holds it: one line per rule, stage or
 * limit. n8n stacks every field of a list row (about 54 px each), but draws its own assignment
 * rows (name → value, the Set node's) and filter conditions (field | operator | value, the If
 * node's) on one line in a wide panel. So engagement rules are "name: event types → points" rows
 * listed by score group; per-rule settings (limits, repeats, hand-off criterion, event conditions)
 * are rows keyed by the rule's name; fit rules and the hand-off gate's tests are filter
 * conditions; stages are "stage → min score" rows. Read back through version 2's form model, so
 * every version scores alike.
 */

/** One row of n8n's assignment list (`assignmentCollection`): its ID stays hidden and stable. */
export interface LineRow {
	id?: string;
	name?: string;
	value?: unknown;
	type?: string;
}
export interface LineRows {
	assignments?: LineRow[];
}

/** One condition of n8n's filter field (`filter`): left value | operator | right value. */
export interface FilterCondition {
	id?: string;
	leftValue?: unknown;
	rightValue?: unknown;
	operator?: { type?: string; operation?: string; singleValue?: boolean };
}
export interface FilterValue {
	conditions?: FilterCondition[];
	combinator?: 'and' | 'or';
	options?: Record<string, unknown>;
}

export interface LineFitRule {
	id?: string;
	name?: string;
	points?: number;
	conditions?: FilterValue;
}

export interface LineForm {
	/** Engagement rules by score group: "Name: event types" → points. */
	points?: Partial<Record<ScoreGroup, LineRows>>;
	/** Rule name → "10 per 7 days" or "once". */
	ruleLimits?: LineRows;
	/** Rule name → "3 in 7 days": scores only when that many matching events fall in the window. */
	repeats?: LineRows;
	/** Rule name → budget, authority, need or timing. */
	bantMarks?: LineRows;
	/** Conditions on an engagement rule's events, keyed by rule name. */
	eventConditions?: { rule?: Array<{ rule?: string; conditions?: FilterValue }> };
	fit?: { rule?: LineFitRule[] };
	/** Stages reached by scores, lowest first: stage → min engagement score. */
	stages?: LineRows;
	/** Stage → min fit score. */
	stageMinFit?: LineRows;
	/** Stages that also need the hand-off gate (comma-separated names). */
	gateStages?: string;
	/** Stages set by sales outcomes only, in order accepted, opportunity, won: stage → outcome event types. */
	outcomeStages?: LineRows;
	gate?: Partial<Record<BantCriterion, FilterValue>>;
	gateRequired?: number;
	groupLimits?: LineRows;
}

/** The forward sales outcomes, in the order of the outcome stage rows. */
export const OUTCOME_KINDS = ['accepted', 'opportunity', 'won'] as const;

const list = (s: unknown) =>
	String(s ?? '')
		.split(/[,，\n]/)
		.map((x) => x.trim())
		.filter(Boolean);
const rowsOf = (r: LineRows | undefined) => r?.assignments ?? [];
const text = (v: unknown) => (v === undefined || v === null ? '' : String(v)).trim();
const key = (s: string) => s.trim().toLowerCase();
/** n8n gives new rows a random UUID: such a row's ID comes from its name, as in version 3. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const storedId = (id: string | undefined) => (id && !UUID.test(id) ? id : undefined);

/** "Clicked a tracked link: link_clicked, link_opened" → name and event types (no colon: the event types name the rule). */
export function splitRuleName(raw: string): { name: string; events: string } {
	const at = Math.max(raw.lastIndexOf(':'), raw.lastIndexOf('：'));
	if (at < 0) return { name: raw.trim(), events: raw.trim() };
	return { name: raw.slice(0, at).trim(), events: raw.slice(at + 1).trim() };
}

/** "10 per 7 days", "10/7", "10 in 7 days" → { times: 10, days: 7 }. */
export function parsePerDays(raw: string, where: string): { n: number; days: number } {
	const m = /^(\d+(?:\.\d+)?)\s*(?:points?\s*)?(?:\/|per|in|every|每)\s*(\d+)\s*(?:d|days?|天)?$/i.exec(raw.trim());
	if (!m) throw new ScoringModelError([`${where} → "${raw}" should look like "10 per 7 days"`]);
	return { n: Number(m[1]), days: Number(m[2]) };
}
export const perDays = (n: number, days: number, word: 'per' | 'in') => `${n} ${word} ${days} ${days === 1 ? 'day' : 'days'}`;

/** n8n's filter operators ↔ the model's (none needs a regular expression). */
const FROM_FILTER: Record<string, ConditionOp> = {
	'string:contains': 'containsAny',
	'string:notContains': 'notContains',
	'string:equals': 'equals',
	'string:notEquals': 'notEquals',
	'string:startsWith': 'startsWith',
	'string:exists': 'exists',
	'string:notEmpty': 'exists',
	'string:notExists': 'notExists',
	'string:empty': 'notExists',
	'number:equals': 'equals',
	'number:notEquals': 'notEquals',
	'number:gt': 'gt',
	'number:gte': 'gte',
	'number:lt': 'lt',
	'number:lte': 'lte',
	'number:exists': 'exists',
	'number:notExists': 'notExists',
	'boolean:true': 'isTrue',
	'boolean:exists': 'exists',
	'boolean:notExists': 'notExists',
	'any:exists': 'exists',
	'any:notExists': 'notExists',
};
const TO_FILTER: Partial<Record<ConditionOp, { type: string; operation: string }>> = {
	containsAny: { type: 'string', operation: 'contains' },
	notContains: { type: 'string', operation: 'notContains' },
	equals: { type: 'string', operation: 'equals' },
	in: { type: 'string', operation: 'equals' },
	notEquals: { type: 'string', operation: 'notEquals' },
	startsWith: { type: 'string', operation: 'startsWith' },
	exists: { type: 'string', operation: 'exists' },
	notExists: { type: 'string', operation: 'notExists' },
	gt: { type: 'number', operation: 'gt' },
	gte: { type: 'number', operation: 'gte' },
	lt: { type: 'number', operation: 'lt' },
	lte: { type: 'number', operation: 'lte' },
	isTrue: { type: 'boolean', operation: 'true' },
};
const NO_RIGHT_VALUE = new Set(['exists', 'notExists', 'empty', 'notEmpty', 'true', 'false']);

/** "title", "{{ $json.title }}", "={{ $json["lead"].title }}" → "title" / "lead.title". */
export function fieldOf(left: unknown): string {
	const raw = text(left).replace(/^=/, '').trim();
	const expr = /^\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"]*"|'[^']*')\s*\])+)\s*\}\}$/.exec(raw);
	if (!expr) return raw;
	return [...expr[1].matchAll(/\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"]*)"|'([^']*)')\s*\]/g)].map((m) => m[1] ?? m[2] ?? m[3]).join('.');
}

function conditionOf(c: FilterCondition, where: string, n: number): FormCondition {
	const op = `${c.operator?.type ?? 'string'}:${c.operator?.operation ?? 'equals'}`;
	const field = fieldOf(c.leftValue);
	if (!field) throw new ScoringModelError([`${where} → condition ${n + 1} has no field`]);
	let operator = FROM_FILTER[op];
	if (!operator)
		throw new ScoringModelError([
			`${where} → condition ${n + 1} "${field}": the operator "${c.operator?.operation}" (${c.operator?.type}) is not offered here; use contains, is equal to, starts with, a number comparison, exists or is true`,
		]);
	if (NO_RIGHT_VALUE.has(c.operator?.operation ?? '')) return { field, operator };
	const value = text(c.rightValue);
	// "Is equal to" a comma-separated list: any of them (the model's "is one of").
	if (operator === 'equals' && op.startsWith('string') && list(value).length > 1) operator = 'in';
	return { field, operator, value };
}

const conditionsOf = (f: FilterValue | undefined, where: string) => (f?.conditions ?? []).map((c, n) => conditionOf(c, where, n));
const matchOf = (f: FilterValue | undefined) => (f?.combinator === 'or' ? ('any' as const) : ('all' as const));

/** Rows keyed by rule name: each key must name one engagement rule. */
function keyedRows(rows: LineRow[], what: string, ruleKeys: Map<string, number>): Array<{ rule: number; value: string }> {
	return rows
		.filter((r) => text(r.name))
		.map((r) => {
			const rule = ruleKeys.get(key(text(r.name)));
			if (rule === undefined)
				throw new ScoringModelError([`${what} → "${text(r.name)}" is not the name of an engagement rule (the text before the colon)`]);
			return { rule, value: text(r.value) };
		});
}

function engagementRules(f: LineForm): FormEngagementRule[] | undefined {
	const rows = SCORE_GROUPS.flatMap((group) => rowsOf(f.points?.[group]).map((row) => ({ row, group })));
	// Like versions 2 and 3: a form with no rules at all keeps the playbook's.
	if (!rows.length) return undefined;
	const rules: FormEngagementRule[] = rows.map(({ row, group }, i) => {
		const { name, events } = splitRuleName(text(row.name));
		if (!events) throw new ScoringModelError([`engagement rule #${i + 1} (${group}) → has no event types (name: event types)`]);
		const id = storedId(row.id);
		return { ...(id ? { id } : {}), name, events, points: Number(row.value ?? 0), group, limit: 'none' };
	});
	const ruleKeys = new Map<string, number>();
	rules.forEach((r, i) => {
		for (const k of new Set([key(r.name), key(r.events)])) {
			if (ruleKeys.has(k) && ruleKeys.get(k) !== i)
				throw new ScoringModelError([`engagement rule "${r.name}" → another rule has the same name; names must differ`]);
			ruleKeys.set(k, i);
		}
	});
	const more = (i: number) => (rules[i].more ??= {});
	for (const { rule, value } of keyedRows(rowsOf(f.ruleLimits), 'Rule Limits', ruleKeys)) {
		if (!value || /^(none|no limit)$/i.test(value)) continue;
		if (/^(once|once per lead|1x)$/i.test(value)) rules[rule].limit = 'once';
		else {
			const { n, days } = parsePerDays(value, `Rule Limits "${rules[rule].name}"`);
			Object.assign(rules[rule], { limit: 'custom', limitPoints: n, limitDays: days });
		}
	}
	for (const { rule, value } of keyedRows(rowsOf(f.repeats), 'Repeats Needed', ruleKeys)) {
		if (!value) continue;
		const { n, days } = parsePerDays(value, `Repeats Needed "${rules[rule].name}"`);
		Object.assign(more(rule), { countTimes: n, countDays: days });
	}
	for (const { rule, value } of keyedRows(rowsOf(f.bantMarks), 'Meets BANT Criterion', ruleKeys)) {
		const criterion = key(value) as BantCriterion;
		if (!value) continue;
		if (!BANT_CRITERIA.includes(criterion))
			throw new ScoringModelError([`Meets BANT Criterion "${rules[rule].name}" → "${value}" should be budget, authority, need or timing`]);
		more(rule).bant = criterion;
	}
	const withConditions = (f.eventConditions?.rule ?? []).map((r) => ({ name: text(r.rule), value: r.conditions }));
	for (const { name, value } of withConditions.filter((r) => r.name)) {
		const rule = ruleKeys.get(key(name));
		if (rule === undefined)
			throw new ScoringModelError([`Event Conditions → "${name}" is not the name of an engagement rule (the text before the colon)`]);
		const where = `engagement rule "${rules[rule].name}"`;
		Object.assign(more(rule), {
			conditions: { condition: conditionsOf(value, where) },
			...(matchOf(value) === 'any' ? { match: 'any' } : {}),
		});
	}
	return rules;
}

function fitRule(r: LineFitRule): FormFitRule {
	const id = storedId(r.id);
	return {
		...(id ? { id } : {}),
		name: text(r.name),
		points: Number(r.points ?? 0),
		conditions: { condition: conditionsOf(r.conditions, `fit rule "${text(r.name)}"`) },
		match: matchOf(r.conditions),
	};
}

function stageRows(f: LineForm): FormStage[] | undefined {
	const scored = rowsOf(f.stages).filter((r) => text(r.name));
	const outcome = rowsOf(f.outcomeStages).filter((r) => text(r.name));
	if (!scored.length && !outcome.length) return undefined;
	const gate = new Set(list(f.gateStages).map(key));
	const minFit = new Map(rowsOf(f.stageMinFit).map((r) => [key(text(r.name)), Number(r.value ?? 0)]));
	const names = new Set(scored.map((r) => key(text(r.name))));
	for (const name of [...gate, ...minFit.keys()].filter((n) => n && !names.has(n)))
		throw new ScoringModelError([`"${name}" is named in Min Fit Score or Stages Needing the Gate but is not one of the Stages`]);
	return [
		...scored.map((r) => ({
			...(storedId(r.id) ? { id: storedId(r.id) } : {}),
			label: text(r.name),
			reachedBy: gate.has(key(text(r.name))) ? ('scoreAndGate' as const) : ('score' as const),
			minEngagement: Number(r.value ?? 0),
			minFit: minFit.get(key(text(r.name))) ?? 0,
		})),
		...outcome.map((r) => ({ ...(storedId(r.id) ? { id: storedId(r.id) } : {}), label: text(r.name), reachedBy: 'outcome' as const })),
	];
}

function gateRows(g: LineForm['gate']): FormModel['gate'] {
	// Like version 3: a gate with no tests at all keeps the playbook's.
	if (!g || !BANT_CRITERIA.some((c) => g[c]?.conditions?.length)) return undefined;
	return {
		criterion: BANT_CRITERIA.flatMap((criterion) =>
			conditionsOf(g[criterion], `hand-off gate "${criterion}"`).map((c) => ({ criterion, ...c })),
		),
	};
}

/**
 * The outcome stages' event types, in order accepted, opportunity, won (each moves a lead to its
 * row's stage); undefined when the list is empty (the base model's outcomes stay).
 */
export function outcomesFromLines(f: LineForm, stages: FormStage[] | undefined): ScoringModel['outcomes'] | undefined {
	const rows = rowsOf(f.outcomeStages).filter((r) => text(r.name));
	if (!rows.length || !stages) return undefined;
	if (rows.length !== OUTCOME_KINDS.length)
		throw new ScoringModelError([
			`Sales Outcome Stages → needs ${OUTCOME_KINDS.length} rows, in order: accepted by sales, opportunity, won (has ${rows.length})`,
		]);
	const outcomeStages = stages.filter((s) => s.reachedBy === 'outcome');
	const idOf = (i: number) => String(outcomeStages[i].id ?? '').trim() || slugId(outcomeStages[i].label ?? '', `stage_${i + 1}`);
	const out: Record<string, { events: string[]; stage: string }> = {};
	OUTCOME_KINDS.forEach((kind, i) => (out[kind] = { events: list(rows[i].value), stage: idOf(i) }));
	return out as unknown as ScoringModel['outcomes'];
}

/** Version 4's fields as version 2's form model (then `modelFromForm` builds and checks the model). */
export function formFromLines(f: LineForm): { form: FormModel; outcomes?: Partial<ScoringModel['outcomes']> } {
	const engagement = engagementRules(f);
	const stages = stageRows(f);
	const groupLimits = f.groupLimits
		? {
				// 0 or empty: the group has no limit.
				limit: rowsOf(f.groupLimits)
					.filter((r) => Number(r.value ?? 0) > 0)
					.map((r) => ({ group: text(r.name), points: Number(r.value) })),
			}
		: undefined;
	const outcomes = outcomesFromLines(f, stages);
	return {
		form: {
			...(engagement ? { engagement: { rule: engagement } } : {}),
			...(f.fit?.rule ? { fit: { rule: f.fit.rule.map(fitRule) } } : {}),
			stages: { stage: stages },
			gate: gateRows(f.gate),
			gateRequired: f.gateRequired,
			...(groupLimits ? { groupLimits } : {}),
		},
		...(outcomes ? { outcomes } : {}),
	};
}

/** The model from version 4's fields; lists left empty keep the base's (the playbook). */
export function modelFromLines(f: LineForm, base: ScoringModel = PLAYBOOK_MODEL): ScoringModel {
	const { form, outcomes } = formFromLines(f);
	return modelFromForm(form, outcomes ? { ...base, outcomes: { ...base.outcomes, ...outcomes } } : base);
}

const assignment = (id: string | undefined, name: string, value: unknown, type: 'number' | 'string'): LineRow => ({
	...(id ? { id } : {}),
	name,
	value,
	type,
});
const FILTER_OPTIONS = { caseSensitive: false, leftValue: '', typeValidation: 'loose', version: 2 };

export function filterOf(conditions: FormCondition[], match: 'all' | 'any', idPrefix: string): FilterValue {
	return {
		options: { ...FILTER_OPTIONS },
		combinator: match === 'any' ? 'or' : 'and',
		conditions: conditions.map((c, n) => {
			const operator = TO_FILTER[c.operator];
			if (!operator) throw new ScoringModelError([`${idPrefix} → the operator "${c.operator}" has no one-line form`]);
			return {
				id: `${idPrefix}_${n + 1}`,
				leftValue: c.field,
				rightValue: c.value ?? '',
				operator: { ...operator, ...(NO_RIGHT_VALUE.has(operator.operation) ? { singleValue: true } : {}) },
			};
		}),
	};
}

/** A model in version 4's shape: the playbook this way is what the form shows first. */
export function modelToLines(m: ScoringModel): Required<LineForm> {
	const form = modelToForm(m);
	const points: LineForm['points'] = {};
	const ruleLimits: LineRow[] = [];
	const repeats: LineRow[] = [];
	const bantMarks: LineRow[] = [];
	const eventConditions: Array<{ rule: string; conditions: FilterValue }> = [];
	for (const r of form.engagement.rule ?? []) {
		const group = r.group as ScoreGroup;
		if (!SCORE_GROUPS.includes(group))
			throw new ScoringModelError([`engagement rule "${r.name}" → group "${r.group}" has no list in version 4`]);
		(points[group] ??= { assignments: [] }).assignments!.push(assignment(r.id, `${r.name}: ${r.events}`, r.points, 'number'));
		if (r.limit === 'once') ruleLimits.push(assignment(`${r.id}_limit`, r.name, 'once', 'string'));
		else if (r.limit && r.limit !== 'none') {
			const [p, d] = r.limit === 'custom' ? [r.limitPoints!, r.limitDays!] : r.limit.split('/').map(Number);
			ruleLimits.push(assignment(`${r.id}_limit`, r.name, perDays(p, d, 'per'), 'string'));
		}
		const more = r.more ?? {};
		if (more.countTimes) repeats.push(assignment(`${r.id}_repeats`, r.name, perDays(more.countTimes, more.countDays ?? 7, 'in'), 'string'));
		if (more.bant && more.bant !== 'none') bantMarks.push(assignment(`${r.id}_bant`, r.name, more.bant, 'string'));
		if (more.conditionsText) throw new ScoringModelError([`engagement rule "${r.name}" → a condition has no one-line form`]);
		if (more.conditions?.condition?.length)
			eventConditions.push({ rule: r.name, conditions: filterOf(more.conditions.condition, more.match ?? 'all', `${r.id}_if`) });
	}
	const stages = form.stages.stage ?? [];
	const scored = stages.filter((s) => s.reachedBy !== 'outcome');
	const outcomeStageIds = OUTCOME_KINDS.map((k) => m.outcomes[k].stage);
	const outcomeRows = stages.filter((s) => s.reachedBy === 'outcome');
	if (outcomeRows.map((s) => s.id).join() !== outcomeStageIds.join())
		throw new ScoringModelError(['outcome stages → version 4 lists them in order accepted, opportunity, won']);
	return {
		points,
		ruleLimits: { assignments: ruleLimits },
		repeats: { assignments: repeats },
		bantMarks: { assignments: bantMarks },
		eventConditions: { rule: eventConditions },
		fit: {
			rule: (form.fit.rule ?? []).map((r) => {
				if (r.more?.conditionsText || r.more?.group) throw new ScoringModelError([`fit rule "${r.name}" has no one-line form`]);
				return {
					id: r.id,
					name: r.name,
					points: r.points,
					conditions: filterOf(r.conditions?.condition ?? [], r.match ?? 'all', `${r.id}_if`),
				};
			}),
		},
		stages: { assignments: scored.map((s) => assignment(s.id, s.label ?? '', s.minEngagement ?? 0, 'number')) },
		stageMinFit: {
			assignments: scored.filter((s) => (s.minFit ?? 0) > 0).map((s) => assignment(`${s.id}_fit`, s.label ?? '', s.minFit, 'number')),
		},
		gateStages: scored
			.filter((s) => s.reachedBy === 'scoreAndGate')
			.map((s) => s.label)
			.join(', '),
		outcomeStages: {
			assignments: outcomeRows.map((s, i) => assignment(s.id, s.label ?? '', m.outcomes[OUTCOME_KINDS[i]].events.join(', '), 'string')),
		},
		gate: Object.fromEntries(
			BANT_CRITERIA.map((c) => {
				const rows = (form.gate.criterion ?? []).filter((r) => r.criterion === c);
				return [c, filterOf(rows, 'any', `gate_${c}`)];
			}),
		),
		gateRequired: form.gateRequired,
		groupLimits: { assignments: (form.groupLimits.limit ?? []).map((l) => assignment(`group_${l.group}`, l.group, l.points, 'number')) },
	};
}
