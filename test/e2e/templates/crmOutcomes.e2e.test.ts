import { SANDBOX_HUBSPOT_TOKEN } from '../../../sandbox/crm/hubspot';
import { SANDBOX_SF_TOKEN } from '../../../sandbox/crm/salesforce';
import { SANDBOX_FXIAOKE } from '../../../sandbox/crm/fxiaoke';
import { SANDBOX_SIGNED_HOOKS, signedOutcomeRequest } from '../../../sandbox/crm/webhook';
import { n8nVersion } from '../../../scripts/n8n-runner';
import { harness } from '../harness';
import { deployTemplate, failures, loadTemplate } from './support';

const e2e = harness();
const template = loadTemplate(e2e, '09-crm-outcomes.json');
const webhookId: string = template.nodes.find((n: any) => n.name === 'CRM Outcomes Webhook').webhookId;
/** Every 5 seconds (n8n refuses a '*' in the seconds field, not a list). */
const EVERY_5_SECONDS = '0,5,10,15,20,25,30,35,40,45,50,55 * * * * *';
const POLL_WAIT_MS = 12_000;
/**
 * n8n 2.8 polls every 5 s here. Newer n8n (2.41) refuses polls more often than once a minute; there
 * the trigger polls every minute and the test makes each poll by publishing the workflow again (an
 * activation runs one poll, with the cursor kept in the workflow's static data).
 */
const FAST_POLLS = n8nVersion().startsWith('2.8.');

/** The template as a user sets it up for their CRM, polling often so the test need not wait minutes. */
function forCrm(target: 'hubspot' | 'salesforce' | 'fxiaoke', watch: 'leads' | 'deals' = 'leads'): any {
	const wf = JSON.parse(JSON.stringify(template));
	const trigger = wf.nodes.find((n: any) => n.name === 'CRM Outcomes');
	trigger.parameters = {
		...trigger.parameters,
		target,
		...(watch === 'deals' ? { watch } : {}),
		pollTimes: { item: [FAST_POLLS ? { mode: 'custom', cronExpression: EVERY_5_SECONDS } : { mode: 'everyMinute' }] },
	};
	if (target === 'salesforce') {
		trigger.parameters.salesforceAuthentication = 'accessToken';
		trigger.credentials = { crmPushSalesforceApi: { id: '', name: 'Salesforce' } };
	}
	if (target === 'fxiaoke') trigger.credentials = { crmPushFxiaokeApi: { id: '', name: 'Fxiaoke' } };
	return wf;
}

