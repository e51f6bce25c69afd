import { fetchHttp } from '../../../lib/http/fetchHttp';
import { CrmIo } from '../../../lib/crm/http';
import { applyPage, initialState, nextQuery } from '../../../lib/crm/outcomes/poll';
import type { PollOptions, PollState } from '../../../lib/crm/outcomes/poll';
import type { OutcomeSource } from '../../../lib/crm/outcomes/types';
import { valuesByField } from '../../../lib/crm/outcomes/events';
import { changedWithLinked, pickLinked, splitLinked } from '../../../lib/crm/outcomes/linked';
import type { LinkedRecord } from '../../../lib/crm/outcomes/linked';
import type { ChangedQuery, ChangedRecord } from '../../../lib/crm/outcomes/types';
import { hubspotDealOutcomes } from '../../../lib/crm/targets/hubspot/outcomes';
import { anyOutcomeSoql, salesforceOpportunityOutcomes } from '../../../lib/crm/targets/salesforce/outcomes';
import { fxiaokeOpportunityOutcomes } from '../../../lib/crm/targets/fxiaoke/outcomes';
import { clearFxiaokePacing } from '../../../lib/crm/targets/fxiaoke/client';
import { SANDBOX_HUBSPOT_TOKEN } from '../../../sandbox/crm/hubspot';
import { SANDBOX_SF_TOKEN } from '../../../sandbox/crm/salesforce';
import type { FxiaokeEmulator } from '../../../sandbox/crm/fxiaoke';
import { useSandbox } from '../../helpers/sandbox';
import { sandboxCrmConfigs } from '../../helpers/crmSandboxConfigs';

const ctx = useSandbox();
const io = (t: string) => new CrmIo(t, { http: fetchHttp });
const { hsCfg, sfCfg, fxCfg } = sandboxCrmConfigs(() => ctx.sb.url);
const cx = (s: OutcomeSource<unknown>) => ({ object: 'deals', linkedPrefix: s.linked?.prefix });

async function poll<C>(target: string, source: OutcomeSource<C>, cfg: C, state: PollState, o: PollOptions) {
	const q = nextQuery(state, source.defaultRules, source.defaultFields, o);
	const page = await source.changedSince(io(target), cfg, q);
	return applyPage(target, state, page, source.defaultRules, source.defaultFields, o, cx(source as OutcomeSource<unknown>));
}

