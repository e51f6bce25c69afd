/**
 * Refreshes the canvas pictures in workflows/img/ from the real editor: starts the sandbox and n8n
 * with the pack, imports each template with sandbox credentials, opens it in headless Chromium and
 * saves the canvas at 1600×1000. `npm run screenshots` (needs /usr/bin/chromium).
 */
import { readdirSync, readFileSync } from 'fs';
import { basename, join } from 'path';
import { sandboxCredentials } from '../sandbox/credentials';
import { startSandbox } from '../sandbox/server';
import { openEditor, openWorkflow } from './editorDriver';
import { packageRoot, startN8n } from './n8n-runner';

async function main(): Promise<void> {
	const sandbox = await startSandbox();
	const n8n = await startN8n({ env: { WECOM_GROWTH_SANDBOX_URL: sandbox.url, N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false' } });
	const { browser, page } = await openEditor(n8n.url, n8n.api.session);
	try {
		const data = sandboxCredentials(sandbox.url, { smtpPort: sandbox.smtpPort });
		const creds = new Map<string, { id: string; name: string }>();
		const dir = join(packageRoot(), 'workflows');
		for (const file of readdirSync(dir)
			.filter((f) => f.endsWith('.json'))
			.sort()) {
			const workflow = JSON.parse(readFileSync(join(dir, file), 'utf8'));
			for (const node of workflow.nodes) {
				for (const type of Object.keys(node.credentials ?? {})) {
					if (!creds.has(type)) creds.set(type, await n8n.api.createCredential(`${type} (sandbox)`, type, data[type] ?? {}));
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
	} finally {
		await browser.close();
		await n8n.stop();
		await sandbox.close();
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
