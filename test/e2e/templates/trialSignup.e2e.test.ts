import { SANDBOX_HUBSPOT_TOKEN } from '../../../sandbox/crm/hubspot';
import { TEMPLATE_TIME_SCALE } from '../globalSetup';
import { harness } from '../harness';
import {
	accepted,
	deployTemplate,
	emailText,
	eventually,
	failures,
	loadTemplate,
	requestMark,
	settingValue,
	withCrmOwners,
	withSettings,
} from './support';

const e2e = harness();
/** The template as a user sets it up against the sandbox: SMS relay, scaled waits, the SDR's CRM owner, a 1-second CRM queue. */
function configured(extra: Record<string, unknown> = {}): any {
	const settings = withSettings(loadTemplate(e2e, '01-trial-signup.json'), {
		smsEndpoint: `${e2e.sandboxUrl}/sms/send`,
		timeScale: TEMPLATE_TIME_SCALE,
		...extra,
	});
	// CRM Push's SDR to CRM Owner row: the Settings SDR (zhangsan) → the sandbox portal's owner 75001.
	const wf = withCrmOwners(settings, { zhangsan: '75001' });
	wf.nodes.find((n: any) => n.name === 'Every 30 Seconds').parameters.rule.interval[0].secondsInterval = 2;
	return wf;
}
const template = configured();
const DAY_MS = settingValue(template, 'welcomeDelayHours') * 3600_000 * TEMPLATE_TIME_SCALE;
const TOLERANCE_MS = 1500;
/** The shared test machine can be slow: how long the steps before a message may take. */
const BUSY_MS = 15_000;
let ip = 0;

async function getJson<T>(path: string): Promise<T> {
	return (await (await fetch(e2e.sandboxUrl + path)).json()) as T;
}
type Contact = { id: string; properties: Record<string, string> };
const contacts = () => getJson<Contact[]>('/_sandbox/hubspot/contacts');
const contactOf = async (email: string) => (await contacts()).find((c) => c.properties.email === email);

async function submit(
	body: Record<string, string | number>,
	opts: { form?: boolean; clientIp?: string } = {},
): Promise<{ status: number; json?: any; location?: string | null; at: number; answeredAt: number }> {
	const at = Date.now();
	const r = await fetch(`${e2e.n8nUrl}/webhook/trial-signup`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'content-type': opts.form ? 'application/x-www-form-urlencoded' : 'application/json',
			'x-forwarded-for': opts.clientIp ?? `198.51.100.${++ip % 250}`,
		},
		body: opts.form
			? new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, String(v)])).toString()
			: JSON.stringify(body),
	});
	const text = await r.text();
	return {
		status: r.status,
		json: text && r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined,
		location: r.headers.get('location'),
		at,
		answeredAt: Date.now(),
	};
}

const person = (n: number, extra: Record<string, string | number> = {}) => ({
	name: `试用者${n}`,
	company: `公司${n}`,
	phone: `1390000${String(n).padStart(4, '0')}`,
	email: `trial${n}@example.cn`,
	...extra,
});

