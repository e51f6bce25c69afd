/**
 * Starts a real n8n (the pinned version, installed once in a cache) with this pack loaded the way
 * the Community Nodes installer loads it: as a package in <user folder>/.n8n/nodes/node_modules.
 * Used by `npm start` (local run) and by the end-to-end tests (headless, free loopback ports).
 */
import { execFileSync, spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';

/** The pack's root, whether this runs from scripts/ (ts-jest) or dist/scripts/ (compiled). */
export function packageRoot(): string {
	let dir = __dirname;
	while (!existsSync(join(dir, 'package.json'))) {
		const up = dirname(dir);
		if (up === dir) throw new Error("Cannot find the pack's package.json");
		dir = up;
	}
	return dir;
}

export const OWNER = { email: 'owner@wecom-growth.local', firstName: 'Local', lastName: 'Owner', password: 'Sandbox-Passw0rd!' };

/** The n8n version the tests and the local run use: N8N_VERSION, else the oldest supported one. */
export function n8nVersion(): string {
	return process.env.N8N_VERSION || '2.8.4';
}

/** Installs (once) and returns the path of the n8n binary of `n8nVersion()`. */
export function ensureN8n(): string {
	return ensureN8nRuntime().bin;
}

/** Installs (once) n8n and the Node.js it needs; returns both binaries. */
export function ensureN8nRuntime(): { node: string; bin: string } {
	const out = execFileSync('bash', [join(packageRoot(), 'scripts', 'ensure-n8n.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		env: { ...process.env, N8N_VERSION: n8nVersion() },
	});
	const [node, bin] = out.trim().split('\n').slice(-2);
	return { node, bin };
}

export async function freePort(): Promise<number> {
	return new Promise((res, rej) => {
		const s = createServer();
		s.unref();
		s.on('error', rej);
		s.listen(0, '127.0.0.1', () => {
			const port = (s.address() as { port: number }).port;
			s.close(() => res(port));
		});
	});
}

/** Puts the built pack where n8n looks for installed community packages. */
export function installPack(userFolder: string): void {
	const root = packageRoot();
	if (!existsSync(join(root, 'dist', 'nodes'))) throw new Error('The pack is not built: run `npm run build` first.');
	const target = join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-wecom-growth');
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	// n8n refuses to start when a listed file is missing; list only what the build produced
	// (the e2e test that checks every node is listed catches a node that failed to build).
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	for (const kind of ['nodes', 'credentials'] as const) {
		pkg.n8n[kind] = (pkg.n8n[kind] as string[]).filter((f) => {
			const ok = existsSync(join(root, f));
			if (!ok) console.warn(`[n8n-runner] not built, skipped: ${f}`);
			return ok;
		});
	}
	writeFileSync(join(target, 'package.json'), JSON.stringify(pkg, null, 2));
	cpSync(join(root, 'dist'), join(target, 'dist'), { recursive: true });
	// Only what the published package would bring along: its runtime dependencies (none, ideally).
	// Anything else (zod, luxon, n8n-workflow) must resolve from n8n's own node_modules, as it does
	// for a package installed from npm: n8n adds its module paths to NODE_PATH when loading packages.
	for (const dep of Object.keys(pkg.dependencies ?? {})) {
		const link = join(target, 'node_modules', dep);
		mkdirSync(dirname(link), { recursive: true });
		symlinkSync(join(root, 'node_modules', dep), link, 'dir');
	}
}

export interface StartN8nOptions {
	port?: number;
	userFolder?: string;
	env?: Record<string, string>;
	/** Pipe n8n's output to this process's stdout. */
	inheritOutput?: boolean;
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	/** Copy the built pack into the user folder first (default); false starts n8n without it. */
	withPack?: boolean;
}

export interface RunningN8n {
	url: string;
	port: number;
	userFolder: string;
	process: ChildProcess;
	api: N8nApi;
	stop(): Promise<void>;
	/** n8n's output so far (for failing tests). */
	output(): string;
}

export async function startN8n(o: StartN8nOptions = {}): Promise<RunningN8n> {
	const { node, bin } = ensureN8nRuntime();
	const port = o.port ?? (await freePort());
	// The Code node's task runner broker needs a port of its own (default 5679 clashes between instances).
	const brokerPort = await freePort();
	const userFolder = o.userFolder ?? mkdtempSync(join(tmpdir(), 'wecom-growth-n8n-'));
	if (o.withPack !== false) installPack(userFolder);
	const url = `http://127.0.0.1:${port}`;
	const child = spawn(node, [bin, 'start'], {
		env: {
			...cleanEnv(process.env),
			// n8n refuses to load nodes when NODE_ENV is "test" (as under jest).
			NODE_ENV: 'production',
			N8N_USER_FOLDER: userFolder,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			WEBHOOK_URL: `${url}/`,
			N8N_EDITOR_BASE_URL: url,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_ENCRYPTION_KEY: 'wecom-growth-local-only-key',
			GENERIC_TIMEZONE: 'Asia/Shanghai',
			N8N_LOG_LEVEL: o.logLevel ?? 'warn',
			DB_TYPE: 'sqlite',
			...(o.env ?? {}),
		},
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: false,
	});
	let log = '';
	const collect = (b: Buffer) => {
		log += b.toString();
		if (log.length > 200_000) log = log.slice(-100_000);
		if (o.inheritOutput) process.stdout.write(b);
	};
	child.stdout!.on('data', collect);
	child.stderr!.on('data', collect);
	let exited = false;
	child.on('exit', () => (exited = true));

	const stop = async () => {
		if (exited) return;
		await new Promise<void>((res) => {
			const t = setTimeout(() => child.kill('SIGKILL'), 15000);
			child.once('exit', () => {
				clearTimeout(t);
				res();
			});
			child.kill('SIGTERM');
		});
	};

	// A fresh database runs all of n8n's migrations first: minutes on a busy machine.
	const deadline = Date.now() + 600_000;
	const api = new N8nApi(url);
	for (;;) {
		if (exited) throw new Error(`n8n exited during start-up:\n${log.slice(-4000)}`);
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`n8n did not become ready within 600 s:\n${log.slice(-4000)}`);
		}
		try {
			// Readiness turns green before the REST routes are mounted; wait for both.
			const r = await fetch(`${url}/healthz/readiness`);
			if (r.status === 200 && (await fetch(`${url}/rest/settings`)).status !== 404) break;
		} catch {
			/* not listening yet */
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	await api.setupOwner();
	return { url, port, userFolder, process: child, api, stop, output: () => log };
}

/** n8n's execution statuses (n8n-workflow's ExecutionStatusList, the same on 2.8 and 2.41). */
const EXECUTION_STATUSES = ['canceled', 'crashed', 'error', 'new', 'running', 'success', 'unknown', 'waiting'];

export interface ExecutionSummary {
	id: string;
	status: string;
	finished: boolean;
	workflowId: string;
	mode: string;
	startedAt: string;
	stoppedAt?: string;
}

export interface DataTableColumn {
	name: string;
	type: 'string' | 'number' | 'boolean' | 'date';
}

export interface DataTableInfo {
	id: string;
	name: string;
	columns?: DataTableColumn[];
}

const displayNames = new Map<string, string>();

/** A credential type's display name ("wecomAppApi" → "WeCom App API"): what people see in n8n. */
export function credentialDisplayName(type: string): string {
	if (!displayNames.size) {
		const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { n8n: { credentials: string[] } };
		for (const file of pkg.n8n.credentials) {
			const mod = require(join(packageRoot(), file)) as Record<string, new () => { name: string; displayName: string }>;
			for (const C of Object.values(mod)) {
				const c = new C();
				displayNames.set(c.name, c.displayName);
			}
		}
	}
	return displayNames.get(type) ?? type;
}

/** The name of a credential that points at the sandbox: "WeCom App API (sandbox)". */
export const sandboxCredentialName = (type: string) => `${credentialDisplayName(type)} (sandbox)`;

/**
 * The data tables a template workflow uses, read from its own set-up nodes (Data table → Table →
 * Create): the template is the one place where they are defined.
 */
export function templateDataTables(workflow: {
	nodes: Array<{ type: string; parameters?: any }>;
}): Array<{ name: string; columns: DataTableColumn[] }> {
	return workflow.nodes
		.filter((n) => n.type === 'n8n-nodes-base.dataTable' && n.parameters?.resource === 'table' && n.parameters?.operation === 'create')
		.map((n) => ({
			name: String(n.parameters.tableName),
			columns: ((n.parameters.columns?.column ?? []) as DataTableColumn[]).map((c) => ({ name: c.name, type: c.type ?? 'string' })),
		}));
}

/**
 * The production webhook paths an active workflow serves (Webhook nodes and the WeCom Trigger), to
 * wait for their registration after activation.
 */
export function productionWebhookPaths(workflow: {
	nodes: Array<{ type: string; disabled?: boolean; webhookId?: string; parameters?: any }>;
}): string[] {
	const paths: string[] = [];
	for (const n of workflow.nodes) {
		if (n.disabled) continue;
		if (n.type === 'n8n-nodes-base.webhook') paths.push(String(n.parameters?.path || n.webhookId));
		else if (n.type.endsWith('.weComTrigger') && n.webhookId) paths.push(`${n.webhookId}/webhook`);
	}
	return paths;
}

/** The parts of n8n's internal REST API the local run and tests use (cookie auth as the owner). */
export class N8nApi {
	private cookie = '';
	constructor(readonly url: string) {}

	/**
	 * Sets up the owner (or logs in). Retried for up to two minutes: on a busy machine n8n can answer
	 * 503 "Database is not ready" or 404 for a moment after its REST API first responds.
	 */
	async setupOwner(): Promise<void> {
		const deadline = Date.now() + 120_000;
		for (;;) {
			try {
				return await this.setupOwnerOnce();
			} catch (e) {
				if (Date.now() > deadline) throw e;
				await new Promise((r) => setTimeout(r, 1000));
			}
		}
	}

	private async setupOwnerOnce(): Promise<void> {
		const setup = await fetch(`${this.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (setup.ok) {
			this.cookie = cookieFrom(setup);
			return;
		}
		// Owner exists already (a reused user folder): log in instead.
		const login = await fetch(`${this.url}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
		});
		if (!login.ok) throw new Error(`n8n owner set-up and login failed: ${setup.status} ${await setup.text()} / ${login.status}`);
		this.cookie = cookieFrom(login);
	}

	/** The owner's session cookie, to share one login between processes (n8n rate-limits logins). */
	get session(): string {
		return this.cookie;
	}

	useSession(cookie: string): void {
		this.cookie = cookie;
	}

	async request<T = any>(method: string, path: string, body?: unknown): Promise<T> {
		const send = () =>
			fetch(this.url + path, {
				method,
				headers: {
					cookie: this.cookie,
					...(body !== undefined ? { 'content-type': 'application/json' } : {}),
					'browser-id': 'wecom-growth-harness',
				},
				body: body !== undefined ? JSON.stringify(body) : undefined,
			});
		let res: Response;
		for (let attempt = 1; ; attempt++) {
			try {
				res = await send();
				break;
			} catch (e) {
				// A busy n8n may close a kept-alive connection as a request goes out: reads are safe to repeat.
				if (method !== 'GET' || attempt === 3) throw e;
				await new Promise((r) => setTimeout(r, 500));
			}
		}
		const text = await res.text();
		if (!res.ok) throw new Error(`n8n ${method} ${path} → ${res.status}: ${text.slice(0, 2000)}`);
		const json = text ? JSON.parse(text) : {};
		return (json && typeof json === 'object' && 'data' in json ? json.data : json) as T;
	}

	nodeTypes(): Promise<Array<{ name: string; displayName: string }>> {
		return this.request('GET', '/types/nodes.json');
	}

	async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<{ id: string; name: string }> {
		const c = await this.request<{ id: string; name: string }>('POST', '/rest/credentials', { name, type, data });
		return { id: c.id, name: c.name };
	}

	async createWorkflow(workflow: {
		name: string;
		nodes: unknown[];
		connections: unknown;
		settings?: unknown;
		pinData?: unknown;
	}): Promise<{ id: string; versionId: string }> {
		const w = await this.request<{ id: string; versionId: string }>('POST', '/rest/workflows', {
			settings: { executionOrder: 'v1' },
			...workflow,
			active: false,
		});
		return { id: w.id, versionId: w.versionId };
	}

	async activate(id: string, versionId: string): Promise<void> {
		await this.request('POST', `/rest/workflows/${id}/activate`, { versionId });
	}

	/**
	 * Waits until n8n serves each production webhook path. From n8n 2.3x on, activation returns before
	 * the webhooks are registered (they follow ~100 ms later). The probe uses PATCH, which no webhook
	 * of the pack's workflows accepts, so it starts no execution: n8n then answers "not registered for
	 * PATCH requests" for a registered path and `webhook "PATCH <path>" is not registered.` otherwise.
	 */
	async waitForWebhooks(paths: string[], webhookUrl = this.url, timeoutMs = 60_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (const path of paths) {
			for (;;) {
				let answer = 'no answer';
				try {
					const r = await fetch(`${webhookUrl}/webhook/${path}`, { method: 'PATCH' });
					answer = `${r.status} ${(await r.text()).slice(0, 200)}`;
					const unregistered = r.status === 404 && (!answer.includes('{') || answer.includes('is not registered.'));
					if (!unregistered) break;
				} catch {
					/* not listening yet */
				}
				if (Date.now() > deadline)
					throw new Error(`The webhook /webhook/${path} was not registered within ${timeoutMs} ms (last answer ${answer})`);
				await new Promise((res) => setTimeout(res, 100));
			}
		}
	}

	async deactivate(id: string): Promise<void> {
		await this.request('POST', `/rest/workflows/${id}/deactivate`, {});
	}

	/**
	 * Every execution of a workflow, newest first. The filter names every status on purpose: without
	 * one, n8n orders finished executions by start time, which in queue mode differs from the ID
	 * order that `lastId` pages by, so whole runs were skipped. n8n 2.41+ pages by `nextCursor` and
	 * refuses `lastId`.
	 */
	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId, status: EXECUTION_STATUSES }));
		const byId = new Map<string, ExecutionSummary>();
		for (let position = ''; ;) {
			const r = await this.request<{ results: ExecutionSummary[]; nextCursor?: string | null }>(
				'GET',
				`/rest/executions?filter=${filter}&limit=100${position}`,
			);
			for (const e of r.results) byId.set(String(e.id), e);
			if (r.nextCursor) position = `&cursor=${encodeURIComponent(r.nextCursor)}`;
			else if (r.results.length < 100 || 'nextCursor' in r) break;
			else position = `&lastId=${Math.min(...r.results.map((e) => Number(e.id)))}`;
		}
		return [...byId.values()].sort((a, b) => Number(b.id) - Number(a.id));
	}

	/** One execution with its run data, un-flattened: `resultData.runData[nodeName][run].data.main[output][item].json`. */
	async execution(
		id: string,
	): Promise<{ status: string; data: { resultData: { runData: Record<string, any[]>; error?: any; lastNodeExecuted?: string } } }> {
		const e = await this.request<{ status: string; data: string }>('GET', `/rest/executions/${id}`);
		return { ...e, data: parseFlatted(e.data) };
	}

	workflow(id: string): Promise<any> {
		return this.request('GET', `/rest/workflows/${id}`);
	}

	/**
	 * Runs a saved workflow as the editor's "Execute workflow" button does, starting from one trigger
	 * (a Manual or Schedule Trigger emits one item at once). Returns the execution ID.
	 */
	async runManually(workflowId: string, triggerName: string): Promise<string> {
		const workflowData = await this.workflow(workflowId);
		const r = await this.request<{ executionId?: string; waitingForWebhook?: boolean }>('POST', `/rest/workflows/${workflowId}/run`, {
			workflowData,
			triggerToStartFrom: { name: triggerName },
		});
		if (!r.executionId) throw new Error(`n8n did not start "${triggerName}" of ${workflowId}: ${JSON.stringify(r)}`);
		return String(r.executionId);
	}

	/** Waits until one execution has finished (any status but new/running/waiting). */
	async waitForExecution(id: string, timeoutMs = 180_000): Promise<ExecutionSummary> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const e = await this.request<ExecutionSummary>('GET', `/rest/executions/${id}`);
			if (!['new', 'running', 'waiting'].includes(e.status)) return e;
			if (Date.now() > deadline) throw new Error(`Timed out waiting for execution ${id} (status ${e.status})`);
			await new Promise((r) => setTimeout(r, 300));
		}
	}

	private projectId?: Promise<string>;
	/** The owner's personal project: data tables belong to a project. */
	personalProjectId(): Promise<string> {
		return (this.projectId ??= this.request<{ id: string }>('GET', '/rest/projects/personal').then((p) => p.id));
	}

	async dataTables(): Promise<DataTableInfo[]> {
		const pid = await this.personalProjectId();
		const r = await this.request<{ data: DataTableInfo[] }>('GET', `/rest/projects/${pid}/data-tables?take=250`);
		return r.data;
	}

	/** Creates the data table unless one with exactly this name exists (then adds missing columns). */
	async ensureDataTable(name: string, columns: DataTableColumn[]): Promise<DataTableInfo> {
		const pid = await this.personalProjectId();
		const existing = (await this.dataTables()).find((t) => t.name === name);
		if (!existing) return this.request<DataTableInfo>('POST', `/rest/projects/${pid}/data-tables`, { name, columns });
		const have = new Set((existing.columns ?? []).map((c) => c.name));
		for (const c of columns.filter((x) => !have.has(x.name)))
			await this.request('POST', `/rest/projects/${pid}/data-tables/${existing.id}/columns`, c);
		return existing;
	}

	/** Deletes the data table of that name, if there is one (a test that needs it empty). */
	async deleteDataTable(name: string): Promise<void> {
		const pid = await this.personalProjectId();
		const table = (await this.dataTables()).find((t) => t.name === name);
		if (table) await this.request('DELETE', `/rest/projects/${pid}/data-tables/${table.id}`);
	}

	async dataTableRows(name: string): Promise<Array<Record<string, any>>> {
		const pid = await this.personalProjectId();
		const table = (await this.dataTables()).find((t) => t.name === name);
		if (!table) throw new Error(`No data table named "${name}"`);
		const rows: Array<Record<string, any>> = [];
		for (let skip = 0; ; skip += 250) {
			const r = await this.request<{ count: number; data: Array<Record<string, any>> }>(
				'GET',
				`/rest/projects/${pid}/data-tables/${table.id}/rows?take=250&skip=${skip}`,
			);
			rows.push(...r.data);
			if (rows.length >= r.count || !r.data.length) return rows;
		}
	}

	async insertDataTableRows(name: string, rows: Array<Record<string, unknown>>): Promise<void> {
		const pid = await this.personalProjectId();
		const table = (await this.dataTables()).find((t) => t.name === name);
		if (!table) throw new Error(`No data table named "${name}"`);
		await this.request('POST', `/rest/projects/${pid}/data-tables/${table.id}/insert`, { data: rows, returnType: 'count' });
	}

	/** Sets `data` on the rows whose `column` equals `value` (what a user does in the data table's grid). */
	async updateDataTableRows(name: string, column: string, value: string, data: Record<string, unknown>): Promise<void> {
		const pid = await this.personalProjectId();
		const table = (await this.dataTables()).find((t) => t.name === name);
		if (!table) throw new Error(`No data table named "${name}"`);
		await this.request('PATCH', `/rest/projects/${pid}/data-tables/${table.id}/rows`, {
			filter: { type: 'and', filters: [{ columnName: column, condition: 'eq', value }] },
			data,
		});
	}

	/** Waits until `count` executions of the workflow have finished (any status), then returns them. */
	async waitForExecutions(workflowId: string, count: number, timeoutMs = 60_000): Promise<ExecutionSummary[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const list = await this.executions(workflowId);
			const done = list.filter((e) => !['new', 'running', 'waiting'].includes(e.status));
			if (done.length >= count) return done.sort((a, b) => Number(a.id) - Number(b.id));
			if (Date.now() > deadline)
				throw new Error(`Timed out waiting for ${count} executions of ${workflowId}; have ${JSON.stringify(list.map((e) => e.status))}`);
			await new Promise((r) => setTimeout(r, 300));
		}
	}
}

