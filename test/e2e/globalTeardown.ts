import { rmSync } from 'fs';
import type { RunningSandbox } from '../../sandbox/server';
import type { RunningN8n } from '../../scripts/n8n-runner';

export default async function globalTeardown(): Promise<void> {
	const g = (globalThis as any).__WECOM_GROWTH_E2E__ as { sandbox: RunningSandbox; n8n: RunningN8n; filesDir?: string } | undefined;
	if (!g) return;
	await g.n8n.stop();
	await g.sandbox.close();
	rmSync(g.n8n.userFolder, { recursive: true, force: true });
	if (g.filesDir) rmSync(g.filesDir, { recursive: true, force: true });
}
