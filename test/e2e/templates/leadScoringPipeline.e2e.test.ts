import { harness, sandboxCredentialData } from '../harness';
import { accepted, deployTemplate, failures, loadTemplate, requestMark, sendWeComEvent, withCrmOwners } from './support';

const e2e = harness();
// CRM Push's SDR to CRM Owner row: zhangsan's leads → the sandbox portal's owner 75001.
const template = withCrmOwners(loadTemplate(e2e, '05-lead-scoring-pipeline.json'), { zhangsan: '75001' });
const webhookId: string = template.nodes.find((n: any) => n.name === 'WeCom Trigger').webhookId;
const LEAD = 'wmCUST0004AAAA'; // a WeCom user: 远山制造, 市场总监, followed by zhangsan
const MEMBER = 'wmEXT0000002'; // a member of group #0 who joined through the live_0612 code, invited by wangwu

async function getJson<T>(path: string): Promise<T> {
	return (await (await fetch(e2e.sandboxUrl + path)).json()) as T;
}

describe('template 05: lead scoring pipeline in a real n8n', () => {
	let workflowId = '';
	let runs = 0;
	let mark = 0;
	const profile = async (id: string) => (await e2e.n8n.dataTableRows('lead_profiles')).find((p) => p.lead_id === id);

	/** One event at a time: each is scored on the profile the previous one stored. */
	async function settle(): Promise<void> {
		runs += 1;
		await e2e.n8n.waitForExecutions(workflowId, runs);
		await settled();
	}
	async function settled(): Promise<void> {
		const failed = (await e2e.n8n.executions(workflowId)).filter((r) => r.status !== 'success');
		if (failed.length) throw new Error((await failures(e2e, workflowId)).join('; '));
	}
	async function link(query: string): Promise<Response> {
		const r = await fetch(`${e2e.n8nUrl}/webhook/t?${query}`, { redirect: 'manual' });
		await settle();
		return r;
	}
	/** The Header Auth credential the website's server sends (the sandbox's, as deployTemplate picks it by type). */
	const EVENTS_KEY = {
		[String(sandboxCredentialData('httpHeaderAuth', e2e.sandboxUrl).name)]: String(
			sandboxCredentialData('httpHeaderAuth', e2e.sandboxUrl).value,
		),
	};
	async function form(body: unknown): Promise<Response> {
		const r = await fetch(`${e2e.n8nUrl}/webhook/lead-event`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...EVENTS_KEY },
			body: JSON.stringify(body),
		});
		await settle();
		return r;
	}

	beforeAll(async () => {
		await e2e.sandbox.reset();
		workflowId = (await deployTemplate(e2e, template)).id;
		mark = await requestMark(e2e);
	});

	afterAll(async () => {
		if (workflowId) await e2e.n8n.deactivate(workflowId);
	});

	it("scores a new WeCom contact as first contact, with the SDR's join code, name, company and title", async () => {
		await sendWeComEvent(e2e.n8nUrl, webhookId, 'customerAdded', { UserID: 'zhangsan', ExternalUserID: LEAD, State: 'sdr_zhangsan_0612' });
		await settle();
		expect(await profile(LEAD)).toMatchObject({
			external_userid: LEAD,
			name: '客户4',
			company: '远山制造有限公司',
			title: '市场总监',
			source_channel: 'wecom_contact',
			source_state: 'sdr_zhangsan_0612',
			stage: 'firstContact',
			engagement_score: 0,
			fit_score: 30,
			sales_ready: false,
		});
	});

	it('scores customers who join a group with the state of the code they scanned; staff are not leads', async () => {
		await sendWeComEvent(e2e.n8nUrl, webhookId, 'groupMemberJoined', {
			ChatId: 'wrSANDBOX000000',
			MemChangeList: [MEMBER, 'zhangsan'],
			MemChangeCnt: 2,
		});
		await settle();
		expect(await profile(MEMBER)).toMatchObject({ source_channel: 'wecom_group', source_state: 'live_0612', stage: 'firstContact' });
		expect(await profile('zhangsan')).toBeUndefined();
	});

	it('redirects tracked links at once (only to allowed hosts) and scores the clicks', async () => {
		const click = await link(`lid=${LEAD}&url=${encodeURIComponent('https://www.example.com/pricing')}&c=spring`);
		expect(click.status).toBe(302);
		expect(click.headers.get('location')).toBe('https://www.example.com/pricing');
		const other = await link(`lid=${LEAD}&url=${encodeURIComponent('https://example.com/cases/42')}`);
		expect(other.headers.get('location')).toBe('https://example.com/cases/42');
		const evil = await link(`lid=${LEAD}&url=${encodeURIComponent('https://evil.example.net/login')}`);
		expect(evil.status).toBe(302);
		expect(evil.headers.get('location')).toBe('https://www.example.com/');
		expect(await profile(LEAD)).toMatchObject({ stage: 'activated', engagement_score: 4 });
	});

	it('refuses a malformed form event with the reasons', async () => {
		const r = await form({ type: 'demo request', attributes: { budget: 'yes' } });
		expect(r.status).toBe(422);
		expect(((await r.json()) as { errors: string[] }).errors).toEqual([
			'lid (the WeCom external_userid of the lead) is required',
			'type must be an event name such as trial_requested or page_viewed',
			'attributes.budget must be true or false',
		]);
	});

	it("answers an event without the website's key 403, and scores nothing (forged events)", async () => {
		const before = (await e2e.n8n.executions(workflowId)).length;
		for (const headers of [{}, { [Object.keys(EVENTS_KEY)[0]]: 'wrong' }]) {
			const r = await fetch(`${e2e.n8nUrl}/webhook/lead-event`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body: JSON.stringify({ lid: LEAD, type: 'trial_requested' }),
			});
			expect(r.status).toBe(403);
		}
		await new Promise((r) => setTimeout(r, 1000));
		expect((await e2e.n8n.executions(workflowId)).length).toBe(before);
	});

	it('refuses an event whose time is unreadable or in the future before answering 2xx', async () => {
		for (const time of ['yesterday', '2999-01-01T00:00:00Z']) {
			const r = await form({ lid: LEAD, type: 'page_viewed', time });
			expect(r.status).toBe(422);
			expect(((await r.json()) as { errors: string[] }).errors).toEqual([
				time === 'yesterday' ? 'time must be an ISO 8601 date-time' : 'time must not be in the future',
			]);
		}
	});

	it('counts every point of 20 events for one lead posted at the same time, and the same event posted twice once', async () => {
		const LEAD2 = 'wmCONC0001';
		// 20 events worth 73 points together, none over a cap: losing any one of them lowers the score
		// (the pricing page scores 15 on its third view within 7 days).
		const types = [
			...Array<string>(4).fill('discussion_joined'), // 4 × 5, community
			'good_question', // 10, community
			...Array<string>(4).fill('article_read'), // 4 × 1, content
			...Array<string>(4).fill('link_clicked'), // 4 × 2, content
			...Array<string>(2).fill('live_registered'), // 2 × 3, content
			...Array<string>(2).fill('email_replied'), // 2 × 5, intent
			...Array<string>(3).fill('page_viewed'), // the pricing page: 15, intent
		];
		const post = (body: unknown) =>
			fetch(`${e2e.n8nUrl}/webhook/lead-event`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...EVENTS_KEY },
				body: JSON.stringify(body),
			}).then((r) => r.status);
		const lead = { company: '并发科技', title: '市场总监' };
		const url = 'https://www.example.com/pricing';
		const statuses = await Promise.all(
			types.map((type, i) => post({ lid: LEAD2, type, id: `conc-${i}`, lead, ...(type === 'page_viewed' ? { url } : {}) })),
		);
		expect(statuses).toEqual(Array(20).fill(202));
		runs += 20;
		await e2e.n8n.waitForExecutions(workflowId, runs, 240_000);
		await settled();

		const log = async () => (await e2e.n8n.dataTableRows('lead_events')).filter((r) => r.lead_id === LEAD2);
		const rows = async () => (await e2e.n8n.dataTableRows('lead_profiles')).filter((p) => p.lead_id === LEAD2);
		expect(await log()).toHaveLength(20);
		const [saved, ...extra] = await rows();
		expect(extra).toEqual([]);
		// Fit: company 5 + decision maker 15 + marketing role 10; MQL needs 25 and 20 (SQL the BANT gate too).
		expect(saved).toMatchObject({ engagement_score: 73, fit_score: 30, stage: 'mql', sales_ready: false });
		expect(saved.ledger_row).toBe(Math.max(...(await log()).map((r) => Number(r.id))));

		// A re-sent event arriving twice at the same time: both recorded, scored once (+10, not +20; content stays under its 30).
		const twice = { lid: LEAD2, type: 'live_attended', id: 'conc-live-1' };
		expect(await Promise.all([post(twice), post(twice)])).toEqual([202, 202]);
		runs += 2;
		await e2e.n8n.waitForExecutions(workflowId, runs, 120_000);
		await settled();
		expect(await log()).toHaveLength(22);
		expect(await rows()).toEqual([expect.objectContaining({ engagement_score: 83, stage: 'mql' })]);
	});

	it('turns the lead SQL on a trial request with budget and timing: CRM lead with its source and SDR task, and a card to the SDR', async () => {
		const trial = {
			lid: LEAD,
			type: 'trial_requested',
			id: 'trial-form-0612-1',
			lead: { email: 'Zhao@YuanShan.cn' },
			attributes: { budget: true, purchaseTiming: true },
		};
		const r = await form(trial);
		expect(r.status).toBe(202);
		expect(await profile(LEAD)).toMatchObject({
			stage: 'sql',
			sales_ready: true,
			engagement_score: 34,
			fit_score: 40,
			email: 'zhao@yuanshan.cn',
		});

		const contacts = await getJson<Array<{ properties: Record<string, string> }>>('/_sandbox/hubspot/contacts');
		expect(contacts).toHaveLength(1);
		expect(contacts[0].properties).toMatchObject({
			wecom_external_userid: LEAD,
			email: 'zhao@yuanshan.cn',
			company: '远山制造有限公司',
			jobtitle: '市场总监',
			lifecyclestage: 'salesqualifiedlead',
			wecom_join_state: 'sdr_zhangsan_0612',
			wecom_inviting_sdr: 'zhangsan',
			hubspot_owner_id: '75001',
			wecom_engagement_score: '34',
		});
		const tasks = await getJson<Array<{ properties: Record<string, string> }>>('/_sandbox/hubspot/objects/tasks');
		expect(tasks.map((t) => t.properties.hs_task_subject)).toEqual(['SQL 跟进：客户4（远山制造有限公司）']);
		const cards = (await accepted(e2e, '/cgi-bin/message/send', mark)).map((m) => m.body as any);
		expect(cards).toHaveLength(1);
		expect(cards[0]).toMatchObject({ touser: 'zhangsan', msgtype: 'textcard', textcard: { title: 'SQL 线索：客户4', btntxt: '去跟进' } });
		expect(cards[0].textcard.description).toContain('远山制造有限公司 · 市场总监');
		expect(cards[0].textcard.description).toContain('互动 34 · 匹配 40');

		// The same form event again (a re-send): no points, no second push or card.
		const before = await requestMark(e2e);
		await form(trial);
		expect((await profile(LEAD))!.engagement_score).toBe(34);
		expect(await accepted(e2e, '/cgi-bin/message/send', before)).toHaveLength(0);
		expect(await accepted(e2e, '/hubspot/crm/v3/objects/contacts/batch/upsert', before)).toHaveLength(0);
	});
});
