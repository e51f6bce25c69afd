import type { Router } from './core/router';
import type { SandboxState } from './core/state';
import type { SandboxOptions } from './server';
import { SmsEmulator } from './messaging/sms';
import { WeComEmulator } from './wecom/emulator';
import { FxiaokeEmulator } from './crm/fxiaoke';
import { HubSpotEmulator } from './crm/hubspot';
import { SalesforceEmulator } from './crm/salesforce';
import { CrmWebhookEmulator } from './crm/webhook';

/** One emulated API: its routes, and how to restore its seeded state. */
export interface Emulator {
	register(router: Router): void;
	reset(opts: Record<string, any>): void;
}

/** Every emulator the sandbox serves, by name. Add new ones here. */
export function createEmulators(state: SandboxState, opts: SandboxOptions): Record<string, Emulator> {
	return {
		wecom: new WeComEmulator(state, opts.wecom),
		hubspot: new HubSpotEmulator(state, (opts as { hubspot?: object }).hubspot),
		salesforce: new SalesforceEmulator(state, (opts as { salesforce?: object }).salesforce),
		fxiaoke: new FxiaokeEmulator(state, (opts as { fxiaoke?: object }).fxiaoke),
		crmWebhook: new CrmWebhookEmulator(state),
		sms: new SmsEmulator(state),
	};
}
