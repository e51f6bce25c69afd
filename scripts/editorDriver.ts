/**
 * Drives the n8n editor in headless Debian Chromium (playwright-core, /usr/bin/chromium): used by
 * test/e2e/editor.e2e.test.ts and by scripts/editor-screenshots.ts (the pictures in workflows/img and docs/img).
 */
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The editor is slow to render on a busy machine: every wait is generous. */
export const EDITOR_TIMEOUT_MS = 300_000;

export async function openEditor(n8nUrl: string, session: string): Promise<{ browser: Browser; page: Page }> {
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless=new'] });
	const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
	const name = session.split('=')[0];
	await context.addCookies([{ name, value: session.slice(name.length + 1), domain: new URL(n8nUrl).hostname, path: '/' }]);
	const page = await context.newPage();
	page.setDefaultTimeout(EDITOR_TIMEOUT_MS);
	return { browser, page };
}

export async function openWorkflow(page: Page, n8nUrl: string, id: string): Promise<void> {
	await page.goto(`${n8nUrl}/workflow/${id}`);
	await page.waitForSelector('[data-test-id="canvas-node"]');
	// The canvas lays nodes out after the first paint.
	await page.waitForTimeout(3000);
}

export async function openNode(page: Page, nodeName: string): Promise<void> {
	await page.locator('[data-test-id="canvas-node"]').filter({ hasText: nodeName }).first().dblclick({ force: true });
	await page.waitForSelector('[data-test-id="ndv"]');
	await page.waitForTimeout(2000);
}

/** Opens a resource locator's "From List", searches and clicks the result whose name contains `text`. */
export async function pickFromList(page: Page, search: string, text: string): Promise<void> {
	await page.locator('[data-test-id="rlc-input"]').first().click({ force: true });
	await page.keyboard.type(search);
	const item = page.locator('[data-test-id="rlc-item"]').filter({ hasText: text }).first();
	await item.waitFor();
	await item.click({ force: true });
}

export async function executeNode(page: Page): Promise<void> {
	await page.locator('[data-test-id="node-execute-button"]').first().click({ force: true });
}

/** Names of canvas nodes that show an issue badge (missing credential, invalid parameter…). */
export async function nodesWithIssues(page: Page): Promise<string[]> {
	return page.$$eval('[data-test-id="canvas-node"]', (nodes) =>
		nodes
			.filter((n) => n.querySelector('[data-test-id="node-issues"], [data-test-id="canvas-node-status-issues"]'))
			.map((n) => n.getAttribute('data-node-name') ?? n.textContent ?? ''),
	);
}
