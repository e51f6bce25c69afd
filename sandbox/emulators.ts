import type { Router } from './core/router';
import type { SandboxState } from './core/state';
import type { SandboxOptions } from './server';
import { SmsEmulator } from './messaging/sms';
import { WeComEmulator } from './wecom/emulator';

/** One emulated API: its routes, and how to restore its seeded state. */
export interface Emulator {
	register(router: Router): void;
	reset(opts: Record<string, any>): void;
}

/** Every emulator the sandbox serves, by name. Add new ones here. */
export function createEmulators(state: SandboxState, opts: SandboxOptions): Record<string, Emulator> {
	return {
		wecom: new WeComEmulator(state, opts.wecom),
		sms: new SmsEmulator(state),
	};
}
