import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { resolveModel } from '../../lib/scoring/resolve';
import type { ScoringModel } from '../../lib/scoring/types';
import { modelFromUi } from '../../lib/scoring/uiModel';
import type { UiEngagementRule, UiFitRule, UiOptions, UiStage } from '../../lib/scoring/uiModel';

/** The scoring model from the node's parameters (read once, from item 0, for the whole run). */
export function readModel(ctx: IExecuteFunctions): ScoringModel {
	const mode = ctx.getNodeParameter('model', 0, 'playbook') as 'playbook' | 'custom' | 'json';
	if (mode === 'json') return resolveModel(ctx.getNodeParameter('modelJson', 0, '{}'));
	const values = <T>(name: string, key: string) => (((ctx.getNodeParameter(name, 0, {}) as IDataObject)[key] as T[] | undefined) ?? []);
	return modelFromUi({
		mode,
		engagementRules: values<UiEngagementRule>('engagementRules', 'rule'),
		fitRules: values<UiFitRule>('fitRules', 'rule'),
		stages: values<UiStage>('stages', 'stage'),
		options: ctx.getNodeParameter('modelOptions', 0, {}) as UiOptions,
	});
}
