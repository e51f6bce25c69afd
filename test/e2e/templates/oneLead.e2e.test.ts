import { trackedLeadId } from '../../../lib/intake/leadKey';
import { SANDBOX_CALLBACK_SECRETS, eventRequest, sampleEventXml, sendRequest } from '../../../sandbox/wecom/callbackSender';
import { TEMPLATE_TIME_SCALE } from '../globalSetup';
import { harness } from '../harness';
import { deployTemplate, eventually, failures, loadTemplate, withSettings, sandboxWeComApi } from './support';

/**
 * One person, one lead: a trial signup (template 01, keyed on email) and the same person adding the
 * SDR through their personal contact code (template 06, keyed on external_userid) end as one lead.
 */
const e2e = harness();

const wecomApi = (path: string, body: unknown) => sandboxWeComApi(e2e.sandboxUrl, path, body);
type Contact = { id: string; properties: Record<string, string> };
const contacts = async () => (await (await fetch(`${e2e.sandboxUrl}/_sandbox/hubspot/contacts`)).json()) as Contact[];

describe('one person, one lead across the trial form (01) and WeCom (06)', () => {
	const ids: string[] = [];
	const welcome = loadTemplate(e2e, '06-welcome-new-contacts.json');
	const webhookId: string = welcome.nodes.find((n: any) => n.name === 'WeCom Trigger').webhookId;

	beforeAll(async () => {
		await e2e.sandbox.reset();
		const trial = withSettings(loadTemplate(e2e, '01-trial-signup.json'), {
			smsEndpoint: `${e2e.sandboxUrl}/sms/send`,
			timeScale: TEMPLATE_TIME_SCALE,
		});
		trial.nodes.find((n: any) => n.name === 'Every 30 Seconds').parameters.rule.interval[0].secondsInterval = 2;
		const wf06 = withSettings(welcome, { leadEventsUrl: `${e2e.sandboxUrl}/crm-webhook/lead-events` });
		await e2e.ensureTemplateTables(trial);
		await e2e.ensureTemplateTables(wf06);
		ids.push((await deployTemplate(e2e, trial)).id, (await deployTemplate(e2e, wf06)).id);
	}, 150_000);

	afterAll(async () => {
		for (const id of ids) await e2e.n8n.deactivate(id);
	});

	it('a signup, then a customerAdded through the personal code whose state carries the lid → one HubSpot contact with both IDs', async () => {
		const email = 'li.lei@one-lead.example.cn';
		const r = await fetch(`${e2e.n8nUrl}/webhook/trial-signup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.201' },
			body: JSON.stringify({ name: '李雷', company: '一线索科技', phone: '13912345678', email: 'Li.Lei@One-Lead.example.cn' }),
		});
		expect(r.status).toBe(202);
		const lid = trackedLeadId(email);
		const profile = await eventually(
			async () => (await e2e.n8n.dataTableRows('lead_profiles')).find((p) => p.lead_id === email && p.lid === lid),
			'the trial lead’s profile with its tracked lead ID',
			90_000,
		).catch(async (e) => {
			throw new Error(`${(e as Error).message}; ${(await failures(e2e, ids[0])).join('; ')}`);
		});
		expect(profile.external_userid || '').toBe('');
		expect((await contacts()).filter((c) => c.properties.email === email)).toHaveLength(1);

		// The lead's personal contact-me code: state = channel ~ lid (what the welcome email links to).
		const code = await wecomApi('/cgi-bin/externalcontact/add_contact_way', {
			type: 1,
			scene: 2,
			state: `trial~${lid}`,
			user: ['zhangsan'],
			skip_verify: true,
		});
		expect(code.errcode).toBe(0);
		const ev = await e2e.sandbox.scanContactWay(code.config_id, 'wmONELEAD0001', '李雷');
		expect(ev.State).toBe(`trial~${lid}`);
		const xml = sampleEventXml('customerAdded', {
			createTime: ev.CreateTime,
			set: { UserID: ev.UserID, ExternalUserID: ev.ExternalUserID, State: ev.State, WelcomeCode: ev.WelcomeCode },
		});
		const cb = await sendRequest(`${e2e.n8nUrl}/webhook/${webhookId}/webhook`, eventRequest(SANDBOX_CALLBACK_SECRETS, xml));
		expect([cb.status, cb.body]).toEqual([200, 'success']);
		const done = await e2e.n8n.waitForExecutions(ids[1], 1, 240_000);
		if (done.some((x) => x.status !== 'success')) throw new Error((await failures(e2e, ids[1])).join('; '));

		// One contact in HubSpot with the email and the external_userid; no second (WeCom-only) contact.
		const mine = (await contacts()).filter((c) => c.properties.email === email || c.properties.wecom_external_userid === 'wmONELEAD0001');
		expect(mine).toHaveLength(1);
		expect(mine[0].properties).toMatchObject({ email, wecom_external_userid: 'wmONELEAD0001' });
		// One lead in the pack's tables: the trial profile now holds the external_userid.
		const profiles = (await e2e.n8n.dataTableRows('lead_profiles')).filter(
			(p) => p.lead_id === email || p.external_userid === 'wmONELEAD0001',
		);
		expect(profiles.map((p) => [p.lead_id, p.external_userid])).toEqual([[email, 'wmONELEAD0001']]);
		// Lead Score's first-contact event goes under the same lead ID, with the channel part of the state.
		const deliveries = ((await (await fetch(`${e2e.sandboxUrl}/_sandbox/crm-webhook/deliveries`)).json()) as any[]).filter(
			(d) => d.hook === 'lead-events',
		);
		expect(deliveries.map((d) => d.body)).toEqual([
			expect.objectContaining({ lid: email, externalUserId: 'wmONELEAD0001', type: 'customerAdded' }),
		]);
		const log = (await e2e.n8n.dataTableRows('welcome_log')).filter((x) => x.external_userid === 'wmONELEAD0001');
		expect(log).toEqual([expect.objectContaining({ state: `trial~${lid}`, channel: expect.any(String) })]);

		// A colleague who scans the same personal code is a lead of their own, and takes nothing over.
		const ev2 = await e2e.sandbox.scanContactWay(code.config_id, 'wmONELEAD0002', '韩梅梅');
		const xml2 = sampleEventXml('customerAdded', {
			createTime: ev2.CreateTime,
			set: { UserID: ev2.UserID, ExternalUserID: ev2.ExternalUserID, State: ev2.State, WelcomeCode: ev2.WelcomeCode },
		});
		expect((await sendRequest(`${e2e.n8nUrl}/webhook/${webhookId}/webhook`, eventRequest(SANDBOX_CALLBACK_SECRETS, xml2))).status).toBe(
			200,
		);
		const done2 = await e2e.n8n.waitForExecutions(ids[1], 2, 240_000);
		if (done2.some((x) => x.status !== 'success')) throw new Error((await failures(e2e, ids[1])).join('; '));
		expect((await contacts()).find((c) => c.properties.email === email)?.properties.wecom_external_userid).toBe('wmONELEAD0001');
		const later = ((await (await fetch(`${e2e.sandboxUrl}/_sandbox/crm-webhook/deliveries`)).json()) as any[]).filter(
			(d) => d.hook === 'lead-events',
		);
		expect(later.map((d) => d.body.lid)).toEqual([email, 'wmONELEAD0002']);
	}, 600_000);
});
