import { CrmIo } from '../../../lib/crm/http';
import { fetchHttp } from '../../../lib/http/fetchHttp';
import { pushLeads } from '../../../lib/crm/push';
import type { PushConfig } from '../../../lib/crm/push';
import { LOST_ANSWER_WARNING } from '../../../lib/crm/runner';
import { clearFxiaokePacing } from '../../../lib/crm/targets/fxiaoke/client';
import type { LeadResult } from '../../../lib/crm/types';
import type { Fault } from '../../../sandbox/core/types';
import type { CrmWebhookEmulator } from '../../../sandbox/crm/webhook';
import type { FxiaokeEmulator } from '../../../sandbox/crm/fxiaoke';
import type { HubSpotEmulator } from '../../../sandbox/crm/hubspot';
import type { SalesforceEmulator } from '../../../sandbox/crm/salesforce';
import { useSandbox } from '../../helpers/sandbox';
import { sandboxCrmConfigs } from '../../helpers/crmSandboxConfigs';
import { leads, mapping, sqlLead } from './support';

/**
 * After a fault whose outcome is uncertain (5xx, reset after sending, spent retry budget) the
 * results say what the CRM holds: created/updated with a warning when the write landed, failed
 * only when it did not. `afterWrite` faults apply the write in the emulator and lose the answer.
 */
const ctx = useSandbox();
const { hsCfg, sfCfg, fxCfg } = sandboxCrmConfigs(() => ctx.sb.url);
beforeEach(() => clearFxiaokePacing());

/** An io whose waits move the sandbox clock; `onWait[n]` faults are injected before the n-th wait. */
function io(target: string, onWait: Array<Fault | Fault[]> = []) {
	let waits = 0;
	return new CrmIo(target, {
		http: fetchHttp,
		redoDelayMs: 10,
		sleep: async (ms) => {
			const f = onWait[waits++];
			if (f) await ctx.control.fault(f);
			await ctx.control.advanceClock(ms);
		},
	});
}

const statuses = (res: LeadResult[]) => res.map((r) => r.status);
const landed = (res: LeadResult[]) => res.map((r) => [r.status, r.warnings?.includes(LOST_ANSWER_WARNING) ?? false]);
const input = (n: number) => leads(n, 'email', (i) => sqlLead(i, { activities: [{ type: 'Trial form', at: '2025-06-11T08:00:00Z' }] }));

describe('Webhook: a delivery whose answer was lost', () => {
	const receiver = () => ctx.sb.emulators.crmWebhook as CrmWebhookEmulator;
	const cfg = (): PushConfig => ({ mapping: mapping('webhook'), webhook: { url: `${ctx.sb.url}/crm-webhook/xiaoshouyi` } });

	it('a lead created before a 500 is reported created, not skipped', async () => {
		await ctx.control.fault({ pathPrefix: '/crm-webhook', afterWrite: true, status: 500, body: { error: 'gateway' } });
		const res = await pushLeads(io('webhook'), cfg(), leads(1));
		expect(landed(res)).toEqual([['created', true]]);
		expect(receiver().deliveries).toHaveLength(1);
		expect(res[0].crmId).toBe(receiver().deliveries[0].id);
	});

	it('a connection reset after the request was sent: created once, with the warning', async () => {
		await ctx.control.fault({ pathPrefix: '/crm-webhook', afterWrite: true, reset: true });
		const res = await pushLeads(io('webhook'), cfg(), leads(2));
		expect(landed(res)).toEqual([
			['created', true],
			['created', false],
		]);
		expect(receiver().deliveries.map((d) => d.received)).toEqual([2, 1]);
	});

	it('a lead updated before a 500 is reported updated; a 500 that stored nothing is no warning', async () => {
		await pushLeads(io('webhook'), cfg(), leads(2));
		await ctx.control.fault([
			{ pathPrefix: '/crm-webhook', afterWrite: true, status: 502 },
			{ pathPrefix: '/crm-webhook', status: 503 },
		]);
		const res = await pushLeads(
			io('webhook'),
			cfg(),
			leads(2, 'email', (n) => sqlLead(n, { fitScore: 90 })),
		);
		expect(landed(res)).toEqual([
			['updated', true],
			['updated', false],
		]);
	});

	it('a key the receiver had before this run is still skipped', async () => {
		await pushLeads(io('webhook'), cfg(), leads(1));
		const res = await pushLeads(io('webhook'), cfg(), leads(1));
		expect(landed(res)).toEqual([['skipped', false]]);
	});
});

