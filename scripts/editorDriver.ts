/**
 * Drives the n8n editor in headless Debian Chromium (playwright-core, /usr/bin/chromium): used by
 * test/e2e/editor.e2e.test.ts and by scripts/editor-screenshots.ts (the pictures in workflows/img and docs/img).
 * Selectors follow n8n 2.8.4, the pinned version; sign-in, the canvas and the issue badges also 2.41.1.
 */
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * One wait in the editor. Generous (a busy 2-core machine renders the editor slowly), yet far below
 * the test's timeout: a selector that never matches fails this step with its name instead of
 * leaving the test waiting until jest gives up.
 */
export const EDITOR_TIMEOUT_MS = 120_000;

/**
 * Headless Chromium at 1600×1000 CSS pixels; `scale` (device pixels per CSS pixel, default 1) makes
 * sharper pictures: a large template fitted to the window draws its node names about 6 px high.
 */
export async function openEditor(n8nUrl: string, session?: string, scale = 1): Promise<{ browser: Browser; page: Page }> {
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless=new'] });
	const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: scale });
	if (session) {
		const name = session.split('=')[0];
		await context.addCookies([{ name, value: session.slice(name.length + 1), domain: new URL(n8nUrl).hostname, path: '/' }]);
	}
	const page = await context.newPage();
	page.setDefaultTimeout(EDITOR_TIMEOUT_MS);
	return { browser, page };
}

/** Signs in through n8n's sign-in form, as a user does. */
export async function signIn(page: Page, n8nUrl: string, user: { email: string; password: string }): Promise<void> {
	await page.goto(`${n8nUrl}/signin`);
	await page.locator('input[name="emailOrLdapLoginId"]').fill(user.email);
	await page.locator('input[type="password"]').fill(user.password);
	await page.keyboard.press('Enter');
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
}

export async function openWorkflow(page: Page, n8nUrl: string, id: string): Promise<void> {
	await page.goto(`${n8nUrl}/workflow/${id}`);
	await page.waitForSelector('[data-test-id="canvas-node"]');
	// The canvas lays nodes out after the first paint.
	await page.waitForTimeout(3000);
}

export async function openNode(page: Page, nodeName: string): Promise<void> {
	await page.locator('[data-test-id="canvas-node"]').filter({ hasText: nodeName }).first().dblclick({ force: true });
	// A long form (Lead Score's playbook) keeps the page busy while it renders: on a loaded machine
	// that took over the default 2 minutes.
	await page.waitForSelector('[data-test-id="ndv"]', { timeout: 300_000 });
	await page.waitForTimeout(2000);
}

/**
 * Adds a node after the first node on the canvas through the nodes panel: search, pick the node,
 * pick the action. The node's panel opens with the only credential of its type selected.
 */
export async function addNodeAfterTrigger(page: Page, search: string, nodeName: string, action: string): Promise<void> {
	await page.locator('[data-test-id="canvas-handle-plus"]').first().click();
	const box = page.locator('[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]').first();
	await box.fill(search);
	await page.locator('[data-test-id="node-creator-item-name"]').getByText(nodeName, { exact: true }).first().click();
	await page.locator('[data-test-id="node-creator"]').getByText(action, { exact: true }).first().click();
	await page.waitForSelector('[data-test-id="ndv"]');
	await page.waitForTimeout(2000);
}

/** The open node's field named `name` (a parameter's name, also inside a fixed-collection row). */
export function parameterField(page: Page, name: string) {
	return page.locator(`[data-test-id="node-parameters"] [data-test-id="parameter-input-${name}"]`);
}

/**
 * Opens a resource locator's "From List" (the first in the form, or the last field named `field`:
 * the row just added), searches and clicks the result whose name contains `text`.
 */
export async function pickFromList(page: Page, search: string, text: string, field?: string): Promise<void> {
	const scope = field ? parameterField(page, field).last() : page;
	await scope.locator('[data-test-id="rlc-input"]').first().click({ force: true });
	await page.keyboard.type(search);
	const item = page.locator('[data-test-id="rlc-item"]').filter({ hasText: text }).first();
	await item.waitFor();
	await item.click({ force: true });
}

