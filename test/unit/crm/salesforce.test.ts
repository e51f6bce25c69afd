import { pushLeads } from '../../../lib/crm/push';
import type { PushConfig } from '../../../lib/crm/push';
import type { SalesforceConfig } from '../../../lib/crm/targets/salesforce/client';
import { soqlString } from '../../../lib/crm/targets/salesforce/client';
import type { SalesforceEmulator } from '../../../sandbox/crm/salesforce';
import { SANDBOX_SF_TOKEN } from '../../../sandbox/crm/salesforce';
import { useSandbox } from '../../helpers/sandbox';
import { sandboxCrmConfigs } from '../../helpers/crmSandboxConfigs';
import { leads, mapping, sqlLead, testIo } from './support';

const ctx = useSandbox();
const sf = () => ctx.sb.emulators.salesforce as SalesforceEmulator;
const { sfCfg } = sandboxCrmConfigs(() => ctx.sb.url);
const sfConfig = (extra: Partial<SalesforceConfig> = {}): SalesforceConfig => ({
	...sfCfg(),
	externalIdField: 'WeCom_Lead_Key__c',
	...extra,
});
const config = (extra: Partial<PushConfig> = {}): PushConfig => ({
	mapping: mapping('salesforce', { ownerMap: { 'sdr.wang': '0055g00000SDRWANG' } }),
	salesforce: sfConfig(),
	...extra,
});
const push = (cfg: PushConfig, input: ReturnType<typeof leads>) => pushLeads(testIo('salesforce', ctx.control).io, cfg, input);
const leadByKey = (v: string) => [...sf().leads.values()].find((l) => l.WeCom_Lead_Key__c === v)!;

