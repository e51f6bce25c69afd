import type { Emulator } from './core/emulator';
import type { SandboxState } from './core/state';
import { SmsEmulator } from './messaging/sms';
import { WeComEmulator } from './wecom/emulator';
import type { WeComEmulatorOptions } from './wecom/emulator';
import { registerWeComAreas } from './wecom';
import { FxiaokeEmulator } from './crm/fxiaoke';
import { HubSpotEmulator } from './crm/hubspot';
import { SalesforceEmulator } from './crm/salesforce';
import { CrmWebhookEmulator } from './crm/webhook';

export type { Emulator };

/** Per-emulator start options (seed sizes, token lifetimes), by emulator name. */
export interface EmulatorOptions {
	wecom?: WeComEmulatorOptions;
	hubspot?: object;
	salesforce?: object;
	fxiaoke?: object;
}

/** Every emulator the sandbox serves, by name. Add new ones here. */
export function createEmulators(state: SandboxState, opts: EmulatorOptions): Record<string, Emulator> {
	return {
		wecom: new WeComEmulator(state, opts.wecom, registerWeComAreas),
		hubspot: new HubSpotEmulator(state, opts.hubspot),
		salesforce: new SalesforceEmulator(state, opts.salesforce),
		fxiaoke: new FxiaokeEmulator(state, opts.fxiaoke),
		crmWebhook: new CrmWebhookEmulator(state),
		sms: new SmsEmulator(state),
	};
}