describe('Fxiaoke: leads stored before the retry budget ran out', () => {
	const fx = () => ctx.sb.emulators.fxiaoke as FxiaokeEmulator;
	const cfg = (): PushConfig => ({
		mapping: mapping('fxiaoke', { task: undefined }),
		fxiaoke: fxCfg(),
	});
	const create = '/fxiaoke/cgi/crm/v2/data/create';

	it('every create landed but answered 500: all created (with the warning), none failed or duplicated', async () => {
		await ctx.control.fault({ pathPrefix: create, afterWrite: true, status: 500, times: 3 });
		const res = await pushLeads(io('fxiaoke'), cfg(), leads(3));
		expect(landed(res)).toEqual([
			['created', true],
			['created', true],
			['created', true],
		]);
		expect(fx().leads.size).toBe(3);
		expect(res.map((r) => r.crmId)).toEqual(
			['lead1@example.com', 'lead2@example.com', 'lead3@example.com'].map((e) => [...fx().leads.values()].find((l) => l.email === e)!._id),
		);
	});

	it('only the leads the CRM lacks are failed', async () => {
		await ctx.control.fault([
			{ pathPrefix: create, afterWrite: true, status: 500 },
			{ pathPrefix: create, status: 500, times: 10 },
		]);
		const res = await pushLeads(io('fxiaoke'), cfg(), leads(3));
		expect(landed(res)).toEqual([
			['created', true],
			['failed', false],
			['failed', false],
		]);
		expect(res[1]).toMatchObject({ code: 'NO_ANSWER', reason: expect.stringContaining('a re-read shows it was not saved') });
		expect(fx().leads.size).toBe(1);
	});

	it('an update stored before the budget ran out is updated', async () => {
		await pushLeads(io('fxiaoke'), cfg(), leads(1));
		await ctx.control.fault({ pathPrefix: '/fxiaoke/cgi/crm/v2/data/update', afterWrite: true, status: 503 });
		// The redos cannot read: the budget runs out, then the last re-read sees the update.
		const res = await pushLeads(
			io('fxiaoke', [{ pathPrefix: '/fxiaoke/cgi/crm/v2/data/query', status: 503, times: 2 }]),
			cfg(),
			leads(1, 'email', (n) => sqlLead(n, { stage: 'opportunity' })),
		);
		expect(landed(res)).toEqual([['updated', true]]);
		expect([...fx().leads.values()][0].lead_stage__c).toBe('opportunity');
	});
});

