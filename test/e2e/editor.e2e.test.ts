/**
 * The editor as a marketer uses it, in headless Chromium: sign in, add the WeCom node from the nodes
 * panel, pick a customer group by its name from the list, execute, read the output; add CRM Push and
 * pick an SDR by name and a HubSpot owner (the optional WeCom App credential shows on version 2 nodes
 * only), add Digest and pick a report group by name, execute both
 * against the sandboxes; open every template and see no issue badge; open Lead Score's form and
 * find the playbook as rows, also in a panel the user dragged wider.
 */
import { readdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Browser, Page } from 'playwright-core';
import {
	addNodeAfterTrigger,
	addRow,
	credentialLabels,
	executeNode,
	fieldSpan,
	heights,
	nodesWithIssues,
	openEditor,
	openNode,
	openWorkflow,
	outputPanel,
	parameterScreens,
	parameterValues,
	pickFromList,
	pickOption,
	resetPanelWidths,
	selectCredential,
	signIn,
	widenParameterPanel,
} from '../../scripts/editorDriver';
import { OWNER } from '../../scripts/n8n-runner';
import { harness } from './harness';

const e2e = harness();
// The editor's markup differs between n8n versions: signing in and opening every template run on
// every version of the support matrix (2.8.4 and 2.41.1), and so does Lead Score's form; adding a
// node and the resource list follow the pinned version (2.8.4).
const onPinned = !process.env.N8N_VERSION || process.env.N8N_VERSION === '2.8.4';
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
	({ browser, page } = await openEditor(e2e.n8nUrl));
	await signIn(page, e2e.n8nUrl, OWNER);
}, 300_000);
// Chromium is a child process with pipes to this one: close it, or it outlives the run.
afterAll(async () => browser?.close(), 60_000);
// What the editor showed at the end of each test (for a failing step): <tmp>/wecom-growth-editor-<n>.png.
let shown = 0;
afterEach(async () => {
	await page?.screenshot({ path: join(tmpdir(), `wecom-growth-editor-${++shown}.png`) }).catch(() => undefined);
}, 60_000);

/**
 * The most screens version 3's form may take with the playbook loaded: measured 14.5 on n8n 2.8.4
 * and 15.0 on 2.41.1, which stacks a row's fields the same way (version 2 17.1: docs/lead-score.md).
 */
const SCREENS_V3 = 15.5;
/**
 * The most screens version 4's form (one row per rule, in the wide panel) may take with the playbook
 * loaded: measured 9.2 on n8n 2.8.4 and 9.5 on 2.41.1. Both draw an assignment row and a condition
 * with a value on two lines in the 640 px wide panel (one line above 680 px), so the issue's "about
 * 6 screens" is not reached: docs/lead-score.md.
 */
const SCREENS_V4 = 9.8;

/**
 * The most screens version 4's form may take in the panel a user dragged 300 px wider (939 px
 * instead of 639): measured 7.8 on n8n 2.8.4, assignment rows and conditions on one line.
 */
const SCREENS_V4_WIDENED = 8.3;

/**
 * The most screens version 5's form (one row per rule and per stage, their settings in the row) may
 * take with the playbook loaded in the 640 px wide panel: measured 7.2 on n8n 2.8.4 (6,270 px / 871
 * px, 20 assignment rows); the model alone (Scoring Model to Model Settings, without the operation's
 * input fields above it and its options below) 5,485 px = 6.3 screens. n8n 2.41.1: 7.4 (6,448 px /
 * 867 px), the model 5,637 px = 6.5 screens.
 */
const SCREENS_V5 = 7.5;
const SCREENS_V5_MODEL = 6.6;
/**
 * The most screens version 5's form may take in the panel dragged to 939 px: measured 6.3 on n8n
 * 2.8.4 (5,501 px), the model alone 4,731 px = 5.4 screens.
 */
const SCREENS_V5_WIDENED = 6.6;

const startOnly = (name: string) => ({
	name,
	nodes: [{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }],
	connections: {},
});

