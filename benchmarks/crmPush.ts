/**
 * CRM Push benchmark (`node dist/benchmarks/crmPush.js`), against the local sandbox: pushes 1,000
 * sales-ready leads (each with an SDR follow-up task) to every target, then pushes them again.
 * Prints API calls and time against the fewest calls the CRM's batch limits allow:
 *   HubSpot     100 contacts per batch upsert + 100 tasks per batch create   → 20 writes
 *   Salesforce  25 subrequests per composite (1 lead upsert + 1 task each)   → 80 composites
 *   Fxiaoke     no batch create: 1 token + 1 create per lead                 → 1,001 calls
 *   Webhook     one POST per lead                                            → 1,000 calls
 * The extra calls are the reads that make the push idempotent (one per 100 leads, or per 1,000
 * for HubSpot associations). Fxiaoke's 100-calls-per-20-s pacing is off here; the floor it
 * imposes on a real account is printed beside the figures.
 */
import { clearFxiaokePacing, FXIAOKE_PACE } from '../lib/crm/targets/fxiaoke/client';
import { CrmIo } from '../lib/crm/http';
import { leadSchemaFor, rawLeadFromItem } from '../lib/crm/lead';
import { pushLeads } from '../lib/crm/push';
import type { LeadInput, PushConfig } from '../lib/crm/push';
import type { CrmTarget, Lead, LeadResult } from '../lib/crm/types';
import { fetchHttp } from '../lib/http/fetchHttp';
import { clearTokenCache } from '../lib/common/tokenCache';
import { SandboxControl } from '../sandbox/control';
import { SANDBOX_FXIAOKE } from '../sandbox/crm/fxiaoke';
import { SANDBOX_HUBSPOT_TOKEN } from '../sandbox/crm/hubspot';
import { SANDBOX_SF_TOKEN } from '../sandbox/crm/salesforce';
import { startSandbox } from '../sandbox/server';

const LEADS = 1000;

function leads(): LeadInput[] {
	return Array.from({ length: LEADS }, (_, i) => {
		const raw = rawLeadFromItem({
			email: `bench${i}@example.com`,
			name: `Bench Lead ${i}`,
			company: `Company ${i % 97}`,
			externalUserId: `wmBENCH${i}`,
			stage: 'sql',
			engagementScore: 40 + (i % 50),
			fitScore: 70,
			salesReady: true,
			source: {
				channel: 'wecom-group',
				groupId: `wrG${i % 20}`,
				groupName: `MarTech group ${i % 20}`,
				state: 'live0612',
				campaign: 'spring',
				sdrUserId: `sdr${i % 5}`,
			},
		});
		return { index: i, lead: leadSchemaFor('email').parse(raw) as Lead };
	});
}

function config(target: CrmTarget, url: string): PushConfig {
	return {
		mapping: {
			target,
			matchOn: 'email',
			task: { enabled: true, subject: 'Follow up: {name} from {groupName}', dueInHours: 24, priority: 'HIGH' },
			logActivities: false,
		},
		hubspot: { token: SANDBOX_HUBSPOT_TOKEN, baseUrl: `${url}/hubspot`, idProperty: 'email', lifecycleBackward: 'keep' },
		salesforce: { instanceUrl: `${url}/salesforce`, accessToken: SANDBOX_SF_TOKEN, externalIdField: 'WeCom_Lead_Key__c' },
		fxiaoke: {
			...SANDBOX_FXIAOKE,
			currentOpenUserId: SANDBOX_FXIAOKE.openUserId,
			baseUrl: `${url}/fxiaoke`,
			matchField: 'email',
			pace: false,
		},
		webhook: { url: `${url}/crm-webhook/bench`, secret: 'bench-secret', signatureHeader: 'X-Signature-256' },
	};
}

const MINIMUM: Record<CrmTarget, number> = {
	hubspot: Math.ceil(LEADS / 100) * 2,
	salesforce: Math.ceil((LEADS * 2) / 25),
	fxiaoke: 1 + LEADS,
	webhook: LEADS,
};

function tally(results: LeadResult[]): string {
	const n: Record<string, number> = {};
	for (const r of results) n[r.status] = (n[r.status] ?? 0) + 1;
	return Object.entries(n)
		.map(([k, v]) => `${v} ${k}`)
		.join(', ');
}

export async function main(): Promise<void> {
	const sb = await startSandbox();
	const control = new SandboxControl(sb.url);
	const input = leads();
	console.log(`CRM Push: ${LEADS} leads with an SDR task each, sandbox on ${sb.url}`);
	console.log('target       run     calls  minimum  ratio   time     results');
	try {
		for (const target of ['hubspot', 'salesforce', 'fxiaoke', 'webhook'] as CrmTarget[]) {
			await control.reset();
			clearTokenCache();
			clearFxiaokePacing();
			for (const run of ['first', 'again']) {
				const io = new CrmIo(target, { http: fetchHttp });
				const t0 = process.hrtime.bigint();
				const results = await pushLeads(io, config(target, sb.url), input);
				const ms = Number(process.hrtime.bigint() - t0) / 1e6;
				const min = run === 'first' ? MINIMUM[target] : 0;
				console.log(
					`${target.padEnd(12)} ${run.padEnd(7)} ${String(io.calls).padStart(5)}  ${String(min).padStart(7)}  ${(min ? (io.calls / min).toFixed(2) + 'x' : '-').padStart(5)}  ${(ms / 1000).toFixed(2).padStart(6)} s  ${tally(results)}`,
				);
			}
		}
		const floor = (Math.ceil(LEADS / FXIAOKE_PACE.calls) - 1) * (FXIAOKE_PACE.windowMs / 1000);
		console.log(
			`Fxiaoke pacing floor on a real account (${FXIAOKE_PACE.calls} calls / ${FXIAOKE_PACE.windowMs / 1000} s per interface): ≥ ${floor} s for ${LEADS} creates`,
		);
	} finally {
		await sb.close();
	}
}

if (require.main === module) void main();
