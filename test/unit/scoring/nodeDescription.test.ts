import { readFileSync } from 'fs';
import { join } from 'path';
import { NodeHelpers, Workflow } from 'n8n-workflow';
import type { INode, INodeProperties, INodeTypes } from 'n8n-workflow';
import { PLAYBOOK_MODEL } from '../../../lib/scoring/playbook';
import { modelFromUi } from '../../../lib/scoring/uiModel';
import { LeadScore } from '../../../nodes/LeadScore/LeadScore.node';

const type = new LeadScore();
const d = type.description;
const prop = (name: string) => d.properties.find((p) => p.name === name) as INodeProperties;

/** The node's outputs as n8n computes them (n8n-workflow evaluates the outputs expression). */
function outputsFor(parameters: INode['parameters']): unknown {
	const nodeTypes = { getByName: () => type, getByNameAndVersion: () => type, getKnownTypes: () => ({}) } as unknown as INodeTypes;
	const node: INode = {
		id: '1',
		name: 'Lead Score',
		type: 'n8n-nodes-wecom-growth.leadScore',
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	return NodeHelpers.getNodeOutputs(new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes }), node, d);
}

describe('Lead Score node description', () => {
	it('has the name, icon and codex the package lists', () => {
		expect([d.name, d.displayName, d.icon]).toEqual(['leadScore', 'Lead Score', 'file:leadScore.svg']);
		const codex = JSON.parse(readFileSync(join(__dirname, '../../../nodes/LeadScore/LeadScore.node.json'), 'utf8'));
		expect(codex.node).toBe('n8n-nodes-wecom-growth.leadScore');
		expect(codex.categories).toEqual(['Marketing', 'Sales']);
		expect(codex.alias).toEqual(expect.arrayContaining(['线索评分', 'MQL', 'BANT', '企业微信']));
		expect(readFileSync(join(__dirname, '../../../nodes/LeadScore/leadScore.svg'), 'utf8')).toMatch(/^<svg /);
		const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
		expect(pkg.n8n.nodes).toContain('dist/nodes/LeadScore/LeadScore.node.js');
	});

	it('has one output, or two ("Stage Changed") when the option is on', () => {
		expect(outputsFor({})).toEqual(['main']);
		expect(outputsFor({ stageChangedOutput: false })).toEqual(['main']);
		expect(outputsFor({ stageChangedOutput: true })).toEqual([
			{ type: 'main', displayName: 'All Leads' },
			{ type: 'main', displayName: 'Stage Changed' },
		]);
	});

	it('starts the custom-rules form as the playbook', () => {
		const rules = (name: string, key: string) => (prop(name).default as Record<string, unknown[]>)[key];
		const model = modelFromUi({
			mode: 'custom',
			engagementRules: rules('engagementRules', 'rule') as never,
			fitRules: rules('fitRules', 'rule') as never,
			stages: rules('stages', 'stage') as never,
		});
		expect(model).toEqual(PLAYBOOK_MODEL);
		expect(JSON.parse(prop('modelJson').default as string)).toEqual(PLAYBOOK_MODEL);
	});

	it('never gives one parameter name two types, and describes every parameter', () => {
		const types = new Map<string, string>();
		for (const p of d.properties) {
			expect([p.name, types.get(p.name) ?? p.type]).toEqual([p.name, p.type]);
			types.set(p.name, p.type);
			if (p.type !== 'notice' && p.type !== 'collection' && p.type !== 'options') expect([p.name, !!p.description]).toEqual([p.name, true]);
		}
	});

	it.each([2, 3, 4, 5])('version %i: Score From Event Log and Backtest show the same model fields as Score Leads', (typeVersion) => {
		const shown = (operation: string) =>
			Object.keys(NodeHelpers.getNodeParameters(d.properties, { operation }, true, false, { typeVersion }, d) ?? {});
		const scoring = shown('score');
		// The fields that only Score Leads takes (its input shape and outputs); the rest is the model.
		const scoreOnly = new Set(['profileNotice', 'inputShape', 'eventsField', 'profileField', 'stageChangedOutput']);
		const model = scoring.filter((name) => !scoreOnly.has(name) && name !== 'operation');
		expect(model).toContain(typeVersion === 5 ? 'stagesV5' : typeVersion === 4 ? 'stagesV4' : typeVersion === 3 ? 'ladderV3' : 'ladder');
		for (const operation of ['scoreEventLog', 'backtest'])
			expect([operation, model.filter((n) => !shown(operation).includes(n))]).toEqual([operation, []]);
	});
});