/** Adds a row to a fixed collection with its add button (its placeholder, e.g. "Add SDR"). */
export async function addRow(page: Page, label: string): Promise<void> {
	await page.locator('[data-test-id="node-parameters"]').getByRole('button', { name: label, exact: true }).first().click();
}

/**
 * Selects the credential named `name` in the open node's first empty credential field, unless a
 * field shows it already (n8n fills in a node's only credential, not always an optional second one
 * such as CRM Push's WeCom App).
 */
export async function selectCredential(page: Page, name: string): Promise<void> {
	const fields = page.locator('[data-test-id="node-credentials-select"]');
	await fields.first().waitFor();
	const count = await fields.count();
	for (let i = 0; i < count; i++) if ((await fields.nth(i).locator('input').first().inputValue()) === name) return;
	for (let i = 0; i < count; i++) {
		const input = fields.nth(i).locator('input').first();
		if (await input.inputValue()) continue;
		await input.click({ force: true });
		const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: name }).first();
		await option.waitFor();
		await option.click();
		// Chosen: the field's input shows the credential's name.
		await page.waitForFunction(
			`!!document.querySelectorAll('[data-test-id="node-credentials-select"]')[${i}]?.querySelector('input')?.value`,
		);
		return;
	}
	throw new Error(`no empty credential field to select ${name} in`);
}

/**
 * The labels of the credential fields the open node shows, in order (n8n labels an optional one,
 * or each of several, with its credential type's name).
 */
export async function credentialLabels(page: Page): Promise<string[]> {
	return page.$$eval('[data-test-id="ndv"] .node-credentials label.n8n-input-label', (labels) =>
		labels.map((l) => (l as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim()),
	);
}

/**
 * Opens the dropdown of the last field named `field` and clicks the option whose text contains
 * `text`; waits for options loaded from an API (loadOptions) to arrive.
 */
export async function pickOption(page: Page, field: string, text: string): Promise<void> {
	await parameterField(page, field).last().locator('input').first().click({ force: true });
	const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: text }).first();
	await option.waitFor();
	await option.click();
}

export async function executeNode(page: Page): Promise<void> {
	await page.locator('[data-test-id="node-execute-button"]').first().click({ force: true });
}

/** The open node's output panel (n8n 2.8's node view names it output-panel, older ones ndv-output-panel). */
export function outputPanel(page: Page) {
	return page.locator('[data-test-id="output-panel"], [data-test-id="ndv-output-panel"]').first();
}

/**
 * Names of canvas nodes that show an issue badge (missing credential, invalid parameter…); n8n 2.41
 * also marks a node whose setup is not done ("node-setup-required").
 */
export async function nodesWithIssues(page: Page): Promise<string[]> {
	return page.$$eval('[data-test-id="canvas-node"]', (nodes) =>
		nodes
			.filter((n) =>
				n.querySelector('[data-test-id="node-issues"], [data-test-id="canvas-node-status-issues"], [data-test-id="node-setup-required"]'),
			)
			.map((n) => n.getAttribute('data-node-name') ?? n.textContent ?? ''),
	);
}

/**
 * What every field of the open node's form shows: a text or number input's value, a dropdown's
 * chosen option. n8n 2.8.4 renders a dropdown's choice as its input's value, 2.41 as text beside an
 * empty search input, so an empty input falls back to the field's text.
 */
export async function parameterValues(page: Page): Promise<string[]> {
	return page.$$eval('[data-test-id="node-parameters"] [data-test-id="parameter-input"]', (fields) =>
		fields.map((f) => {
			const input = f.querySelector('input, textarea') as unknown as { value?: string } | null;
			return input?.value || (f as unknown as { innerText: string }).innerText.trim();
		}),
	);
}

/**
 * How tall the open node's parameter form is: its scroll height over the visible height of the
 * parameter panel (at 1600×1000), i.e. how many screens a user scrolls through.
 */
export async function parameterScreens(page: Page): Promise<{ scrollHeight: number; clientHeight: number; screens: number }> {
	// Runs in the page (a string: this project compiles without the DOM's types).
	return page.evaluate(`(() => {
		let el = document.querySelector('[data-test-id="node-parameters"]');
		while (el && !(el.scrollHeight > el.clientHeight + 5 && ['auto', 'scroll'].includes(getComputedStyle(el).overflowY))) el = el.parentElement;
		if (!el) return { scrollHeight: 0, clientHeight: 0, screens: 1 };
		return { scrollHeight: el.scrollHeight, clientHeight: el.clientHeight, screens: Math.round((el.scrollHeight / el.clientHeight) * 10) / 10 };
	})()`);
}

