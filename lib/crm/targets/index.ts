import { fxiaoke } from './fxiaoke';
import { hubspot } from './hubspot';
import { salesforce } from './salesforce';
import type { CrmTargetDef } from './types';
import { webhook } from './webhook';

/**
 * Every CRM Push target, in the editor's order. A new target is a folder beside these
 * (index.ts: its definition, client.ts: its API calls) and one line here; ARCHITECTURE.md lists
 * the other files it brings (credential, emulator, test, docs).
 */
export const CRM_TARGETS = {
	hubspot,
	salesforce,
	fxiaoke,
	webhook,
};

export type CrmTargetId = keyof typeof CRM_TARGETS;

/** The config type a target's client takes. */
export type TargetConfig<K extends CrmTargetId> =
	(typeof CRM_TARGETS)[K] extends CrmTargetDef<infer C, Record<string, unknown>> ? C : never;

export const CRM_TARGET_LIST: Array<CrmTargetDef> = Object.values(CRM_TARGETS);

export function crmTarget(id: string): CrmTargetDef {
	const t = (CRM_TARGETS as Record<string, CrmTargetDef>)[id];
	if (!t) throw new Error(`Unknown CRM target "${id}" (one of ${Object.keys(CRM_TARGETS).join(', ')})`);
	return t;
}

export type { Connection as TargetConnection, CrmTargetDef, EditorField, PreviewRequest } from './types';
