import { execFile, execFileSync } from 'child_process';
import { promisify } from 'util';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { LOCAL_REGISTRY_TOKEN, startLocalRegistry } from './local-registry';
import type { LocalRegistry } from './local-registry';
import { n8nVersion, packageRoot, readJson, startN8n } from './n8n-runner';
import type { RunningN8n } from './n8n-runner';

/**
 * Installs the pack the way a self-hoster does, through n8n's own Community Nodes installer (the
 * REST call behind Settings → Community Nodes → Install), from the tarball `npm pack` builds:
 *
 *   npm pack → npm publish to a registry on loopback → n8n (no pack pre-installed) with
 *   N8N_COMMUNITY_PACKAGES_REGISTRY pointing at it → POST /rest/community-packages → the node
 *   and credential types n8n then serves.
 *
 * n8n treats any registry other than npmjs.org as a licensed feature
 * (feat:communityNodes:customRegistry). n8n's own test mode (E2E_TESTS=true) lets a test switch
 * licensed features on (PATCH /rest/e2e/feature); that is the only thing it is used for here. The
 * installer itself runs unchanged: it checks the version on the registry, `npm pack`s it, unpacks
 * it, runs `npm install` in it (no scripts), loads it and records it in its database.
 */
export interface CommunityInstallReport {
	n8nVersion: string;
	tarball: string;
	tarballBytes: number;
	/** What n8n's install call answered: the package, its version and the node names it installed. */
	installed: { packageName: string; installedVersion: string; installedNodes: string[] };
	/** The pack's node and credential types n8n serves after the install. */
	nodeTypes: string[];
	credentialTypes: string[];
	/** The pack as n8n lists installed community packages (GET /rest/community-packages). */
	listed: { packageName: string; installedVersion: string; failedLoading?: boolean } | undefined;
	registryRequests: string[];
	seconds: { pack: number; n8nStart: number; install: number; total: number };
}

const PACKAGE_NAME = 'n8n-nodes-wecom-growth';