async function call(method: string, path: string, token: string, body: unknown) {
	const r = await fetch(`${ctx.sb.url}${path}`, {
		method,
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: r.status, json: r.status === 204 ? undefined : ((await r.json()) as any) };
}
const hs = (method: string, path: string, body: unknown) => call(method, `/hubspot${path}`, SANDBOX_HUBSPOT_TOKEN, body);
const sf = (method: string, path: string, body: unknown) => call(method, `/salesforce/services/data/v62.0${path}`, SANDBOX_SF_TOKEN, body);

describe('CRM outcomes from deals: HubSpot deals search + associated contacts', () => {
	let now = 0;
	beforeEach(() => {
		now = Date.now();
	});

	async function contact(extId: string | undefined, email: string, sdr?: string): Promise<string> {
		const r = await hs('POST', '/crm/v3/objects/contacts/batch/upsert', {
			inputs: [
				{
					idProperty: 'email',
					id: email,
					properties: { ...(extId ? { wecom_external_userid: extId } : {}), ...(sdr ? { wecom_inviting_sdr: sdr } : {}) },
				},
			],
		});
		return r.json.results[0].id;
	}
	async function deal(properties: Record<string, string>, contacts: string[]): Promise<string> {
		const r = await hs('POST', '/crm/v3/objects/deals', {
			properties,
			associations: contacts.map((id) => ({ to: { id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] })),
		});
		expect(r.status).toBe(201);
		return r.json.id;
	}

	it('a won deal: deal_won with its amount, the lead ID and SDR of the contact that has one; lost with its reason; each once', async () => {
		const colleague = await contact(undefined, 'buyer@example.com');
		const lead = await contact('wmDeal1', 'lead@example.com', 'zhangsan');
		const id = await deal({ dealname: '远山制造 年度订阅', dealstage: 'contractsent', amount: '128000.50' }, [colleague, lead]);
		const lost = await deal({ dealname: 'Lost one', dealstage: 'qualifiedtobuy' }, [lead]);
		const o: PollOptions = { now, startAt: now - 60_000 };
		let res = await poll('hubspot', hubspotDealOutcomes, hsCfg(), initialState(o), o);
		expect(res.events.map((e) => [e.recordId, e.outcome])).toEqual([
			[id, 'opportunity'],
			[lost, 'opportunity'],
		]);
		expect((await hs('PATCH', `/crm/v3/objects/deals/${id}`, { properties: { dealstage: 'closedwon' } })).status).toBe(200);
		expect(
			(await hs('PATCH', `/crm/v3/objects/deals/${lost}`, { properties: { dealstage: 'closedlost', closed_lost_reason: '选了竞品' } }))
				.status,
		).toBe(200);
		res = await poll('hubspot', hubspotDealOutcomes, hsCfg(), res.state, { ...o, now: Date.now() });
		const won = res.events.find((e) => e.recordId === id)!;
		expect(won).toMatchObject({
			type: 'deal_won',
			outcome: 'won',
			leadId: 'wmDeal1',
			amount: 128000.5,
			sdr: 'zhangsan',
			email: 'lead@example.com',
			crm: 'hubspot',
			object: 'deals',
			leadRecordId: lead,
			statusField: 'dealstage',
			status: 'closedwon',
		});
		expect(won.id).toMatch(new RegExp(`^hubspot:deals:${id}:won:\\d+$`));
		expect(res.events.find((e) => e.recordId === lost)).toMatchObject({ type: 'deal_lost', leadId: 'wmDeal1', reason: '选了竞品' });
		res = await poll('hubspot', hubspotDealOutcomes, hsCfg(), res.state, { ...o, now: Date.now() });
		expect(res.events).toEqual([]);
	});

	it('a deal without an associated contact has no lead ID: reported, not emitted', async () => {
		const id = await deal({ dealname: 'Orphan', dealstage: 'closedwon', amount: '5' }, []);
		const o: PollOptions = { now, startAt: now - 60_000 };
		const res = await poll('hubspot', hubspotDealOutcomes, hsCfg(), initialState(o), o);
		expect(res.events).toEqual([]);
		expect(res.withoutLeadId).toEqual([id]);
	});

	it('pages deals by `after` and reads associations and contacts in batches (250 deals, 250 contacts)', async () => {
		await ctx.control.reset({ hubspot: { tenSecondlyLimit: 10_000 } });
		for (let i = 0; i < 250; i++) {
			const c = await contact(`wmP${i}`, `p${i}@example.com`);
			await deal({ dealname: `D${i}`, dealstage: 'closedwon', amount: String(i) }, [c]);
		}
		const o: PollOptions = { now, startAt: now - 60_000 };
		const res = await poll('hubspot', hubspotDealOutcomes, hsCfg(), initialState(o), o);
		expect(res.events).toHaveLength(250);
		expect(new Set(res.events.map((e) => e.leadId)).size).toBe(250);
		expect(res.events.every((e) => e.amount === Number(e.leadId.slice(3)))).toBe(true);
		const capped = await poll('hubspot', hubspotDealOutcomes, hsCfg(), initialState(o), { ...o, maxRecords: 120 });
		expect([capped.events.length, capped.more]).toEqual([120, true]);
	}, 60_000);

	it('refuses a rule on a contact field and an unknown deal property, naming it', async () => {
		const q = {
			since: 0,
			fields: ['dealstage'],
			rules: [{ field: 'contact.lifecyclestage', values: ['customer'], outcome: 'won' as const }],
			maxRecords: 10,
		};
		await expect(hubspotDealOutcomes.changedSince(io('hubspot'), hsCfg(), q)).rejects.toThrow('rules must name fields of deals');
		const bad = { ...q, rules: [{ field: 'deal_status', values: ['won'], outcome: 'won' as const }] };
		await expect(hubspotDealOutcomes.changedSince(io('hubspot'), hsCfg(), bad)).rejects.toThrow('Property "deal_status" does not exist');
	});
});

describe('CRM outcomes from deals: Salesforce Opportunity + converted Lead', () => {
	async function lead(extId: string, email: string): Promise<string> {
		const r = await sf('PATCH', `/sobjects/Lead/WeCom_External_User_ID__c/${extId}`, {
			LastName: extId,
			Company: 'Acme',
			Email: email,
			Inviting_SDR__c: 'lisi',
		});
		return r.json.id;
	}
	async function convert(leadId: string, opportunity: Record<string, unknown>): Promise<string> {
		const r = await fetch(`${ctx.sb.url}/_sandbox/salesforce/convert-lead`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ leadId, opportunity }),
		});
		return ((await r.json()) as any).opportunityId;
	}

	it('IsWon → deal_won with Amount and the converted lead’s WeCom ID; IsClosed → lost; an opportunity without a converted lead or a contact role is skipped', async () => {
		const now = Date.now();
		const o: PollOptions = { now, startAt: now - 60_000 };
		const opp = await convert(await lead('wmSFD1', 'd1@example.com'), { Amount: 56000 });
		const lostOpp = await convert(await lead('wmSFD2', 'd2@example.com'), {});
		const direct = (await sf('POST', '/sobjects/Opportunity', { Name: 'Direct', StageName: 'Closed Won', CloseDate: '2026-12-01' })).json
			.id;
		let res = await poll('salesforce', salesforceOpportunityOutcomes, sfCfg(), initialState(o), o);
		expect(res.events.map((e) => [e.leadId, e.outcome])).toEqual([
			['wmSFD1', 'opportunity'],
			['wmSFD2', 'opportunity'],
		]);
		expect(res.withoutLeadId).toEqual([direct]);
		expect((await sf('PATCH', `/sobjects/Opportunity/${opp}`, { StageName: 'Closed Won' })).status).toBe(204);
		expect((await sf('PATCH', `/sobjects/Opportunity/${lostOpp}`, { StageName: 'Closed Lost' })).status).toBe(204);
		res = await poll('salesforce', salesforceOpportunityOutcomes, sfCfg(), res.state, { ...o, now: Date.now() });
		expect(res.events.find((e) => e.recordId === opp)).toMatchObject({
			type: 'deal_won',
			leadId: 'wmSFD1',
			amount: 56000,
			email: 'd1@example.com',
			sdr: 'lisi',
			statusField: 'IsWon',
			status: 'true',
			object: 'deals',
		});
		expect(res.events.find((e) => e.recordId === lostOpp)).toMatchObject({ type: 'deal_lost', leadId: 'wmSFD2', statusField: 'IsClosed' });
		res = await poll('salesforce', salesforceOpportunityOutcomes, sfCfg(), res.state, { ...o, now: Date.now() });
		expect(res.events).toEqual([]);
	});

	it('an opportunity no lead was converted into: the lead behind its contact roles, primary first (converted into the contact, or by email)', async () => {
		const now = Date.now();
		const o: PollOptions = { now, startAt: now - 60_000 };
		// Converted without an opportunity: the pack's Lead is found by its ConvertedContactId.
		const r = await fetch(`${ctx.sb.url}/_sandbox/salesforce/convert-lead`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ leadId: await lead('wmSFC1', 'c1@example.com'), opportunity: false }),
		});
		const converted = (await r.json()) as { contactId: string; opportunityId: string | null };
		expect(converted.opportunityId).toBeNull();
		// A contact sales created by hand, whose email is a lead's (in other case); one with no lead at all.
		await lead('wmSFC2', 'C2@Example.com');
		const byEmail = (await sf('POST', '/sobjects/Contact', { LastName: 'Wang', Email: 'c2@example.com' })).json.id;
		const noLead = (await sf('POST', '/sobjects/Contact', { LastName: 'Zhao', Email: 'c3@example.com' })).json.id;
		const opp = async (Name: string, roles: Array<[string, boolean, string?]>) => {
			const id = (await sf('POST', '/sobjects/Opportunity', { Name, StageName: 'Prospecting', CloseDate: '2026-12-31' })).json.id;
			for (const [ContactId, IsPrimary, Role] of roles)
				expect((await sf('POST', '/sobjects/OpportunityContactRole', { OpportunityId: id, ContactId, IsPrimary, Role })).status).toBe(201);
			return id;
		};
		// The primary contact wins over one added before it.
		const primary = await opp('Primary', [
			[byEmail, false, 'Influencer'],
			[converted.contactId, true, 'Decision Maker'],
		]);
		const onlyEmail = await opp('By email', [[byEmail, false]]);
		const contactOnly = await opp('Contact only', [[noLead, true]]);
		const none = await opp('No contact role', []);
		const res = await poll('salesforce', salesforceOpportunityOutcomes, sfCfg(), initialState(o), o);
		const byRecord = new Map(res.events.map((e) => [e.recordId, e]));
		expect(byRecord.get(primary)).toMatchObject({ type: 'opportunity_created', leadId: 'wmSFC1', email: 'c1@example.com', sdr: 'lisi' });
		expect(byRecord.get(onlyEmail)).toMatchObject({ leadId: 'wmSFC2', sdr: 'lisi' });
		// No lead: the Contact's email is the lead ID (the fallback), as for a lead of the trial form.
		expect(byRecord.get(contactOnly)).toMatchObject({ leadId: 'c3@example.com', email: 'c3@example.com' });
		expect(res.withoutLeadId).toEqual([none]);
		// Each once: a second poll finds nothing new.
		expect((await poll('salesforce', salesforceOpportunityOutcomes, sfCfg(), res.state, { ...o, now: Date.now() })).events).toEqual([]);
	});

	it('writes checkbox rules unquoted, picklists as IN lists, and drops the filter when a checkbox is watched both ways', () => {
		expect(anyOutcomeSoql([{ field: 'IsWon', values: ['TRUE'], outcome: 'won' }])).toBe('IsWon = true');
		expect(
			anyOutcomeSoql([
				{ field: 'StageName', values: ['Closed Won'], outcome: 'won' },
				{ field: 'StageName', values: ["Lost - Won't buy"], outcome: 'lost' },
			]),
		).toBe("StageName IN ('Closed Won', 'Lost - Won\\'t buy')");
		expect(anyOutcomeSoql(salesforceOpportunityOutcomes.defaultRules)).toBe('');
	});

	it('follows nextRecordsUrl for opportunities (batches of 2 in the sandbox)', async () => {
		await ctx.control.reset({ salesforce: { queryBatchSize: 2 } });
		const now = Date.now();
		for (let i = 0; i < 5; i++) await convert(await lead(`wmN${i}`, `n${i}@example.com`), { StageName: 'Closed Won', Amount: i });
		const o: PollOptions = { now, startAt: now - 60_000 };
		const res = await poll('salesforce', salesforceOpportunityOutcomes, sfCfg(), initialState(o), o);
		expect(res.events.map((e) => e.leadId).sort()).toEqual(['wmN0', 'wmN1', 'wmN2', 'wmN3', 'wmN4']);
	});
});

