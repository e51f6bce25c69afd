/**
 * The editor as a marketer uses it, in headless Chromium: pick a customer group by its name from
 * the WeCom node's list, execute, read the output; open every template and see no issue badge.
 */
import { readdirSync } from 'fs';
import { join } from 'path';
import type { Browser, Page } from 'playwright-core';
import { executeNode, nodesWithIssues, openEditor, openNode, openWorkflow, pickFromList } from '../../scripts/editorDriver';
import { harness } from './harness';
import { readState } from './state';

const e2e = harness();
let browser: Browser;
let page: Page;

beforeAll(async () => {
	if (process.env.N8N_VERSION && process.env.N8N_VERSION !== '2.8.4') return;
	({ browser, page } = await openEditor(e2e.n8nUrl, readState().session!));
});
afterAll(async () => browser?.close());

// The editor's markup differs between n8n versions: the browser test follows the pinned version
// (2.8.4); the other e2e files run on every version of the support matrix.
const describeOnPinned = !process.env.N8N_VERSION || process.env.N8N_VERSION === '2.8.4' ? describe : describe.skip;

describeOnPinned('n8n editor in Chromium', () => {
	it('picks a customer group by its name from the list and executes Customer Group → Get', async () => {
		const wecomAppApi = await e2e.credential('wecomAppApi');
		const { id } = await e2e.deploy(
			{
				name: 'Editor: pick a group',
				nodes: [
					{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
					{
						id: 'w',
						name: 'WeCom',
						type: 'n8n-nodes-wecom-growth.weCom',
						typeVersion: 1,
						position: [260, 0],
						parameters: { resource: 'customerGroup', operation: 'get', chatId: { __rl: true, mode: 'list', value: '' } },
						credentials: { wecomAppApi },
					},
				],
				connections: { Start: { main: [[{ node: 'WeCom', type: 'main', index: 0 }]] } },
			},
			{ wecomAppApi },
			{ activate: false },
		);
		await openWorkflow(page, e2e.n8nUrl, id);
		await openNode(page, 'WeCom');
		await pickFromList(page, '早报', 'B2B 营销早报群');
		await executeNode(page);
		const output = page.locator('[data-test-id="ndv-output-panel"]');
		await output.getByText('wrSANDBOX000004').first().waitFor();
		await expect(output.innerText()).resolves.toContain('B2B 营销早报群');
		const requests = await e2e.sandbox.requests('/cgi-bin/externalcontact/groupchat/get');
		expect(requests.some((r) => (r.body as { chat_id?: string })?.chat_id === 'wrSANDBOX000004')).toBe(true);
	}, 1_200_000);

	it('opens every template without an issue badge on any node', async () => {
		const dir = join(__dirname, '../../workflows');
		for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
			const workflow = e2e.loadWorkflow(join(dir, file));
			const { id } = await e2e.deploy(workflow, await templateCredentials(workflow), { activate: false });
			await openWorkflow(page, e2e.n8nUrl, id);
			expect([file, await nodesWithIssues(page)]).toEqual([file, []]);
		}
	}, 3_600_000);
});

async function templateCredentials(workflow: { nodes: Array<{ credentials?: Record<string, unknown> }> }) {
	const types = new Set(workflow.nodes.flatMap((n) => Object.keys(n.credentials ?? {})));
	const out: Record<string, { id: string; name: string }> = {};
	for (const type of types) out[type] = await e2e.credential(type);
	return out;
}