export async function checkCommunityInstall(o: { log?: (line: string) => void } = {}): Promise<CommunityInstallReport> {
	const log = o.log ?? (() => {});
	const started = Date.now();
	const work = mkdtempSync(join(tmpdir(), 'wecom-growth-install-'));
	let registry: LocalRegistry | undefined;
	let n8n: RunningN8n | undefined;
	try {
		// 1. The tarball, exactly as `npm publish` would upload it (needs a build: dist/).
		const root = packageRoot();
		const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' })
			.trim()
			.split('\n')
			.pop()!;
		const tarballPath = join(work, tarball);
		const tarballBytes = Number(execFileSync('stat', ['-c', '%s', tarballPath], { encoding: 'utf8' }).trim());
		const packSeconds = (Date.now() - started) / 1000;
		log(`packed ${tarball} (${tarballBytes} bytes)`);

		// 2. Published to a registry on loopback with npm's own client.
		registry = await startLocalRegistry();
		const npmrc = join(work, '.npmrc');
		writeFileSync(npmrc, `//${registry.url.replace(/^http:\/\//, '')}/:_authToken=${LOCAL_REGISTRY_TOKEN}\n`);
		// Not execFileSync: the registry answers from this very process.
		await promisify(execFile)(
			'npm',
			['publish', tarballPath, '--registry', registry.url, '--userconfig', npmrc, '--access', 'public', '--provenance=false'],
			{
				cwd: work,
				env: npmEnv(),
			},
		);
		log(`published to ${registry.url}`);

		// 3. A fresh n8n without the pack, its installer pointed at that registry.
		const n8nStarted = Date.now();
		n8n = await startN8n({
			withPack: false,
			env: { E2E_TESTS: 'true', N8N_COMMUNITY_PACKAGES_REGISTRY: registry.url, N8N_COMMUNITY_PACKAGES_ENABLED: 'true' },
		});
		const n8nStartSeconds = (Date.now() - n8nStarted) / 1000;
		log(`n8n ${n8nVersion()} up at ${n8n.url} in ${n8nStartSeconds.toFixed(1)} s`);
		const before = await n8n.api.nodeTypes();
		if (before.some((t) => t.name.startsWith(`${PACKAGE_NAME}.`))) throw new Error('The pack is already loaded before the install');
		await n8n.api.request('PATCH', '/rest/e2e/feature', { feature: 'feat:communityNodes:customRegistry', enabled: true });

		// 4. What the editor's Settings → Community Nodes → Install sends.
		const installStarted = Date.now();
		const answer = await n8n.api.request<{
			packageName: string;
			installedVersion: string;
			installedNodes: Array<{ name: string; type: string }>;
		}>('POST', '/rest/community-packages', { name: PACKAGE_NAME });
		const installSeconds = (Date.now() - installStarted) / 1000;
		log(`installed ${answer.packageName}@${answer.installedVersion} in ${installSeconds.toFixed(1)} s`);

		// 5. What the editor then offers.
		const nodeTypes = (await n8n.api.nodeTypes()).map((t) => t.name).filter((n) => n.startsWith(`${PACKAGE_NAME}.`));
		const credentialTypes = (await n8n.api.request<Array<{ name: string }>>('GET', '/types/credentials.json')).map((c) => c.name);
		const listed = (
			await n8n.api.request<Array<{ packageName: string; installedVersion: string; failedLoading?: boolean }>>(
				'GET',
				'/rest/community-packages',
			)
		).find((p) => p.packageName === PACKAGE_NAME);
		return {
			n8nVersion: n8nVersion(),
			tarball,
			tarballBytes,
			installed: {
				packageName: answer.packageName,
				installedVersion: answer.installedVersion,
				installedNodes: answer.installedNodes.map((n) => n.type),
			},
			nodeTypes: [...new Set(nodeTypes)].sort(),
			credentialTypes: credentialTypes.filter((c) => packCredentialTypes().includes(c)).sort(),
			listed: listed && { packageName: listed.packageName, installedVersion: listed.installedVersion, failedLoading: listed.failedLoading },
			registryRequests: [...registry.requests],
			seconds: { pack: packSeconds, n8nStart: n8nStartSeconds, install: installSeconds, total: (Date.now() - started) / 1000 },
		};
	} catch (e) {
		if (n8n) log(`n8n output (last lines):\n${n8n.output().slice(-3000)}`);
		throw e;
	} finally {
		await n8n?.stop();
		await registry?.stop();
		if (n8n) rmSync(n8n.userFolder, { recursive: true, force: true });
		rmSync(work, { recursive: true, force: true });
	}
}

/** The credential type names the pack declares (read from the built files package.json lists). */
export function packCredentialTypes(): string[] {
	const pkg = readJson<{ n8n: { credentials: string[] } }>(join(packageRoot(), 'package.json'));
	return pkg.n8n.credentials.map((file) => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const mod = require(join(packageRoot(), file)) as Record<string, new () => { name: string }>;
		return new (Object.values(mod)[0])().name;
	});
}

/** npm without the settings of an outer `npm run` (its registry, its userconfig). */
function npmEnv(): NodeJS.ProcessEnv {
	const env = { ...process.env };
	for (const k of Object.keys(env)) if (k.toLowerCase().startsWith('npm_config_')) delete env[k];
	return env;
}

if (require.main === module) {
	checkCommunityInstall({ log: (line) => console.log(line) })
		.then((r) => {
			console.log(JSON.stringify(r, null, 2));
			const nodes = r.nodeTypes.filter((n) => !n.endsWith('Tool'));
			console.log(
				`n8n ${r.n8nVersion}: installed ${r.installed.packageName}@${r.installed.installedVersion} through the Community Nodes installer; ` +
					`${nodes.length} nodes, ${r.credentialTypes.length} credentials; install ${r.seconds.install.toFixed(1)} s, total ${r.seconds.total.toFixed(1)} s`,
			);
		})
		.catch((e) => {
			console.error(e);
			process.exit(1);
		});
}