describe('CRM outcomes from deals: Fxiaoke NewOpportunityObj + its lead', () => {
	beforeEach(() => clearFxiaokePacing());

	it('sales_status 2 (赢单) → deal_won with amount and the lead of leads_id; 3 (输单) → lost; each once', async () => {
		const fx = ctx.sb.emulators.fxiaoke as FxiaokeEmulator;
		const now = Date.now();
		fx.leads.set('L1', {
			_id: 'L1',
			name: '王',
			email: 'w@example.com',
			wecom_external_userid__c: 'wmFX9',
			inviting_sdr__c: 'zhaoliu',
			last_modified_time: now,
		});
		fx.opportunities.set('O1', {
			_id: 'O1',
			name: '商机1',
			sales_status: '1',
			amount: '88,000',
			leads_id: ['L1'],
			last_modified_time: now,
		});
		fx.opportunities.set('O2', { _id: 'O2', name: '商机2', sales_status: '3', leads_id: 'L1', last_modified_time: now + 1 });
		fx.opportunities.set('O3', { _id: 'O3', name: '商机3', sales_status: '2', last_modified_time: now + 2 });
		const o: PollOptions = { now, startAt: now - 60_000 };
		let res = await poll('fxiaoke', fxiaokeOpportunityOutcomes, fxCfg(), initialState(o), o);
		expect(res.events.map((e) => [e.recordId, e.outcome, e.leadId, e.leadRecordId])).toEqual([
			['O1', 'opportunity', 'wmFX9', 'L1'],
			['O2', 'lost', 'wmFX9', 'L1'],
		]);
		expect(res.withoutLeadId).toEqual(['O3']);
		Object.assign(fx.opportunities.get('O1')!, { sales_status: '2', last_modified_time: now + 10 });
		res = await poll('fxiaoke', fxiaokeOpportunityOutcomes, fxCfg(), res.state, { ...o, now: now + 20 });
		expect(res.events).toEqual([
			expect.objectContaining({ recordId: 'O1', type: 'deal_won', amount: 88000, sdr: 'zhaoliu', email: 'w@example.com' }),
		]);
	});
});

