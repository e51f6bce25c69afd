import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { SANDBOX_FXIAOKE } from '../../../sandbox/crm/fxiaoke';
import { SANDBOX_HUBSPOT_TOKEN } from '../../../sandbox/crm/hubspot';
import { SANDBOX_SF_TOKEN } from '../../../sandbox/crm/salesforce';
import { SANDBOX_SIGNED_HOOKS } from '../../../sandbox/crm/webhook';
import { sandboxCredentials } from '../../../sandbox/credentials';
import { SANDBOX_CORP, SANDBOX_ROBOT_KEYS } from '../../../sandbox/wecom/data';
import { templateDataTables } from '../../../scripts/n8n-runner';
import type { NodeDescription, Template, TemplateNode } from './support';
import { PACKAGE, TEMPLATE_FILES, descriptionOf, packDescriptions, pinnedN8n, strings, templates, versions } from './support';

const all = templates();
const isSticky = (n: TemplateNode) => n.type === 'n8n-nodes-base.stickyNote';
const isTrigger = (n: TemplateNode) =>
	/trigger$/i.test(n.type) || ['n8n-nodes-base.webhook', 'n8n-nodes-base.formTrigger'].includes(n.type);
const incoming = (t: Template, name: string) =>
	Object.entries(t.json.connections).flatMap(([from, c]) => (c.main.flat().some((x) => x?.node === name) ? [from] : []));

describe('template workflows: files', () => {
	it('ships the five templates of the playbook', () => {
		expect(all.map((t) => t.file)).toEqual(TEMPLATE_FILES);
	});

	it('has a canvas picture per template, each shown in workflows/README.md and linked from README.md', () => {
		const root = join(__dirname, '../../..');
		const pictures = readdirSync(join(root, 'workflows/img')).filter((f) => f.endsWith('.png'));
		expect(pictures.sort()).toEqual(all.map((t) => t.file.replace(/\.json$/, '.png')).sort());
		const guide = readFileSync(join(root, 'workflows/README.md'), 'utf8');
		const readme = readFileSync(join(root, 'README.md'), 'utf8');
		expect(pictures.filter((p) => !guide.includes(`(img/${p})`))).toEqual([]);
		expect(pictures.filter((p) => !readme.includes(`(workflows/img/${p})`))).toEqual([]);
	});
});

/**
 * Pack nodes that stay on an older version, with the reason (file → node name → reason). A
 * template is what a marketer starts from: it shows the newest form of each node (pickers, rows).
 */
const OLDER_VERSION_KEPT: Record<string, Record<string, string>> = {};

describe('template workflows: node versions', () => {
	const newest = (d: NodeDescription) => d.defaultVersion ?? Math.max(...versions(d));
	const packNodes = all.flatMap((t) => t.json.nodes.filter((n) => n.type.startsWith(`${PACKAGE}.`)).map((n) => ({ file: t.file, n })));

	it("puts every pack node on the version new nodes get (the editor's newest form), or names why not", () => {
		const packs = packDescriptions().nodes;
		for (const { file, n } of packNodes) {
			const d = packs.find((x) => `${PACKAGE}.${x.name}` === n.type)!;
			const kept = OLDER_VERSION_KEPT[file]?.[n.name];
			expect([file, n.name, n.typeVersion]).toEqual([file, n.name, kept ? expect.any(Number) : newest(d)]);
			if (kept) expect([file, n.name, n.typeVersion < newest(d)]).toEqual([file, n.name, true]);
		}
		// An exception names a node that exists, with its reason.
		for (const [file, nodes] of Object.entries(OLDER_VERSION_KEPT))
			for (const [name, reason] of Object.entries(nodes)) {
				expect([file, name, packNodes.some((x) => x.file === file && x.n.name === name)]).toEqual([file, name, true]);
				expect(reason).toMatch(/\S/);
			}
	});
});

