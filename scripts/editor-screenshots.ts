/**
 * Refreshes the editor pictures from the real editor: the canvas of every template
 * (workflows/img/<template>.png), Lead Score's form (docs/img/lead-score-*.png, version 5 in its
 * default panel and dragged wider), CRM Push's SDR to CRM Owner rows (docs/img/crm-push-owners.png)
 * and Digest's Group List (docs/img/digest-group-list.png), picked as a user does. Starts the
 * sandbox and n8n with the pack, imports each template with sandbox credentials, opens it in
 * headless Chromium at 1600×1000 and saves the picture (the canvases at twice the pixels, so that
 * the node names of a large template stay readable); stops everything and removes n8n's
 * temporary folder afterwards, also on failure. `npm run screenshots` (needs /usr/bin/chromium);
 * TEMPLATES=03,05 refreshes only the templates whose file names start with those numbers (TEMPLATES=none:
 * only the node forms); FORMS=none leaves the node forms' pictures as they are.
 */
import { readdirSync, readFileSync, rmSync } from 'fs';
import { basename, join } from 'path';
import type { Browser, Page } from 'playwright-core';
import { sandboxCredentials } from '../sandbox/credentials';
import { startSandbox } from '../sandbox/server';
import type { RunningSandbox } from '../sandbox/server';
import {
	addRow,
	nodesWithIssues,
	openEditor,
	openNode,
	openWorkflow,
	pickFromList,
	pickOption,
	resetPanelWidths,
	selectCredential,
	widenParameterPanel,
} from './editorDriver';
import { packageRoot, sandboxCredentialName, startN8n } from './n8n-runner';
import type { RunningN8n } from './n8n-runner';

async function templates(n8n: RunningN8n, sandbox: RunningSandbox, browser: { page: Page }): Promise<void> {
	const { page } = browser;
	const data = sandboxCredentials(sandbox.url, { smtpPort: sandbox.smtpPort });
	const creds = new Map<string, { id: string; name: string }>();
	const dir = join(packageRoot(), 'workflows');
	const only = (process.env.TEMPLATES ?? '').split(',').filter(Boolean);
	for (const file of readdirSync(dir)
		.filter((f) => f.endsWith('.json') && (!only.length || only.some((n) => f.startsWith(n))))
		.sort()) {
		const workflow = JSON.parse(readFileSync(join(dir, file), 'utf8'));
		for (const node of workflow.nodes) {
			for (const type of Object.keys(node.credentials ?? {})) {
				if (!creds.has(type)) creds.set(type, await n8n.api.createCredential(sandboxCredentialName(type), type, data[type] ?? {}));
				node.credentials[type] = creds.get(type);
			}
		}
		const { id } = await n8n.api.createWorkflow({
			name: workflow.name,
			nodes: workflow.nodes,
			connections: workflow.connections,
			settings: workflow.settings ?? {},
		});
		await openWorkflow(page, n8n.url, id);
		// A picture with an issue badge (missing credential, invalid parameter) would show a broken template.
		const issues = await nodesWithIssues(page);
		if (issues.length) throw new Error(`${file}: issue badges on ${issues.join(', ')}; no picture saved`);
		await page.keyboard.press('Shift+1'); // zoom to fit
		await page.waitForTimeout(1500);
		const out = join(dir, 'img', `${basename(file, '.json')}.png`);
		await page.screenshot({ path: out });
		console.log(`saved ${out}`);
	}
}

