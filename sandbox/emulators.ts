import type { Emulator } from './core/emulator';
import type { SandboxState } from './core/state';
import { SmsEmulator } from './messaging/sms';
import { WeComEmulator } from './wecom/emulator';
import type { WeComEmulatorOptions } from './wecom/emulator';
import { registerWeComAreas } from './wecom';
import { CRM_EMULATORS } from './crm';

export type { Emulator };

/** Per-emulator start options (seed sizes, token lifetimes), by emulator name. */
export interface EmulatorOptions {
	wecom?: WeComEmulatorOptions;
	hubspot?: object;
	salesforce?: object;
	fxiaoke?: object;
}

/** Every emulator the sandbox serves, by name. Add new ones here (CRM targets: sandbox/crm/index.ts). */
export function createEmulators(state: SandboxState, opts: EmulatorOptions): Record<string, Emulator> {
	return {
		wecom: new WeComEmulator(state, opts.wecom, registerWeComAreas),
		...Object.fromEntries(
			Object.values(CRM_EMULATORS).map((e) => [e.name, e.create(state, (opts as Record<string, object | undefined>)[e.name])]),
		),
		sms: new SmsEmulator(state),
	};
}
