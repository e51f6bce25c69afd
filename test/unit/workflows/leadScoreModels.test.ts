/**
 * The templates' Lead Score nodes as n8n loads them: version 5 (the playbook model as one row per
 * rule and per stage; older versions only where templates.test.ts names a reason to stay),
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
import { modelToLines } from '../../../lib/scoring/lineForm';
import { toVersion5 } from '../../../scripts/lead-score-v5-templates';
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
	5: [
		'communityPoints',
		'contentPoints',
		'intentPoints',
		'fitV4',
		'stagesV5',
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
	it('are on a version that shows the playbook model as fields (3, 4 or 5), in the templates expected', () => {
		for (const { file, node } of leadScoreNodes)
			expect([file, node.name, [3, 4, 5].includes(node.typeVersion)]).toEqual([file, node.name, true]);
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
		'%s → %s: scores with the same model as before its moves to versions 3, 4 and 5',
		(file, _name, node) => {
			const model = modelOf(node);
			// Versions 3 to 5 list engagement rules under their score group, so the community rules come first.
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

	it('were moved to version 5 by a script that reads the version 4 model and checks version 5 reads the same', () => {
		// Template 11 as it was on version 4: the candidate's stages as version 4's rows, a rule limit changed too.
		const lines = modelToLines(CANDIDATE);
		const limits = JSON.parse(JSON.stringify(lines.ruleLimits)) as { assignments: Array<{ value: string }> };
		limits.assignments[2].value = '12 per 7 days';
		const v4 = {
			...leadScoreNodes.find((x) => x.file === '11-scoring-backtest.json')!.node,
			typeVersion: 4,
			parameters: { operation: 'backtest', stagesV4: lines.stages, ruleLimits: limits, leadIdField: 'leadId' },
		} as unknown as TemplateNode;
		const v5 = toVersion5(v4 as never) as unknown as TemplateNode;
		expect(v5.typeVersion).toBe(5);
		expect(Object.keys(v5.parameters)).toEqual([
			'operation',
			'stagesV5',
			'leadIdField',
			'communityPoints',
			'contentPoints',
			'intentPoints',
		]);
		expect(modelOf(v5)).toEqual(modelOf(v4));
		expect(modelOf(v5).engagementRules.find((r) => r.id === 'tracked_link_click')!.cap).toEqual({ points: 12, days: 7 });
		expect(modelOf(v5).stages.map((x) => x.minEngagement)).toEqual(CANDIDATE.stages.map((x) => x.minEngagement));
		// Other operations only change version; nodes already on version 5 stay as they are.
		const other = { ...v4, parameters: { operation: 'buildCrmLead' } };
		expect(toVersion5(other as never)).toEqual({ ...other, typeVersion: 5 });
		expect(toVersion5(v5 as never)).toBe(v5);
	});
});