describe('linked records', () => {
	it('splits prefixed fields and picks the linked record that has the lead ID', () => {
		expect(splitLinked(['dealstage', 'contact.email', 'amount', 'contact.wecom_external_userid'], 'contact.')).toEqual({
			own: ['dealstage', 'amount'],
			linked: ['email', 'wecom_external_userid'],
		});
		const a = { email: 'a@x.com' };
		const b = { email: 'b@x.com', wecom_external_userid: 'wm1' };
		expect(pickLinked([a, b], ['wecom_external_userid', 'email'])).toBe(b);
		expect(pickLinked([a, { email: '' }], ['wecom_external_userid', 'email'])).toBe(a);
		expect(pickLinked([], ['email'])).toBeUndefined();
	});

	it('reads deals with their own fields, looks up linked records once per page and only when CRM Fields name them', async () => {
		const deals: ChangedRecord[] = [
			{ id: 'd1', modifiedAt: 1, fields: { stage: 'won' } },
			{ id: 'd2', modifiedAt: 2, fields: { stage: 'lost' } },
		];
		const asked: { fields?: string[]; lookups: Array<{ deals: string[]; linked: string[] }> } = { lookups: [] };
		const reader = {
			readChanged: async (q: ChangedQuery) => {
				asked.fields = q.fields;
				return { records: deals, more: true };
			},
			candidates: async (page: ChangedRecord[], linked: string[]) => {
				asked.lookups.push({ deals: page.map((d) => d.id), linked });
				return new Map<string, LinkedRecord[]>([
					[
						'd1',
						[
							{ key: 'c1', email: 'a@x.com' },
							{ key: 'c2', email: 'b@x.com', leadId: 'wm2' },
						],
					],
				]);
			},
			idOf: (c: LinkedRecord) => String(c.key),
		};
		const q: ChangedQuery = { since: 0, fields: ['stage', 'lead.leadId', 'lead.email'], rules: [], maxRecords: 10 };
		const page = await changedWithLinked(q, 'lead.', reader);
		expect(asked.fields).toEqual(['stage']);
		expect(asked.lookups).toEqual([{ deals: ['d1', 'd2'], linked: ['leadId', 'email'] }]);
		expect(page.more).toBe(true);
		expect(page.records[0].fields).toEqual({ stage: 'won', 'lead.leadId': 'wm2', 'lead.email': 'b@x.com', 'lead.id': 'c2' });
		// A deal without linked records is passed on as read (reported later as having no lead ID).
		expect(page.records[1]).toBe(deals[1]);

		asked.lookups = [];
		expect(await changedWithLinked({ ...q, fields: ['stage'] }, 'lead.', reader)).toEqual({ records: deals, more: true });
		expect(asked.lookups).toEqual([]);
	});

	it('narrows changed-since queries by the values the rules watch, each field and value once', () => {
		const byField = valuesByField([
			{ field: 'stage', values: ['won', 'lost'], outcome: 'won' },
			{ field: 'status', values: ['SAL'], outcome: 'accepted' },
			{ field: 'stage', values: ['lost', 'open'], outcome: 'lost' },
		]);
		expect([...byField]).toEqual([
			['stage', ['won', 'lost', 'open']],
			['status', ['SAL']],
		]);
	});
});
