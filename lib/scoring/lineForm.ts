import { modelFromForm, modelToForm } from './formModel';
import type { FormModel, FormStage } from './formModel';
import { conditionsFromFilter, filterFromConditions } from './lineFilter';
import type { FilterValue } from './lineFilter';
import { engagementRulesFromLines, engagementRulesToLines, fitRuleFromLine, fitRuleToLine } from './lineRules';
import type { LineEngagementRules, LineFitRule } from './lineRules';
import { assignment, cellText, rowsOf } from './lineRows';
import type { LineRows } from './lineRows';
import { outcomesFromLines, stagesFromLines, stagesToLines } from './lineStages';
import type { LineStages } from './lineStages';
import { PLAYBOOK_MODEL } from './playbook';
import { BANT_CRITERIA } from './types';
import type { BantCriterion, ScoringModel } from './types';

/**
 * The Lead Score model as version 4 of the editor's form holds it: one line per rule, stage or
 * limit. n8n stacks every field of a list row (about 54 px each), but draws its own assignment
 * rows (name → value, the Set node's) and filter conditions (field | operator | value, the If
 * node's) on one line in a wide panel. So engagement rules are "name: event types → points" rows
 * listed by score group; per-rule settings (limits, repeats, hand-off criterion, event conditions)
 * are rows keyed by the rule's name; fit rules and the hand-off gate's tests are filter
 * conditions; stages are "stage → min score" rows. Read back through version 2's form model, so
 * every version scores alike.
 *
 * This file puts the form together; the parts are in lineRows.ts (assignment rows and their
 * texts), lineFilter.ts (filter conditions ↔ the model's), lineRules.ts and lineRuleSettings.ts
 * (engagement and fit rules), lineStages.ts (stages and sales outcome stages).
 */
export interface LineForm extends LineEngagementRules, LineStages {
	fit?: { rule?: LineFitRule[] };
	gate?: Partial<Record<BantCriterion, FilterValue>>;
	gateRequired?: number;
	groupLimits?: LineRows;
}

function gateFromLines(g: LineForm['gate']): FormModel['gate'] {
	// Like version 3: a gate with no tests at all keeps the playbook's.
	if (!g || !BANT_CRITERIA.some((c) => g[c]?.conditions?.length)) return undefined;
	return {
		criterion: BANT_CRITERIA.flatMap((criterion) =>
			conditionsFromFilter(g[criterion], `hand-off gate "${criterion}"`).map((c) => ({ criterion, ...c })),
		),
	};
}

/** Version 4's fields as version 2's form model (then `modelFromForm` builds and checks the model). */
export function formFromLines(
	f: LineForm,
	scoredAndOutcomeStages?: FormStage[],
): { form: FormModel; outcomes?: Partial<ScoringModel['outcomes']> } {
	const engagement = engagementRulesFromLines(f);
	const stages = scoredAndOutcomeStages ?? stagesFromLines(f);
	const groupLimits = f.groupLimits
		? {
				// 0 or empty: the group has no limit.
				limit: rowsOf(f.groupLimits)
					.filter((r) => Number(r.value ?? 0) > 0)
					.map((r) => ({ group: cellText(r.name), points: Number(r.value) })),
			}
		: undefined;
	const outcomes = outcomesFromLines(f, stages);
	return {
		form: {
			...(engagement ? { engagement: { rule: engagement } } : {}),
			...(f.fit?.rule ? { fit: { rule: f.fit.rule.map(fitRuleFromLine) } } : {}),
			stages: { stage: stages },
			gate: gateFromLines(f.gate),
			gateRequired: f.gateRequired,
			...(groupLimits ? { groupLimits } : {}),
		},
		...(outcomes ? { outcomes } : {}),
	};
}

/**
 * The model from version 4's fields; lists left empty keep the base's (the playbook). Version 5
 * passes its stages, read from its own rows (rowForm.ts).
 */
export function modelFromLines(f: LineForm, base: ScoringModel = PLAYBOOK_MODEL, stages?: FormStage[]): ScoringModel {
	const { form, outcomes } = formFromLines(f, stages);
	return modelFromForm(form, outcomes ? { ...base, outcomes: { ...base.outcomes, ...outcomes } } : base);
}

/** A model in version 4's shape: the playbook this way is what the form shows first. */
export function modelToLines(m: ScoringModel): Required<LineForm> {
	const form = modelToForm(m);
	// Read in this order (engagement rules, stages, fit rules, gate): the first fault is the one reported.
	const rules = engagementRulesToLines(form.engagement.rule ?? []);
	const stages = stagesToLines(form.stages.stage ?? [], m.outcomes);
	const fit = { rule: (form.fit.rule ?? []).map(fitRuleToLine) };
	return {
		...rules,
		fit,
		...stages,
		gate: Object.fromEntries(
			BANT_CRITERIA.map((c) => {
				const rows = (form.gate.criterion ?? []).filter((r) => r.criterion === c);
				return [c, filterFromConditions(rows, 'any', `gate_${c}`)];
			}),
		),
		gateRequired: form.gateRequired,
		groupLimits: { assignments: (form.groupLimits.limit ?? []).map((l) => assignment(`group_${l.group}`, l.group, l.points, 'number')) },
	};
}
