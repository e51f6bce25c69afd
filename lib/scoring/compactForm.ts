import { modelToForm } from './formModel';
import type { FormCondition, FormEngagementRule, FormFitRule, FormModel, FormStage } from './formModel';
import { BANT_CRITERIA } from './types';
import type { BantCriterion, ScoringModel } from './types';

/**
 * The Lead Score model as version 3 of the editor's form holds it: the same model as version 2's
 * form, laid out so that n8n (which stacks every field of every row) shows it in far fewer
 * screens. A row's kind carries what used to be a field of every row: engagement rules are listed
 * under their score group, stages under how they are reached, gate tests under their criterion.
 * A fit rule's first condition sits in the row; rarely used settings sit in a per-row Options
 * collection, which shows only the options added. Read back through version 2's form model, so
 * both versions score alike.
 */

/** Score groups that have their own list of engagement rules; any other group is typed per rule. */
export const SCORE_GROUPS = ['community', 'content', 'intent'] as const;
export type ScoreGroup = (typeof SCORE_GROUPS)[number];
export const OTHER_GROUP = 'other' as const;
const ENGAGEMENT_LISTS = [...SCORE_GROUPS, OTHER_GROUP];

export interface CompactEngagementRule extends Pick<
	FormEngagementRule,
	'id' | 'name' | 'events' | 'points' | 'limit' | 'limitPoints' | 'limitDays'
> {
	/** Only in the "other group" list. */
	group?: string;
	options?: FormEngagementRule['more'];
}

export type CompactEngagement = Partial<Record<ScoreGroup | typeof OTHER_GROUP, CompactEngagementRule[]>>;

export interface CompactFitRule extends FormCondition {
	id?: string;
	name: string;
	points: number;
	options?: {
		/** Conditions beyond the row's own. */
		conditions?: { condition?: FormCondition[] };
		match?: 'all' | 'any';
		group?: string;
		conditionsText?: string;
		ruleId?: string;
	};
}

export interface CompactStage {
	id?: string;
	label?: string;
	minEngagement?: number;
	minFit?: number;
}

/** Stages by how they are reached, lowest first within each list; the lists follow each other in this order. */
export const STAGE_KINDS = { score: 'score', gate: 'scoreAndGate', outcome: 'outcome' } as const;
export type CompactLadder = Partial<Record<keyof typeof STAGE_KINDS, CompactStage[]>>;

export type CompactGate = Partial<Record<BantCriterion, FormCondition[]>>;

export interface CompactForm {
	engagement?: CompactEngagement;
	fit?: { rule?: CompactFitRule[] };
	stages?: CompactLadder;
	gate?: CompactGate;
	gateRequired?: number;
	groupLimits?: FormModel['groupLimits'];
}

const hasRows = (lists: Array<unknown[] | undefined>) => lists.some((l) => (l?.length ?? 0) > 0);

function engagementRows(e: CompactEngagement | undefined): FormEngagementRule[] | undefined {
	if (!e) return undefined;
	const lists = ENGAGEMENT_LISTS.map((g) => e[g]);
	// Like version 2: a form with no rules at all keeps the playbook's.
	if (!hasRows(lists)) return undefined;
	return ENGAGEMENT_LISTS.flatMap((group) =>
		(e[group] ?? []).map(({ options, group: typed, ...row }) => ({
			...row,
			group: group === OTHER_GROUP ? String(typed ?? '') : group,
			...(options ? { more: options } : {}),
		})),
	);
}

function fitRow({ id, name, points, field, operator, value, options = {} }: CompactFitRule): FormFitRule {
	const own = String(field ?? '').trim() ? [{ field, operator, ...(value !== undefined ? { value } : {}) }] : [];
	const { conditions, match, ...more } = options;
	return {
		...(id ? { id } : {}),
		name,
		points,
		conditions: { condition: [...own, ...(conditions?.condition ?? [])] },
		...(match ? { match } : {}),
		...(Object.keys(more).length ? { more } : {}),
	};
}

function stageRows(s: CompactLadder | undefined): FormStage[] | undefined {
	if (!s) return undefined;
	return (Object.keys(STAGE_KINDS) as Array<keyof typeof STAGE_KINDS>).flatMap((kind) =>
		(s[kind] ?? []).map((row) => ({ ...row, reachedBy: STAGE_KINDS[kind] })),
	);
}

function gateRows(g: CompactGate | undefined): FormModel['gate'] {
	if (!g || !hasRows(BANT_CRITERIA.map((c) => g[c]))) return undefined;
	return { criterion: BANT_CRITERIA.flatMap((criterion) => (g[criterion] ?? []).map((row) => ({ ...row, criterion }))) };
}

/** Version 3's fields as version 2's form model (then `modelFromForm` builds and checks the model). */
export function formFromCompact(c: CompactForm): FormModel {
	const engagement = engagementRows(c.engagement);
	return {
		...(engagement ? { engagement: { rule: engagement } } : {}),
		...(c.fit?.rule ? { fit: { rule: c.fit.rule.map(fitRow) } } : {}),
		stages: { stage: stageRows(c.stages) },
		gate: gateRows(c.gate),
		gateRequired: c.gateRequired,
		groupLimits: c.groupLimits,
	};
}

/** A model in version 3's shape: the playbook this way is what the form shows first. */
export function modelToCompact(m: ScoringModel): Required<CompactForm> {
	const form = modelToForm(m);
	const engagement: CompactEngagement = {};
	for (const { group, more, ...row } of form.engagement.rule ?? []) {
		const list = (SCORE_GROUPS as readonly string[]).includes(group ?? '') ? (group as ScoreGroup) : OTHER_GROUP;
		(engagement[list] ??= []).push({
			...row,
			...(list === OTHER_GROUP ? { group: group ?? '' } : {}),
			...(more ? { options: more } : {}),
		});
	}
	const stages: CompactLadder = {};
	for (const { reachedBy, ...row } of form.stages.stage ?? []) {
		const kind = (Object.keys(STAGE_KINDS) as Array<keyof typeof STAGE_KINDS>).find((k) => STAGE_KINDS[k] === reachedBy)!;
		(stages[kind] ??= []).push(kind === 'outcome' ? { id: row.id, label: row.label } : row);
	}
	const gate: CompactGate = {};
	for (const { criterion, ...row } of form.gate.criterion ?? []) (gate[criterion] ??= []).push(row);
	return {
		engagement,
		fit: {
			rule: (form.fit.rule ?? []).map((r) => {
				const [first, ...rest] = r.conditions?.condition ?? [];
				const options = {
					...(rest.length ? { conditions: { condition: rest } } : {}),
					...(r.match === 'any' ? { match: 'any' as const } : {}),
					...(r.more ?? {}),
				};
				return {
					id: r.id,
					name: r.name,
					points: r.points,
					field: first?.field ?? '',
					operator: first?.operator ?? 'exists',
					...(first?.value !== undefined ? { value: first.value } : {}),
					...(Object.keys(options).length ? { options } : {}),
				};
			}),
		},
		stages,
		gate,
		gateRequired: form.gateRequired,
		groupLimits: form.groupLimits,
	};
}
