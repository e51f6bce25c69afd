import { SANDBOX_CALLBACK_SECRETS, eventRequest, sampleEventXml, sendRequest } from '../../../sandbox/wecom/callbackSender';
import { SANDBOX_CORP } from '../../../sandbox/wecom/data';
import { harness } from '../harness';
import { accepted, deployTemplate, failures, loadTemplate, requestMark, withSettings, sandboxWeComApi } from './support';

const e2e = harness();
const template = loadTemplate(e2e, '06-welcome-new-contacts.json');
const webhookId: string = template.nodes.find((n: any) => n.name === 'WeCom Trigger').webhookId;

const wecomApi = (path: string, body: unknown) => sandboxWeComApi(e2e.sandboxUrl, path, body);

describe('template 06: welcome and tag new contacts in a real n8n', () => {
	let workflowId = '';
	let runs = 0;
	const codes: Record<string, string> = {};

	/** A customer adds the staff member through a channel's code; WeCom's callback arrives `delaySec` later. */
	async function addThroughCode(state: string, external: string, name: string, o: { delaySec?: number; noWelcomeCode?: boolean } = {}) {
		const ev = await e2e.sandbox.scanContactWay(codes[state], external, name);
		const xml = sampleEventXml('customerAdded', {
			createTime: ev.CreateTime - (o.delaySec ?? 0),
			set: { UserID: ev.UserID, ExternalUserID: ev.ExternalUserID, State: ev.State, WelcomeCode: o.noWelcomeCode ? '' : ev.WelcomeCode },
		});
		const r = await sendRequest(`${e2e.n8nUrl}/webhook/${webhookId}/webhook`, eventRequest(SANDBOX_CALLBACK_SECRETS, xml));
		expect([r.status, r.body]).toEqual([200, 'success']);
		runs += 1;
		const done = await e2e.n8n.waitForExecutions(workflowId, runs, 90_000);
		if (done.some((x) => x.status !== 'success')) throw new Error((await failures(e2e, workflowId)).join('; '));
		return ev;
	}
	const logRow = async (external: string) => (await e2e.n8n.dataTableRows('welcome_log')).filter((r) => r.external_userid === external);
	const sent = async (external: string) => (await e2e.sandbox.welcomeCodes()).find((c) => c.external_userid === external);
	async function tagsOf(external: string, userid = 'zhangsan'): Promise<string[]> {
		const t = (await (
			await fetch(`${e2e.sandboxUrl}/cgi-bin/gettoken?corpid=${SANDBOX_CORP.corpId}&corpsecret=${SANDBOX_CORP.contactSecret}`)
		).json()) as { access_token: string };
		const r = (await (
			await fetch(`${e2e.sandboxUrl}/cgi-bin/externalcontact/get?access_token=${t.access_token}&external_userid=${external}`)
		).json()) as { follow_user: Array<{ userid: string; tags?: Array<{ tag_name: string }> }> };
		return (r.follow_user.find((f) => f.userid === userid)?.tags ?? []).map((x) => x.tag_name).sort();
	}

	beforeAll(async () => {
		await e2e.sandbox.reset();
		// The marketer's codes: one personal "contact me" code per channel, each with its state.
		for (const state of ['poster_0612', 'article_0701', 'job_ad']) {
			const r = await wecomApi('/cgi-bin/externalcontact/add_contact_way', {
				type: 1,
				scene: 2,
				state,
				user: ['zhangsan'],
				skip_verify: true,
			});
			codes[state] = r.config_id;
		}
		const workflow = withSettings(template, { leadEventsUrl: `${e2e.sandboxUrl}/crm-webhook/lead-events` });
		await e2e.ensureTemplateTables(workflow);
		await e2e.n8n.insertDataTableRows('welcome_channels', [
			{ state: 'poster_0612', channel: '海报', welcome_text: '', tags: '海报, 来源渠道/线下活动' },
			{
				state: 'article_0701',
				channel: '公众号文章',
				welcome_text: '{name}，感谢阅读我们的文章！资料包：回复「资料」。',
				tags: '公众号文章',
			},
		]);
		workflowId = (await deployTemplate(e2e, workflow)).id;
	});

	afterAll(async () => {
		if (workflowId) await e2e.n8n.deactivate(workflowId);
	});

	it('welcomes a poster contact within 20 s with the channel wording, tags channel and stage, sends one first-contact event', async () => {
		const mark = await requestMark(e2e);
		const ev = await addThroughCode('poster_0612', 'wmNEWPOSTER01', '陈经理');
		const code = await sent('wmNEWPOSTER01');
		expect(code).toMatchObject({
			userid: 'zhangsan',
			state: 'poster_0612',
			sent: {
				text: {
					content: '你好陈经理，欢迎通过海报认识我们！回复「资料」领取《B2B 社群运营手册》，也欢迎加入我们的交流群，和同行一起聊增长。',
				},
			},
		});
		// When: WeCom's clock (the sandbox's) from the event to the accepted welcome.
		const ms = code!.used_at! - code!.issued_at;
		expect(ms).toBeLessThan(20_000);
		console.log(`template 06: welcome accepted ${ms} ms after the customer was added`);
		expect(await tagsOf('wmNEWPOSTER01')).toEqual(['海报', '线下活动', '首次接触'].sort());
		// The welcome goes out before anything else the flow writes to WeCom.
		const welcomeSeq = (await accepted(e2e, '/cgi-bin/externalcontact/send_welcome_msg', mark))[0].seq;
		expect((await accepted(e2e, '/cgi-bin/externalcontact/mark_tag', mark))[0].seq).toBeGreaterThan(welcomeSeq);
		expect(await logRow('wmNEWPOSTER01')).toEqual([
			expect.objectContaining({ userid: 'zhangsan', state: 'poster_0612', channel: '海报', welcomed: true, result: 'sent' }),
		]);
		const deliveries = ((await (await fetch(`${e2e.sandboxUrl}/_sandbox/crm-webhook/deliveries`)).json()) as any[]).filter(
			(d) => d.hook === 'lead-events',
		);
		expect(deliveries).toHaveLength(1);
		expect(deliveries[0].body).toMatchObject({
			lid: 'wmNEWPOSTER01',
			type: 'customerAdded',
			channel: 'wecom_contact',
			campaign: 'poster_0612',
			time: new Date(ev.CreateTime * 1000).toISOString(),
			lead: { name: '陈经理' },
			staff: 'zhangsan',
			welcomed: true,
		});
		expect(deliveries[0].idempotencyKey).toBe(deliveries[0].body.id);
	});

	it("uses a channel's own wording; an unknown state gets the default wording and channel, and only the stage tag", async () => {
		await addThroughCode('article_0701', 'wmNEWARTICLE01', '林女士');
		expect((await sent('wmNEWARTICLE01'))!.sent).toEqual({ text: { content: '林女士，感谢阅读我们的文章！资料包：回复「资料」。' } });
		expect(await tagsOf('wmNEWARTICLE01')).toEqual(['公众号文章', '首次接触'].sort());
		await addThroughCode('job_ad', 'wmNEWJOB01', '周同学');
		expect((await sent('wmNEWJOB01'))!.sent.text.content).toMatch(/^你好周同学，欢迎通过其他渠道认识我们！/);
		expect(await tagsOf('wmNEWJOB01')).toEqual(['首次接触']);
		expect(await logRow('wmNEWJOB01')).toEqual([expect.objectContaining({ channel: '其他渠道', welcomed: true })]);
	});

	it('a callback that reaches n8n 25 s after the event sends nothing to WeCom and records why; tags and the lead event still go', async () => {
		const mark = await requestMark(e2e);
		await addThroughCode('poster_0612', 'wmLATE01', '迟到客户', { delaySec: 25 });
		expect(await accepted(e2e, '/cgi-bin/externalcontact/send_welcome_msg', mark)).toHaveLength(0);
		expect((await e2e.sandbox.requests('/cgi-bin/externalcontact/send_welcome_msg', mark)).length).toBe(0);
		expect((await sent('wmLATE01'))!.used_at).toBeUndefined();
		const [row] = await logRow('wmLATE01');
		expect(row).toMatchObject({ welcomed: false, channel: '海报' });
		expect(row.result).toMatch(
			/^Item 1: the welcome code arrived (2[5-9]|3\d) s after the customer was added; WeCom accepts it only within 20 s, so nothing was sent$/,
		);
		expect(await tagsOf('wmLATE01')).toEqual(['海报', '线下活动', '首次接触'].sort());
	});

	it('a contact whose staff has a welcome set in the admin console (no welcome code) is tagged and recorded as not welcomed', async () => {
		await addThroughCode('poster_0612', 'wmNOCODE01', '无欢迎码', { noWelcomeCode: true });
		expect((await sent('wmNOCODE01'))!.used_at).toBeUndefined();
		expect(await logRow('wmNOCODE01')).toEqual([
			expect.objectContaining({ welcomed: false, result: expect.stringMatching(/^not sent: no welcome code/) }),
		]);
		expect(await tagsOf('wmNOCODE01')).toContain('首次接触');
	});

	it("WeCom's own 20-second window: a code WeCom already expired is refused (41051), nothing is sent, the reason is recorded", async () => {
		// WeCom's clock runs 21 s ahead of the event while n8n's sees it as fresh.
		const ev = await e2e.sandbox.scanContactWay(codes.poster_0612, 'wmEXPIRED01', '过期客户');
		await e2e.sandbox.advanceClock(21_000);
		const xml = sampleEventXml('customerAdded', {
			createTime: Math.floor(Date.now() / 1000),
			set: { UserID: ev.UserID, ExternalUserID: ev.ExternalUserID, State: ev.State, WelcomeCode: ev.WelcomeCode },
		});
		await sendRequest(`${e2e.n8nUrl}/webhook/${webhookId}/webhook`, eventRequest(SANDBOX_CALLBACK_SECRETS, xml));
		runs += 1;
		await e2e.n8n.waitForExecutions(workflowId, runs, 90_000);
		expect((await sent('wmEXPIRED01'))!.used_at).toBeUndefined();
		const [row] = await logRow('wmEXPIRED01');
		expect(row.welcomed).toBe(false);
		expect(row.result).toMatch(/^Item 1: WeCom refused the welcome code \(41051\)/);
	});
});