describe('template 01: trial signup in a real n8n', () => {
	const lead = {
		name: '韩梅梅',
		company: '星河软件',
		title: '市场总监',
		phone: '138-0013-8000',
		email: 'Han.MeiMei@Example.cn',
		companySize: 300,
		industry: 'SaaS',
		utm_campaign: 'spring_trial',
	};
	let workflowId = '';
	let mark = 0;
	let first: { status: number; json?: any; at: number; answeredAt: number };

	beforeAll(async () => {
		await e2e.sandbox.reset();
		workflowId = (await deployTemplate(e2e, template)).id;
		mark = await requestMark(e2e);
		first = await submit(lead);
		await eventually(async () => (await e2e.sandbox.emails()).length > 0 || undefined, 'the welcome email', 60_000).catch(async (e) => {
			throw new Error(`${(e as Error).message}; ${(await failures(e2e, workflowId)).join('; ')}`);
		});
	}, 150_000);

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

	it('notifies customer service in WeCom and sends the prospect the fixed SMS receipt', async () => {
		const notices = (await accepted(e2e, '/cgi-bin/message/send', mark)).map((r) => r.body as any);
		expect(notices).toHaveLength(1);
		expect(notices[0]).toMatchObject({ touser: 'wangwu', msgtype: 'textcard', textcard: { title: '新试用申请', btntxt: '查看线索' } });
		expect(notices[0].textcard.description).toContain('星河软件 · 韩梅梅 · 市场总监');
		expect(notices[0].textcard.description).toContain('13800138000');
		const sms = (await e2e.sandbox.sms()).filter((m) => m.phone === '13800138000');
		expect(sms).toHaveLength(1);
		expect(sms[0]).toMatchObject({ templateId: 'TRIAL_RECEIPT', params: [], signName: '营销云' });
		expect(sms[0].text).toBe(settingValue(template, 'smsReceiptText'));
		// Recorded first, then answered, then the receipt: it follows the answer promptly.
		expect(sms[0].at).toBeGreaterThan(first.at);
		expect(sms[0].at - first.answeredAt).toBeLessThan(BUSY_MS);
	});

	it('scores the request and creates the CRM lead with its source and a task for the SDR (from the queue, within seconds)', async () => {
		const contact = await eventually(() => contactOf('han.meimei@example.cn'), 'the HubSpot contact', 15_000);
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

		const profile = await eventually(
			async () => (await e2e.n8n.dataTableRows('lead_profiles')).find((p) => p.lead_id === 'han.meimei@example.cn'),
			'the stored profile',
			10_000,
		);
		expect(profile).toMatchObject({ stage: 'mql', sales_ready: false, source_channel: 'website', last_event: 'trial_requested' });
		expect(profile.engagement_score).toBe(30);
		expect(JSON.parse(profile.profile)).toMatchObject({ v: 1, stage: 'mql', marked: { need: expect.any(Number) } });
		const row = await eventually(
			async () => (await e2e.n8n.dataTableRows('trial_intake')).find((r) => r.email === 'han.meimei@example.cn' && r.status === 'done'),
			'the intake row marked done',
			10_000,
		);
		expect(row).toMatchObject({ notice: 'sent', sms: 'sent', crm_status: 'created', crm_id: contact.id });
	});

	it('sends the welcome email one (scaled) day after the request', async () => {
		const emails = (await e2e.sandbox.emails()).filter((m) => m.to.includes('han.meimei@example.cn'));
		expect(emails).toHaveLength(1);
		expect(emails[0].subject).toBe('欢迎试用营销云，韩梅梅');
		expect(emailText(emails[0].data)).toContain('韩梅梅，你好！');
		// The wait starts after the SMS receipt (and the notice result is noted): one scaled day after it.
		const sms = (await e2e.sandbox.sms()).find((m) => m.phone === '13800138000')!;
		expect(emails[0].at - sms.at).toBeGreaterThan(DAY_MS - TOLERANCE_MS);
		expect(emails[0].at - sms.at).toBeLessThan(DAY_MS + BUSY_MS);
	});

	it('runs a repeat request of the same day only once, and answers a plain HTML form with the thank-you page', async () => {
		const before = await requestMark(e2e);
		const again = await submit({ ...lead, email: 'han.meimei@example.cn' }, { form: true });
		expect(again.status).toBe(303);
		expect(again.location).toBe(settingValue(template, 'thankYouUrl'));
		await new Promise((r) => setTimeout(r, DAY_MS + BUSY_MS));
		expect(await accepted(e2e, '/cgi-bin/message/send', before)).toHaveLength(0);
		expect(await accepted(e2e, '/sms/send', before)).toHaveLength(0);
		expect((await e2e.sandbox.emails()).filter((m) => m.to.includes('han.meimei@example.cn'))).toHaveLength(1);
	});

	it('30 concurrent signups, each double-clicked: every one reaches the CRM once, one notice, one SMS and one email each', async () => {
		const before = await requestMark(e2e);
		const people = Array.from({ length: 30 }, (_, i) => person(100 + i));
		// 60 requests, 10 at a time, each person's two clicks sent together.
		const answers: number[] = [];
		for (let i = 0; i < people.length; i += 5) {
			const batch = people.slice(i, i + 5).flatMap((p) => [submit(p), submit(p)]);
			answers.push(...(await Promise.all(batch)).map((r) => r.status));
		}
		expect(answers).toEqual(Array(60).fill(202));
		const emails = people.map((p) => p.email);
		const inCrm = await eventually(
			async () => {
				const have = (await contacts()).filter((c) => emails.includes(c.properties.email));
				return have.length === 30 ? have : undefined;
			},
			'all 30 contacts',
			60_000,
		);
		expect(new Set(inCrm.map((c) => c.properties.email)).size).toBe(30);
		await eventually(
			async () => (await e2e.sandbox.emails()).filter((m) => emails.some((e) => m.to.includes(e))).length >= 30 || undefined,
			'30 welcome emails',
			30_000,
		);
		await new Promise((r) => setTimeout(r, 2000));
		const notices = (await accepted(e2e, '/cgi-bin/message/send', before)).map((r) => (r.body as any).textcard.description as string);
		for (const p of people) expect([p.email, notices.filter((d) => d.includes(p.email)).length]).toEqual([p.email, 1]);
		const sms = (await e2e.sandbox.sms()).filter((m) => people.some((p) => p.phone === m.phone));
		expect(sms).toHaveLength(30);
		const welcome = (await e2e.sandbox.emails()).filter((m) => emails.some((e) => m.to.includes(e)));
		expect(welcome).toHaveLength(30);
		const tasks = await getJson<Array<{ properties: Record<string, string> }>>('/_sandbox/hubspot/objects/tasks');
		for (const p of people)
			expect([p.name, tasks.filter((t) => t.properties.hs_task_subject.includes(p.name)).length]).toEqual([p.name, 1]);
		const rows = (await e2e.n8n.dataTableRows('trial_intake')).filter((r) => emails.includes(r.email));
		expect(rows).toHaveLength(30);
		expect(rows.every((r) => r.status === 'done')).toBe(true);
		// The second clicks ended as repeats (stopped, or their confirm changed no row), none as an error.
		expect(await failures(e2e, workflowId)).toEqual([]);
	}, 180_000);

	it('never overwrites an existing CRM contact from the public form; fills only its empty fields', async () => {
		const upsert = await fetch(`${e2e.sandboxUrl}/hubspot/crm/v3/objects/contacts/batch/upsert`, {
			method: 'POST',
			headers: { authorization: `Bearer ${SANDBOX_HUBSPOT_TOKEN}`, 'content-type': 'application/json' },
			body: JSON.stringify({
				inputs: [
					{
						idProperty: 'email',
						id: 'ceo@customer.cn',
						properties: { email: 'ceo@customer.cn', firstname: '王', lastname: '总', company: '老客户集团', phone: '13911112222' },
					},
				],
			}),
		});
		expect(upsert.status).toBe(200);
		expect(
			(await submit({ name: '冒充者', company: '恶意公司', phone: '13633334444', email: 'ceo@customer.cn', title: 'CEO' })).status,
		).toBe(202);
		const c = await eventually(
			async () => {
				const x = await contactOf('ceo@customer.cn');
				return x?.properties.jobtitle ? x : undefined;
			},
			'the empty job title filled',
			20_000,
		);
		expect(c.properties).toMatchObject({ firstname: '王', lastname: '总', company: '老客户集团', phone: '13911112222', jobtitle: 'CEO' });
	}, 60_000);

	it('limits signups per phone and per network, and spends one SMS per phone per day (429 beyond a limit)', async () => {
		const phone = '13755556666';
		const answers = [];
		for (let i = 0; i < 4; i++) answers.push((await submit(person(300 + i, { phone }))).status);
		expect(answers).toEqual([202, 202, 202, 429]);
		const net = [];
		for (let i = 0; i < 21; i++) net.push((await submit(person(400 + i), { clientIp: '203.0.113.99' })).status);
		expect(net.slice(0, 20)).toEqual(Array(20).fill(202));
		expect(net[20]).toBe(429);
		await eventually(async () => (await contactOf('trial302@example.cn')) ?? undefined, 'the third signup in the CRM', 20_000);
		await new Promise((r) => setTimeout(r, 1000));
		expect((await e2e.sandbox.sms()).filter((m) => m.phone === phone)).toHaveLength(1);
		expect(await contactOf('trial303@example.cn')).toBeUndefined();
	}, 120_000);

	it('keeps links and markup a stranger typed out of the notice and the welcome email', async () => {
		const before = await requestMark(e2e);
		const r = await submit(person(500, { name: '中奖通知 点击 http://evil.example.cn/pay 领取', company: '<b>公司</b> www.evil.cn' }));
		expect(r.status).toBe(202);
		const mail = await eventually(
			async () => (await e2e.sandbox.emails()).find((m) => m.to.includes('trial500@example.cn')),
			'the welcome email',
			20_000,
		);
		const notice = (await accepted(e2e, '/cgi-bin/message/send', before))
			.map((x) => (x.body as any).textcard.description as string)
			.find((d) => d.includes('trial500'))!;
		for (const text of [mail.subject, emailText(mail.data), notice]) expect(text).not.toMatch(/evil|<b>/);
		expect(notice).not.toMatch(/http/);
		expect(mail.subject).toBe('欢迎试用营销云，中奖通知 点击 领取');
	}, 60_000);

	it('a signup answered 202 reaches the CRM although the WeCom notice and the SMS fail', async () => {
		await e2e.sandbox.fault([
			{ pathPrefix: '/cgi-bin/message/send', body: { errcode: 60020, errmsg: 'not allow to access from your ip' }, times: 5 },
			{ pathPrefix: '/sms/send', status: 500, body: { error: 'gateway down' }, times: 5 },
		]);
		try {
			expect((await submit(person(600))).status).toBe(202);
			await eventually(() => contactOf('trial600@example.cn'), 'the contact', 20_000);
			const row = await eventually(
				async () =>
					(await e2e.n8n.dataTableRows('trial_intake')).find((x) => x.email === 'trial600@example.cn' && x.status === 'done' && x.sms),
				'the intake row',
				20_000,
			);
			expect(row.notice).toMatch(/^failed/);
			expect(row.sms).toMatch(/^failed/);
		} finally {
			await e2e.sandbox.clearFaults();
		}
	}, 60_000);

	it('a CRM that refuses for a while gets the lead later from the queue: nothing is dropped', async () => {
		await e2e.sandbox.fault({
			pathPrefix: '/hubspot/crm/v3/objects/contacts/batch/read',
			status: 503,
			body: { status: 'error', message: 'unavailable' },
			times: 4,
		});
		try {
			expect((await submit(person(700))).status).toBe(202);
			const c = await eventually(() => contactOf('trial700@example.cn'), 'the contact after the outage', 40_000);
			expect(c.properties.company).toBe('公司700');
			const row = await eventually(
				async () => (await e2e.n8n.dataTableRows('trial_intake')).find((x) => x.email === 'trial700@example.cn' && x.status === 'done'),
				'the row marked done',
				20_000,
			);
			expect(row.attempts).toBeGreaterThanOrEqual(1);
		} finally {
			await e2e.sandbox.clearFaults();
		}
	}, 60_000);
});