describe('HubSpot: contacts, tasks and notes written before faults', () => {
	const hs = () => ctx.sb.emulators.hubspot as HubSpotEmulator;
	const cfg = (): PushConfig => ({
		mapping: mapping('hubspot'),
		hubspot: hsCfg(),
	});
	const objects = '/hubspot/crm/v3/objects';

	it('every write landed but answered 500: created with the warning, task and note on the contact, nothing failed', async () => {
		await ctx.control.fault([
			{ pathPrefix: `${objects}/contacts/batch/upsert`, afterWrite: true, status: 500 },
			{ pathPrefix: `${objects}/tasks/batch/create`, afterWrite: true, status: 500 },
			{ pathPrefix: `${objects}/notes/batch/create`, afterWrite: true, status: 500 },
		]);
		const res = await pushLeads(io('hubspot'), cfg(), input(2));
		expect(landed(res)).toEqual([
			['created', true],
			['created', true],
		]);
		expect(res.map((r) => [r.task?.status, r.activities?.map((a) => a.status)])).toEqual(Array(2).fill(['exists', ['exists']]));
		expect(hs().contacts.size).toBe(2);
		expect(hs().objects.tasks.size).toBe(2);
		expect(hs().objects.notes.size).toBe(2);
		expect(res.map((r) => r.crmId).sort()).toEqual([...hs().contacts.keys()].sort());
	});

	it('a reset after the upsert was sent: the redo finds the contacts and says the answer was lost', async () => {
		await ctx.control.fault({ pathPrefix: `${objects}/contacts/batch/upsert`, afterWrite: true, reset: true });
		const res = await pushLeads(io('hubspot'), cfg(), input(2));
		expect(landed(res)).toEqual([
			['created', true],
			['created', true],
		]);
		expect(res.map((r) => r.task?.status)).toEqual(['created', 'created']);
		expect(hs().contacts.size).toBe(2);
	});

	it('a task added to a known contact before the budget ran out is reported, the lead not failed', async () => {
		await pushLeads(io('hubspot'), { ...cfg(), mapping: mapping('hubspot', { task: undefined }) }, leads(1));
		await ctx.control.fault({ pathPrefix: `${objects}/tasks/batch/create`, afterWrite: true, status: 500 });
		const res = await pushLeads(io('hubspot', [{ pathPrefix: `${objects}/contacts/batch/read`, status: 503, times: 2 }]), cfg(), leads(1));
		expect(res[0]).toMatchObject({ status: 'skipped', reason: 'unchanged', task: { status: 'exists' } });
		expect(hs().objects.tasks.size).toBe(1);
	});

	it('a task the CRM lacks after the budget ran out is failed, the contact it holds is not', async () => {
		await ctx.control.fault([
			{ pathPrefix: `${objects}/contacts/batch/upsert`, afterWrite: true, status: 500 },
			{ pathPrefix: `${objects}/tasks/batch/create`, status: 500, times: 10 },
		]);
		const res = await pushLeads(io('hubspot'), cfg(), input(1));
		expect(landed(res)).toEqual([['created', true]]);
		expect(res[0].task).toMatchObject({ status: 'failed', reason: expect.stringContaining('not saved') });
		expect(hs().objects.tasks.size).toBe(0);
	});
});

describe('Salesforce: a composite call that landed without an answer', () => {
	const sf = () => ctx.sb.emulators.salesforce as SalesforceEmulator;
	const cfg = (): PushConfig => ({
		mapping: mapping('salesforce'),
		salesforce: { ...sfCfg(), externalIdField: 'WeCom_Lead_Key__c' },
	});
	const api = '/salesforce/services/data/v62.0';

	it('leads and tasks stored before the budget ran out are created, with the warning', async () => {
		await ctx.control.fault({ pathPrefix: `${api}/composite`, afterWrite: true, status: 500 });
		// The redos cannot read; the last re-read finds everything.
		const res = await pushLeads(io('salesforce', [{ pathPrefix: `${api}/query`, status: 503, times: 2 }]), cfg(), input(2));
		expect(landed(res)).toEqual([
			['created', true],
			['created', true],
		]);
		expect(res.map((r) => r.task?.status)).toEqual(['exists', 'exists']);
		expect(sf().leads.size).toBe(2);
		expect(sf().tasks.size).toBe(4);
	});

	it('a redo that finds the leads says the answer was lost', async () => {
		await ctx.control.fault({ pathPrefix: `${api}/composite`, afterWrite: true, reset: true });
		const res = await pushLeads(io('salesforce'), cfg(), input(1));
		expect(landed(res)).toEqual([['created', true]]);
		expect(sf().leads.size).toBe(1);
	});

	it('nothing stored: failed, saying a re-read found nothing', async () => {
		await ctx.control.fault({ pathPrefix: `${api}/composite`, status: 500, times: 10 });
		const res = await pushLeads(io('salesforce'), cfg(), input(2));
		expect(statuses(res)).toEqual(['failed', 'failed']);
		expect(res[0].reason).toContain('a re-read shows it was not saved');
		expect(sf().leads.size).toBe(0);
	});
});
