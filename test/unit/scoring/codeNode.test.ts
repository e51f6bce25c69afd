import { readFileSync } from 'fs';
import { join } from 'path';
import * as vm from 'vm';
import * as ts from 'typescript';
import { scoreItems } from '../../../lib/scoring/batch';
import { ENGINE_MODULES, codeNodeSource } from '../../../benchmarks/codeNode';
import { PLAYBOOK_MODEL } from '../../../lib/scoring/playbook';
import { defaultEventFields } from '../../helpers/eventLogFields';

/** What the build puts in dist/: each engine module compiled to CommonJS. */
const compiled = (name: string) =>
	ts.transpileModule(readFileSync(join(__dirname, '../../../lib/scoring', `${name}.ts`), 'utf8'), {
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
	}).outputText;

const NOW = Date.parse('2025-06-12T02:00:00Z');
const items = [
	{
		leadId: 'L1',
		lead: { title: 'CMO', email: 'a@b.cn', budget: 'yes', timing: 'Q3' },
		events: [
			{ id: 'e1', type: 'trial_requested', time: '2025-06-11T10:00:00+08:00' },
			{ id: 'e2', type: 'link_clicked', time: 1749600000 },
		],
	},
	{ leadId: 'L2', events: [{ type: 'page_viewed', url: '/pricing', time: '2025-06-10T08:00:00Z' }] },
	{ leadId: 'L3', profile: null, events: [] },
];

/**
 * Runs the script the way n8n's task runner does: a function body with $input, no require, and
 * Object.defineProperty made a no-op first (the runner's sandbox does that before any Code node).
 */
function runInCodeNode(source: string, input: Array<Record<string, unknown>>) {
	const context = vm.createContext({ $input: { all: () => input.map((json) => ({ json })) } });
	const sandbox = 'Object.defineProperty = () => ({}); Object.defineProperties = () => ({});';
	const out = new vm.Script(`${sandbox}\n(function () {\n${source}\n})()`).runInContext(context) as unknown;
	return JSON.parse(JSON.stringify(out)) as Array<{ json: Record<string, unknown>; pairedItem: unknown }>;
}

describe('Code-node bundle', () => {
	it('imports nothing outside the engine modules (so it runs where require is not available)', () => {
		for (const name of ENGINE_MODULES) {
			const requires = [...compiled(name).matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
			for (const r of requires) expect([name, ENGINE_MODULES.map((n) => `./${n}`).includes(r) ? 'engine' : r]).toEqual([name, 'engine']);
		}
	});

	it("scores the same items exactly like the node's engine, with pairedItem", () => {
		const source = codeNodeSource({ model: PLAYBOOK_MODEL, now: NOW, source: compiled });
		expect(source.length).toBeLessThan(100_000);
		const out = runInCodeNode(source, items);
		const expected = scoreItems(PLAYBOOK_MODEL, items, {
			profileField: 'profile',
			eventsField: 'events',
			leadIdField: ['leadId'],
			attributesField: 'lead',
			eventFields: defaultEventFields(),
			now: NOW,
			zone: 'UTC',
		});
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out.map((o) => o.json)).toEqual(JSON.parse(JSON.stringify(expected)));
		expect(out.map((o) => [o.json.leadId, o.json.stage])).toEqual([
			['L1', 'sql'],
			['L2', 'firstContact'],
			['L3', 'firstContact'],
		]);
	});

	it('reports a bad item by number and field, like the node', () => {
		const source = codeNodeSource({ model: PLAYBOOK_MODEL, now: NOW, source: compiled });
		expect(() => runInCodeNode(source, [{ events: [{ type: 'x', time: 'later' }] }])).toThrow(
			'Item 1: events.0.time: "later" is not a time',
		);
	});
});