/** Fxiaoke's open API as a CRM user's change reaches it: a token, then CRM object data calls. */
async function fxiaoke(path: string, data: unknown): Promise<any> {
	const post = async (p: string, body: unknown) =>
		(await (
			await fetch(`${e2e.sandboxUrl}/fxiaoke${p}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			})
		).json()) as any;
	const t = await post('/cgi/corpAccessToken/get/V2', {
		appId: SANDBOX_FXIAOKE.appId,
		appSecret: SANDBOX_FXIAOKE.appSecret,
		permanentCode: SANDBOX_FXIAOKE.permanentCode,
	});
	const res = await post(path, {
		corpAccessToken: t.corpAccessToken,
		corpId: t.corpId,
		currentOpenUserId: SANDBOX_FXIAOKE.openUserId,
		data,
	});
	if (res.errorCode !== 0) throw new Error(`Fxiaoke ${path}: ${res.errorCode} ${res.errorMessage}`);
	return res;
}

async function api(method: string, path: string, token: string, body: unknown): Promise<Response> {
	return fetch(e2e.sandboxUrl + path, {
		method,
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
}

/** A lead template 05 already scored (an MQL with a trial request): its event log row and profile row. */
async function knownLead(leadId: string, email: string): Promise<void> {
	const event = {
		id: `seed-${leadId}`,
		type: 'trial_requested',
		leadId,
		time: new Date(Date.now() - 86_400_000).toISOString(),
		attributes: { email, company: '远山制造', title: '市场总监', companySize: 500, industry: '制造' },
	};
	await e2e.n8n.insertDataTableRows('lead_events', [
		{ lead_id: leadId, event_id: event.id, type: event.type, event: JSON.stringify(event) },
	]);
	await e2e.n8n.insertDataTableRows('lead_profiles', [{ lead_id: leadId, ledger_row: 0 }]);
}

describe('template 09: CRM outcomes into scoring in a real n8n', () => {
	let workflowId = '';
	let runs = 0;
	const rows = async (table: string, leadId: string) => (await e2e.n8n.dataTableRows(table)).filter((r) => r.lead_id === leadId);
	const stage = async (leadId: string) => (await rows('lead_profiles', leadId))[0]?.stage;

	/** On n8n without sub-minute polls: one poll now, by publishing the workflow again. */
	async function pollNow(): Promise<void> {
		if (FAST_POLLS) return;
		const { versionId } = await e2e.n8n.workflow(workflowId);
		await e2e.n8n.deactivate(workflowId);
		await e2e.n8n.activate(workflowId, versionId);
	}
	async function nextRun(): Promise<void> {
		await pollNow();
		runs += 1;
		const done = await e2e.n8n.waitForExecutions(workflowId, runs, 90_000);
		if (done.some((x) => x.status !== 'success')) throw new Error((await failures(e2e, workflowId)).join('; '));
	}
	/** Two more polls pass and start nothing. */
	async function quietPolls(): Promise<void> {
		await pollNow();
		await pollNow();
		await new Promise((r) => setTimeout(r, FAST_POLLS ? POLL_WAIT_MS : 3000));
		expect((await e2e.n8n.executions(workflowId)).length).toBe(runs);
	}

	beforeAll(async () => {
		await e2e.sandbox.reset();
		await e2e.ensureTemplateTables(template);
	});

	afterAll(async () => {
		if (workflowId) await e2e.n8n.deactivate(workflowId);
	});

	describe('HubSpot (polling) and the webhook', () => {
		let contactId = '';
		beforeAll(async () => {
			await knownLead('wmHS1', 'hs1@example.com');
			const r = await api('POST', '/hubspot/crm/v3/objects/contacts/batch/upsert', SANDBOX_HUBSPOT_TOKEN, {
				inputs: [
					{
						idProperty: 'wecom_external_userid',
						id: 'wmHS1',
						properties: { email: 'hs1@example.com', lifecyclestage: 'marketingqualifiedlead', wecom_inviting_sdr: 'zhangsan' },
					},
				],
			});
			contactId = ((await r.json()) as any).results[0].id;
			workflowId = (await deployTemplate(e2e, forCrm('hubspot'))).id;
			runs = 0;
			await quietPolls();
		}, 120_000);

		it('sales accepts the lead in HubSpot: SAL, and the SDR is credited once', async () => {
			expect(
				(
					await api('POST', '/hubspot/crm/v3/objects/contacts/batch/update', SANDBOX_HUBSPOT_TOKEN, {
						inputs: [{ id: contactId, properties: { lifecyclestage: 'salesqualifiedlead' } }],
					})
				).status,
			).toBe(200);
			await nextRun();
			expect(await stage('wmHS1')).toBe('sal');
			expect(await rows('sdr_credits', 'wmHS1')).toEqual([
				expect.objectContaining({ sdr: 'zhangsan', crm: 'hubspot', crm_record_id: contactId, status: 'salesqualifiedlead' }),
			]);
			await quietPolls();
			expect(await rows('sdr_credits', 'wmHS1')).toHaveLength(1);
		}, 180_000);

		it('sales returns it to marketing: MRL (recycled), a nurture row and one message to marketing', async () => {
			const before = (await e2e.sandbox.appMessages()).length;
			expect(
				(
					await api('POST', '/hubspot/crm/v3/objects/contacts/batch/update', SANDBOX_HUBSPOT_TOKEN, {
						inputs: [{ id: contactId, properties: { hs_lead_status: 'BAD_TIMING', wecom_outcome_reason: '预算冻结到明年' } }],
					})
				).status,
			).toBe(200);
			await nextRun();
			expect(await stage('wmHS1')).toBe('recycled');
			expect(await rows('nurture_queue', 'wmHS1')).toEqual([
				expect.objectContaining({ track: 'MRL', outcome: 'returned', reason: '预算冻结到明年', status: 'open' }),
			]);
			const sent = (await e2e.sandbox.appMessages()).slice(before);
			expect(sent).toHaveLength(1);
			expect(sent[0].message).toMatchObject({ touser: 'wangwu' });
			expect(JSON.stringify(sent[0].message)).toContain('预算冻结到明年');
			await quietPolls();
			expect(await rows('nurture_queue', 'wmHS1')).toHaveLength(1);
			expect(await rows('sdr_credits', 'wmHS1')).toHaveLength(1);
		}, 180_000);

		it('a CRM posts a signed outcome: accepted once, a redelivery changes nothing, an unsigned post is refused', async () => {
			await knownLead('wmWH1', 'wh1@example.com');
			const url = `${e2e.n8nUrl}/webhook/${webhookId}/crm-outcomes`;
			const body = { recordId: 'XSY-778', leadId: 'wmWH1', status: '已接收', sdr: 'lisi', changedAt: new Date().toISOString() };
			const post = (req: { headers: Record<string, string>; body: string }) =>
				fetch(url, { method: 'POST', headers: req.headers, body: req.body });
			const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
			expect(unsigned.status).toBe(401);
			const first = await post(signedOutcomeRequest(SANDBOX_SIGNED_HOOKS.signed, body));
			expect([first.status, await first.json()]).toEqual([202, { accepted: 1, ignored: [] }]);
			await nextRun();
			expect(await stage('wmWH1')).toBe('sal');
			expect(await rows('sdr_credits', 'wmWH1')).toEqual([
				expect.objectContaining({ sdr: 'lisi', crm: 'webhook', crm_record_id: 'XSY-778' }),
			]);
			const again = await post(signedOutcomeRequest(SANDBOX_SIGNED_HOOKS.signed, body));
			expect(again.status).toBe(202);
			await nextRun();
			expect(await rows('sdr_credits', 'wmWH1')).toHaveLength(1);
			expect(await stage('wmWH1')).toBe('sal');
			expect((await e2e.n8n.executions(workflowId)).length).toBe(runs);
		}, 180_000);

		afterAll(async () => {
			await e2e.n8n.deactivate(workflowId);
			workflowId = '';
		});
	});

	describe('Salesforce (polling)', () => {
		const ids: Record<string, string> = {};
		beforeAll(async () => {
			for (const [lead, n] of [
				['wmSF1', 1],
				['wmSF2', 2],
			] as const) {
				await knownLead(lead, `sf${n}@example.com`);
				const r = await api('PATCH', `/salesforce/services/data/v62.0/sobjects/Lead/WeCom_External_User_ID__c/${lead}`, SANDBOX_SF_TOKEN, {
					LastName: `SF${n}`,
					Company: 'Acme',
					Email: `sf${n}@example.com`,
					Inviting_SDR__c: 'zhangsan',
				});
				ids[lead] = ((await r.json()) as any).id;
			}
			workflowId = (await deployTemplate(e2e, forCrm('salesforce'))).id;
			runs = 0;
			await quietPolls();
		}, 120_000);

		it('one lead rejected at once, one accepted, in one poll: rejected + nurture, SAL + credit; nothing twice', async () => {
			const patch = (id: string, body: unknown) =>
				api('PATCH', `/salesforce/services/data/v62.0/sobjects/Lead/${id}`, SANDBOX_SF_TOKEN, body);
			expect((await patch(ids.wmSF1, { Status: 'Closed - Not Converted', Outcome_Reason__c: 'Student, not a buyer' })).status).toBe(204);
			expect((await patch(ids.wmSF2, { Status: 'Working - Contacted' })).status).toBe(204);
			await nextRun();
			expect(await stage('wmSF1')).toBe('rejected');
			expect(await rows('nurture_queue', 'wmSF1')).toEqual([
				expect.objectContaining({ track: 'rejected', outcome: 'rejected', reason: 'Student, not a buyer', crm: 'salesforce' }),
			]);
			expect(await stage('wmSF2')).toBe('sal');
			expect(await rows('sdr_credits', 'wmSF2')).toEqual([
				expect.objectContaining({ sdr: 'zhangsan', crm: 'salesforce', crm_record_id: ids.wmSF2 }),
			]);
			await quietPolls();
			expect(await rows('nurture_queue', 'wmSF1')).toHaveLength(1);
			expect(await rows('sdr_credits', 'wmSF2')).toHaveLength(1);
		}, 180_000);

		afterAll(async () => {
			await e2e.n8n.deactivate(workflowId);
			workflowId = '';
		});
	});
	describe('Fxiaoke (polling)', () => {
		let leadId = '';
		beforeAll(async () => {
			await knownLead('wmFX1', 'fx1@example.com');
			leadId = (
				await fxiaoke('/cgi/crm/v2/data/create', {
					object_data: {
						dataObjectApiName: 'LeadsObj',
						name: '赵六',
						email: 'fx1@example.com',
						wecom_external_userid__c: 'wmFX1',
						inviting_sdr__c: 'zhaoliu',
						biz_status: 'un_processed',
					},
				})
			).dataId;
			workflowId = (await deployTemplate(e2e, forCrm('fxiaoke'))).id;
			runs = 0;
			await quietPolls();
		}, 120_000);

		it('sales marks the lead processed (已处理) in Fxiaoke: SAL and the SDR credited once', async () => {
			await fxiaoke('/cgi/crm/v2/data/update', { object_data: { dataObjectApiName: 'LeadsObj', _id: leadId, biz_status: 'processed' } });
			await nextRun();
			expect(await stage('wmFX1')).toBe('sal');
			expect(await rows('sdr_credits', 'wmFX1')).toEqual([
				expect.objectContaining({ sdr: 'zhaoliu', crm: 'fxiaoke', crm_record_id: leadId, status: 'processed' }),
			]);
			await quietPolls();
			expect(await rows('sdr_credits', 'wmFX1')).toHaveLength(1);
		}, 180_000);

		it('then sales closes it (无效): after an acceptance that is a return to marketing (recycled, MRL), with the reason', async () => {
			await fxiaoke('/cgi/crm/v2/data/update', {
				object_data: { dataObjectApiName: 'LeadsObj', _id: leadId, biz_status: 'closed', back_reason: '联系不上' },
			});
			await nextRun();
			expect(await stage('wmFX1')).toBe('recycled');
			expect(await rows('nurture_queue', 'wmFX1')).toEqual([
				expect.objectContaining({ track: 'MRL', outcome: 'rejected', reason: '联系不上', crm: 'fxiaoke' }),
			]);
		}, 180_000);

		afterAll(async () => {
			await e2e.n8n.deactivate(workflowId);
			workflowId = '';
		});
	});

	describe('HubSpot deals (Watch → Deals)', () => {
		let dealId = '';
		beforeAll(async () => {
			await knownLead('wmHD1', 'hd1@example.com');
			const r = await api('POST', '/hubspot/crm/v3/objects/contacts/batch/upsert', SANDBOX_HUBSPOT_TOKEN, {
				inputs: [
					{ idProperty: 'wecom_external_userid', id: 'wmHD1', properties: { email: 'hd1@example.com', wecom_inviting_sdr: 'zhangsan' } },
				],
			});
			const contactId = ((await r.json()) as any).results[0].id;
			workflowId = (await deployTemplate(e2e, forCrm('hubspot', 'deals'))).id;
			runs = 0;
			await quietPolls();
			const d = await api('POST', '/hubspot/crm/v3/objects/deals', SANDBOX_HUBSPOT_TOKEN, {
				properties: { dealname: '远山制造 年度订阅', dealstage: 'presentationscheduled', amount: '128000' },
				associations: [{ to: { id: contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] }],
			});
			expect(d.status).toBe(201);
			dealId = ((await d.json()) as any).id;
		}, 120_000);

		it('a deal is opened for the contact: opportunity; then won with its amount: customer, the amount in the event log, once', async () => {
			await nextRun();
			expect(await stage('wmHD1')).toBe('opportunity');
			const won = await api('PATCH', `/hubspot/crm/v3/objects/deals/${dealId}`, SANDBOX_HUBSPOT_TOKEN, {
				properties: { dealstage: 'closedwon' },
			});
			expect(won.status).toBe(200);
			await nextRun();
			expect(await stage('wmHD1')).toBe('customer');
			const events = (await rows('lead_events', 'wmHD1')).map((r) => JSON.parse(r.event));
			expect(events.filter((e) => e.type === 'deal_won')).toEqual([
				expect.objectContaining({ amount: 128000, crm: 'hubspot', recordId: dealId, status: 'closedwon', email: 'hd1@example.com' }),
			]);
			await quietPolls();
			expect((await rows('lead_events', 'wmHD1')).filter((r) => r.type === 'deal_won')).toHaveLength(1);
		}, 240_000);

		afterAll(async () => {
			await e2e.n8n.deactivate(workflowId);
			workflowId = '';
		});
	});
	describe('Salesforce opportunities (Watch → Deals)', () => {
		let oppId = '';
		beforeAll(async () => {
			await knownLead('wmSO1', 'so1@example.com');
			const r = await api('PATCH', '/salesforce/services/data/v62.0/sobjects/Lead/WeCom_External_User_ID__c/wmSO1', SANDBOX_SF_TOKEN, {
				LastName: 'SO1',
				Company: 'Acme',
				Email: 'so1@example.com',
			});
			const leadId = ((await r.json()) as any).id;
			workflowId = (await deployTemplate(e2e, forCrm('salesforce', 'deals'))).id;
			runs = 0;
			await quietPolls();
			// Sales converts the lead in Salesforce (the Convert button): an open opportunity with an amount.
			const conv = await fetch(`${e2e.sandboxUrl}/_sandbox/salesforce/convert-lead`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ leadId, opportunity: { Amount: 56000 } }),
			});
			oppId = ((await conv.json()) as any).opportunityId;
		}, 120_000);

		it('the converted lead’s opportunity: opportunity; Closed Won: customer with the Amount, once', async () => {
			await nextRun();
			expect(await stage('wmSO1')).toBe('opportunity');
			const won = await api('PATCH', `/salesforce/services/data/v62.0/sobjects/Opportunity/${oppId}`, SANDBOX_SF_TOKEN, {
				StageName: 'Closed Won',
			});
			expect(won.status).toBe(204);
			await nextRun();
			expect(await stage('wmSO1')).toBe('customer');
			const events = (await rows('lead_events', 'wmSO1')).map((r) => JSON.parse(r.event));
			expect(events.filter((e) => e.type === 'deal_won')).toEqual([
				expect.objectContaining({ amount: 56000, crm: 'salesforce', recordId: oppId, statusField: 'IsWon', email: 'so1@example.com' }),
			]);
			await quietPolls();
			expect((await rows('lead_events', 'wmSO1')).filter((r) => r.type === 'deal_won')).toHaveLength(1);
		}, 240_000);

		it('an opportunity won on the contact a lead was converted into (no lead converted into the opportunity): found through its primary contact role', async () => {
			// The lead was converted into a contact only ("Don't create an opportunity"); later sales wins an
			// opportunity opened from the contact, with a colleague (no lead of the pack) as a second contact role.
			// A poll between these calls finds the opportunity without a lead (skipped, re-read in the overlap) or
			// with its primary contact: one run either way.
			await knownLead('wmSO2', 'so2@example.com');
			const r = await api('PATCH', '/salesforce/services/data/v62.0/sobjects/Lead/WeCom_External_User_ID__c/wmSO2', SANDBOX_SF_TOKEN, {
				LastName: 'SO2',
				Company: 'Acme',
				Email: 'so2@example.com',
			});
			const leadId = ((await r.json()) as any).id;
			const conv = await fetch(`${e2e.sandboxUrl}/_sandbox/salesforce/convert-lead`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ leadId, opportunity: false }),
			});
			const contactId = ((await conv.json()) as any).contactId;
			const sf = async (path: string, body: unknown) =>
				(await (await api('POST', `/salesforce/services/data/v62.0${path}`, SANDBOX_SF_TOKEN, body)).json()) as any;
			const colleague = (await sf('/sobjects/Contact', { LastName: 'Colleague', Email: 'buyer@acme.example' })).id;
			const opp = (
				await sf('/sobjects/Opportunity', { Name: 'Acme expansion', StageName: 'Closed Won', CloseDate: '2026-12-31', Amount: 88000 })
			).id;
			expect(
				(
					await sf('/sobjects/OpportunityContactRole', {
						OpportunityId: opp,
						ContactId: contactId,
						IsPrimary: true,
						Role: 'Decision Maker',
					})
				).success,
			).toBe(true);
			expect((await sf('/sobjects/OpportunityContactRole', { OpportunityId: opp, ContactId: colleague, Role: 'Evaluator' })).success).toBe(
				true,
			);
			await nextRun();
			expect(await stage('wmSO2')).toBe('customer');
			const events = (await rows('lead_events', 'wmSO2')).map((x) => JSON.parse(x.event));
			expect(events.filter((e) => e.type === 'deal_won')).toEqual([
				expect.objectContaining({ amount: 88000, crm: 'salesforce', recordId: opp, email: 'so2@example.com' }),
			]);
			// Nothing was scored for the colleague (no lead of the pack), and nothing twice.
			expect(await rows('lead_events', 'buyer@acme.example')).toEqual([]);
			await quietPolls();
			expect((await rows('lead_events', 'wmSO2')).filter((x) => x.type === 'deal_won')).toHaveLength(1);
		}, 240_000);

		afterAll(async () => {
			await e2e.n8n.deactivate(workflowId);
			workflowId = '';
		});
	});
});
