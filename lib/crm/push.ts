import type { CrmIo } from './http';
import { prepareLead } from './mapping';
import type { MappingConfig } from './mapping';
import { crmTarget } from './targets';
import type { CrmTargetId, PreviewRequest, TargetConfig } from './targets';
import type { FieldValue, Lead, LeadResult, PreparedLead } from './types';

/** Each target's client config under its id (`hubspot`, `salesforce`...); only the mapped target's is read. */
export type TargetConfigs = { [K in CrmTargetId]?: TargetConfig<K> };

export interface PushConfig extends TargetConfigs {
	mapping: MappingConfig;
	/** Leads whose `salesReady` is not true are reported as skipped and not sent. */
	onlySalesReady?: boolean;
}

export interface LeadInput {
	index: number;
	lead: Lead;
	/** Per-item custom fields (CRM field → value), on top of the mapping's. */
	customFields?: Record<string, FieldValue>;
}

/** Splits the input into leads to send and leads skipped before any call (not sales-ready, repeated). */
export function plan(cfg: PushConfig, inputs: LeadInput[]): { send: PreparedLead[]; skipped: LeadResult[] } {
	const send: PreparedLead[] = [];
	const skipped: LeadResult[] = [];
	const seen = new Map<string, number>();
	for (const { index, lead, customFields } of inputs) {
		const p = prepareLead(
			index,
			lead,
			customFields ? { ...cfg.mapping, customFields: { ...cfg.mapping.customFields, ...customFields } } : cfg.mapping,
		);
		if (cfg.onlySalesReady && lead.salesReady !== true) {
			skipped.push({ index, status: 'skipped', matchValue: p.matchValue, reason: 'not sales-ready (salesReady is not true)' });
			continue;
		}
		const first = seen.get(p.key);
		if (first !== undefined) {
			skipped.push({ index, status: 'skipped', matchValue: p.matchValue, reason: `same lead as item ${first + 1} in this run` });
			continue;
		}
		seen.set(p.key, index);
		send.push(p);
	}
	return { send, skipped };
}

/** The target's definition and its config from the push config. */
function targetOf(cfg: PushConfig) {
	const target = crmTarget(cfg.mapping.target);
	const config = cfg[target.id as CrmTargetId];
	if (!config) throw new Error(`No ${target.id} configuration given`);
	return { target, config, ctx: { matchOn: cfg.mapping.matchOn } };
}

/** Pushes leads to the configured target; one result per input, in input order. */
export async function pushLeads(io: CrmIo, cfg: PushConfig, inputs: LeadInput[]): Promise<LeadResult[]> {
	const { send, skipped } = plan(cfg, inputs);
	let pushed: LeadResult[] = [];
	if (send.length) {
		const { target, config, ctx } = targetOf(cfg);
		pushed = await target.push(io, config, send, ctx);
	}
	return [...pushed, ...skipped].sort((a, b) => a.index - b.index);
}

/** Dry run: what each lead would send, with no call to the CRM. */
export function previewLeads(cfg: PushConfig, inputs: LeadInput[]) {
	const { send, skipped } = plan(cfg, inputs);
	const requests = (p: PreparedLead): PreviewRequest[] => {
		const { target, config, ctx } = targetOf(cfg);
		return target.preview(config, p, ctx);
	};
	return [
		...send.map((p) => ({ index: p.index, status: 'dryRun' as const, matchValue: p.matchValue, requests: requests(p) })),
		...skipped,
	].sort((a, b) => a.index - b.index);
}

export type { CrmIo };