/** Output items of a node in an execution (first run, given output). */
export function nodeOutput(exec: { data: { resultData: { runData: Record<string, any[]> } } }, node: string, output = 0, run = 0): any[] {
	const r = exec.data.resultData.runData[node]?.[run];
	return (r?.data?.main?.[output] ?? []).map((i: { json: unknown }) => i.json);
}

function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const out = { ...env };
	for (const k of Object.keys(out)) if (k.startsWith('JEST') || k.startsWith('N8N_') || k === 'NODE_OPTIONS') delete out[k];
	return out;
}

function cookieFrom(res: Response): string {
	const raw = res.headers.getSetCookie?.() ?? [res.headers.get('set-cookie') ?? ''];
	return raw
		.map((c) => c.split(';')[0])
		.filter(Boolean)
		.join('; ');
}

function parseFlatted(s: string): any {
	// n8n stores run data in the "flatted" format; use n8n's own copy of the parser.
	const bin = ensureN8n();
	const n8nModules = resolve(dirname(bin), '..');
	// eslint-disable-next-line @typescript-eslint/no-var-requires
	const flatted = require(require.resolve('flatted', { paths: [n8nModules] }));
	return typeof s === 'string' ? flatted.parse(s) : s;
}

export function writeJson(path: string, data: unknown): void {
	mkdirSync(dirname(path), { recursive: true });
	writeFileSync(path, JSON.stringify(data, null, 2));
}

export function readJson<T>(path: string): T {
	return JSON.parse(readFileSync(path, 'utf8')) as T;
}
