import { pushLeads } from '../../../lib/crm/push';
import type { PushConfig } from '../../../lib/crm/push';
import type { HubSpotConfig } from '../../../lib/crm/targets/hubspot/client';
import type { HubSpotEmulator } from '../../../sandbox/crm/hubspot';
import { SANDBOX_HUBSPOT_TOKEN } from '../../../sandbox/crm/hubspot';
import { useSandbox } from '../../helpers/sandbox';
import { leads, mapping, sqlLead, testIo } from './support';

const ctx = useSandbox();
const hubspot = () => ctx.sb.emulators.hubspot as HubSpotEmulator;
const hsConfig = (extra: Partial<HubSpotConfig> = {}): HubSpotConfig => ({
	token: SANDBOX_HUBSPOT_TOKEN,
	baseUrl: `${ctx.sb.url}/hubspot`,
	idProperty: 'email',
	lifecycleBackward: 'keep',
	...extra,
});
const config = (extra: Partial<PushConfig> = {}): PushConfig => ({ mapping: mapping('hubspot'), hubspot: hsConfig(), ...extra });
const writes = async () => (await ctx.control.requests('/hubspot')).filter((r) => /batch\/(upsert|create|update)/.test(r.path));

describe('HubSpot push', () => {
	it('creates contacts with mapped fields, source attribution, an SDR task (204) and activity notes (202)', async () => {
		const input = leads(2, 'email', (n) =>
			sqlLead(n, { activities: [{ type: 'Trial form', at: '2025-06-11T08:00:00Z', title: 'Asked for a trial' }] }),
		);
		const { io } = testIo('hubspot', ctx.control);
		const cfg = config({ mapping: mapping('hubspot', { ownerMap: { 'sdr.wang': '75001' } }) });
		const res = await pushLeads(io, cfg, input);
		expect(res.map((r) => r.status)).toEqual(['created', 'created']);
		expect(res[0].task).toMatchObject({ status: 'created' });
		expect(res[0].activities).toEqual([expect.objectContaining({ status: 'created' })]);
		const c = [...hubspot().contacts.values()].find((x) => x.properties.email === 'lead1@example.com')!;
		expect(c.properties).toMatchObject({
			firstname: 'Li Na',
			lastname: '1',
			company: 'Acme 1',
			lifecyclestage: 'salesqualifiedlead',
			wecom_group_id: 'wrGROUP1',
			wecom_group_name: 'MarTech group 6',
			wecom_join_state: 'live0612',
			wecom_campaign: 'spring-live',
			wecom_utm_source: 'wechat',
			wecom_inviting_sdr: 'sdr.wang',
			wecom_engagement_score: '43',
			wecom_sales_ready: 'true',
			hubspot_owner_id: '75001',
		});
		const tasks = [...hubspot().objects.tasks.values()];
		expect(tasks).toHaveLength(2);
		const t = tasks.find((x) => x.contacts?.includes(c.id))!;
		expect(t.properties).toMatchObject({
			hs_task_subject: 'Follow up: Li Na 1 (Acme 1) from MarTech group 6',
			hs_task_priority: 'HIGH',
			hs_task_status: 'NOT_STARTED',
			hubspot_owner_id: '75001',
		});
		expect(t.properties.hs_task_body).toContain('Join code state: live0612');
		const upsert = (await ctx.control.requests('/hubspot/crm/v3/objects/contacts/batch/upsert'))[0];
		expect((upsert.body as any).inputs[0]).toMatchObject({ idProperty: 'email', id: 'lead1@example.com' });
		const taskReq = (await ctx.control.requests('/hubspot/crm/v3/objects/tasks/batch/create'))[0];
		expect((taskReq.body as any).inputs[0].associations[0].types[0]).toEqual({
			associationCategory: 'HUBSPOT_DEFINED',
			associationTypeId: 204,
		});
		const noteReq = (await ctx.control.requests('/hubspot/crm/v3/objects/notes/batch/create'))[0];
		expect((noteReq.body as any).inputs[0].associations[0].types[0].associationTypeId).toBe(202);
	});

	it('pushing the same leads again writes nothing and reports them unchanged', async () => {
		const input = leads(3, 'email', (n) => sqlLead(n, { activities: [{ type: 'Live visit', at: 1749600000000 }] }));
		await pushLeads(testIo('hubspot', ctx.control).io, config(), input);
		await ctx.control.clearRequests();
		const again = await pushLeads(testIo('hubspot', ctx.control).io, config(), input);
		expect(again.map((r) => [r.status, r.reason, r.task?.status, r.activities?.[0].status])).toEqual(
			Array(3).fill(['skipped', 'unchanged', 'exists', 'exists']),
		);
		expect(await writes()).toHaveLength(0);
		expect(hubspot().contacts.size).toBe(3);
		expect(hubspot().objects.tasks.size).toBe(3);
		expect(hubspot().objects.notes.size).toBe(3);
	});

	it('updates only the changed properties of an existing contact', async () => {
		await pushLeads(testIo('hubspot', ctx.control).io, config(), leads(1));
		await ctx.control.clearRequests();
		const res = await pushLeads(
			testIo('hubspot', ctx.control).io,
			config(),
			leads(1, 'email', (n) =>
				sqlLead(n, { engagementScore: 90, source: { ...(sqlLead(n).source as object), groupName: 'MarTech group 7' } }),
			),
		);
		expect(res[0]).toMatchObject({ status: 'updated', changed: ['wecom_engagement_score', 'wecom_group_name'] });
		const upsert = (await ctx.control.requests('/hubspot/crm/v3/objects/contacts/batch/upsert'))[0];
		expect((upsert.body as any).inputs[0].properties).toEqual({ wecom_engagement_score: '90', wecom_group_name: 'MarTech group 7' });
		expect(res[0].task?.status).toBe('exists');
	});

	it('never moves the lifecycle stage backward by default, and clears it first when asked', async () => {
		await pushLeads(
			testIo('hubspot', ctx.control).io,
			config(),
			leads(1, 'email', (n) => sqlLead(n, { stage: 'opportunity' })),
		);
		const back = leads(1, 'email', (n) => sqlLead(n, { stage: 'mql' }));
		const kept = await pushLeads(testIo('hubspot', ctx.control).io, config(), back);
		expect(kept[0].status).toBe('skipped');
		expect(kept[0].warnings?.[0]).toMatch(/stays "opportunity"/);
		const contact = () => [...hubspot().contacts.values()][0];
		expect(contact().properties.lifecyclestage).toBe('opportunity');
		await ctx.control.clearRequests();
		const forced = await pushLeads(testIo('hubspot', ctx.control).io, config({ hubspot: hsConfig({ lifecycleBackward: 'clear' }) }), back);
		expect(forced[0]).toMatchObject({ status: 'updated', changed: ['lifecyclestage'] });
		expect(contact().properties.lifecyclestage).toBe('marketingqualifiedlead');
		const paths = (await writes()).map((r) => r.path.replace('/hubspot/crm/v3/objects/contacts/batch/', ''));
		expect(paths).toEqual(['update', 'upsert']);
	});

	it('the emulator ignores a backward move sent without clearing (as HubSpot does)', async () => {
		await pushLeads(
			testIo('hubspot', ctx.control).io,
			config(),
			leads(1, 'email', (n) => sqlLead(n, { stage: 'customer' })),
		);
		const res = await fetch(`${ctx.sb.url}/hubspot/crm/v3/objects/contacts/batch/upsert`, {
			method: 'POST',
			headers: { authorization: `Bearer ${SANDBOX_HUBSPOT_TOKEN}`, 'content-type': 'application/json' },
			body: JSON.stringify({ inputs: [{ idProperty: 'email', id: 'lead1@example.com', properties: { lifecyclestage: 'lead' } }] }),
		});
		expect(res.status).toBe(200);
		expect(((await res.json()) as any).results[0].properties.lifecyclestage).toBe('customer');
	});

	it('isolates a bad contact in a rejected batch: the others are created, it fails with the reason', async () => {
		const input = leads(5, 'email', (n) => sqlLead(n, { stage: n === 4 ? 'bogus-stage' : 'sql' }));
		const res = await pushLeads(testIo('hubspot', ctx.control).io, config(), input);
		expect(res.map((r) => r.status)).toEqual(['created', 'created', 'created', 'failed', 'created']);
		// HubSpot's body carries category VALIDATION_ERROR; the property detail is inside its message.
		expect(res[3]).toMatchObject({ code: 'VALIDATION_ERROR' });
		expect(res[3].reason).toMatch(/bogus-stage was not one of the allowed options.*"error":"INVALID_OPTION"/);
		expect(res[3].task).toBeUndefined();
		expect(hubspot().contacts.size).toBe(4);
		expect(hubspot().objects.tasks.size).toBe(4);
	});

	it('names a missing custom property with a hint', async () => {
		const cfg = config({ mapping: mapping('hubspot', { customFields: { wecom_lead_grade: 'A' } }) });
		const res = await pushLeads(testIo('hubspot', ctx.control).io, cfg, leads(1));
		expect(res[0]).toMatchObject({ status: 'failed', code: 'VALIDATION_ERROR' });
		expect(res[0].reason).toMatch(/Property \\?"wecom_lead_grade\\?" does not exist/);
		expect(res[0].hint).toMatch(/Create the missing contact property/);
	});

	it('waits out TEN_SECONDLY_ROLLING 429s for Retry-After and finishes', async () => {
		await ctx.control.reset({ hubspot: { tenSecondlyLimit: 4 } });
		const { io, sleeps } = testIo('hubspot', ctx.control);
		const res = await pushLeads(io, config(), leads(250));
		expect(res.every((r) => r.status === 'created' && r.task?.status === 'created')).toBe(true);
		expect(sleeps.length).toBeGreaterThan(0);
		expect(sleeps.every((ms) => ms >= 1000 && ms <= 10000)).toBe(true);
		const limited = (await ctx.control.requests('/hubspot')).filter((r) => r.status === 429);
		expect(limited.length).toBe(sleeps.length);
		expect((limited[0].response as any).policyName).toBe('TEN_SECONDLY_ROLLING');
		expect(hubspot().contacts.size).toBe(250);
		expect(hubspot().objects.tasks.size).toBe(250);
	});

	it('stops at the DAILY limit without retrying and fails every lead with a hint', async () => {
		await ctx.control.reset({ hubspot: { dailyLimit: 1 } });
		const { io, sleeps } = testIo('hubspot', ctx.control);
		const res = await pushLeads(io, config(), leads(150));
		expect(res.every((r) => r.status === 'failed' && r.code === 'DAILY')).toBe(true);
		expect(res[0].hint).toMatch(/daily API limit/);
		expect(sleeps).toEqual([]);
		expect(await ctx.control.requests('/hubspot')).toHaveLength(2);
	});

	it('a task create that times out but lands is not created twice on the retry', async () => {
		await ctx.control.fault({ pathPrefix: '/hubspot/crm/v3/objects/tasks/batch/create', delayMs: 400 });
		const { io, sleeps } = testIo('hubspot', ctx.control, {
			timeoutMs: 150,
			redoDelayMs: 600,
			sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
		});
		const res = await pushLeads(io, config(), leads(3));
		expect(res.map((r) => [r.status, r.task?.status])).toEqual(Array(3).fill(['created', 'exists']));
		expect(sleeps).toEqual([]);
		expect(hubspot().objects.tasks.size).toBe(3);
		expect(hubspot().contacts.size).toBe(3);
	});

	it('upserts on a custom unique property when leads are matched on the WeCom external user ID', async () => {
		const cfg = config({
			mapping: mapping('hubspot', { matchOn: 'externalUserId' }),
			hubspot: hsConfig({ idProperty: 'wecom_external_userid' }),
		});
		const input = leads(2, 'externalUserId', (n) => sqlLead(n, { email: undefined }));
		const res = await pushLeads(testIo('hubspot', ctx.control).io, cfg, input);
		expect(res.map((r) => r.status)).toEqual(['created', 'created']);
		const again = await pushLeads(testIo('hubspot', ctx.control).io, cfg, input);
		expect(again.map((r) => r.status)).toEqual(['skipped', 'skipped']);
		expect([...hubspot().contacts.values()].map((c) => c.properties.wecom_external_userid).sort()).toEqual(['wmEXT1', 'wmEXT2']);
	});

	it('fails every lead once, with a hint, when the token is wrong', async () => {
		const res = await pushLeads(testIo('hubspot', ctx.control).io, config({ hubspot: hsConfig({ token: 'pat-wrong' }) }), leads(120));
		expect(res.every((r) => r.status === 'failed' && r.code === 'UNAUTHORIZED')).toBe(true);
		expect(res[0].hint).toMatch(/Private Apps/);
		expect(await ctx.control.requests('/hubspot')).toHaveLength(1);
	});
});
