import { readFileSync } from 'fs';
import { join } from 'path';
import type { INodeProperties } from 'n8n-workflow';
import { WeCom } from '../../../nodes/WeCom/WeCom.node';
import { resources } from '../../../nodes/WeCom/actions/router';

const d = new WeCom().description;

describe('WeCom node description', () => {
	it('is usable as an AI tool and lists every resource of the router', () => {
		expect(d.usableAsTool).toBe(true);
		const resource = d.properties.find((p) => p.name === 'resource')!;
		expect((resource.options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual(Object.keys(resources).sort());
	});

	it('offers exactly the operations the router can run, each with an action', () => {
		for (const [name, r] of Object.entries(resources)) {
			const op = d.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(name))!;
			const options = op.options as Array<{ value: string; action?: string }>;
			expect(options.map((o) => o.value).sort()).toEqual(Object.keys(r.operations).sort());
			expect(options.every((o) => o.action)).toBe(true);
		}
	});

	it('never gives one parameter name two types (n8n would mix their values)', () => {
		const types = new Map<string, string>();
		for (const p of d.properties as INodeProperties[]) {
			if (p.type === 'notice') continue;
			expect([p.name, types.get(p.name) ?? p.type]).toEqual([p.name, p.type]);
			types.set(p.name, p.type);
		}
	});

	it('says in the UI what the customer-group API cannot do, and that mass-sends need confirmation', () => {
		const notices = d.properties
			.filter((p) => p.type === 'notice')
			.map((p) => p.displayName)
			.join('\n');
		expect(notices).toMatch(/cannot rename a customer group, remove its members or read its messages/);
		expect(notices).toMatch(/only when the sender confirms/);
	});

	it('has a codex with categories and Chinese aliases, and an svg icon', () => {
		const codex = JSON.parse(readFileSync(join(__dirname, '../../../nodes/WeCom/WeCom.node.json'), 'utf8'));
		expect(codex.categories.length).toBeGreaterThan(0);
		expect(codex.alias).toEqual(expect.arrayContaining(['企业微信', '客户群', '群发', '进群方式']));
		expect(readFileSync(join(__dirname, '../../../nodes/WeCom/wecom.svg'), 'utf8')).toMatch(/<svg/);
	});
});
