import type { Router } from './router';
import type { SandboxState } from './state';

/** One emulated API: its routes, and how to restore its seeded state. */
export interface Emulator {
	register(router: Router): void;
	reset(opts: Record<string, any>): void;
}

/** How the sandbox creates the emulator of a CRM Push target (sandbox/crm/<target id>.ts). */
export interface CrmEmulatorEntry {
	/** Its name in the sandbox (`sandbox.emulators[name]`, the control API). */
	name: string;
	create(state: SandboxState, opts?: object): Emulator;
}
