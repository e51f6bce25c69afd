import { SANDBOX_CALLBACK_SECRETS, eventRequest, sampleEventXml, sendRequest } from '../../../sandbox/wecom/callbackSender';
import { SANDBOX_ROBOT_KEYS } from '../../../sandbox/wecom/data';
import { harness } from '../harness';
import { accepted, deployTemplate, failures, loadTemplate, requestMark, sandboxWeComApi } from './support';

const e2e = harness();
const template = loadTemplate(e2e, '07-fission-referral.json');
const webhookId: string = template.nodes.find((n: any) => n.name === 'WeCom Trigger').webhookId;
const MASS = '/cgi-bin/externalcontact/add_msg_template';

const wecomApi = (path: string, body: unknown) => sandboxWeComApi(e2e.sandboxUrl, path, body);

describe('template 07: fission referral in a real n8n', () => {
	let workflowId = '';
	let runs = 0;
	let entryCode = '';

	const rows = (table: string) => e2e.n8n.dataTableRows(table);
	const codeOf = async (member: string) => (await rows('referral_codes')).find((r) => r.member === member);
	const invitesOf = async (invitee: string) =>
		(await rows('referral_invites')).filter((r) => r.event_key === invitee).sort((a, b) => a.id - b.id);
	const welcomeTo = async (external: string) =>
		(await e2e.sandbox.welcomeCodes()).filter((c) => c.external_userid === external && c.used_at);
	const rewardsTo = async (referrer: string, since = 0) =>
		(await accepted(e2e, MASS, since)).filter((r) => (r.body as any).external_userid?.includes(referrer));

	async function waitRuns(n: number) {
		runs += n;
		const done = await e2e.n8n.waitForExecutions(workflowId, runs, 180_000);
		if (done.some((x) => x.status !== 'success')) throw new Error((await failures(e2e, workflowId)).join('; '));
	}

	/** The customer scans a code (WeCom adds them); the signed callback goes to n8n. */
	async function scan(configId: string, external: string, name: string) {
		const ev = await e2e.sandbox.scanContactWay(configId, external, name);
		const xml = sampleEventXml('customerAdded', {
			createTime: ev.CreateTime,
			set: { UserID: ev.UserID, ExternalUserID: ev.ExternalUserID, State: ev.State, WelcomeCode: ev.WelcomeCode },
		});
		return () => sendRequest(`${e2e.n8nUrl}/webhook/${webhookId}/webhook`, eventRequest(SANDBOX_CALLBACK_SECRETS, xml));
	}
	async function add(configId: string, external: string, name: string) {
		const r = await (await scan(configId, external, name))();
		expect([r.status, r.body]).toEqual([200, 'success']);
		await waitRuns(1);
	}
	async function personalCode(member: string): Promise<string> {
		const c = await codeOf(member);
		if (!c) throw new Error(`${member} has no personal code`);
		return c.config_id;
	}

	beforeAll(async () => {
		await e2e.sandbox.reset();
		// The campaign's entry code: the assistant, state = the campaign name.
		entryCode = (
			await wecomApi('/cgi-bin/externalcontact/add_contact_way', { type: 1, scene: 2, state: 'fx', user: ['zhangsan'], skip_verify: true })
		).config_id;
		workflowId = (await deployTemplate(e2e, template)).id;
	});

	afterAll(async () => {
		if (workflowId) await e2e.n8n.deactivate(workflowId);
	});

	it('a member who adds the assistant through the entry code gets a personal code in the welcome, within 20 s', async () => {
		await add(entryCode, 'wmFXALICE', '爱丽丝');
		const code = await codeOf('wmFXALICE');
		expect(code).toMatchObject({ member_name: '爱丽丝', staff: 'zhangsan', state: expect.stringMatching(/^fx-[0-9a-hjkmnp-tv-z]{16}$/) });
		expect(code!.state.length).toBeLessThanOrEqual(30);
		const way = await wecomApi('/cgi-bin/externalcontact/get_contact_way', { config_id: code!.config_id });
		expect(way.contact_way).toMatchObject({ state: code!.state, user: ['zhangsan'], qr_code: code!.qr_code, remark: '爱丽丝' });
		const [w] = await welcomeTo('wmFXALICE');
		expect(w.sent.text.content).toMatch(/^你好爱丽丝，欢迎加入！下面是你的专属邀请码/);
		expect(w.sent.text.content).not.toMatch(/邀请来的/);
		expect(w.sent.attachments).toEqual([
			{
				msgtype: 'link',
				link: { title: '爱丽丝的专属邀请码', url: code!.qr_code, desc: '长按识别或转发给好友，邀请越多奖励越多', picurl: code!.qr_code },
			},
		]);
		expect(w.used_at! - w.issued_at).toBeLessThan(20_000);
		console.log(`template 07: welcome with the personal code accepted ${w.used_at! - w.issued_at} ms after the add`);
		// Not an invite: nobody's code was scanned.
		expect(await invitesOf('wmFXALICE')).toEqual([]);
		await add(entryCode, 'wmFXBOB', '鲍勃');
		expect((await codeOf('wmFXBOB'))!.state).not.toBe(code!.state);
	});

	it("counts a new friend for the code's owner and sends the 1-friend reward to the owner once", async () => {
		const mark = await requestMark(e2e);
		await add(await personalCode('wmFXALICE'), 'wmFXF1', '朋友一');
		expect(await invitesOf('wmFXF1')).toEqual([
			expect.objectContaining({
				referrer: 'wmFXALICE',
				referrer_name: '爱丽丝',
				invitee_name: '朋友一',
				staff: 'zhangsan',
				status: 'counted',
			}),
		]);
		const rewards = await rewardsTo('wmFXALICE', mark);
		expect(rewards.map((r) => r.body)).toEqual([
			{
				chat_type: 'single',
				sender: 'zhangsan',
				external_userid: ['wmFXALICE'],
				text: {
					content:
						'爱丽丝，你邀请的第 1 位好友已加入，《B2B 社群运营手册》送给你：https://example.com/materials/b2b-community-handbook.pdf\n再邀请 2 位好友，即可解锁《增长实战》课程。',
				},
			},
		]);
		// The friend gets their own code, and is told who invited them.
		const [w] = await welcomeTo('wmFXF1');
		expect(w.sent.text.content).toMatch(/\n（你是 爱丽丝 邀请来的）$/);
		expect(w.sent.attachments[0].link.url).toBe((await codeOf('wmFXF1'))!.qr_code);
		const [row] = (await rows('referral_rewards')).filter((r) => r.referrer === 'wmFXALICE');
		expect(row).toMatchObject({ event_key: 'wmFXALICE#1', threshold: 1, status: 'claimed', msgid: (rewards[0].response as any).msgid });
	});

	it('anti-fraud: a self-invite, an existing customer and the same friend through a second code never count', async () => {
		const mark = await requestMark(e2e);
		await add(await personalCode('wmFXALICE'), 'wmFXALICE', '爱丽丝');
		expect((await invitesOf('wmFXALICE')).map((r) => [r.status, r.reason])).toEqual([
			['rejected', 'self-invite: the member added the staff member through their own code'],
		]);
		// wmCUST0000AAAA has been lisi's customer for 10 days.
		await add(await personalCode('wmFXALICE'), 'wmCUST0000AAAA', '客户0');
		const [existing] = await invitesOf('wmCUST0000AAAA');
		expect(existing.status).toBe('rejected');
		expect(existing.reason).toMatch(/^already a customer: added (zhangsan|lisi) at /);
		await add(await personalCode('wmFXBOB'), 'wmFXF1', '朋友一');
		expect((await invitesOf('wmFXF1')).map((r) => [r.referrer, r.status, r.reason])).toEqual([
			['wmFXALICE', 'counted', 'counted: a new friend'],
			['wmFXBOB', 'repeat', 'already counted for 爱丽丝: an invitee counts once'],
		]);
		expect(await accepted(e2e, MASS, mark)).toEqual([]);
	});

	it('leave and rejoin: the friend stops counting when they delete the assistant, and never counts again', async () => {
		await add(await personalCode('wmFXBOB'), 'wmFXF2', '朋友二');
		expect((await invitesOf('wmFXF2'))[0].status).toBe('counted');
		expect((await rewardsTo('wmFXBOB')).map((r) => (r.body as any).text.content)).toEqual([
			expect.stringMatching(/^鲍勃，你邀请的第 1 位好友已加入/),
		]);
		const del = sampleEventXml('customerDeleted', {
			createTime: Math.floor(Date.now() / 1000),
			set: { ChangeType: 'del_follow_user', UserID: 'zhangsan', ExternalUserID: 'wmFXF2', Source: '' },
		});
		const r = await sendRequest(`${e2e.n8nUrl}/webhook/${webhookId}/webhook`, eventRequest(SANDBOX_CALLBACK_SECRETS, del));
		expect(r.status).toBe(200);
		await waitRuns(1);
		expect((await invitesOf('wmFXF2')).map((x) => x.status)).toEqual(['left']);
		expect((await invitesOf('wmFXF2'))[0].reason).toMatch(/\(deleted the staff member\): no longer counts$/);
		const mark = await requestMark(e2e);
		await add(await personalCode('wmFXBOB'), 'wmFXF2', '朋友二');
		expect((await invitesOf('wmFXF2')).map((x) => [x.status, x.reason])).toEqual([
			['left', expect.any(String)],
			['repeat', 'left and came back: an invitee counts once, and not after leaving'],
		]);
		expect(await accepted(e2e, MASS, mark)).toEqual([]);
	});

	it('concurrent callbacks: each friend counts once and the 3-friend reward goes out exactly once', async () => {
		const mark = await requestMark(e2e);
		const alice = await personalCode('wmFXALICE');
		const bob = await personalCode('wmFXBOB');
		// Three new friends of Alice at once; one of them also scans Bob's code at the same moment.
		const sends = [
			await scan(alice, 'wmFXF3', '朋友三'),
			await scan(alice, 'wmFXF4', '朋友四'),
			await scan(alice, 'wmFXF5', '朋友五'),
			await scan(bob, 'wmFXF5', '朋友五'),
		];
		const answers = await Promise.all(sends.map((s) => s()));
		expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
		await waitRuns(4);
		for (const f of ['wmFXF3', 'wmFXF4']) expect((await invitesOf(f)).map((x) => x.status)).toEqual(['counted']);
		const f5 = await invitesOf('wmFXF5');
		expect(f5.filter((x) => x.status === 'counted')).toHaveLength(1);
		expect(f5).toHaveLength(2);
		const aliceCount = (await rows('referral_invites')).filter((x) => x.referrer === 'wmFXALICE' && x.status === 'counted').length;
		// F1, F3, F4 and F5 if Alice's copy won it.
		expect([3, 4]).toContain(aliceCount);
		const toAlice = (await rewardsTo('wmFXALICE', mark)).map((x) => (x.body as any).text.content);
		expect(toAlice).toHaveLength(1);
		expect(toAlice[0]).toMatch(
			/^爱丽丝，你已成功邀请 [34] 位好友，《增长实战》课程已为你解锁：https:\/\/example\.com\/course\/unlock\?c=growth$/,
		);
		// Bob dropped to 0 when F2 left: if F5 counts for him, his 1-friend reward is not sent again.
		expect(await rewardsTo('wmFXBOB', mark)).toEqual([]);
		const claimed = (await rows('referral_rewards'))
			.filter((x) => x.status === 'claimed')
			.map((x) => x.event_key)
			.sort();
		expect(claimed).toEqual(['wmFXALICE#1', 'wmFXALICE#3', 'wmFXBOB#1']);
	});

	it('posts the leaderboard to the group by robot: names, not IDs, top referrers first', async () => {
		const before = (await e2e.sandbox.robotMessages(SANDBOX_ROBOT_KEYS[0])).length;
		const id = await e2e.n8n.runManually(workflowId, 'Every Day 20:00');
		const run = await e2e.n8n.waitForExecution(id);
		if (run.status !== 'success') throw new Error((await failures(e2e, workflowId)).join('; '));
		const posts = (await e2e.sandbox.robotMessages(SANDBOX_ROBOT_KEYS[0])).slice(before);
		expect(posts).toHaveLength(1);
		const counted = (await rows('referral_invites')).filter((x) => x.status === 'counted');
		const alice = counted.filter((x) => x.referrer === 'wmFXALICE').length;
		const bob = counted.length - alice;
		const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
		const lines = [`🏆 邀请排行榜 ${date}（已邀请 ${counted.length} 位新朋友）`, `1. 爱丽丝：${alice} 人（今日 +${alice}）`];
		if (bob) lines.push(`2. 鲍勃：${bob} 人（今日 +${bob}）`);
		lines.push('扫描群公告里的二维码添加助手，领取你的专属邀请码');
		expect(posts[0].message).toEqual({ msgtype: 'text', text: { content: lines.join('\n') } });
		expect(posts[0].message.text.content).not.toMatch(/wm[A-Z]/);
	});
});
