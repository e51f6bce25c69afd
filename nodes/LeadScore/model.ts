import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { resolveModel } from '../../lib/scoring/resolve';
import type { ScoringModel } from '../../lib/scoring/types';
import { modelFromForm } from '../../lib/scoring/formModel';
import type { FormModel } from '../../lib/scoring/formModel';
import { formFromCompact, SCORE_GROUPS } from '../../lib/scoring/compactForm';
import type { CompactForm } from '../../lib/scoring/compactForm';
import { modelFromUi } from '../../lib/scoring/uiModel';
import { modelFromLines } from '../../lib/scoring/lineForm';
import { modelFromRows } from '../../lib/scoring/rowForm';
import type { RowForm } from '../../lib/scoring/rowForm';
import type { LineForm } from '../../lib/scoring/lineForm';
import { BANT_CRITERIA } from '../../lib/scoring/types';
import type { UiEngagementRule, UiFitRule, UiOptions, UiStage } from '../../lib/scoring/uiModel';

/** The scoring model from the node's parameters (read once, from item 0, for the whole run). */
export function readModel(ctx: IExecuteFunctions): ScoringModel {
	if (ctx.getNode().typeVersion >= 2) return readFormModel(ctx);
	const mode = ctx.getNodeParameter('model', 0, 'playbook') as 'playbook' | 'custom' | 'json';
	if (mode === 'json') return resolveModel(ctx.getNodeParameter('modelJson', 0, '{}'));
	const values = <T>(name: string, key: string) => ((ctx.getNodeParameter(name, 0, {}) as IDataObject)[key] as T[] | undefined) ?? [];
	return modelFromUi({
		mode,
		engagementRules: values<UiEngagementRule>('engagementRules', 'rule'),
		fitRules: values<UiFitRule>('fitRules', 'rule'),
		stages: values<UiStage>('stages', 'stage'),
		options: ctx.getNodeParameter('modelOptions', 0, {}) as UiOptions,
	});
}

/** Versions 2 to 5: the rules, stages, gate and group limits fields, then the settings collection. */
function readFormModel(ctx: IExecuteFunctions): ScoringModel {
	const mode = ctx.getNodeParameter('model', 0, 'fields') as 'fields' | 'json';
	if (mode === 'json') return resolveModel(ctx.getNodeParameter('modelJson', 0, '{}'));
	const options = ctx.getNodeParameter('modelOptions', 0, {}) as UiOptions;
	if (ctx.getNode().typeVersion >= 5) return modelFromUi({ mode: 'playbook', options }, modelFromRows(readRowForm(ctx)));
	if (ctx.getNode().typeVersion >= 4) return modelFromUi({ mode: 'playbook', options }, modelFromLines(readLineForm(ctx)));
	const form: FormModel =
		ctx.getNode().typeVersion >= 3
			? readCompactForm(ctx)
			: {
					engagement: ctx.getNodeParameter('engagement', 0, {}) as FormModel['engagement'],
					fit: ctx.getNodeParameter('fit', 0, {}) as FormModel['fit'],
					stages: ctx.getNodeParameter('ladder', 0, {}) as FormModel['stages'],
					gate: ctx.getNodeParameter('gate', 0, {}) as FormModel['gate'],
					gateRequired: ctx.getNodeParameter('gateRequired', 0, undefined) as number | undefined,
					groupLimits: ctx.getNodeParameter('groupLimits', 0, {}) as FormModel['groupLimits'],
				};
	return modelFromUi({ mode: 'playbook', options }, modelFromForm(form));
}

/** One number field per score group (none set: the playbook's limits stay). */
function groupLimitRows(limits: Array<[string, number | undefined]>): LineForm['groupLimits'] {
	const set = limits.filter(([, value]) => value !== undefined && value !== null);
	return set.length ? { assignments: set.map(([name, value]) => ({ name, value })) } : undefined;
}

/**
 * Version 4's one-line rows. Filter conditions are read as typed (a field name, or an expression
 * naming one such as {{ $json.title }}), not resolved against the first item.
 */
function readLineForm(ctx: IExecuteFunctions): LineForm {
	const get = <T>(name: string, fallback: unknown) => ctx.getNodeParameter(name, 0, fallback) as T;
	const raw = <T>(name: string, fallback: unknown) => ctx.getNodeParameter(name, 0, fallback, { rawExpressions: true }) as T;
	const gateName = (c: string) => `gate${c[0].toUpperCase()}${c.slice(1)}`;
	return {
		points: Object.fromEntries(SCORE_GROUPS.map((g) => [g, get(`${g}Points`, {})])),
		ruleLimits: get('ruleLimits', {}),
		repeats: get('repeats', {}),
		bantMarks: get('bantMarks', {}),
		eventConditions: raw('eventConditions', {}),
		groupLimits: groupLimitRows(SCORE_GROUPS.map((g) => [g, get<number | undefined>(`${g}Limit`, undefined)])),
		fit: raw('fitV4', {}),
		stages: get('stagesV4', {}),
		stageMinFit: get('stageMinFit', {}),
		gateStages: get('gateStages', ''),
		outcomeStages: get('outcomeStages', {}),
		gate: Object.fromEntries(BANT_CRITERIA.map((c) => [c, raw(gateName(c), {})])),
		gateRequired: get('gateRequired', undefined),
	};
}

/** Version 5's rows: version 4's fields without the lists its rule and stage rows replace. */
function readRowForm(ctx: IExecuteFunctions): RowForm {
	const f = readLineForm(ctx);
	return {
		points: f.points,
		eventConditions: f.eventConditions,
		groupLimits: f.groupLimits,
		fit: f.fit,
		stages: ctx.getNodeParameter('stagesV5', 0, {}) as RowForm['stages'],
		outcomeStages: f.outcomeStages,
		gate: f.gate,
		gateRequired: f.gateRequired,
	};
}

/** Version 3's compact lists, read as version 2's form model. */
function readCompactForm(ctx: IExecuteFunctions): FormModel {
	return formFromCompact({
		engagement: ctx.getNodeParameter('engagementV3', 0, {}) as CompactForm['engagement'],
		fit: ctx.getNodeParameter('fitV3', 0, {}) as CompactForm['fit'],
		stages: ctx.getNodeParameter('ladderV3', 0, {}) as CompactForm['stages'],
		gate: ctx.getNodeParameter('gateV3', 0, {}) as CompactForm['gate'],
		gateRequired: ctx.getNodeParameter('gateRequired', 0, undefined) as number | undefined,
		groupLimits: ctx.getNodeParameter('groupLimits', 0, {}) as FormModel['groupLimits'],
	});
}
