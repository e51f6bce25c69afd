import { clearFxiaokePacing, FXIAOKE_PACE } from '../../../lib/crm/targets/fxiaoke/client';
import type { FxiaokeConfig } from '../../../lib/crm/targets/fxiaoke/client';
import { pushLeads } from '../../../lib/crm/push';
import type { PushConfig } from '../../../lib/crm/push';
import type { FxiaokeEmulator } from '../../../sandbox/crm/fxiaoke';
import { SANDBOX_FXIAOKE } from '../../../sandbox/crm/fxiaoke';
import { useSandbox } from '../../helpers/sandbox';
import { leads, mapping, sqlLead, testIo } from './support';

const ctx = useSandbox();
const fx = () => ctx.sb.emulators.fxiaoke as FxiaokeEmulator;
const fxConfig = (extra: Partial<FxiaokeConfig> = {}): FxiaokeConfig => ({
	appId: SANDBOX_FXIAOKE.appId,
	appSecret: SANDBOX_FXIAOKE.appSecret,
	permanentCode: SANDBOX_FXIAOKE.permanentCode,
	currentOpenUserId: SANDBOX_FXIAOKE.openUserId,
	baseUrl: `${ctx.sb.url}/fxiaoke`,
	matchField: 'email',
	pace: false,
	...extra,
});
const config = (extra: Partial<PushConfig> = {}): PushConfig => ({
	mapping: mapping('fxiaoke', { ownerMap: { 'sdr.wang': 'FSUID_SDR_WANG' }, task: undefined }),
	fxiaoke: fxConfig(),
	...extra,
});
const push = (cfg: PushConfig, input: ReturnType<typeof leads>) => pushLeads(testIo('fxiaoke', ctx.control).io, cfg, input);
const paths = async () => (await ctx.control.requests('/fxiaoke')).map((r) => r.path.replace('/fxiaoke/cgi/', ''));

beforeEach(() => clearFxiaokePacing());