describe.each(all.map((t) => [t.file, t] as const))('%s', (_file, t) => {
	const nodes = t.json.nodes;
	const working = nodes.filter((n) => !isSticky(n));

	it('is an importable workflow: named, unique node names and IDs, China time zone, v1 execution order', () => {
		expect(t.json.name).toMatch(/\S/);
		expect(new Set(nodes.map((n) => n.name)).size).toBe(nodes.length);
		expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
		expect(t.json.settings).toMatchObject({ executionOrder: 'v1', timezone: 'Asia/Shanghai' });
		for (const n of nodes) expect(n.position).toEqual([expect.any(Number), expect.any(Number)]);
	});

	it('uses only node types and versions that exist in the pinned n8n or in this pack', () => {
		for (const n of nodes) {
			expect([n.name, n.type.startsWith(`${PACKAGE}.`) || n.type.startsWith('n8n-nodes-base.')]).toEqual([n.name, true]);
			expect([n.name, n.type, n.typeVersion, Boolean(descriptionOf(n.type, n.typeVersion))]).toEqual([n.name, n.type, n.typeVersion, true]);
		}
	});

	it('sets only parameters the node has, with valid fixed option values', () => {
		for (const n of nodes) {
			const d = descriptionOf(n.type, n.typeVersion)!;
			for (const [key, value] of Object.entries(n.parameters)) {
				// n8n adds Poll Times to every polling trigger itself.
				if (key === 'pollTimes' && (d as { polling?: boolean }).polling) continue;
				const props = d.properties.filter((p) => p.name === key);
				expect([n.name, key, props.length > 0]).toEqual([n.name, key, true]);
				const choices = props.filter((p) => p.type === 'options').flatMap((p) => (p.options ?? []).map((o) => o.value));
				if (choices.length && !(typeof value === 'string' && value.startsWith('='))) {
					expect([n.name, key, choices.includes(value)]).toEqual([n.name, key, true]);
				}
			}
		}
	});

	it('references credentials by type only: existing types the node accepts, no instance IDs', () => {
		const known = new Set([...pinnedN8n().credentials, ...packDescriptions().credentials]);
		for (const n of working.filter((x) => x.credentials)) {
			const accepted = (descriptionOf(n.type, n.typeVersion)!.credentials ?? []).map((c) => c.name);
			// HTTP Request takes any credential type, named in its parameters.
			if (n.type === 'n8n-nodes-base.httpRequest') accepted.push(n.parameters.genericAuthType, n.parameters.nodeCredentialType);
			for (const [type, ref] of Object.entries(n.credentials!)) {
				expect([n.name, type, known.has(type), accepted.includes(type)]).toEqual([n.name, type, true, true]);
				expect(ref.id).toBe('');
			}
		}
	});

	it('connects only existing nodes, and every working node is reachable', () => {
		const names = new Set(nodes.map((n) => n.name));
		for (const [from, c] of Object.entries(t.json.connections)) {
			expect(names.has(from)).toBe(true);
			for (const to of c.main.flat()) expect([from, to.node, names.has(to.node)]).toEqual([from, to.node, true]);
		}
		for (const n of working.filter((x) => !isTrigger(x))) expect([n.name, incoming(t, n.name).length > 0]).toEqual([n.name, true]);
	});

	it('explains itself with sticky notes, including what to configure', () => {
		const notes = nodes.filter(isSticky).map((n) => String(n.parameters.content));
		expect(notes.length).toBeGreaterThanOrEqual(3);
		expect(notes.some((c) => /###? Configure/.test(c))).toBe(true);
	});

	it('starts every flow with the Settings node (its configuration in one place)', () => {
		const settings = nodes.find((n) => n.name === 'Settings');
		expect(settings?.type).toBe('n8n-nodes-base.set');
		const setupOnly = (n: TemplateNode) =>
			(t.json.connections[n.name]?.main.flat() ?? []).every((x) => nodes.find((m) => m.name === x.node)?.parameters.resource === 'table');
		for (const trigger of working.filter((n) => isTrigger(n) && !setupOnly(n))) {
			const next = t.json.connections[trigger.name]?.main.flat().map((x) => x.node) ?? [];
			expect([trigger.name, next]).toEqual([trigger.name, ['Settings']]);
		}
	});

	it('holds no secrets: no keys, tokens or sandbox secrets in any value', () => {
		const sandboxSecrets = Object.values(sandboxCredentials('http://sandbox', { smtpPort: 2525 }))
			.flatMap((c) => Object.entries(c))
			.filter(([k]) => /secret|token|key|password|code|value/i.test(k))
			.map(([, v]) => String(v));
		const secrets = [
			SANDBOX_CORP.appSecret,
			SANDBOX_CORP.contactSecret,
			SANDBOX_CORP.encodingAesKey,
			SANDBOX_CORP.callbackToken,
			...SANDBOX_ROBOT_KEYS,
			SANDBOX_HUBSPOT_TOKEN,
			SANDBOX_SF_TOKEN,
			SANDBOX_FXIAOKE.appSecret,
			SANDBOX_FXIAOKE.permanentCode,
			...Object.values(SANDBOX_SIGNED_HOOKS),
			...sandboxSecrets,
		].filter((x) => x.length >= 10);
		for (const s of strings(t.json)) {
			for (const secret of secrets) expect([s.path, s.value.includes(secret)]).toEqual([s.path, false]);
			expect([s.path, /access_token=|corpsecret=|webhook\/send\?key=/i.test(s.value)]).toEqual([s.path, false]);
			expect([s.path, /\b(sk|pat|Bearer)[-_ ][A-Za-z0-9]{16,}/.test(s.value)]).toEqual([s.path, false]);
		}
	});

	it('reads environment variables only where a blocked $env (n8n 2.x default) falls back to the default', () => {
		const blocked = new Proxy(
			{},
			{
				get: () => {
					throw new Error('access to env vars denied');
				},
			},
		);
		const unset = new Proxy({}, { get: () => undefined });
		for (const s of strings(t.json).filter((x) => x.value.includes('$env'))) {
			const expr = /^=\{\{([\s\S]*)\}\}$/.exec(s.value)?.[1];
			expect([s.path, Boolean(expr)]).toEqual([s.path, true]);
			const evaluate = new Function('$env', `return (${expr});`) as (env: unknown) => unknown;
			const fallback = evaluate(unset);
			expect([s.path, fallback === undefined || fallback === '']).toEqual([s.path, false]);
			expect([s.path, evaluate(blocked)]).toEqual([s.path, fallback]);
		}
	});

	it('has a time scale for its waits: a positive value, or WECOM_GROWTH_TIME_SCALE when n8n allows env access (ignoring nonsense)', () => {
		const scale = nodes
			.find((n) => n.name === 'Settings')
			?.parameters.assignments.assignments.find((a: { name: string }) => a.name === 'timeScale');
		const waits = working.filter((n) => n.type === 'n8n-nodes-base.wait');
		expect(Boolean(scale) || waits.length === 0).toBe(true);
		if (!scale) return;
		// A plain value (Settings hold values only); the e2e tests change it like a user would.
		if (typeof scale.value === 'number') return expect(scale.value).toBeGreaterThan(0);
		const evaluate = new Function('$env', `return (${/^=\{\{([\s\S]*)\}\}$/.exec(scale.value)![1]});`) as (
			env: Record<string, string>,
		) => number;
		expect(evaluate({ WECOM_GROWTH_TIME_SCALE: '0.00005' })).toBe(0.00005);
		expect(evaluate({ WECOM_GROWTH_TIME_SCALE: '-2' })).toBe(1);
		expect(evaluate({ WECOM_GROWTH_TIME_SCALE: 'fast' })).toBe(1);
		expect(evaluate({})).toBe(1);
	});

	it('keeps its data in tables it creates itself, referenced by names n8n cannot confuse', () => {
		const created = templateDataTables(t.json).map((x) => x.name);
		for (const n of working.filter((x) => x.type === 'n8n-nodes-base.dataTable' && x.parameters.resource !== 'table')) {
			expect(n.parameters.dataTableId).toMatchObject({ __rl: true, mode: 'name' });
			expect([n.name, created.includes(n.parameters.dataTableId.value)]).toEqual([n.name, true]);
		}
		// The Data table node finds a table by name with a substring match: no name may contain another.
		const everyTable = all.flatMap((x) => templateDataTables(x.json).map((d) => d.name));
		for (const a of new Set(everyTable))
			for (const b of new Set(everyTable)) if (a !== b) expect([a, b, a.includes(b)]).toEqual([a, b, false]);
	});

	// n8n's Data table read counts and pages in two queries: rows another execution inserts in between
	// fail it ("result count changed during pagination"). A read is safe to repeat, so each one retries.
	it('retries every data-table read (3 tries, 1 s apart), which concurrent inserts can interrupt', () => {
		const reads = working.filter(
			(n) => n.type === 'n8n-nodes-base.dataTable' && ['get', 'rowExists', 'rowNotExists'].includes(n.parameters.operation),
		) as Array<TemplateNode & { retryOnFail?: boolean; maxTries?: number; waitBetweenTries?: number }>;
		for (const n of reads) expect([n.name, n.retryOnFail, n.maxTries, n.waitBetweenTries]).toEqual([n.name, true, 3, 1000]);
	});

	it("gives CRM Push's SDR to CRM Owner as picked rows (an SDR from the staff list, a listed owner), never as text in Settings", () => {
		for (const n of working.filter((x) => x.type === `${PACKAGE}.crmPush`)) {
			expect([n.name, n.parameters.ownerMap]).toEqual([n.name, undefined]);
			for (const row of n.parameters.owners?.owner ?? [])
				expect([
					n.name,
					row.sdr?.__rl,
					row.sdr?.mode,
					/\S/.test(row.sdr?.value ?? ''),
					/^[^=]\S*$/.test(String(row.crmOwner ?? '')),
				]).toEqual([n.name, true, 'list', true, true]);
		}
		const settings = nodes.find((n) => n.name === 'Settings')?.parameters.assignments?.assignments ?? [];
		expect(settings.map((a: { name: string }) => a.name).filter((name: string) => /crm.*owner/i.test(name))).toEqual([]);
	});

	it('waits only as long as Settings says (scaled by the time-scale setting)', () => {
		// A time from Settings, or from a node (Code, or a pack node's Time Scale field) that scales it with Settings.timeScale.
		const scaledBy = (name: string) =>
			name === 'Settings' || /timeScale/.test(JSON.stringify(nodes.find((n) => n.name === name)?.parameters ?? {}));
		for (const n of working.filter((x) => x.type === 'n8n-nodes-base.wait')) {
			const value = n.parameters.resume === 'specificTime' ? n.parameters.dateTime : n.parameters.amount;
			const sources = [...String(value).matchAll(/\$\('([^']+)'\)/g)].map((m) => m[1]);
			const ok =
				typeof value === 'string' && value.startsWith('=') && (/timeScale/.test(value) || (sources.length > 0 && sources.every(scaledBy)));
			expect([n.name, ok]).toEqual([n.name, true]);
		}
	});
});
