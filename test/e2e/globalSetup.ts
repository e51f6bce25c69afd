import { startSandbox } from '../../sandbox/server';
import { startN8n } from '../../scripts/n8n-runner';
import { E2E_STATE_FILE, writeState } from './state';

/** One sandbox and one real n8n for the whole e2e run (n8n takes seconds to start). */
export default async function globalSetup(): Promise<void> {
	const sandbox = await startSandbox();
	const n8n = await startN8n({ env: { WECOM_GROWTH_SANDBOX_URL: sandbox.url, N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false' } });
	(globalThis as any).__WECOM_GROWTH_E2E__ = { sandbox, n8n };
	writeState({ n8nUrl: n8n.url, sandboxUrl: sandbox.url, userFolder: n8n.userFolder });
	process.env.WECOM_GROWTH_E2E_STATE = E2E_STATE_FILE;
}
