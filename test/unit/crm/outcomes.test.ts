import { createHmac } from 'crypto';
import { fetchHttp } from '../../../lib/http/fetchHttp';
import { CrmIo } from '../../../lib/crm/http';
import { applyPage, initialState, nextQuery } from '../../../lib/crm/outcomes/poll';
import type { PollOptions, PollState } from '../../../lib/crm/outcomes/poll';
import type { OutcomeSource } from '../../../lib/crm/outcomes/types';
import { toOutcomeEvent } from '../../../lib/crm/outcomes/events';
import { hubspotOutcomes } from '../../../lib/crm/targets/hubspot/outcomes';
import { salesforceOutcomes, soqlDateTime } from '../../../lib/crm/targets/salesforce/outcomes';
import { fxiaokeOutcomes } from '../../../lib/crm/targets/fxiaoke/outcomes';
import { clearFxiaokePacing } from '../../../lib/crm/targets/fxiaoke/client';
import { WEBHOOK_DEFAULT_FIELDS, WEBHOOK_DEFAULT_RULES, verifySignature, webhookRecords } from '../../../lib/crm/targets/webhook/outcomes';
import { SANDBOX_HUBSPOT_TOKEN } from '../../../sandbox/crm/hubspot';
import type { HubSpotEmulator } from '../../../sandbox/crm/hubspot';
import { SANDBOX_SF_TOKEN } from '../../../sandbox/crm/salesforce';
import type { SalesforceEmulator } from '../../../sandbox/crm/salesforce';
import type { FxiaokeEmulator } from '../../../sandbox/crm/fxiaoke';
import { useSandbox } from '../../helpers/sandbox';
import { sandboxCrmConfigs } from '../../helpers/crmSandboxConfigs';

const ctx = useSandbox();
const io = (t: string) => new CrmIo(t, { http: fetchHttp });
const { hsCfg, sfCfg, fxCfg } = sandboxCrmConfigs(() => ctx.sb.url);

/** One poll as the trigger runs it: query from the state, apply the page. */
async function poll<C>(target: string, source: OutcomeSource<C>, cfg: C, state: PollState, o: PollOptions) {
	const rules = source.defaultRules;
	const q = nextQuery(state, rules, source.defaultFields, o);
	const page = await source.changedSince(io(target), cfg, q);
	return applyPage(target, state, page, rules, source.defaultFields, o);
}

async function hsUpdate(id: string, properties: Record<string, string>) {
	const r = await fetch(`${ctx.sb.url}/hubspot/crm/v3/objects/contacts/batch/update`, {
		method: 'POST',
		headers: { authorization: `Bearer ${SANDBOX_HUBSPOT_TOKEN}`, 'content-type': 'application/json' },
		body: JSON.stringify({ inputs: [{ id, properties }] }),
	});
	expect(r.status).toBe(200);
}

