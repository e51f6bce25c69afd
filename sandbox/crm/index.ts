import { CRM_TARGETS } from '../../lib/crm/targets';
import type { CrmTargetId } from '../../lib/crm/targets';
import type { CrmEmulatorEntry } from '../core/emulator';

export type { CrmEmulatorEntry };

/** Loads sandbox/crm/<target id>.ts, which exports its `crmEmulator`. */
function emulatorOf(id: string): CrmEmulatorEntry {
	// eslint-disable-next-line @typescript-eslint/no-var-requires
	const mod = require(`./${id}`) as { crmEmulator?: CrmEmulatorEntry };
	if (!mod.crmEmulator) throw new Error(`sandbox/crm/${id}.ts must export crmEmulator (the emulator of the CRM target "${id}")`);
	return mod.crmEmulator;
}

/**
 * One emulator per CRM Push target of lib/crm/targets, found by the target's id: a new target
 * brings sandbox/crm/<id>.ts exporting `crmEmulator`, and nothing here changes.
 */
export const CRM_EMULATORS = Object.fromEntries(Object.keys(CRM_TARGETS).map((id) => [id, emulatorOf(id)])) as Record<
	CrmTargetId,
	CrmEmulatorEntry
>;
