#!/usr/bin/env node
/**
 * `npm start`: the pack in a local n8n, against the sandbox, with the template workflows imported.
 * Data lives in .n8n-local/ (n8n's embedded SQLite); Ctrl-C stops everything.
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { startSandbox } from '../sandbox/server';
import { sandboxCredentials } from '../sandbox/credentials';
import { OWNER, freePort, packageRoot, sandboxCredentialName, startN8n, templateDataTables } from './n8n-runner';
import type { N8nApi } from './n8n-runner';

async function portOr(preferred: number): Promise<number> {
	const { createServer } = await import('net');
	return new Promise((res) => {
		const s = createServer();
		s.once('error', () => freePort().then(res));
		s.listen(preferred, '127.0.0.1', () => s.close(() => res(preferred)));
	});
}

async function importAll(api: N8nApi, sandboxUrl: string, smtpPort: number): Promise<string[]> {
	const root = packageRoot();
	const existingCreds = await api.request<Array<{ id: string; name: string; type: string }>>('GET', '/rest/credentials');
	const byType: Record<string, { id: string; name: string }> = {};
	for (const [type, data] of Object.entries(sandboxCredentials(sandboxUrl, { smtpPort }))) {
		const name = sandboxCredentialName(type);
		const found = existingCreds.find((c) => c.name === name);
		byType[type] = found ? { id: found.id, name } : await api.createCredential(name, type, data);
	}
	const dir = join(root, 'workflows');
	if (!existsSync(dir)) return [];
	const existing = await api.request<Array<{ name: string }>>('GET', '/rest/workflows');
	const imported: string[] = [];
	for (const file of readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()) {
		const wf = JSON.parse(readFileSync(join(dir, file), 'utf8'));
		// The data tables the template keeps its state in (defined by its "Create Data Tables" nodes).
		for (const t of templateDataTables(wf)) await api.ensureDataTable(t.name, t.columns);
		if (existing.some((w) => w.name === wf.name)) continue;
		const nodes = (wf.nodes as any[]).map((n) =>
			n.credentials
				? { ...n, credentials: Object.fromEntries(Object.keys(n.credentials).map((t) => [t, byType[t] ?? n.credentials[t]])) }
				: n,
		);
		// Settings that hold a plain SMS relay address get the sandbox's gateway (what a user would type).
		for (const a of nodes.find((n) => n.name === 'Settings')?.parameters?.assignments?.assignments ?? []) {
			if (a.name === 'smsEndpoint' && typeof a.value === 'string' && !a.value.startsWith('=')) a.value = `${sandboxUrl}/sms/send`;
		}
		await api.createWorkflow({ name: wf.name, nodes, connections: wf.connections, settings: wf.settings, pinData: wf.pinData });
		imported.push(wf.name);
	}
	return imported;
}

async function main() {
	const root = packageRoot();
	const sandbox = await startSandbox({ port: await portOr(Number(process.env.SANDBOX_PORT ?? 8787)) });
	const port = await portOr(Number(process.env.N8N_PORT ?? 5678));
	console.log('Starting n8n (the first run installs it into a cache: about 4 minutes)...');
	const n8n = await startN8n({
		port,
		userFolder: join(root, '.n8n-local'),
		env: { WECOM_GROWTH_SANDBOX_URL: sandbox.url, N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false' },
	});
	const imported = await importAll(n8n.api, sandbox.url, sandbox.smtpPort);
	console.log(`
n8n is running with n8n-nodes-wecom-growth loaded.

  Editor:   ${n8n.url}
  Login:    ${OWNER.email} / ${OWNER.password}
  Sandbox:  ${sandbox.url}  (what it received: ${sandbox.url}/_sandbox/requests)
  Imported: ${imported.length ? imported.join(', ') : 'templates already present'}

Credentials named "... (sandbox)" point at the sandbox. Press Ctrl-C to stop.`);
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the sandbox...');
		await n8n.stop();
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	n8n.process.on('exit', () => void stop());
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
