import type { CrmIo } from './http';
import { pushToFxiaoke } from './targets/fxiaoke/client';
import type { FxiaokeConfig } from './targets/fxiaoke/client';
import { pushToHubSpot } from './targets/hubspot/client';
import type { HubSpotConfig } from './targets/hubspot/client';
import { prepareLead } from './mapping';
import type { MappingConfig } from './mapping';
import { previewRequests } from './preview';
import { pushToSalesforce } from './targets/salesforce/client';
import type { SalesforceConfig } from './targets/salesforce/client';
import type { FieldValue, Lead, LeadResult, PreparedLead } from './types';
import { pushToWebhook } from './targets/webhook/client';
import type { WebhookConfig } from './targets/webhook/client';

export interface PushConfig {
	mapping: MappingConfig;
	hubspot?: HubSpotConfig;
	salesforce?: SalesforceConfig;
	fxiaoke?: FxiaokeConfig;
	webhook?: WebhookConfig;
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
		const p = prepareLead(index, lead, customFields ? { ...cfg.mapping, customFields: { ...cfg.mapping.customFields, ...customFields } } : cfg.mapping);
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

/** Pushes leads to the configured target; one result per input, in input order. */
export async function pushLeads(io: CrmIo, cfg: PushConfig, inputs: LeadInput[]): Promise<LeadResult[]> {
	const { send, skipped } = plan(cfg, inputs);
	let pushed: LeadResult[] = [];
	if (send.length) {
		switch (cfg.mapping.target) {
			case 'hubspot':
				pushed = await pushToHubSpot(io, need(cfg.hubspot, 'hubspot'), send);
				break;
			case 'salesforce':
				pushed = await pushToSalesforce(io, need(cfg.salesforce, 'salesforce'), send);
				break;
			case 'fxiaoke':
				pushed = await pushToFxiaoke(io, need(cfg.fxiaoke, 'fxiaoke'), send);
				break;
			case 'webhook':
				pushed = await pushToWebhook(io, { ...need(cfg.webhook, 'webhook'), matchOn: cfg.mapping.matchOn }, send);
				break;
		}
	}
	return [...pushed, ...skipped].sort((a, b) => a.index - b.index);
}

/** Dry run: what each lead would send, with no call to the CRM. */
export function previewLeads(cfg: PushConfig, inputs: LeadInput[]) {
	const { send, skipped } = plan(cfg, inputs);
	return [
		...send.map((p) => ({ index: p.index, status: 'dryRun' as const, matchValue: p.matchValue, requests: previewRequests(cfg, p) })),
		...skipped,
	].sort((a, b) => a.index - b.index);
}

function need<T>(v: T | undefined, target: string): T {
	if (!v) throw new Error(`No ${target} configuration given`);
	return v;
}

export type { CrmIo };
