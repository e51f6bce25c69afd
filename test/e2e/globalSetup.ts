import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { startSandbox } from '../../sandbox/server';
import { startN8n } from '../../scripts/n8n-runner';
import { E2E_STATE_FILE, writeState } from './state';

/** Shared with the template e2e tests, which compute when each message is due. */
export const TEMPLATE_TIME_SCALE = 1 / 20000;

/** One sandbox and one real n8n for the whole e2e run (n8n takes seconds to start). */
export default async function globalSetup(): Promise<void> {
	const sandbox = await startSandbox();
	// The one folder n8n's file nodes may read and write (tests put files there, e.g. a history to backtest).
	const filesDir = mkdtempSync(join(tmpdir(), 'wecom-growth-e2e-files-'));
	const n8n = await startN8n({
		env: {
			N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
			// Binary data on disk, so nodes stream files (the default of n8n 2.8.4 outside queue mode, set for every version).
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			WECOM_GROWTH_SANDBOX_URL: sandbox.url,
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
			// Template workflows multiply their waits by this (one day → about 4.3 s), see workflows/README.md.
			WECOM_GROWTH_TIME_SCALE: String(TEMPLATE_TIME_SCALE),
		},
	});
	(globalThis as any).__WECOM_GROWTH_E2E__ = { sandbox, n8n, filesDir };
	writeState({
		n8nUrl: n8n.url,
		sandboxUrl: sandbox.url,
		userFolder: n8n.userFolder,
		smtpPort: sandbox.smtpPort,
		session: n8n.api.session,
		filesDir,
	});
	process.env.WECOM_GROWTH_E2E_STATE = E2E_STATE_FILE;
}