const start = { id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
const img = () => join(packageRoot(), 'docs', 'img');

/** A workflow Start → `node`, opened on `node`'s panel. */
async function openForm(n8n: RunningN8n, page: Page, node: Record<string, unknown> & { name: string }): Promise<void> {
	const { id } = await n8n.api.createWorkflow({
		name: `${node.name} form`,
		nodes: [start, { id: 'n', position: [260, 0], parameters: {}, ...node }],
		connections: { Start: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
	});
	await openWorkflow(page, n8n.url, id);
	await openNode(page, node.name);
}

/** Lead Score's form (version 5, the default): its top, the fit rules' conditions, then the panel dragged wider. */
async function leadScoreForm(n8n: RunningN8n, browser: { page: Page }): Promise<void> {
	const { page } = browser;
	await openForm(n8n, page, { name: 'Lead Score', type: 'n8n-nodes-wecom-growth.leadScore', typeVersion: 5 });
	const form = page.locator('[data-test-id="node-parameters"]');
	await form.locator('[data-test-id="assignment"]').first().waitFor();
	await page.screenshot({ path: join(img(), 'lead-score-form.png') });
	const fitRules = form.getByText('Fit Rules', { exact: true }).first();
	await fitRules.scrollIntoViewIfNeeded();
	await page.waitForTimeout(1000);
	await page.screenshot({ path: join(img(), 'lead-score-conditions.png') });
	try {
		await widenParameterPanel(page, 300);
		await fitRules.scrollIntoViewIfNeeded();
		await page.waitForTimeout(1000);
		await page.screenshot({ path: join(img(), 'lead-score-wide.png') });
	} finally {
		await resetPanelWidths(page);
	}
	console.log(`saved ${img()}/lead-score-form.png, lead-score-conditions.png, lead-score-wide.png`);
}

/** CRM Push (version 2): an SDR picked by name, a HubSpot owner from the list, the owner list open for a second row. */
async function crmPushOwners(n8n: RunningN8n, creds: Credentials, browser: { page: Page }): Promise<void> {
	const { page } = browser;
	const hubspot = await creds('crmPushHubSpotApi');
	const wecomApp = await creds('wecomAppApi');
	await openForm(n8n, page, {
		name: 'CRM Push',
		type: 'n8n-nodes-wecom-growth.crmPush',
		typeVersion: 2,
		parameters: { target: 'hubspot', operation: 'upsertLead' },
		credentials: { crmPushHubSpotApi: hubspot, wecomAppApi: wecomApp },
	});
	await selectCredential(page, wecomApp.name);
	await addRow(page, 'Add SDR');
	await pickFromList(page, '张三', '张三', 'sdr');
	await pickOption(page, 'crmOwner', 'li.na@example.com');
	await addRow(page, 'Add SDR');
	await pickFromList(page, '李四', '李四', 'sdr');
	// The second row's owner list open: HubSpot's owners by name and email.
	await page.locator('[data-test-id="node-parameters"] [data-test-id="parameter-input-crmOwner"]').last().locator('input').first().click();
	await page.locator('.el-select-dropdown__item:visible').filter({ hasText: 'zhang.wei@example.com' }).first().waitFor();
	await page.waitForTimeout(500);
	await page.screenshot({ path: join(img(), 'crm-push-owners.png') });
	await page.keyboard.press('Escape');
	console.log(`saved ${join(img(), 'crm-push-owners.png')}`);
}

/** Digest (version 2): Group List with two groups picked by name; a picked group's WeCom name is the report's {group}. */
async function digestGroupList(n8n: RunningN8n, creds: Credentials, browser: { page: Page }): Promise<void> {
	const { page } = browser;
	const wecomApp = await creds('wecomAppApi');
	await openForm(n8n, page, {
		name: 'Digest',
		type: 'n8n-nodes-wecom-growth.digest',
		typeVersion: 2,
		credentials: { wecomAppApi: wecomApp },
	});
	await addRow(page, 'Add Group');
	await pickFromList(page, '早报', 'B2B 营销早报群', 'group');
	await addRow(page, 'Add Group');
	await pickFromList(page, '私域', '私域运营研习社', 'group');
	await page.locator('[data-test-id="node-parameters"]').getByText('Time Zone', { exact: true }).first().scrollIntoViewIfNeeded();
	await page.waitForTimeout(1000);
	await page.screenshot({ path: join(img(), 'digest-group-list.png') });
	console.log(`saved ${join(img(), 'digest-group-list.png')}`);
}

type Credentials = (type: string) => Promise<{ id: string; name: string }>;

/** Device pixels per CSS pixel of the canvas pictures (3200×2000 files). */
const CANVAS_SCALE = 2;

async function main(): Promise<void> {
	let sandbox: RunningSandbox | undefined;
	let n8n: RunningN8n | undefined;
	let browser: Browser | undefined;
	try {
		sandbox = await startSandbox();
		n8n = await startN8n({ env: { WECOM_GROWTH_SANDBOX_URL: sandbox.url, N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false' } });
		const canvas = await openEditor(n8n.url, n8n.api.session, CANVAS_SCALE);
		browser = canvas.browser;
		await templates(n8n, sandbox, canvas);
		await canvas.browser.close();
		if (process.env.FORMS === 'none') return;
		const editor = await openEditor(n8n.url, n8n.api.session);
		browser = editor.browser;
		await leadScoreForm(n8n, editor);
		const data = sandboxCredentials(sandbox.url, { smtpPort: sandbox.smtpPort });
		const made = new Map<string, Promise<{ id: string; name: string }>>();
		const creds: Credentials = (type) => {
			if (!made.has(type)) made.set(type, n8n!.api.createCredential(sandboxCredentialName(type), type, data[type] ?? {}));
			return made.get(type)!;
		};
		await crmPushOwners(n8n, creds, editor);
		await digestGroupList(n8n, creds, editor);
	} finally {
		await browser?.close().catch(() => undefined);
		await n8n?.stop();
		await sandbox?.close();
		if (n8n) rmSync(n8n.userFolder, { recursive: true, force: true });
	}
}

// Exit explicitly: kept-alive HTTP connections to the stopped n8n must not hold the process open.
main().then(
	() => process.exit(0),
	(e) => {
		console.error(e);
		process.exit(1);
	},
);
