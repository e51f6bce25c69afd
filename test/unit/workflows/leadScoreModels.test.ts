/**
 * The templates' Lead Score nodes as n8n loads them: version 4 (the playbook model as one-line
 * rows; version 3's stacked lists only where templates.test.ts names a reason to stay),
 * every parameter the template sets kept by n8n's own resolution (a field of another version
 * would be dropped silently), and the model they score with.
 */
import type { IDataObject, IExecuteFunctions, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { LeadScore } from '../../../nodes/LeadScore/LeadScore.node';
import { readModel } from '../../../nodes/LeadScore/model';
import { PLAYBOOK_MODEL } from '../../../lib/scoring/playbook';
import { higherBarModel } from '../../helpers/candidateModels';
import type { ScoringModel } from '../../../lib/scoring/types';
import { templates } from './support';
import type { TemplateNode } from './support';

const description = new LeadScore().description;
const leadScoreNodes = templates().flatMap((t) =>
	t.json.nodes.filter((n) => n.type === 'n8n-nodes-wecom-growth.leadScore').map((n) => ({ file: t.file, node: n })),
);
/** The operations that score with the model of the node's fields. */
const SCORING = new Set(['score', 'scoreEventLog', 'backtest']);

function resolved(n: TemplateNode): IDataObject {
	return NodeHelpers.getNodeParameters(
		description.properties,
		n.parameters as INodeParameters,
		true,
		false,
		{ typeVersion: n.typeVersion },
		description,
	) as IDataObject;
}

/** The model the node builds from its resolved parameters, as in an execution. */
function modelOf(n: TemplateNode): ScoringModel {
	const params = resolved(n);
	const ctx = {
		getNode: () => ({ ...n, parameters: params }),
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => params[name] ?? fallback,
	} as unknown as IExecuteFunctions;
	return readModel(ctx);
}

/** Template 11's candidate: the playbook with MQL and SQL at 35 engagement instead of 25. */
const CANDIDATE: ScoringModel = higherBarModel();
const EXPECTED: Record<string, ScoringModel> = {
	'01-trial-signup.json': PLAYBOOK_MODEL,
	'05-lead-scoring-pipeline.json': PLAYBOOK_MODEL,
	'09-crm-outcomes.json': PLAYBOOK_MODEL,
	'11-scoring-backtest.json': CANDIDATE,
};

/** The lists that hold the model in each version's form. */
const MODEL_LISTS: Record<number, string[]> = {
	3: ['engagementV3', 'fitV3', 'ladderV3', 'gateV3', 'groupLimits'],
	4: [
		'communityPoints',
		'contentPoints',
		'intentPoints',
		'fitV4',
		'stagesV4',
		'outcomeStages',
		'gateBudget',
		'gateAuthority',
		'gateNeed',
		'gateTiming',
	],
};

const inRuleOrder = (m: ScoringModel) => ({ ...m, engagementRules: [...m.engagementRules].sort((a, b) => a.id.localeCompare(b.id)) });
const GROUP_LISTS = ['community', 'content', 'intent'];
const byGroupList = (a?: string, b?: string) => GROUP_LISTS.indexOf(a ?? '') - GROUP_LISTS.indexOf(b ?? '');

describe('templates: Lead Score nodes', () => {
	it('are on a version that shows the playbook model as fields (3 or 4), in the templates expected', () => {
		for (const { file, node } of leadScoreNodes)
			expect([file, node.name, [3, 4].includes(node.typeVersion)]).toEqual([file, node.name, true]);
		expect(new Set(leadScoreNodes.map((x) => x.file))).toEqual(new Set(Object.keys(EXPECTED)));
	});

	it.each(leadScoreNodes.map(({ file, node }) => [file, node.name, node] as const))(
		'%s → %s: n8n keeps every parameter the template sets',
		(_file, _name, node) => {
			const params = resolved(node);
			for (const [key, value] of Object.entries(node.parameters)) expect([key, params[key]]).toEqual([key, value]);
		},
	);

	const scoring = leadScoreNodes.filter(({ node }) => SCORING.has(String(node.parameters.operation ?? 'score')));
	it.each(scoring.map(({ file, node }) => [file, node.name, node] as const))(
		'%s → %s: scores with the same model as before its moves to versions 3 and 4',
		(file, _name, node) => {
			const model = modelOf(node);
			// Versions 3 and 4 list engagement rules under their score group, so the community rules come first.
			expect(inRuleOrder(model)).toEqual(inRuleOrder(EXPECTED[file]));
			expect(model.engagementRules.map((r) => r.group)).toEqual([...model.engagementRules.map((r) => r.group)].sort(byGroupList));
		},
	);

	it('the rules order cannot change a score: no event type is scored by two rules of these models', () => {
		for (const model of Object.values(EXPECTED)) {
			const types = model.engagementRules.flatMap((r) => r.events.map((e) => e.toLowerCase()));
			expect(types).not.toContain('*');
			expect(new Set(types).size).toBe(types.length);
		}
	});

	it('shows the model as fields in the editor (Rules Below), never a hidden default', () => {
		for (const { node } of scoring) {
			const params = resolved(node);
			expect([node.name, params.model]).toEqual([node.name, 'fields']);
			for (const list of MODEL_LISTS[node.typeVersion])
				expect([node.name, list, Object.keys((params[list] as IDataObject) ?? {}).length > 0]).toEqual([node.name, list, true]);
		}
	});
});
