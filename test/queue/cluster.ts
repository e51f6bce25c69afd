/**
 * n8n in queue mode, for real: Redis and PostgreSQL (the Debian packages, started here on loopback in
 * a temporary data folder), one main, two workers and one webhook processor, each with this pack
 * installed in its own user folder as the Community Nodes installer would. Recipe and pitfalls:
 * README "Queue mode".
 *
 * The main also serves production webhooks (as it does unless N8N_DISABLE_PRODUCTION_MAIN_PROCESS is
 * set), so a test can send WeCom's retry of a callback to a different process than the original.
 *
 * Teardown holds however the run ends. Every process started here is recorded in the cluster's state
 * file (n8n processes and Redis lead their own process groups; PostgreSQL by its postmaster.pid):
 * stop() ends them in order; SIGINT/SIGTERM to the test run reap them before it exits; a detached
 * reaper (reaper.js) reaps them when the test run dies any other way (SIGKILL, a crash); and the
 * queue project's global teardown reaps what a start still under way after a timeout left behind.
 */
import { execFileSync, spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { N8nApi, ensureN8nRuntime, freePort, installPack } from '../../scripts/n8n-runner';

export interface QueueCluster {
	/** The main process: editor, REST API, and production webhooks too. */
	mainUrl: string;
	/** The webhook processor (`n8n webhook`). */
	webhookUrl: string;
	api: N8nApi;
	/** Output of each n8n process so far (for failing tests). */
	logs(): Record<string, string>;
	/** Lines of each process's output that match (e.g. which worker ran which execution). */
	grep(re: RegExp): Record<string, number>;
	stop(): Promise<void>;
}

interface Proc {
	name: string;
	child: ChildProcess;
	log: string;
	exited: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const REAPER = join(__dirname, 'reaper.js');
/** What reaper.js reads: the processes to end and the folder to remove. */
interface ClusterState {
	owner: number;
	root: string;
	groups: number[];
	redisPid: number;
	pgData: string;
}

/** Clusters of this process not yet stopped (also those still starting), by state file. */
const live = new Map<string, () => Promise<void>>();

/** Stops every cluster this process started, including one whose start a timeout abandoned. */
export async function stopAllQueueClusters(): Promise<void> {
	await Promise.all([...live.values()].map((stop) => stop()));
}

/** Reaps, synchronously, the clusters a test run (by PID) left behind: for a global teardown. */
export function reapLeftClusters(owner = process.pid): string[] {
	const reaped: string[] = [];
	for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith('wecom-growth-queue-') && !n.includes('-logs-'))) {
		const file = join(tmpdir(), name, 'cluster.json');
		try {
			if ((JSON.parse(readFileSync(file, 'utf8')) as ClusterState).owner !== owner) continue;
		} catch {
			continue;
		}
		execFileSync(process.execPath, [REAPER, file, 'now'], { stdio: 'ignore', timeout: 60_000 });
		reaped.push(file);
	}
	return reaped;
}

function onSignal(signal: NodeJS.Signals): void {
	for (const file of live.keys()) {
		try {
			execFileSync(process.execPath, [REAPER, file, 'now'], { stdio: 'ignore', timeout: 30_000 });
		} catch {
			// the detached reaper is still there
		}
	}
	process.exit(signal === 'SIGINT' ? 130 : 143);
}

function watchSignals(on: boolean): void {
	for (const sig of ['SIGINT', 'SIGTERM'] as const) {
		process.removeListener(sig, onSignal);
		if (on) process.on(sig, onSignal);
	}
}

function postgresBin(): string {
	const base = '/usr/lib/postgresql';
	const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(a) - Number(b)) : [];
	const bin = versions.length ? join(base, versions[versions.length - 1], 'bin') : '';
	if (!bin || !existsSync(join(bin, 'initdb'))) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (see .ci/run)');
	return bin;
}

function requireCommand(cmd: string, pkg: string): void {
	try {
		execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
	} catch {
		throw new Error(`${cmd} is not installed: apt-get install -y ${pkg} (see .ci/run)`);
	}
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// the group is gone already
	}
}

async function until(
	what: string,
	check: () => Promise<boolean>,
	timeoutMs: number,
	procs: Proc[] = [],
	stopped: () => void = () => undefined,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		stopped();
		const dead = procs.find((p) => p.exited);
		if (dead) throw new Error(`n8n ${dead.name} exited while waiting for ${what}:\n${dead.log.slice(-4000)}`);
		if (await check().catch(() => false)) return;
		if (Date.now() > deadline)
			throw new Error(
				`Timed out waiting for ${what}${procs.length ? `:\n${procs.map((p) => `--- ${p.name}\n${p.log.slice(-1500)}`).join('\n')}` : ''}`,
			);
		await sleep(250);
	}
}

