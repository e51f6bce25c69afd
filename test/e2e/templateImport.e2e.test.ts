/**
 * The template workflows import as users import them, on every tested n8n version: with n8n's CLI
 * (`import:workflow --separate`; a single file without an `id` fails on n8n 2.35+) and the way the
 * editor's *Import from File* does (it reads the file, matches tags by name, then saves through the
 * REST API).
 */
import { spawnSync } from 'child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ensureN8nRuntime } from '../../scripts/n8n-runner';
import { harness, PACKAGE } from './harness';
import { readState } from './state';
import { WORKFLOWS_DIR } from './templates/support';

const e2e = harness();
const files = readdirSync(WORKFLOWS_DIR)
	.filter((f) => /^\d\d-.*\.json$/.test(f))
	.sort();
const templates = files.map((f) => ({ file: f, workflow: e2e.loadWorkflow(join(WORKFLOWS_DIR, f)) }));

async function savedWorkflows(): Promise<Array<{ id: string; name: string }>> {
	const r = await e2e.n8n.request<Array<{ id: string; name: string }> | { data: Array<{ id: string; name: string }> }>(
		'GET',
		'/rest/workflows?take=500',
	);
	return Array.isArray(r) ? r : r.data;
}

describe('template import', () => {
	it('imports every template from the editor (Import from File): all nodes known, none disabled by n8n', async () => {
		await e2e.credential('wecomRobotApi'); // logs in
		const tags = await e2e.n8n.request<Array<{ id: string; name: string }>>('GET', '/rest/tags');
		for (const { file, workflow } of templates) {
			const tagIds: string[] = [];
			for (const t of (workflow.tags ?? []) as Array<{ name: string }>) {
				let tag = tags.find((x) => x.name === t.name);
				if (!tag) tags.push((tag = await e2e.n8n.request<{ id: string; name: string }>('POST', '/rest/tags', { name: t.name })));
				tagIds.push(tag.id);
			}
			const name = `${workflow.name} (editor import)`;
			const saved = await e2e.n8n.request<{ id: string; nodes: Array<{ type: string }> }>('POST', '/rest/workflows', {
				name,
				nodes: workflow.nodes,
				connections: workflow.connections,
				settings: workflow.settings,
				pinData: workflow.pinData,
				meta: workflow.meta,
				tags: tagIds,
				active: false,
			});
			const back = await e2e.n8n.workflow(saved.id);
			expect({ file, nodes: back.nodes.length }).toEqual({ file, nodes: workflow.nodes.length });
			expect(back.tags.map((t: { name: string }) => t.name).sort()).toEqual(
				((workflow.tags ?? []) as Array<{ name: string }>).map((t) => t.name).sort(),
			);
		}
		// Every node type the templates use is one this n8n knows (an unknown type shows as a "?" node).
		const known = new Set((await e2e.n8n.nodeTypes()).map((t) => t.name));
		const used = new Set(templates.flatMap(({ workflow }) => (workflow.nodes as Array<{ type: string }>).map((n) => n.type)));
		expect([...used].filter((t) => !known.has(t))).toEqual([]);
		expect([...used].some((t) => t.startsWith(`${PACKAGE}.`))).toBe(true);
	});

	it("imports every template with n8n's CLI (import:workflow --separate)", async () => {
		const state = readState();
		const dir = mkdtempSync(join(tmpdir(), 'wecom-growth-import-'));
		try {
			for (const f of files) copyFileSync(join(WORKFLOWS_DIR, f), join(dir, f));
			const { node, bin } = ensureN8nRuntime();
			const env: NodeJS.ProcessEnv = {
				...process.env,
				NODE_ENV: 'production',
				N8N_USER_FOLDER: state.userFolder,
				DB_TYPE: 'sqlite',
				N8N_ENCRYPTION_KEY: 'wecom-growth-local-only-key',
				N8N_LOG_LEVEL: 'info',
			};
			for (const k of Object.keys(env)) if (k.startsWith('JEST')) delete env[k];
			const r = spawnSync(node, [bin, 'import:workflow', '--separate', `--input=${dir}`], { env, encoding: 'utf8', timeout: 240_000 });
			const out = `${r.stdout}\n${r.stderr}`;
			if (r.status !== 0) throw new Error(`import:workflow exited with ${r.status}:\n${out.slice(-3000)}`);
			expect(out).toMatch(new RegExp(`${files.length} workflows?`, 'i'));
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
		const names = (await savedWorkflows()).map((w) => w.name);
		for (const { workflow } of templates) expect(names).toContain(workflow.name);
	}, 300_000);
});
