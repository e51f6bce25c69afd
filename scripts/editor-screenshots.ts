/**
 * Refreshes the editor pictures from the real editor: the canvas of every template
 * (workflows/img/<template>.png) and Lead Score's form (docs/img/lead-score-*.png). Starts the
 * sandbox and n8n with the pack, imports each template with sandbox credentials, opens it in
 * headless Chromium at 1600×1000 and saves the picture; stops everything and removes n8n's
 * temporary folder afterwards, also on failure. `npm run screenshots` (needs /usr/bin/chromium);
 * TEMPLATES=03,05 refreshes only the templates whose file names start with those numbers.
 */
import { readdirSync, readFileSync, rmSync } from 'fs';
import { basename, join } from 'path';
import type { Browser, Page } from 'playwright-core';
import { sandboxCredentials } from '../sandbox/credentials';
import { startSandbox } from '../sandbox/server';
import type { RunningSandbox } from '../sandbox/server';
import { openEditor, openNode, openWorkflow } from './editorDriver';
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
		await page.keyboard.press('Shift+1'); // zoom to fit
		await page.waitForTimeout(1500);
		const out = join(dir, 'img', `${basename(file, '.json')}.png`);
		await page.screenshot({ path: out });
		console.log(`saved ${out}`);
	}
}

/** Lead Score's form (version 3, the default): its top, then the fit rules with their condition in the row. */
async function leadScoreForm(n8n: RunningN8n, browser: { page: Page }): Promise<void> {
	const { page } = browser;
	const { id } = await n8n.api.createWorkflow({
		name: 'Lead Score form',
		nodes: [
			{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'l', name: 'Lead Score', type: 'n8n-nodes-wecom-growth.leadScore', typeVersion: 3, position: [260, 0], parameters: {} },
		],
		connections: { Start: { main: [[{ node: 'Lead Score', type: 'main', index: 0 }]] } },
	});
	await openWorkflow(page, n8n.url, id);
	await openNode(page, 'Lead Score');
	const img = join(packageRoot(), 'docs', 'img');
	await page.screenshot({ path: join(img, 'lead-score-form.png') });
	await page.locator('[data-test-id="node-parameters"]').getByText('Fit Rules', { exact: true }).first().scrollIntoViewIfNeeded();
	await page.waitForTimeout(1000);
	await page.screenshot({ path: join(img, 'lead-score-conditions.png') });
	console.log(`saved ${join(img, 'lead-score-form.png')}, ${join(img, 'lead-score-conditions.png')}`);
}

async function main(): Promise<void> {
	let sandbox: RunningSandbox | undefined;
	let n8n: RunningN8n | undefined;
	let browser: Browser | undefined;
	try {
		sandbox = await startSandbox();
		n8n = await startN8n({ env: { WECOM_GROWTH_SANDBOX_URL: sandbox.url, N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false' } });
		const editor = await openEditor(n8n.url, n8n.api.session);
		browser = editor.browser;
		await templates(n8n, sandbox, editor);
		await leadScoreForm(n8n, editor);
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
