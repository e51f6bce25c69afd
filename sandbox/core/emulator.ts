import type { Router } from './router';

/** One emulated API: its routes, and how to restore its seeded state. */
export interface Emulator {
	register(router: Router): void;
	reset(opts: Record<string, any>): void;
}