describe('Salesforce push', () => {
	it('upserts leads by external ID with source fields and a task, in one query and one composite call', async () => {
		const input = leads(3, 'email', (n) => sqlLead(n, { activities: [{ type: 'Trial form', at: '2025-06-11T08:00:00Z' }] }));
		const res = await push(config(), input);
		expect(res.map((r) => [r.status, r.task?.status, r.activities?.[0].status])).toEqual(Array(3).fill(['created', 'created', 'created']));
		const l = leadByKey('lead1@example.com');
		expect(res[0].crmId).toBe(l.Id);
		expect(l).toMatchObject({
			LastName: '1',
			FirstName: 'Li Na',
			Company: 'Acme 1',
			Email: 'lead1@example.com',
			LeadSource: 'wecom-group',
			WeCom_Group_ID__c: 'wrGROUP1',
			WeCom_Group_Name__c: 'MarTech group 6',
			WeCom_Join_State__c: 'live0612',
			Inviting_SDR__c: 'sdr.wang',
			Engagement_Score__c: 43,
			Sales_Ready__c: true,
			OwnerId: '0055g00000SDRWANG',
			WeCom_Stage__c: 'sql',
		});
		const tasks = [...sf().tasks.values()].filter((t) => t.WhoId === l.Id);
		expect(tasks.map((t) => t.Status).sort()).toEqual(['Completed', 'Not Started']);
		expect(tasks.find((t) => t.Status === 'Not Started')).toMatchObject({
			Subject: 'Follow up: Li Na 1 (Acme 1) from MarTech group 6',
			Priority: 'High',
			ActivityDate: '2025-06-13',
			OwnerId: '0055g00000SDRWANG',
		});
		const calls = await ctx.control.requests('/salesforce');
		// One query on the external ID, one per other identity (Email, WeCom ID) of the new leads, one composite.
		expect(calls.map((c) => `${c.method} ${c.path.replace('/salesforce/services/data/v62.0', '')}`)).toEqual([
			'GET /query',
			'GET /query',
			'GET /query',
			'POST /composite',
		]);
		expect(calls.slice(1, 3).map((c) => /WHERE (\w+) IN/.exec(String(c.query.q))?.[1])).toEqual(['Email', 'WeCom_External_User_ID__c']);
		const sub = (calls[3].body as any).compositeRequest;
		expect(sub).toHaveLength(9);
		expect((calls[3].body as any).allOrNone).toBe(false);
		expect(sub[0]).toMatchObject({ method: 'PATCH', url: '/services/data/v62.0/sobjects/Lead/WeCom_Lead_Key__c/lead1%40example.com' });
		expect(sub[0].body.WeCom_Lead_Key__c).toBeUndefined();
		expect(sub[1].body.WhoId).toBe('@{L0.id}');
	});

	it('pushing again changes nothing: one query, no composite, no second task', async () => {
		const input = leads(3);
		await push(config(), input);
		await ctx.control.clearRequests();
		const again = await push(config(), input);
		expect(again.map((r) => [r.status, r.task?.status])).toEqual(Array(3).fill(['skipped', 'exists']));
		expect((await ctx.control.requests('/salesforce')).map((r) => r.path)).toEqual(['/salesforce/services/data/v62.0/query']);
		expect(sf().leads.size).toBe(3);
		expect(sf().tasks.size).toBe(3);
	});

	it('sends only changed fields and reports 200 updates (and 204 on old API versions)', async () => {
		await push(config(), leads(1));
		const res = await push(
			config(),
			leads(1, 'email', (n) => sqlLead(n, { fitScore: 95 })),
		);
		expect(res[0]).toMatchObject({ status: 'updated', changed: ['Fit_Score__c'] });
		expect(leadByKey('lead1@example.com').Fit_Score__c).toBe(95);
		const old = await push(
			config({ salesforce: sfConfig({ apiVersion: '45.0' }) }),
			leads(1, 'email', (n) => sqlLead(n, { fitScore: 96 })),
		);
		expect(old[0]).toMatchObject({ status: 'updated', crmId: leadByKey('lead1@example.com').Id });
		const composite = (await ctx.control.requests('/salesforce/services/data/v45.0/composite'))[0];
		expect((composite.response as any).compositeResponse[0].httpStatusCode).toBe(204);
	});

	it('URL-encodes external ID values with slashes, spaces and plus signs', async () => {
		const cfg = config({
			mapping: mapping('salesforce', { matchOn: 'externalUserId' }),
			salesforce: sfConfig({ externalIdField: 'WeCom_External_User_ID__c' }),
		});
		const res = await push(
			cfg,
			leads(1, 'externalUserId', () => sqlLead(1, { externalUserId: "wm/Ab+c d'9" })),
		);
		expect(res[0].status).toBe('created');
		expect([...sf().leads.values()][0].WeCom_External_User_ID__c).toBe("wm/Ab+c d'9");
		const sub = ((await ctx.control.requests('/salesforce/services/data/v62.0/composite'))[0].body as any).compositeRequest[0];
		expect(sub.url).toBe("/services/data/v62.0/sobjects/Lead/WeCom_External_User_ID__c/wm%2FAb%2Bc%20d'9");
		expect(
			(
				await push(
					cfg,
					leads(1, 'externalUserId', () => sqlLead(1, { externalUserId: "wm/Ab+c d'9" })),
				)
			)[0].status,
		).toBe('skipped');
		expect(soqlString("a'b\\c")).toBe("'a\\'b\\\\c'");
	});

	it('links a lead to an older lead with its email and no external ID; reports multiple matches; the rest goes through', async () => {
		// An older lead (website form) with the same email but no external ID: it is updated, not duplicated.
		sf().leads.set('00Qold', { Id: '00Qold', LastName: 'Old', Company: 'Old', Email: 'lead2@example.com' });
		// Two leads already share lead 3's external ID value.
		for (const id of ['00Qa', '00Qb'])
			sf().leads.set(id, { Id: id, LastName: 'Twin', Company: 'T', WeCom_Lead_Key__c: 'lead3@example.com' });
		const res = await push(config(), leads(4));
		expect(res.map((r) => r.status)).toEqual(['created', 'updated', 'failed', 'created']);
		expect(res[1]).toMatchObject({ crmId: '00Qold', linkedBy: 'Email', task: { status: 'created' } });
		expect(sf().leads.get('00Qold')).toMatchObject({ WeCom_Lead_Key__c: 'lead2@example.com', Company: 'Acme 2' });
		expect(res[2]).toMatchObject({ code: 'MULTIPLE_MATCHES' });
		expect(res[2].reason).toMatch(/00Qa, 00Qb/);
		expect(sf().tasks.size).toBe(3);
		expect(sf().leads.size).toBe(5);
		const again = await push(config(), leads(2));
		expect(again.map((r) => r.status)).toEqual(['skipped', 'skipped']);
	});

	it('reports an email held by a lead with another external ID as IDENTITY_CONFLICT, and a raced duplicate rule with the record Id', async () => {
		sf().leads.set('00Qother', {
			Id: '00Qother',
			LastName: 'Other',
			Company: 'O',
			Email: 'lead1@example.com',
			WeCom_Lead_Key__c: 'someone-else',
		});
		const res = await push(config(), leads(2));
		expect(res.map((r) => r.status)).toEqual(['failed', 'created']);
		expect(res[0]).toMatchObject({ code: 'IDENTITY_CONFLICT', conflictId: '00Qother' });
		expect(res[0].reason).toMatch(/Email lead1@example.com already belongs to Salesforce lead 00Qother/);
		expect(sf().leads.size).toBe(2);
		// The emulator's duplicate rule and Unique fields, as the composite reports them when hit anyway.
		const r = await fetch(`${ctx.sb.url}/salesforce/services/data/v62.0/sobjects/Lead/WeCom_Lead_Key__c/new-key`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${SANDBOX_SF_TOKEN}`, 'content-type': 'application/json' },
			body: JSON.stringify({ LastName: 'X', Company: 'Y', Email: 'LEAD1@example.com' }),
		});
		expect(r.status).toBe(400);
		expect(await r.json()).toMatchObject([
			{ errorCode: 'DUPLICATES_DETECTED', duplicateResult: { matchResults: [{ matchRecords: [{ record: { Id: '00Qother' } }] }] } },
		]);
		const allowed = await push(config({ salesforce: sfConfig({ allowSaveOnDuplicate: true }) }), leads(1));
		expect(allowed[0]).toMatchObject({ status: 'failed', code: 'IDENTITY_CONFLICT' });
	});

	it('answers 300 with the matching records when an upsert hits two leads', async () => {
		for (const id of ['00Qa', '00Qb']) sf().leads.set(id, { Id: id, LastName: 'Twin', Company: 'T', WeCom_Lead_Key__c: 'x@example.com' });
		const res = await fetch(`${ctx.sb.url}/salesforce/services/data/v62.0/sobjects/Lead/WeCom_Lead_Key__c/x%40example.com`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${SANDBOX_SF_TOKEN}`, 'content-type': 'application/json' },
			body: '{"Title":"CMO"}',
		});
		expect(res.status).toBe(300);
		expect(await res.json()).toEqual(['/services/data/v62.0/sobjects/Lead/00Qa', '/services/data/v62.0/sobjects/Lead/00Qb']);
	});

	it('packs 1,000 leads with tasks into composites of 25 subrequests', async () => {
		const res = await push(config(), leads(1000));
		expect(res.every((r) => r.status === 'created' && r.task?.status === 'created')).toBe(true);
		const calls = await ctx.control.requests('/salesforce');
		const composites = calls.filter((c) => c.path.endsWith('/composite'));
		expect(composites.every((c) => (c.body as any).compositeRequest.length <= 25)).toBe(true);
		expect(composites).toHaveLength(80);
		// Per 100 leads: the external-ID query and one per other identity of the new leads.
		expect(calls.filter((c) => c.path.endsWith('/query'))).toHaveLength(30);
	});

	it('stops on REQUEST_LIMIT_EXCEEDED and on an invalid session, failing every lead once', async () => {
		await ctx.control.reset({ salesforce: { dailyApiLimit: 1 } });
		const res = await push(config(), leads(150));
		expect(res.every((r) => r.status === 'failed' && r.code === 'REQUEST_LIMIT_EXCEEDED')).toBe(true);
		expect(res[0].hint).toMatch(/24-hour API request limit/);
		expect(await ctx.control.requests('/salesforce')).toHaveLength(2);
		const bad = await push(config({ salesforce: sfConfig({ accessToken: 'expired' }) }), leads(2));
		expect(bad.map((r) => r.code)).toEqual(['INVALID_SESSION_ID', 'INVALID_SESSION_ID']);
	});

	it('a composite that times out but lands is re-read, not repeated: no duplicate tasks', async () => {
		await ctx.control.fault({ pathPrefix: '/salesforce/services/data/v62.0/composite', delayMs: 400 });
		const io = testIo('salesforce', ctx.control, {
			timeoutMs: 150,
			redoDelayMs: 600,
			sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
		}).io;
		const res = await pushLeads(io, config(), leads(3));
		expect(res.map((r) => [r.status, r.task?.status])).toEqual(Array(3).fill(['created', 'exists']));
		expect(sf().leads.size).toBe(3);
		expect(sf().tasks.size).toBe(3);
	});

	it('names a missing required field (Company) for a new lead', async () => {
		const res = await push(
			config(),
			leads(1, 'email', (n) => sqlLead(n, { company: undefined })),
		);
		expect(res[0]).toMatchObject({ status: 'failed', code: 'REQUIRED_FIELD_MISSING' });
		expect(res[0].hint).toMatch(/LastName and Company/);
	});
});
