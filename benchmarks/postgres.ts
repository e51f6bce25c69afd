/**
 * A throw-away PostgreSQL (the Debian package) on loopback for benchmarks that need n8n on the
 * database production runs on. n8n 2.8.4 on SQLite stalls under concurrent executions that write
 * data tables (its pooled SQLite driver's write lock is never released), so bursts are measured
 * on PostgreSQL. Returns the n8n environment, or undefined when PostgreSQL is not installed.
 */
import { execFileSync } from 'child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePort } from '../scripts/n8n-runner';

export interface BenchPostgres {
	env: Record<string, string>;
	stop: () => void;
}

export async function startPostgres(): Promise<BenchPostgres | undefined> {
	const base = '/usr/lib/postgresql';
	const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(a) - Number(b)) : [];
	const bin = versions.length ? join(base, versions[versions.length - 1], 'bin') : '';
	if (!bin || !existsSync(join(bin, 'initdb'))) return undefined;
	const root = mkdtempSync(join(tmpdir(), 'wecom-growth-bench-pg-'));
	chmodSync(root, 0o755);
	const dir = join(root, 'pg');
	mkdirSync(dir);
	const asRoot = process.getuid?.() === 0;
	if (asRoot) {
		const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
		chownSync(dir, id('-u'), id('-g'));
	}
	chmodSync(dir, 0o700);
	// PostgreSQL refuses to run as root: run its tools as the postgres user.
	const pg = (cmd: string, args: string[]) =>
		asRoot
			? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' })
			: execFileSync(join(bin, cmd), args, { stdio: 'pipe' });
	const port = await freePort();
	pg('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale']);
	pg('pg_ctl', [
		'-D',
		join(dir, 'data'),
		'-l',
		join(dir, 'pg.log'),
		'-w',
		'start',
		'-o',
		`-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=100`,
	]);
	execFileSync(
		'psql',
		[
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-U',
			'postgres',
			'-qc',
			"CREATE USER n8n PASSWORD 'n8n'",
			'-c',
			'CREATE DATABASE n8n OWNER n8n',
		],
		{ stdio: 'pipe' },
	);
	return {
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: 'n8n',
			// n8n's default pool (2 connections, 20 s to get one) times out under a burst on a busy machine.
			DB_POSTGRESDB_POOL_SIZE: '10',
			DB_POSTGRESDB_CONNECTION_TIMEOUT: '120000',
		},
		stop: () => {
			try {
				pg('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
			} finally {
				rmSync(root, { recursive: true, force: true });
			}
		},
	};
}