describe('Fxiaoke push', () => {
	it('gets a corpAccessToken once, searches duplicates for the batch, and creates LeadsObj records', async () => {
		const res = await push(config(), leads(3));
		expect(res.map((r) => r.status)).toEqual(['created', 'created', 'created']);
		// The duplicate search on the match field, then one per other identity (mobile, WeCom ID) of the new leads.
		expect(await paths()).toEqual([
			'corpAccessToken/get/V2',
			'crm/v2/data/query',
			'crm/v2/data/query',
			'crm/v2/data/query',
			'crm/v2/data/create',
			'crm/v2/data/create',
			'crm/v2/data/create',
		]);
		const lead = [...fx().leads.values()].find((l) => l.email === 'lead1@example.com')!;
		expect(res[0].crmId).toBe(lead._id);
		expect(lead).toMatchObject({
			name: 'Li Na 1',
			company: 'Acme 1',
			mobile: '+86 138 0000 0001',
			wecom_group_id__c: 'wrGROUP1',
			wecom_group_name__c: 'MarTech group 6',
			wecom_join_state__c: 'live0612',
			engagement_score__c: '43',
			inviting_sdr__c: 'sdr.wang',
			owner: ['FSUID_SDR_WANG'],
		});
		const create = (await ctx.control.requests('/fxiaoke/cgi/crm/v2/data/create'))[0].body as any;
		expect(create).toMatchObject({
			corpId: SANDBOX_FXIAOKE.corpId,
			currentOpenUserId: SANDBOX_FXIAOKE.openUserId,
			triggerWorkFlow: false,
			data: { object_data: { dataObjectApiName: 'LeadsObj' } },
		});
		const query = (await ctx.control.requests('/fxiaoke/cgi/crm/v2/data/query'))[0].body as any;
		expect(query.data.search_query_info.filters).toEqual([
			{ field_name: 'email', field_values: ['lead1@example.com', 'lead2@example.com', 'lead3@example.com'], operator: 'IN' },
		]);
	});

	it('pushing again finds the leads (查重) and changes nothing; a changed lead is updated with its changed fields only', async () => {
		await push(config(), leads(2));
		await ctx.control.clearRequests();
		const again = await push(
			config(),
			leads(2, 'email', (n) => sqlLead(n, n === 2 ? { stage: 'opportunity' } : {})),
		);
		expect(again.map((r) => r.status)).toEqual(['skipped', 'updated']);
		expect(again[1].changed).toEqual(['lead_stage__c']);
		expect(await paths()).toEqual(['crm/v2/data/query', 'crm/v2/data/update']);
		const update = (await ctx.control.requests('/fxiaoke/cgi/crm/v2/data/update'))[0].body as any;
		expect(update.data.object_data).toEqual({ dataObjectApiName: 'LeadsObj', _id: again[1].crmId, lead_stage__c: 'opportunity' });
		expect(fx().leads.size).toBe(2);
	});

	it('refreshes an expired corpAccessToken (20016) once and carries on', async () => {
		await push(config(), leads(1));
		await ctx.control.clearRequests();
		await fetch(`${ctx.sb.url}/_sandbox/fxiaoke/expire-tokens`, { method: 'POST' });
		const res = await push(config(), leads(2));
		expect(res.map((r) => r.status)).toEqual(['skipped', 'created']);
		const calls = await ctx.control.requests('/fxiaoke');
		expect(calls.map((c) => [c.path.replace('/fxiaoke/cgi/', ''), (c.response as any).errorCode])).toEqual([
			['crm/v2/data/query', 20016],
			['corpAccessToken/get/V2', 0],
			['crm/v2/data/query', 0],
			['crm/v2/data/query', 0],
			['crm/v2/data/query', 0],
			['crm/v2/data/create', 0],
		]);
	});

	it('gives up after a second 20016 and fails the leads with a hint', async () => {
		await ctx.control.fault({
			pathPrefix: '/fxiaoke/cgi/crm',
			body: { errorCode: 20016, errorMessage: 'corpAccessToken无效或已过期' },
			times: 2,
		});
		const res = await push(config(), leads(2));
		expect(res.map((r) => r.code)).toEqual(['20016', '20016']);
		expect(res[0].hint).toMatch(/App ID, App Secret and Permanent Code/);
	});

	it('reports wrong app credentials without calling the CRM APIs', async () => {
		const res = await push(config({ fxiaoke: fxConfig({ appSecret: 'Sekr3t-XYZ' }) }), leads(2));
		expect(res.map((r) => [r.status, r.code])).toEqual([
			['failed', '10006'],
			['failed', '10006'],
		]);
		expect(await paths()).toEqual(['corpAccessToken/get/V2']);
		expect(JSON.stringify(res)).not.toContain('Sekr3t-XYZ');
	});

	it('fails a lead that matches two existing LeadsObj records and keeps the others going', async () => {
		for (const id of ['a1', 'a2']) fx().leads.set(id, { _id: id, name: 'Twin', email: 'lead2@example.com' });
		const res = await push(config(), leads(3));
		expect(res.map((r) => r.status)).toEqual(['created', 'failed', 'created']);
		expect(res[1]).toMatchObject({ code: 'MULTIPLE_MATCHES' });
	});

	it('a create that times out but lands is found by the next duplicate search, not created twice', async () => {
		await ctx.control.fault({ pathPrefix: '/fxiaoke/cgi/crm/v2/data/create', delayMs: 400 });
		const io = testIo('fxiaoke', ctx.control, {
			timeoutMs: 150,
			redoDelayMs: 600,
			sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
		}).io;
		const res = await pushLeads(io, config(), leads(3));
		expect(res.map((r) => r.status)).toEqual(['created', 'created', 'created']);
		expect(fx().leads.size).toBe(3);
	});

	it('paces calls under 100 per 20 s per interface', async () => {
		const { io, sleeps } = testIo('fxiaoke', ctx.control);
		const res = await pushLeads(io, config({ fxiaoke: fxConfig({ pace: true }) }), leads(150));
		expect(res.every((r) => r.status === 'created')).toBe(true);
		expect(sleeps.filter((ms) => ms > 0 && ms <= FXIAOKE_PACE.windowMs)).toHaveLength(50);
	});

	it('stops on the daily quota (30002) for every remaining lead', async () => {
		await ctx.control.fault({ pathPrefix: '/fxiaoke/cgi/crm/v2/data/create', body: { errorCode: 30002, errorMessage: '当日调用量超限' } });
		const res = await push(config(), leads(120));
		expect(res.every((r) => r.status === 'failed' && r.code === '30002')).toBe(true);
		expect((await ctx.control.requests('/fxiaoke/cgi/crm/v2/data/create')).length).toBe(1);
	});
});
