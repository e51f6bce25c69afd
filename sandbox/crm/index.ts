import type { CrmTargetId } from '../../lib/crm/targets';
import type { Emulator } from '../core/emulator';
import type { SandboxState } from '../core/state';
import { FxiaokeEmulator } from './fxiaoke';
import { HubSpotEmulator } from './hubspot';
import { SalesforceEmulator } from './salesforce';
import { CrmWebhookEmulator } from './webhook';

export interface CrmEmulatorEntry {
	/** Its name in the sandbox (`sandbox.emulators[name]`, the control API). */
	name: string;
	create(state: SandboxState, opts?: object): Emulator;
}

/**
 * One emulator per CRM Push target, keyed like lib/crm/targets: a target added there without an
 * emulator here does not compile. Each file is named after its target.
 */
export const CRM_EMULATORS: Record<CrmTargetId, CrmEmulatorEntry> = {
	hubspot: { name: 'hubspot', create: (state, opts) => new HubSpotEmulator(state, opts) },
	salesforce: { name: 'salesforce', create: (state, opts) => new SalesforceEmulator(state, opts) },
	fxiaoke: { name: 'fxiaoke', create: (state, opts) => new FxiaokeEmulator(state, opts) },
	webhook: { name: 'crmWebhook', create: (state) => new CrmWebhookEmulator(state) },
};