export interface QueueClusterOptions {
	/** Extra environment for every n8n process (e.g. the sandbox URL). */
	env?: Record<string, string>;
	workerConcurrency?: number;
}

export async function startQueueCluster(o: QueueClusterOptions = {}): Promise<QueueCluster> {
	requireCommand('redis-server', 'redis-server');
	const pgBin = postgresBin();
	const { node, bin } = ensureN8nRuntime();
	const root = mkdtempSync(join(tmpdir(), 'wecom-growth-queue-'));
	chmodSync(root, 0o755); // the postgres user must be able to traverse it
	const asRoot = process.getuid?.() === 0;
	const asPostgres = (cmd: string, args: string[]) =>
		(asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]) as [string, string[]];
	const cleanups: Array<() => Promise<void> | void> = [];
	const procs: Proc[] = [];
	const stateFile = join(root, 'cluster.json');
	const state: ClusterState = { owner: process.pid, root, groups: [], redisPid: 0, pgData: '' };
	const save = () => writeFileSync(stateFile, JSON.stringify(state));
	save();
	// Outlives this process: reaps the cluster if the test run dies without stopping it.
	const reaper = spawn(process.execPath, [REAPER, stateFile, 'watch', String(process.pid)], { detached: true, stdio: 'ignore' });
	reaper.unref();
	let stopping: Promise<void> | undefined;

	const stop = () =>
		(stopping ??= (async () => {
			for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
			cleanups.length = 0;
			// Keep the processes' output of the last run for a look after a failure.
			const logs = join(tmpdir(), `wecom-growth-queue-logs-${process.pid}`);
			mkdirSync(logs, { recursive: true });
			for (const p of procs) writeFileSync(join(logs, `${p.name}.log`), p.log);
			rmSync(root, { recursive: true, force: true });
			if (reaper.exitCode === null) reaper.kill('SIGTERM');
			live.delete(stateFile);
			if (!live.size) watchSignals(false);
		})());
	live.set(stateFile, stop);
	watchSignals(true);
	/** A start abandoned by a timeout must not go on starting processes after its stop. */
	const checkNotStopped = () => {
		if (stopping) throw new Error('the queue cluster was stopped while starting');
	};

	try {
		// Redis, as a child of this process (no daemon to reap).
		const redisPort = await freePort();
		const redis = spawn(
			'redis-server',
			['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', root],
			{ stdio: 'ignore', detached: true },
		);
		state.redisPid = redis.pid ?? 0;
		save();
		cleanups.push(
			() =>
				new Promise<void>((res) => {
					if (redis.exitCode !== null) return res();
					redis.once('exit', () => res());
					redis.kill('SIGTERM');
				}),
		);
		await until(
			'Redis',
			async () =>
				execFileSync('redis-cli', ['-p', String(redisPort), 'ping'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes(
					'PONG',
				),
			10_000,
		);

		// PostgreSQL: its own data folder and socket folder; it refuses to run as root.
		const pgPort = await freePort();
		const pgDir = join(root, 'pg');
		mkdirSync(pgDir);
		if (asRoot) {
			const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
			const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
			chownSync(pgDir, uid, gid);
		}
		chmodSync(pgDir, 0o700);
		const pg = (cmd: string, args: string[]) => {
			const [c, a] = asPostgres(join(pgBin, cmd), args);
			execFileSync(c, a, { stdio: 'pipe' });
		};
		pg('initdb', ['-D', join(pgDir, 'data'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale']);
		pg('pg_ctl', [
			'-D',
			join(pgDir, 'data'),
			'-l',
			join(pgDir, 'pg.log'),
			'-w',
			'start',
			'-o',
			`-p ${pgPort} -k ${pgDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
		]);
		state.pgData = join(pgDir, 'data');
		save();
		cleanups.push(() => pg('pg_ctl', ['-D', join(pgDir, 'data'), '-m', 'fast', '-w', 'stop']));
		execFileSync(
			'psql',
			[
				'-h',
				'127.0.0.1',
				'-p',
				String(pgPort),
				'-U',
				'postgres',
				'-qc',
				"CREATE USER n8n PASSWORD 'n8n'",
				'-c',
				'CREATE DATABASE n8n OWNER n8n',
			],
			{ stdio: 'pipe' },
		);

		const [mainPort, webhookPort] = [await freePort(), await freePort()];
		const mainUrl = `http://127.0.0.1:${mainPort}`;
		const webhookUrl = `http://127.0.0.1:${webhookPort}`;
		const common: Record<string, string> = {
			NODE_ENV: 'production',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(pgPort),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: 'n8n',
			N8N_ENCRYPTION_KEY: 'wecom-growth-queue-test-key',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			WEBHOOK_URL: `${webhookUrl}/`,
			N8N_EDITOR_BASE_URL: mainUrl,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			GENERIC_TIMEZONE: 'Asia/Shanghai',
			N8N_LOG_LEVEL: 'info',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			...(o.env ?? {}),
		};
		const base = { ...process.env };
		for (const k of Object.keys(base)) if (k.startsWith('JEST') || k.startsWith('N8N_') || k === 'NODE_OPTIONS') delete base[k];

		const launch = (name: string, args: string[], env: Record<string, string>): Proc => {
			checkNotStopped();
			const folder = join(root, 'uf', name);
			mkdirSync(folder, { recursive: true });
			installPack(folder);
			// Own process group: stopping it also stops the process's task-runner child.
			const child = spawn(node, [bin, ...args], {
				env: { ...base, ...common, N8N_USER_FOLDER: folder, ...env },
				stdio: ['ignore', 'pipe', 'pipe'],
				detached: true,
			});
			state.groups.push(child.pid!);
			save();
			const p: Proc = { name, child, log: '', exited: false };
			const collect = (b: Buffer) => {
				p.log += b.toString();
				if (p.log.length > 400_000) p.log = p.log.slice(-200_000);
			};
			child.stdout!.on('data', collect);
			child.stderr!.on('data', collect);
			child.on('exit', () => (p.exited = true));
			procs.push(p);
			cleanups.push(
				() =>
					new Promise<void>((res) => {
						if (p.exited) return res();
						const kill = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), 10_000);
						child.once('exit', () => {
							clearTimeout(kill);
							res();
						});
						signalGroup(child.pid!, 'SIGTERM');
					}),
			);
			return p;
		};

		// The main runs the migrations: start it alone on the fresh database.
		const main = launch('main', ['start'], { N8N_PORT: String(mainPort), N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		await until('the main process', async () => (await fetch(`${mainUrl}/rest/settings`)).status === 200, 240_000, [main], checkNotStopped);

		const concurrency = String(o.workerConcurrency ?? 5);
		const started = [launch('webhook', ['webhook'], { N8N_PORT: String(webhookPort) })];
		const healthPorts: number[] = [];
		for (const name of ['worker1', 'worker2']) {
			const health = await freePort();
			healthPorts.push(health);
			started.push(
				launch(name, ['worker', `--concurrency=${concurrency}`], {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(health),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				}),
			);
		}
		// The webhook routes come after readiness: n8n's JSON 404 (not Express's HTML one) means they are mounted.
		await until(
			'the webhook processor',
			async () => ((await fetch(`${webhookUrl}/webhook/__probe__`)).headers.get('content-type') ?? '').includes('json'),
			240_000,
			started,
			checkNotStopped,
		);
		for (const port of healthPorts)
			await until(
				'a worker',
				async () => (await fetch(`http://127.0.0.1:${port}/healthz/readiness`)).status === 200,
				240_000,
				started,
				checkNotStopped,
			);

		const api = new N8nApi(mainUrl);
		// Under load the owner routes and the database check can lag behind /rest/settings: retry.
		let lastError = '';
		await until(
			'the owner set-up',
			async () => {
				try {
					await api.setupOwner();
					return true;
				} catch (e) {
					lastError = (e as Error).message.slice(0, 300);
					return false;
				}
			},
			120_000,
			[main],
			checkNotStopped,
		).catch((e) => {
			throw new Error(`${(e as Error).message}\n(last answer: ${lastError})`);
		});
		return {
			mainUrl,
			webhookUrl,
			api,
			logs: () => Object.fromEntries(procs.map((p) => [p.name, p.log])),
			grep: (re) => Object.fromEntries(procs.map((p) => [p.name, p.log.split('\n').filter((l) => re.test(l)).length])),
			stop,
		};
	} catch (e) {
		await stop();
		throw e;
	}
}
