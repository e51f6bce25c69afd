import { TEMPLATE_TIME_SCALE } from '../globalSetup';
import { harness } from '../harness';
import { accepted, deployTemplate, emailText, eventually, failures, loadTemplate, requestMark, settingValue } from './support';

const e2e = harness();
const template = loadTemplate(e2e, '01-trial-signup.json');
const DAY_MS = settingValue(template, 'welcomeDelayHours') * 3600_000 * TEMPLATE_TIME_SCALE;
const TOLERANCE_MS = 1500;

async function getJson<T>(path: string): Promise<T> {
	return (await (await fetch(e2e.sandboxUrl + path)).json()) as T;
}

async function submit(body: Record<string, string | number>, form = false): Promise<{ status: number; json?: any; location?: string | null; at: number }> {
	const at = Date.now();
	const r = await fetch(`${e2e.n8nUrl}/webhook/trial-signup`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
		body: form ? new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, String(v)])).toString() : JSON.stringify(body),
	});
	const text = await r.text();
	return { status: r.status, json: text && r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined, location: r.headers.get('location'), at };
}

describe('template 01: trial signup in a real n8n', () => {
	const lead = { name: '韩梅梅', company: '星河软件', title: '市场总监', phone: '138-0013-8000', email: 'Han.MeiMei@Example.cn', companySize: 300, industry: 'SaaS', utm_campaign: 'spring_trial' };
	let workflowId = '';
	let mark = 0;
	let first: { status: number; json?: any; at: number };

	beforeAll(async () => {
		await e2e.sandbox.reset();
		workflowId = (await deployTemplate(e2e, template)).id;
		mark = await requestMark(e2e);
		first = await submit(lead);
		await eventually(async () => (await e2e.sandbox.emails()).length > 0 || undefined, 'the welcome email', 20_000).catch(async (e) => {
			throw new Error(`${(e as Error).message}; ${(await failures(e2e, workflowId)).join('; ')}`);
		});
	}, 60_000);

	afterAll(async () => {
		if (workflowId) await e2e.n8n.deactivate(workflowId);
	});

	it('accepts a valid request at once (202) and refuses an invalid one with the reasons (422)', async () => {
		expect(first.status).toBe(202);
		expect(first.json).toEqual({ ok: true, message: 'trial request received' });
		const bad = await submit({ name: '', company: 'X', phone: '12345', email: 'not-an-email' });
		expect(bad.status).toBe(422);
		expect(bad.json.errors).toEqual(['name is required', 'phone must be a mainland China mobile number', 'email is not a valid address']);
	});

	it('notifies customer service in WeCom and sends the prospect an SMS receipt', async () => {
		const notices = (await accepted(e2e, '/cgi-bin/message/send', mark)).map((r) => r.body as any);
		expect(notices).toHaveLength(1);
		expect(notices[0]).toMatchObject({ touser: 'wangwu', msgtype: 'textcard', textcard: { title: '新试用申请', btntxt: '查看线索' } });
		expect(notices[0].textcard.description).toContain('星河软件 · 韩梅梅 · 市场总监');
		expect(notices[0].textcard.description).toContain('13800138000');
		const sms = (await e2e.sandbox.sms()).filter((m) => m.phone === '13800138000');
		expect(sms).toHaveLength(1);
		expect(sms[0]).toMatchObject({ templateId: 'TRIAL_RECEIPT', params: ['韩梅梅'], signName: '营销云' });
		expect(sms[0].text).toBe('【营销云】韩梅梅您好，我们已收到您的试用申请，顾问会在 1 个工作日内与您联系。');
		expect(sms[0].at - first.at).toBeLessThan(5000);
	});

	it('scores the request and creates the CRM lead with its source and a task for the SDR', async () => {
		const contacts = await getJson<Array<{ properties: Record<string, string> }>>('/_sandbox/hubspot/contacts');
		const contact = contacts.find((c) => c.properties.email === 'han.meimei@example.cn')!;
		expect(contact.properties).toMatchObject({
			company: '星河软件',
			jobtitle: '市场总监',
			phone: '13800138000',
			wecom_source_channel: 'website',
			wecom_campaign: 'spring_trial',
			wecom_inviting_sdr: 'zhangsan',
			hubspot_owner_id: '75001',
			lifecyclestage: 'marketingqualifiedlead',
		});
		const tasks = await getJson<Array<{ properties: Record<string, string> }>>('/_sandbox/hubspot/objects/tasks');
		expect(tasks.map((t) => t.properties.hs_task_subject)).toEqual(['试用申请跟进：韩梅梅（星河软件）']);
		expect(tasks[0].properties.hubspot_owner_id).toBe('75001');
		const notes = await getJson<Array<{ properties: Record<string, string> }>>('/_sandbox/hubspot/objects/notes');
		expect(notes).toHaveLength(1);
		expect(notes[0].properties.hs_note_body).toContain('申请试用');

		const [profile] = (await e2e.n8n.dataTableRows('lead_profiles')).filter((p) => p.lead_id === 'han.meimei@example.cn');
		expect(profile).toMatchObject({ stage: 'mql', sales_ready: false, source_channel: 'website', last_event: 'trial_requested' });
		expect(profile.engagement_score).toBe(30);
		expect(JSON.parse(profile.profile)).toMatchObject({ v: 1, stage: 'mql', marked: { need: expect.any(Number) } });
	});

	it('sends the welcome email one (scaled) day after the request', async () => {
		const emails = (await e2e.sandbox.emails()).filter((m) => m.to.includes('han.meimei@example.cn'));
		expect(emails).toHaveLength(1);
		expect(emails[0].subject).toBe('欢迎试用营销云，韩梅梅');
		expect(emailText(emails[0].data)).toContain('韩梅梅，你好！');
		expect(Math.abs(emails[0].at - (first.at + DAY_MS))).toBeLessThan(TOLERANCE_MS);
		const sms = (await e2e.sandbox.sms()).find((m) => m.phone === '13800138000')!;
		expect(emails[0].at).toBeGreaterThan(sms.at);
	});

	it('runs a repeat request of the same day only once, and answers a plain HTML form with the thank-you page', async () => {
		const before = await requestMark(e2e);
		const again = await submit({ ...lead, email: 'han.meimei@example.cn' }, true);
		expect(again.status).toBe(303);
		expect(again.location).toBe(settingValue(template, 'thankYouUrl'));
		const runs = (await e2e.n8n.executions(workflowId)).length;
		await e2e.n8n.waitForExecutions(workflowId, runs);
		await new Promise((r) => setTimeout(r, DAY_MS + 1000));
		expect(await accepted(e2e, '/cgi-bin/message/send', before)).toHaveLength(0);
		expect(await accepted(e2e, '/sms/send', before)).toHaveLength(0);
		expect((await e2e.sandbox.emails()).filter((m) => m.to.includes('han.meimei@example.cn'))).toHaveLength(1);
	});
});