describe('n8n editor in Chromium (signed in through the sign-in form)', () => {
	(onPinned ? it : it.skip)(
		'adds the WeCom node, picks a customer group by its name and executes Customer Group → Get',
		async () => {
			await e2e.credential('wecomAppApi');
			const { id } = await e2e.deploy(startOnly('Editor: pick a group'), {}, { activate: false });
			await openWorkflow(page, e2e.n8nUrl, id);
			await addNodeAfterTrigger(page, 'WeCom', 'WeCom', 'Get a customer group');
			await pickFromList(page, '早报', 'B2B 营销早报群');
			const since = (await e2e.sandbox.requests('/cgi-bin/externalcontact/groupchat/get')).length;
			await executeNode(page);
			const output = outputPanel(page);
			await output.getByText('wrSANDBOX000004').first().waitFor();
			const text = await output.innerText();
			expect(text).toContain('B2B 营销早报群');
			expect(text).toContain('zhangsan');
			const requests = (await e2e.sandbox.requests('/cgi-bin/externalcontact/groupchat/get')).slice(since);
			expect(requests.map((r) => (r.body as { chat_id?: string })?.chat_id)).toContain('wrSANDBOX000004');
		},
		900_000,
	);

	(onPinned ? it : it.skip)(
		'adds CRM Push, picks an SDR by name and a HubSpot owner from the list, executes: the contact gets that owner',
		async () => {
			const wecomApp = await e2e.credential('wecomAppApi');
			const hubspot = await e2e.credential('crmPushHubSpotApi');
			const email = `editor.owner.${Date.now()}@example.cn`;
			const lead = {
				email,
				name: '韩梅梅',
				company: '星河软件',
				stage: 'sql',
				salesReady: true,
				source: { channel: 'wecom_group', groupName: 'B2B 营销早报群', sdrUserId: 'zhangsan' },
			};
			const { id } = await e2e.deploy(withInput('Editor: CRM Push owners', 'Lead', lead), {}, { activate: false });
			await openWorkflow(page, e2e.n8nUrl, id);
			await addNodeAfterTrigger(page, 'CRM Push', 'CRM Push', 'Create or update a lead in the CRM');
			// The owner list reads HubSpot with the target's credential, the staff list WeCom with the optional WeCom App one.
			await selectCredential(page, hubspot.name);
			await selectCredential(page, wecomApp.name);
			await addRow(page, 'Add SDR');
			// The marketer knows the SDR as 张三, not as the user ID zhangsan.
			await pickFromList(page, '张三', '张三', 'sdr');
			await pickOption(page, 'crmOwner', 'li.na@example.com');
			await executeNode(page);
			await outputPanel(page).getByText('created').first().waitFor();
			const contacts = (await (await fetch(`${e2e.sandboxUrl}/_sandbox/hubspot/contacts`)).json()) as Array<{
				id: string;
				properties: Record<string, string>;
			}>;
			const contact = contacts.find((c) => c.properties.email === email);
			expect(contact?.properties.hubspot_owner_id).toBe('75002');
			const tasks = (await (await fetch(`${e2e.sandboxUrl}/_sandbox/hubspot/objects/tasks`)).json()) as Array<{
				properties: Record<string, string>;
				contacts?: string[];
			}>;
			expect(tasks.filter((t) => t.contacts?.includes(contact!.id)).map((t) => t.properties.hubspot_owner_id)).toEqual(['75002']);
		},
		900_000,
	);

	(onPinned ? it : it.skip)(
		'shows CRM Push’s optional WeCom App credential on a version 2 node only; both versions open without an issue badge',
		async () => {
			const hubspot = await e2e.credential('crmPushHubSpotApi');
			const workflow = startOnly('Editor: CRM Push credentials by version');
			for (const [typeVersion, x] of [
				[1, 260],
				[2, 520],
			])
				workflow.nodes.push({
					id: `crm${typeVersion}`,
					name: `CRM Push v${typeVersion}`,
					type: 'n8n-nodes-wecom-growth.crmPush',
					typeVersion,
					position: [x, 0],
					parameters: { operation: 'upsertLead', target: 'hubspot' },
					credentials: { crmPushHubSpotApi: { id: '', name: '' } },
				} as (typeof workflow.nodes)[number]);
			const { id } = await e2e.deploy(workflow, { crmPushHubSpotApi: hubspot }, { activate: false });
			await openWorkflow(page, e2e.n8nUrl, id);
			expect(await nodesWithIssues(page)).toEqual([]);
			const labels: Record<string, string[]> = {};
			for (const name of ['CRM Push v1', 'CRM Push v2']) {
				await openNode(page, name);
				labels[name] = await credentialLabels(page);
				await page.keyboard.press('Escape');
				await page.waitForSelector('[data-test-id="ndv"]', { state: 'hidden' });
			}
			// Version 1: the HubSpot credential's field only. Version 2: also the optional WeCom App one.
			expect(labels['CRM Push v1']).toHaveLength(1);
			expect(labels['CRM Push v1'].join('|')).not.toMatch(/WeCom/);
			expect(labels['CRM Push v2']).toHaveLength(2);
			expect(labels['CRM Push v2'][1]).toMatch(/WeCom App/);
		},
		900_000,
	);

	(onPinned ? it : it.skip)(
		'adds Digest, picks a report group by its name in Group List, executes: the report names that group',
		async () => {
			const wecomApp = await e2e.credential('wecomAppApi');
			const entry = { id: 'k1', type: 'knowledge', title: '私域运营：入群欢迎语的三个要点', link: 'https://example.com/k1' };
			const { id } = await e2e.deploy(withInput('Editor: Digest group list', 'Entry', entry), {}, { activate: false });
			await openWorkflow(page, e2e.n8nUrl, id);
			await addNodeAfterTrigger(page, 'Digest', 'Digest', 'Build the morning report');
			await selectCredential(page, wecomApp.name);
			await addRow(page, 'Add Group');
			await pickFromList(page, '早报', 'B2B 营销早报群', 'group');
			await executeNode(page);
			const output = outputPanel(page);
			await output.getByText('wrSANDBOX000004').first().waitFor();
			const text = await output.innerText();
			expect(text).toContain('B2B 营销早报群');
			expect(text).toContain('私域运营：入群欢迎语的三个要点');
		},
		900_000,
	);

	it('opens every template without an issue badge on any node', async () => {
		const dir = join(__dirname, '../../workflows');
		const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
		expect(files.length).toBeGreaterThan(0);
		for (const file of files) {
			const workflow = e2e.loadWorkflow(join(dir, file));
			const { id } = await e2e.deploy(workflow, await templateCredentials(workflow), { activate: false });
			await openWorkflow(page, e2e.n8nUrl, id);
			expect([file, await nodesWithIssues(page)]).toEqual([file, []]);
		}
	}, 1_800_000);

	it("shows Lead Score's playbook model as compact fields (version 3): condition rows, group limits, no hidden model", async () => {
		const { id } = await e2e.deploy(leadScoreWorkflow(3), {}, { activate: false });
		await openWorkflow(page, e2e.n8nUrl, id);
		await openNode(page, 'Lead Score');
		const form = page.locator('[data-test-id="node-parameters"]');
		for (const label of ['Engagement Rules', 'Community Rule', 'Group Limits', 'Fit Rules', 'Stages', 'Hand-Off Gate (BANT)', 'Authority'])
			await form.getByText(label, { exact: true }).first().waitFor();
		// The playbook's rules are there to edit, a fit rule's condition in its row (selects show their choice as the input's value).
		const values = await parameterValues(page);
		expect(values).toEqual(
			expect.arrayContaining(['Rules Below', 'Joined a customer group (入群)', 'community', 'title', 'Contains Any Of']),
		);
		expect(values).not.toContain('Playbook Defaults');
		// Rule IDs stay out of sight.
		expect(values).not.toContain('joined_group');
		const size = await parameterScreens(page);
		console.log(
			`Lead Score version 3 form at 1600×1000 (n8n ${process.env.N8N_VERSION || '2.8.4'}): ${size.scrollHeight} px / ${size.clientHeight} px = ${size.screens} screens`,
		);
		expect(size.clientHeight).toBeGreaterThan(0);
		expect(size.screens).toBeLessThanOrEqual(SCREENS_V3);
	}, 600_000);

	it("shows Lead Score's playbook model in one line per rule (version 4): assignment rows, filter conditions, no rule IDs", async () => {
		const { id } = await e2e.deploy(leadScoreWorkflow(4), {}, { activate: false });
		await openWorkflow(page, e2e.n8nUrl, id);
		await openNode(page, 'Lead Score');
		const form = page.locator('[data-test-id="node-parameters"]');
		for (const label of [
			'Community Points',
			'Intent Points',
			'Rule Limits',
			'Community Group Limit',
			'Fit Rules',
			'Stages',
			'Gate: Authority Met When',
		])
			await form.getByText(label, { exact: true }).first().waitFor();
		// One row per rule, the rule's name and event types in it; a fit rule's condition names the lead attribute.
		await form.locator('[data-test-id="assignment"]').first().waitFor();
		const rows = await form.locator('[data-test-id="assignment"]').count();
		const values = await parameterValues(page);
		expect(values).toEqual(
			expect.arrayContaining(['Rules Below', 'Joined a customer group (入群): group_joined, groupMemberJoined', '10 per 7 days', 'title']),
		);
		expect(values).not.toContain('joined_group');
		const size = await parameterScreens(page);
		const model = await fieldSpan(page, 'Scoring Model', 'Model Settings');
		console.log(
			`Lead Score version 4 form at 1600×1000 (n8n ${process.env.N8N_VERSION || '2.8.4'}): ${rows} assignment rows, ${size.scrollHeight} px / ${size.clientHeight} px = ${size.screens} screens; ` +
				`the model (Scoring Model to Model Settings) ${model.px} px = ${model.screens} screens`,
		);
		// 12 rules, their 11 limits, 1 repeat, 1 criterion, 5 stages, 2 min fit scores, 3 outcome stages.
		expect(rows).toBe(35);
		expect(size.clientHeight).toBeGreaterThan(0);
		expect(size.screens).toBeLessThanOrEqual(SCREENS_V4);
	}, 600_000);

	it("shows Lead Score's playbook model in one row per rule and per stage (version 5): settings in the rows, no lists repeating names", async () => {
		const { id } = await e2e.deploy(leadScoreWorkflow(5), {}, { activate: false });
		await openWorkflow(page, e2e.n8nUrl, id);
		await openNode(page, 'Lead Score');
		const form = page.locator('[data-test-id="node-parameters"]');
		for (const label of ['Community Points', 'Intent Points', 'Community Group Limit', 'Fit Rules', 'Stages', 'Gate: Authority Met When'])
			await form.getByText(label, { exact: true }).first().waitFor();
		await form.locator('[data-test-id="assignment"]').first().waitFor();
		for (const gone of [
			'Rule Limits',
			'Repeats Needed',
			'Meets BANT Criterion',
			'Stages: Min Fit Score',
			'Stages Needing the Hand-Off Gate',
		])
			expect([gone, await form.getByText(gone, { exact: true }).count()]).toEqual([gone, 0]);
		const rows = await form.locator('[data-test-id="assignment"]').count();
		const values = await parameterValues(page);
		expect(values).toEqual(
			expect.arrayContaining([
				'Rules Below',
				'Joined a customer group (入群): group_joined, groupMemberJoined',
				'0, once',
				'15, needs 3 in 7 days, max 15 per 30 days',
				'30, once, meets need',
				'25, fit 20, BANT gate',
				'title',
			]),
		);
		expect(values).not.toContain('joined_group');
		const size = await parameterScreens(page);
		const model = await fieldSpan(page, 'Scoring Model', 'Model Settings');
		console.log(
			`Lead Score version 5 form at 1600×1000 (n8n ${process.env.N8N_VERSION || '2.8.4'}): ${rows} assignment rows, ${size.scrollHeight} px / ${size.clientHeight} px = ${size.screens} screens; ` +
				`the model (Scoring Model to Model Settings) ${model.px} px = ${model.screens} screens`,
		);
		// 12 rules, 5 stages, 3 outcome stages.
		expect(rows).toBe(20);
		expect(size.clientHeight).toBeGreaterThan(0);
		expect(model.px).toBeGreaterThan(0);
		expect(size.screens).toBeLessThanOrEqual(SCREENS_V5);
		expect(model.screens).toBeLessThanOrEqual(SCREENS_V5_MODEL);
	}, 600_000);

	// Dragging the panel's edges follows the pinned version's markup (its resize handles).
	(onPinned
		? it.each([[4, SCREENS_V4_WIDENED] as const, [5, SCREENS_V5_WIDENED] as const])
		: it.skip.each([
				[4, 0],
				[5, 0],
			]))(
		"shows Lead Score's version %i form shorter in a panel the user drags wider: rows on one line",
		async (version: number, bound: number) => {
			const { id } = await e2e.deploy(leadScoreWorkflow(version), {}, { activate: false });
			await openWorkflow(page, e2e.n8nUrl, id);
			await openNode(page, 'Lead Score');
			const form = page.locator('[data-test-id="node-parameters"]');
			await form.locator('[data-test-id="assignment"]').first().waitFor();
			try {
				const narrow = {
					size: await parameterScreens(page),
					rows: await heights(page, '[data-test-id="assignment"]'),
					conditions: await heights(page, '[data-test-id="filter-condition"]'),
				};
				const widths = await widenParameterPanel(page, 300);
				const wide = {
					size: await parameterScreens(page),
					rows: await heights(page, '[data-test-id="assignment"]'),
					conditions: await heights(page, '[data-test-id="filter-condition"]'),
					model: await fieldSpan(page, 'Scoring Model', 'Model Settings'),
				};
				const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
				console.log(
					`Lead Score version ${version} form at 1600×1000 (n8n ${process.env.N8N_VERSION || '2.8.4'}): panel ${Math.round(widths.before)} px → ${Math.round(widths.after)} px wide, ` +
						`${narrow.size.scrollHeight} px → ${wide.size.scrollHeight} px = ${narrow.size.screens} → ${wide.size.screens} screens, ` +
						`assignment row ${median(narrow.rows)} px → ${median(wide.rows)} px, tallest condition ${Math.max(...narrow.conditions)} px → ${Math.max(...wide.conditions)} px; ` +
						`the model ${wide.model.px} px = ${wide.model.screens} screens`,
				);
				expect(widths.after).toBeGreaterThan(680);
				expect(median(wide.rows)).toBeLessThan(median(narrow.rows));
				// A condition with a value (field | operator | value) is the tallest one.
				expect(Math.max(...wide.conditions)).toBeLessThan(Math.max(...narrow.conditions));
				expect(wide.size.screens).toBeLessThanOrEqual(bound);
			} finally {
				await resetPanelWidths(page);
			}
		},
		600_000,
	);
});