/**
 * How much of the open node's form a run of fields takes: from the top of the field labelled
 * `first` to the bottom of the field labelled `last` (the part of the form between them that holds
 * neither's label ends where the next field starts), in px and in screens of the parameter panel.
 */
export async function fieldSpan(page: Page, first: string, last: string): Promise<{ px: number; screens: number }> {
	return page.evaluate(`(() => {
		const form = document.querySelector('[data-test-id="node-parameters"]');
		if (!form) throw new Error('no parameter form');
		const label = (text) => [...form.querySelectorAll('*')].find((e) => e.children.length === 0 && e.textContent.trim() === text);
		const from = label(${JSON.stringify(first)});
		const to = label(${JSON.stringify(last)});
		if (!from || !to) throw new Error('no field labelled ' + (from ? ${JSON.stringify(last)} : ${JSON.stringify(first)}));
		// The field is the largest ancestor of its label that holds no other field's label.
		const field = (el, other) => {
			while (el.parentElement && el.parentElement !== form && !el.parentElement.contains(other)) el = el.parentElement;
			return el;
		};
		const top = field(from, to).getBoundingClientRect().top;
		const bottom = field(to, from).getBoundingClientRect().bottom;
		let panel = form;
		while (panel && !(panel.scrollHeight > panel.clientHeight + 5 && ['auto', 'scroll'].includes(getComputedStyle(panel).overflowY))) panel = panel.parentElement;
		const visible = panel ? panel.clientHeight : 1;
		return { px: Math.round(bottom - top), screens: Math.round(((bottom - top) / visible) * 10) / 10 };
	})()`);
}

/**
 * Widens the open node's parameter panel as a user does: drags its left and right edges outwards
 * by `px` / 2 each (n8n keeps the width per panel type in the browser's local storage). Returns the
 * parameter panel's width before and after.
 */
export async function widenParameterPanel(page: Page, px: number): Promise<{ before: number; after: number }> {
	const panelWidth = async () => (await page.locator('[data-test-id="node-parameters"]').first().boundingBox())?.width ?? 0;
	const before = await panelWidth();
	for (const [dir, dx] of [
		['left', -px / 2],
		['right', px / 2],
	] as const) {
		const form = await page.locator('[data-test-id="node-parameters"]').first().boundingBox();
		if (!form) throw new Error('no parameter panel');
		const edge = dir === 'left' ? form.x : form.x + form.width;
		// The main panel's edge handle is the one nearest to the form's edge.
		const handles = page.locator(`[data-test-id="ndv"] [data-test-id="resize-handle"][data-dir="${dir}"]`);
		let best: { x: number; y: number; d: number } | undefined;
		for (let i = 0; i < (await handles.count()); i++) {
			const b = await handles.nth(i).boundingBox();
			if (!b || b.height < 100) continue;
			const x = b.x + b.width / 2;
			const d = Math.abs(x - edge);
			if (!best || d < best.d) best = { x, y: b.y + b.height / 2, d };
		}
		if (!best) throw new Error(`no ${dir} edge to drag on the node panel`);
		await page.mouse.move(best.x, best.y);
		await page.mouse.down();
		await page.mouse.move(best.x + dx, best.y, { steps: 10 });
		await page.mouse.up();
	}
	await page.waitForTimeout(1000);
	return { before, after: await panelWidth() };
}

/** Back to n8n's default panel widths (the next node panel opens at its type's default). */
export async function resetPanelWidths(page: Page): Promise<void> {
	await page.evaluate(
		`Object.keys(localStorage).filter((k) => k.startsWith('N8N_NDV_PANEL_WIDTH')).forEach((k) => localStorage.removeItem(k))`,
	);
}

/** Heights in px of the open form's elements matching `selector` (assignment rows, filter conditions). */
export async function heights(page: Page, selector: string): Promise<number[]> {
	return page.$$eval(`[data-test-id="node-parameters"] ${selector}`, (els) =>
		els.map((e) => Math.round((e as unknown as { getBoundingClientRect(): { height: number } }).getBoundingClientRect().height)),
	);
}
