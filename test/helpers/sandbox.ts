import { startSandbox } from '../../sandbox/server';
import type { RunningSandbox, SandboxOptions } from '../../sandbox/server';
import { SandboxControl } from '../../sandbox/control';
import { SANDBOX_CORP } from '../../sandbox/wecom/data';
import { clearTokenCache } from '../../lib/common/tokenCache';
import { clearRobotPacing } from '../../lib/wecom/robot';

/** Starts a sandbox for a test file; resets it and the pack's caches before each test. */
export function useSandbox(opts: SandboxOptions = {}) {
	const ref = {} as { sb: RunningSandbox; control: SandboxControl; appCredentials: Record<string, unknown> };
	beforeAll(async () => {
		ref.sb = await startSandbox(opts);
		ref.control = new SandboxControl(ref.sb.url);
		ref.appCredentials = {
			corpId: SANDBOX_CORP.corpId,
			secret: SANDBOX_CORP.contactSecret,
			agentId: SANDBOX_CORP.agentId,
			baseUrl: ref.sb.url,
		};
	});
	beforeEach(async () => {
		clearTokenCache();
		clearRobotPacing();
		await ref.control.reset();
	});
	afterAll(async () => ref.sb?.close());
	return ref;
}