/** Start → a Set node (named `name`) that outputs `json`: the input of the node added after it. */
function withInput(title: string, name: string, json: Record<string, unknown>) {
	const workflow = startOnly(title) as ReturnType<typeof startOnly> & { connections: Record<string, unknown> };
	workflow.nodes.push({
		id: 'i',
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [260, 0],
		parameters: { mode: 'raw', jsonOutput: JSON.stringify(json) },
	} as (typeof workflow.nodes)[number]);
	workflow.connections = { Start: { main: [[{ node: name, type: 'main', index: 0 }]] } };
	return workflow;
}

function leadScoreWorkflow(typeVersion: number) {
	const workflow = startOnly(`Editor: Lead Score form v${typeVersion}`);
	workflow.nodes.push({
		id: 'l',
		name: 'Lead Score',
		type: 'n8n-nodes-wecom-growth.leadScore',
		typeVersion,
		position: [260, 0],
		parameters: {},
	});
	return workflow;
}

async function templateCredentials(workflow: { nodes: Array<{ credentials?: Record<string, unknown> }> }) {
	const types = new Set(workflow.nodes.flatMap((n) => Object.keys(n.credentials ?? {})));
	const out: Record<string, { id: string; name: string }> = {};
	for (const type of types) out[type] = await e2e.credential(type);
	return out;
}
