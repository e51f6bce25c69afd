/**
 * End-to-end harness: a real n8n (started once per run by globalSetup.ts, with this pack installed as
 * a community package) and the sandbox emulators, both on free loopback ports.
 *
 *   const e2e = harness();
 *   const { id } = await e2e.deploy(workflowJson, { wecomAppApi: await e2e.credential('wecomAppApi') });
 *   await fetch(`${e2e.n8nUrl}/webhook/<path>`, ...);
 *   const [run] = await e2e.n8n.waitForExecutions(id, 1);
 *   const exec = await e2e.n8n.execution(run.id);
 *   nodeOutput(exec, 'WeCom');  // items the node returned
 *   await e2e.sandbox.requests('/cgi-bin/webhook/send');  // what the sandbox received
 */
import { readFileSync } from 'fs';
import { N8nApi, productionWebhookPaths, sandboxCredentialName, templateDataTables } from '../../scripts/n8n-runner';
import { SandboxControl } from '../../sandbox/control';
import { sandboxCredentials } from '../../sandbox/credentials';
import { readState } from './state';
import type { E2EState } from './state';

export { nodeOutput } from '../../scripts/n8n-runner';

export const PACKAGE = 'n8n-nodes-wecom-growth';

/** Credential data that points each credential type at the sandbox. */
export function sandboxCredentialData(
	type: string,
	sandboxUrl: string,
	extra: Record<string, unknown> = {},
	smtpPort?: number,
): Record<string, unknown> {
	return { ...(sandboxCredentials(sandboxUrl, { smtpPort })[type] ?? {}), ...extra };
}

export interface Harness {
	n8nUrl: string;
	sandboxUrl: string;
	n8n: N8nApi;
	sandbox: SandboxControl;
	/** Creates (once per name) a credential; returns the reference to put in a node's `credentials`. */
	credential(type: string, data?: Record<string, unknown>, name?: string): Promise<{ id: string; name: string }>;
	/** Creates a workflow (credentials by type replaced with the given references) and activates it. */
	deploy(workflow: any, credentials?: Record<string, { id: string; name: string }>, opts?: { activate?: boolean }): Promise<{ id: string }>;
	loadWorkflow(path: string): any;
	/** Creates the data tables a template defines in its set-up nodes (as its "Create Data Tables" branch would). */
	ensureTemplateTables(workflow: any): Promise<void>;
}

/** The harness of the e2e run (globalSetup.ts), or of another n8n set-up such as the queue-mode cluster. */
export function harness(state: E2EState = readState()): Harness {
	const n8n = new N8nApi(state.apiUrl ?? state.n8nUrl);
	let ready: Promise<void> | undefined;
	// One login for the whole run: n8n rate-limits /rest/login, and every test file has a harness.
	const login = () => (ready ??= state.session ? Promise.resolve(n8n.useSession(state.session)) : n8n.setupOwner());
	const creds = new Map<string, Promise<{ id: string; name: string }>>();
	let counter = 0;
	return {
		n8nUrl: state.n8nUrl,
		sandboxUrl: state.sandboxUrl,
		n8n,
		sandbox: new SandboxControl(state.sandboxUrl),
		async credential(type, data, name) {
			await login();
			const key = name ?? sandboxCredentialName(type);
			if (!creds.has(key))
				creds.set(key, n8n.createCredential(key, type, data ?? sandboxCredentialData(type, state.sandboxUrl, {}, state.smtpPort)));
			return creds.get(key)!;
		},
		async deploy(workflow, credentials = {}, opts = {}) {
			await login();
			const nodes = (workflow.nodes as any[]).map((n) => {
				if (!n.credentials) return n;
				const c: Record<string, unknown> = {};
				for (const type of Object.keys(n.credentials)) c[type] = credentials[type] ?? n.credentials[type];
				return { ...n, credentials: c };
			});
			const { id, versionId } = await n8n.createWorkflow({
				name: `${workflow.name ?? 'e2e'} #${++counter} ${Date.now()}`,
				nodes,
				connections: workflow.connections ?? {},
				settings: workflow.settings,
			});
			if (opts.activate !== false) {
				await n8n.activate(id, versionId);
				await n8n.waitForWebhooks(productionWebhookPaths({ nodes }), state.n8nUrl);
			}
			return { id };
		},
		loadWorkflow(path) {
			return JSON.parse(readFileSync(path, 'utf8'));
		},
		async ensureTemplateTables(workflow) {
			await login();
			for (const t of templateDataTables(workflow)) await n8n.ensureDataTable(t.name, t.columns);
		},
	};
}