describe('template 01 under a burst with HubSpot rate-limited', () => {
	/**
	 * The sandbox enforces HubSpot's rolling 10-second limit, set far below what CRM Push is told
	 * (the template's 100, as when the account is on a smaller plan or shares its allowance with
	 * another app), so the template's own calls get 429s and wait them out (Retry-After).
	 */
	const LIMIT = 3;
	const PEOPLE = 40;
	let workflowId = '';

	beforeAll(async () => {
		await e2e.sandbox.reset({ hubspot: { tenSecondlyLimit: LIMIT } });
		const wf = configured();
		// Queue runs 5 s apart: each batches the signups that arrived meanwhile, and a run waiting out a 429 overlaps the next.
		wf.nodes.find((n: any) => n.name === 'Every 30 Seconds').parameters.rule.interval[0].secondsInterval = 5;
		workflowId = (await deployTemplate(e2e, wf)).id;
	}, 120_000);

	afterAll(async () => {
		if (workflowId) await e2e.n8n.deactivate(workflowId);
		await e2e.sandbox.reset();
	});

	async function sendAll(people: Array<Record<string, string | number>>): Promise<number[]> {
		const answers: number[] = [];
		for (let i = 0; i < people.length; i += 10) {
			answers.push(...(await Promise.all(people.slice(i, i + 10).map((p) => submit(p)))).map((r) => r.status));
		}
		return answers;
	}

	it(`${PEOPLE} signups, 10 at a time, with HubSpot answering 429: every lead reaches HubSpot once (contact and task), one notice and one SMS each; a repeat sends nothing`, async () => {
		const before = await requestMark(e2e);
		const people = Array.from({ length: PEOPLE }, (_, i) => person(900 + i));
		const emails = people.map((p) => p.email);
		expect(await sendAll(people)).toEqual(Array(PEOPLE).fill(202));
		const rows = await eventually(
			async () => {
				const all = (await e2e.n8n.dataTableRows('trial_intake')).filter((r) => emails.includes(r.email));
				return all.length === PEOPLE && all.every((r) => r.status === 'done') ? all : undefined;
			},
			`all ${PEOPLE} intake rows done`,
			200_000,
		).catch(async (e) => {
			const all = (await e2e.n8n.dataTableRows('trial_intake')).filter((r) => emails.includes(r.email));
			const states = all.map((r) => `${r.status}/${r.crm_status ?? ''}`).join(', ');
			throw new Error(`${(e as Error).message}; rows: ${states}; ${(await failures(e2e, workflowId)).join('; ')}`);
		});

		// The limit did bite the template's calls...
		const hubspot = await e2e.sandbox.requests('/hubspot/', before);
		expect(hubspot.filter((r) => r.status === 429).length).toBeGreaterThan(0);
		// ...yet each lead is in HubSpot once, with one task, and no run failed.
		const inCrm = (await contacts()).filter((c) => emails.includes(c.properties.email));
		expect(inCrm.map((c) => c.properties.email).sort()).toEqual([...emails].sort());
		const tasks = await getJson<Array<{ properties: Record<string, string> }>>('/_sandbox/hubspot/objects/tasks');
		for (const p of people)
			expect([p.name, tasks.filter((t) => t.properties.hs_task_subject.includes(`${p.name}（`)).length]).toEqual([p.name, 1]);
		expect(rows.every((r) => r.crm_id && r.notice === 'sent' && r.sms === 'sent')).toBe(true);
		// A rate limit is waited out or re-queued, never counted as a failed attempt.
		expect(rows.map((r) => Number(r.attempts))).toEqual(Array(PEOPLE).fill(0));
		expect(await failures(e2e, workflowId)).toEqual([]);
		const notices = (await accepted(e2e, '/cgi-bin/message/send', before)).map((r) => (r.body as any).textcard.description as string);
		for (const p of people) expect([p.email, notices.filter((d) => d.includes(p.email)).length]).toEqual([p.email, 1]);
		const sms = (await e2e.sandbox.sms()).filter((m) => people.some((p) => p.phone === m.phone));
		expect(sms).toHaveLength(PEOPLE);

		// The same signups again the same day: answered, but no second notice, SMS or HubSpot write.
		const mark = await requestMark(e2e);
		expect(await sendAll(people)).toEqual(Array(PEOPLE).fill(202));
		await new Promise((r) => setTimeout(r, 8000));
		expect(await accepted(e2e, '/cgi-bin/message/send', mark)).toHaveLength(0);
		expect(await accepted(e2e, '/sms/send', mark)).toHaveLength(0);
		expect((await e2e.sandbox.requests('/hubspot/', mark)).filter((r) => /batch\/(upsert|create)/.test(r.path))).toHaveLength(0);
	}, 360_000);
});