describe('CRM outcomes: HubSpot contacts search', () => {
	const hs = () => ctx.sb.emulators.hubspot as HubSpotEmulator;
	async function contacts(n: number) {
		for (let from = 0; from < n; from += 100) {
			const r = await fetch(`${ctx.sb.url}/hubspot/crm/v3/objects/contacts/batch/upsert`, {
				method: 'POST',
				headers: { authorization: `Bearer ${SANDBOX_HUBSPOT_TOKEN}`, 'content-type': 'application/json' },
				body: JSON.stringify({
					inputs: Array.from({ length: Math.min(100, n - from) }, (_, k) => ({
						idProperty: 'wecom_external_userid',
						id: `wmLEAD${from + k + 1}`,
						properties: {
							email: `lead${from + k + 1}@example.com`,
							lifecyclestage: 'marketingqualifiedlead',
							wecom_inviting_sdr: 'zhangsan',
						},
					})),
				}),
			});
			expect(r.status).toBe(200);
		}
		return [...hs().contacts.values()].map((c) => c.id);
	}

	it('emits accepted, then returned with its reason, once each; records without an outcome emit nothing', async () => {
		const [a, b] = await contacts(2);
		const start = Date.now() - 1000;
		let state = initialState({ now: start });
		const o = { now: Date.now() };
		let r = await poll('hubspot', hubspotOutcomes, hsCfg(), state, o);
		expect(r.events).toEqual([]);
		await hsUpdate(a, { lifecyclestage: 'salesqualifiedlead' });
		r = await poll('hubspot', hubspotOutcomes, hsCfg(), r.state, o);
		expect(r.events).toEqual([
			expect.objectContaining({
				type: 'sales_accepted',
				outcome: 'accepted',
				leadId: 'wmLEAD1',
				recordId: a,
				sdr: 'zhangsan',
				status: 'salesqualifiedlead',
			}),
		]);
		state = r.state;
		r = await poll('hubspot', hubspotOutcomes, hsCfg(), state, o);
		expect(r.events).toEqual([]);
		// An unrelated change (CRM Push writing scores) re-reads the contact but emits nothing new.
		await hsUpdate(a, { wecom_engagement_score: '50' });
		r = await poll('hubspot', hubspotOutcomes, hsCfg(), r.state, o);
		expect(r.events).toEqual([]);
		await hsUpdate(a, { hs_lead_status: 'BAD_TIMING', wecom_outcome_reason: '预算冻结到明年' });
		await hsUpdate(b, { hs_lead_status: 'UNQUALIFIED', wecom_outcome_reason: '学生，非目标客户' });
		r = await poll('hubspot', hubspotOutcomes, hsCfg(), r.state, o);
		expect(r.events.map((e) => [e.leadId, e.type, e.reason])).toEqual([
			['wmLEAD1', 'sales_returned', '预算冻结到明年'],
			['wmLEAD2', 'sales_rejected', '学生，非目标客户'],
		]);
		const search = (await ctx.control.requests('/hubspot/crm/v3/objects/contacts/search')).at(-1)!;
		expect(search.body).toMatchObject({
			sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
			filterGroups: [
				{
					filters: [
						{ propertyName: 'lastmodifieddate', operator: 'GTE' },
						{ propertyName: 'hs_lead_status', operator: 'IN', values: ['UNQUALIFIED', 'BAD_TIMING'] },
					],
				},
				{
					filters: [
						{ propertyName: 'lastmodifieddate', operator: 'GTE' },
						{ propertyName: 'lifecyclestage', operator: 'IN' },
					],
				},
			],
		});
	});

	it('pages by `after` (200 per page) and leaves the rest to the next poll at Max Records', async () => {
		await contacts(450);
		for (const c of hs().contacts.values()) c.properties.lifecyclestage = 'salesqualifiedlead';
		const o = { now: Date.now(), maxRecords: 300 };
		let r = await poll('hubspot', hubspotOutcomes, hsCfg(), initialState({ now: Date.now() - 60_000 }), o);
		expect([r.events.length, r.more]).toEqual([300, true]);
		const pages = await ctx.control.requests('/hubspot/crm/v3/objects/contacts/search');
		expect(pages.map((p) => (p.body as any).limit)).toEqual([200, 100]);
		r = await poll('hubspot', hubspotOutcomes, hsCfg(), r.state, o);
		expect([r.events.length, r.more]).toEqual([150, false]);
		expect(new Set(r.events.map((e) => e.leadId)).size).toBe(150);
	});

	it('refuses pages past 10,000 results and limits over 200 as HubSpot does', async () => {
		const post = (body: unknown) =>
			fetch(`${ctx.sb.url}/hubspot/crm/v3/objects/contacts/search`, {
				method: 'POST',
				headers: { authorization: `Bearer ${SANDBOX_HUBSPOT_TOKEN}`, 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
		expect((await post({ limit: 201 })).status).toBe(400);
		expect((await post({ limit: 100, after: '9950' })).status).toBe(400);
		expect((await post({ filterGroups: [{ filters: [{ propertyName: 'nope', operator: 'EQ', value: 'x' }] }] })).status).toBe(400);
	});
});

describe('CRM outcomes: Salesforce SOQL on SystemModstamp', () => {
	const sf = () => ctx.sb.emulators.salesforce as SalesforceEmulator;
	async function sfPatch(id: string, body: Record<string, unknown>) {
		const r = await fetch(`${ctx.sb.url}/salesforce/services/data/v62.0/sobjects/Lead/${id}`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${SANDBOX_SF_TOKEN}`, 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		expect(r.status).toBe(204);
	}
	async function leads(n: number) {
		for (let i = 1; i <= n; i++) {
			const r = await fetch(`${ctx.sb.url}/salesforce/services/data/v62.0/sobjects/Lead/WeCom_External_User_ID__c/wmSF${i}`, {
				method: 'PATCH',
				headers: { authorization: `Bearer ${SANDBOX_SF_TOKEN}`, 'content-type': 'application/json' },
				body: JSON.stringify({ LastName: `L${i}`, Company: 'Acme', Email: `sf${i}@example.com`, Inviting_SDR__c: 'lisi' }),
			});
			expect(r.status).toBe(201);
		}
		return [...sf().leads.values()].map((l) => l.Id as string);
	}

	it('emits rejected with a reason and accepted, each once; follows nextRecordsUrl', async () => {
		await ctx.control.reset({ salesforce: { queryBatchSize: 2 } });
		const ids = await leads(5);
		const o = { now: Date.now() };
		let r = await poll('salesforce', salesforceOutcomes, sfCfg(), initialState({ now: Date.now() - 60_000 }), o);
		expect(r.events).toEqual([]);
		for (const id of ids.slice(0, 3)) await sfPatch(id, { Status: 'Working - Contacted' });
		await sfPatch(ids[3], { Status: 'Closed - Not Converted', Outcome_Reason__c: 'No budget' });
		r = await poll('salesforce', salesforceOutcomes, sfCfg(), r.state, o);
		expect(r.events.map((e) => [e.leadId, e.type])).toEqual([
			['wmSF1', 'sales_accepted'],
			['wmSF2', 'sales_accepted'],
			['wmSF3', 'sales_accepted'],
			['wmSF4', 'sales_rejected'],
		]);
		expect(r.events[3]).toMatchObject({ reason: 'No budget', sdr: 'lisi', statusField: 'Status' });
		const q = await ctx.control.requests('/salesforce/services/data/v62.0/query');
		expect(q.some((x) => /\/query\/01g/.test(x.path))).toBe(true);
		r = await poll('salesforce', salesforceOutcomes, sfCfg(), r.state, o);
		expect(r.events).toEqual([]);
	});

	it('writes the SOQL datetime as Salesforce reads it (unquoted, whole seconds, UTC)', () => {
		expect(soqlDateTime(Date.UTC(2026, 10, 30, 10, 0, 5, 789))).toBe('2026-11-30T10:00:05Z');
	});
});

describe('CRM outcomes: Fxiaoke LeadsObj query', () => {
	beforeEach(() => clearFxiaokePacing());
	it('filters last_modified_time GTE, orders ascending, emits each outcome once', async () => {
		const fx = ctx.sb.emulators.fxiaoke as FxiaokeEmulator;
		const now = Date.now();
		fx.leads.set('a1', {
			_id: 'a1',
			name: '王五',
			email: 'w@example.com',
			wecom_external_userid__c: 'wmFX1',
			biz_status: 'processed',
			last_modified_time: now - 1000,
		});
		fx.leads.set('a2', {
			_id: 'a2',
			name: '赵六',
			email: 'z@example.com',
			biz_status: 'closed',
			back_reason: '空号',
			last_modified_time: now - 500,
		});
		fx.leads.set('a3', { _id: 'a3', name: '钱七', email: 'q@example.com', biz_status: 'closed', last_modified_time: now - 3_600_000 });
		const o = { now, overlapMs: 0 };
		let r = await poll('fxiaoke', fxiaokeOutcomes, fxCfg(), initialState({ now: now - 60_000 }), o);
		expect(r.events.map((e) => [e.leadId, e.type, e.reason])).toEqual([
			['wmFX1', 'sales_accepted', undefined],
			['z@example.com', 'sales_rejected', '空号'],
		]);
		r = await poll('fxiaoke', fxiaokeOutcomes, fxCfg(), r.state, o);
		expect(r.events).toEqual([]);
	});
});

describe('CRM outcomes: mapping and memory', () => {
	const f = WEBHOOK_DEFAULT_FIELDS;
	it('maps by the first matching rule, without case; keeps amounts as numbers', () => {
		const res = toOutcomeEvent(
			'webhook',
			{ id: 'R1', modifiedAt: 1_700_000_000_000, fields: { status: 'WON', leadId: 'wm1', amount: '120,000' } },
			WEBHOOK_DEFAULT_RULES,
			f,
		);
		expect(res).toEqual({ event: expect.objectContaining({ type: 'deal_won', amount: 120000, id: 'webhook:R1:won:1700000000000' }) });
		expect(
			toOutcomeEvent('webhook', { id: 'R2', modifiedAt: 1, fields: { status: 'open', leadId: 'x' } }, WEBHOOK_DEFAULT_RULES, f),
		).toEqual({ skip: 'no-outcome' });
		expect(toOutcomeEvent('webhook', { id: 'R3', modifiedAt: 1, fields: { status: 'won' } }, WEBHOOK_DEFAULT_RULES, f)).toEqual({
			skip: 'no-lead-id',
		});
	});

	it('forgets the oldest records beyond its memory, and a record emits again only when its outcome changes', () => {
		const page = (ids: string[], outcome = 'accepted', at = 10) => ({
			records: ids.map((id) => ({ id, modifiedAt: at, fields: { status: outcome, leadId: `L${id}` } })),
			more: false,
		});
		let r = applyPage('webhook', initialState({ now: 0 }), page(['1', '2', '3']), WEBHOOK_DEFAULT_RULES, f, { now: 0, memory: 2 });
		expect(Object.keys(r.state.last)).toEqual(['r2', 'r3']);
		r = applyPage('webhook', r.state, page(['3']), WEBHOOK_DEFAULT_RULES, f, { now: 0 });
		expect(r.events).toEqual([]);
		r = applyPage('webhook', r.state, page(['3'], 'returned', 20), WEBHOOK_DEFAULT_RULES, f, { now: 0 });
		expect(r.events.map((e) => e.type)).toEqual(['sales_returned']);
		expect(r.state.since).toBe(20);
	});

	it('verifies the webhook signature and timestamp; reads one event or a list', () => {
		const body = Buffer.from(JSON.stringify({ recordId: 'R1', leadId: 'wm1', status: 'accepted' }));
		const ts = '1700000000';
		const sig = 'sha256=' + createHmac('sha256', 's3cret').update(`${ts}.`).update(body).digest('hex');
		expect(verifySignature('s3cret', ts, sig, body, 1700000010)).toEqual({ ok: true });
		expect(verifySignature('other', ts, sig, body, 1700000010)).toEqual({ ok: false, reason: 'invalid signature' });
		expect(verifySignature('s3cret', ts, sig, body, 1700009999)).toEqual({ ok: false, reason: 'stale or missing X-Webhook-Timestamp' });
		expect(webhookRecords({ events: [{ recordId: 'a' }, { status: 'won' }] }, 0)).toEqual({
			error: "events[1].recordId: required (the CRM's record ID)",
		});
		expect(webhookRecords({ recordId: 7, changedAt: '2026-01-01T00:00:00Z' }, 0)).toEqual({
			records: [{ id: '7', modifiedAt: Date.parse('2026-01-01T00:00:00Z'), fields: { recordId: 7, changedAt: '2026-01-01T00:00:00Z' } }],
		});
	});
});
