import { DateTime } from 'luxon';
import { SANDBOX_ROBOT_KEYS } from '../../../sandbox/wecom/data';
import { harness } from '../harness';
import {
	deployTemplate,
	eventually,
	failures,
	loadTemplate,
	sandboxGroup,
	sendWeComEvent,
	settingValue,
	withSettings,
	sandboxWeComApi,
	sandboxBasicAuth,
} from './support';

const e2e = harness();
const template = loadTemplate(e2e, '08-community-points.json');
const webhookId: string = template.nodes.find((n: any) => n.name === 'WeCom Trigger').webhookId;
const LEDGER = 'points_ledger';
const A = 'wrSANDBOX000000';
const OTHER = 'wrSANDBOX000002'; // a group outside the program
// Named in the sandbox robot credential: robot-2 is SANDBOX_ROBOT_KEYS[1].
const ROBOT_A = SANDBOX_ROBOT_KEYS[1];
const lastMonth = DateTime.now().setZone('Asia/Shanghai').minus({ months: 1 });

const wecomApi = (path: string, body: unknown) => sandboxWeComApi(e2e.sandboxUrl, path, body);

describe('template 08: community points and the member ladder in a real n8n', () => {
	let workflowId = '';
	let runs = 0;
	let members: Array<{ userid: string; name: string; type: number }> = [];
	let groupName = '';
	let expectedFailures = 0;
	const ext = (i: number) => members[i];

	async function settle(count = 1): Promise<void> {
		runs += count;
		const done = await e2e.n8n.waitForExecutions(workflowId, runs, 120_000);
		if (done.filter((x) => x.status !== 'success').length > expectedFailures) throw new Error((await failures(e2e, workflowId)).join('; '));
	}
	/** The operators' form, with their login (Operator Form Login) unless other headers are given. */
	async function award(member: string, reason: string, note = '', group = '', auth = sandboxBasicAuth(e2e)): Promise<number> {
		const form = new FormData();
		[member, group, reason, note].forEach((v, i) => form.append(`field-${i}`, v));
		const r = await fetch(`${e2e.n8nUrl}/form/community-points`, { method: 'POST', body: form, headers: auth });
		return r.status;
	}
	const ledger = async (memberId?: string) => (await e2e.n8n.dataTableRows(LEDGER)).filter((r) => !memberId || r.member_id === memberId);
	const robotTexts = async () => (await e2e.sandbox.robotMessages(ROBOT_A)).map((m) => m.message.text.content as string);

	beforeAll(async () => {
		await e2e.sandbox.reset();
		const group = await sandboxGroup(e2e.sandboxUrl, A);
		members = group.member_list.filter((m: any) => m.type === 2);
		groupName = group.name;
		const workflow = withSettings(template, { operatorUserIds: 'lisi' });
		workflowId = (await deployTemplate(e2e, workflow)).id;
		await e2e.n8n.insertDataTableRows('points_groups', [{ chat_id: A, group_name: 'MarTech 交流 1群', robot: 'robot-2' }]);
		await e2e.n8n.insertDataTableRows('points_levels', [
			{ level: '普通成员', from_points: 0, target_percent: 70 },
			{ level: '活跃成员', from_points: 30, target_percent: 10 },
			{ level: '核心成员', from_points: 100, target_percent: 6 },
			{ level: 'KOL', from_points: 200, target_percent: 8 },
			{ level: '讲师', from_points: 400, target_percent: 6 },
		]);
	});

	afterAll(async () => {
		if (workflowId) await e2e.n8n.deactivate(workflowId);
	});

	it('offers the Award from Form reasons in the form, and nothing else', () => {
		const form = template.nodes.find((n: any) => n.name === 'Award Points (Form)');
		const options = form.parameters.formFields.values
			.find((f: any) => f.fieldLabel === 'reason')
			.fieldOptions.values.map((o: any) => o.option);
		const awardNode = template.nodes.find((n: any) => n.name === 'Award from Form');
		// The node's default Reasons (the template keeps them): 好问题 +10, 分享资料 +10, 参与讨论 +5.
		expect(awardNode.parameters.reasons).toBeUndefined();
		expect(options).toEqual(['好问题 Good question', '分享资料 Material shared', '参与讨论 Discussion']);
		expect(settingValue(template, 'levelUpText')).toContain('{level}');
	});

	it('a form award goes to the ledger once, with the reason’s points, however often the form is sent', async () => {
		const who = ext(0);
		expect(await award(who.name, '好问题 Good question', '问了线索分配规则')).toBe(200);
		await settle();
		expect(await award(who.name, '好问题 Good question', '问了线索分配规则')).toBe(200);
		await settle();
		const rows = await ledger(who.userid);
		expect(rows).toEqual([
			expect.objectContaining({
				member_name: who.name,
				chat_id: A,
				group_name: groupName,
				source: 'form',
				reason: '好问题 Good question',
				points: 10,
				note: '问了线索分配规则',
			}),
		]);
		// Another note is another award.
		expect(await award(who.name, '参与讨论 Discussion', '')).toBe(200);
		await settle();
		expect((await ledger(who.userid)).map((r) => r.points).sort()).toEqual([10, 5]);
	});

	it('only operators award points: without the form login nothing starts and nothing is written', async () => {
		const who = ext(1);
		const before = await e2e.n8n.executions(workflowId);
		// n8n answers a missing login 401 and a wrong one 401 or 403 depending on its version.
		expect([401, 403]).toContain(await award(who.name, '好问题 Good question', '自己给自己加分', '', {}));
		expect([401, 403]).toContain(await award(who.name, '好问题 Good question', '自己给自己加分', '', sandboxBasicAuth(e2e, 'guess')));
		expect(await e2e.n8n.executions(workflowId)).toHaveLength(before.length);
		expect(await ledger(who.userid)).toEqual([]);
	});

	it('an unknown member is refused with the reason, and nothing is written', async () => {
		const before = (await ledger()).length;
		const status = await award('查无此人', '好问题 Good question', '');
		runs += 1;
		const done = await e2e.n8n.waitForExecutions(workflowId, runs, 120_000);
		expect(done.filter((x) => x.status === 'error')).toHaveLength(1);
		expectedFailures += 1;
		expect(status).not.toBe(200);
		expect((await failures(e2e, workflowId)).join('\n')).toMatch(/Member "查无此人" is not in the program's groups/);
		expect((await ledger()).length).toBe(before);
	});

	it('crossing a threshold posts one level-up message to the group, by its robot', async () => {
		const who = ext(1);
		const before = (await robotTexts()).length;
		await award(who.name, '分享资料 Material shared', 'ABM 方案模板');
		await settle();
		await award(who.name, '好问题 Good question', '私域和社群的边界');
		await settle();
		expect((await robotTexts()).length).toBe(before); // 20 points: still 普通成员
		await award(who.name, '分享资料 Material shared', '线索评分表');
		await settle();
		const texts = (await robotTexts()).slice(before);
		expect(texts).toEqual([`🎉 恭喜 ${who.name} 升级为「活跃成员」！累计 30 分，感谢你在群里的每一次提问和分享。`]);
		await award(who.name, '参与讨论 Discussion', '');
		await settle();
		expect((await robotTexts()).slice(before)).toHaveLength(1);
	});

	it('a join through a member’s personal code gives the newcomer join points and the referrer invite points, once', async () => {
		const referrer = ext(2);
		const way = await wecomApi('/cgi-bin/externalcontact/groupchat/add_join_way', {
			scene: 2,
			chat_id_list: [A],
			state: `ref_${referrer.userid}`,
		});
		expect(way.errcode).toBe(0);
		await e2e.sandbox.scanJoinWay(way.config_id, ['wmNEWFRIEND01'], ['新朋友']);
		await sendWeComEvent(e2e.n8nUrl, webhookId, 'groupMemberJoined', {
			ChatId: A,
			MemChangeList: ['wmNEWFRIEND01'],
			MemChangeCnt: 1,
			JoinScene: 3,
		});
		await settle();
		expect(await ledger('wmNEWFRIEND01')).toEqual([
			expect.objectContaining({ source: 'join', points: 2, entry_key: `join|${A}|wmNEWFRIEND01` }),
		]);
		expect(await ledger(referrer.userid)).toEqual([
			expect.objectContaining({ source: 'invite', points: 5, member_name: referrer.name, note: 'invited 新朋友' }),
		]);
		// The same person reported again (leave and rejoin: a new event): nothing more.
		await sendWeComEvent(e2e.n8nUrl, webhookId, 'groupMemberJoined', {
			ChatId: A,
			MemChangeList: ['wmNEWFRIEND01'],
			MemChangeCnt: 1,
			JoinScene: 3,
		});
		await settle();
		expect(await ledger('wmNEWFRIEND01')).toHaveLength(1);
		expect(await ledger(referrer.userid)).toHaveLength(1);
		// A group outside the program earns nothing.
		await sendWeComEvent(e2e.n8nUrl, webhookId, 'groupMemberJoined', {
			ChatId: OTHER,
			MemChangeList: ['wmEXT0002002'],
			MemChangeCnt: 1,
			JoinScene: 3,
		});
		await settle();
		expect(await ledger('wmEXT0002002')).toHaveLength(0);
	});

	it('live attendance counts once per member and session; the endpoint needs the live platform key', async () => {
		const who = ext(3);
		const body = {
			live_id: 'live-1106',
			live_title: 'ABM 实战直播',
			external_userid: who.userid,
			name: who.name,
			chat_id: A,
			group_name: 'MarTech 交流 1群',
		};
		const post = (headers: Record<string, string>) =>
			fetch(`${e2e.n8nUrl}/webhook/community-points/attendance`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body: JSON.stringify(body),
			});
		expect((await post({})).status).toBe(403);
		expect((await post({ 'X-Sms-Key': 'sandbox-sms-key' })).status).toBe(200);
		await settle();
		expect((await post({ 'X-Sms-Key': 'sandbox-sms-key' })).status).toBe(200);
		await settle();
		expect(await ledger(who.userid)).toEqual([
			expect.objectContaining({ source: 'live', points: 5, entry_key: `live|live-1106|${who.userid}`, note: 'ABM 实战直播' }),
		]);
	});

	it("posts last month's top 3 to the group once, and sends the operator each group's role mix", async () => {
		const at = (day: number) => lastMonth.set({ day, hour: 12 }).toUTC().toISO();
		const row = (i: number, points: number, day: number, key: string) => ({
			entry_key: key,
			event_key: key,
			member_id: ext(i).userid,
			member_name: ext(i).name,
			chat_id: A,
			group_name: groupName,
			source: 'form',
			reason: '分享资料 Material shared',
			points,
			note: key,
			awarded_at: at(day),
		});
		await e2e.n8n.insertDataTableRows(LEDGER, [
			row(4, 400, 3, 'seed-lecturer'),
			row(5, 200, 4, 'seed-kol'),
			row(6, 100, 5, 'seed-core'),
			row(7, 30, 6, 'seed-active'),
			row(7, 30, 6, 'seed-active'), // the same entry twice: counts once
			{ ...row(0, 999, 7, 'seed-other-group'), member_id: 'wmEXT0002002', member_name: '别的群', chat_id: OTHER },
		]);
		const robotBefore = (await robotTexts()).length;
		const appBefore = (await e2e.sandbox.appMessages()).length;
		const id = await e2e.n8n.runManually(workflowId, 'Every Month (1st, 10:00)');
		const run = await e2e.n8n.waitForExecution(id);
		if (run.status !== 'success') throw new Error(`monthly run ${run.status}: ${(await failures(e2e, workflowId)).join('; ')}`);
		const posted = (await robotTexts()).slice(robotBefore);
		const month = lastMonth.toFormat('yyyy-MM');
		expect(posted).toEqual([
			[
				`🏆 ${groupName} · ${month} 社群贡献之星`,
				`🥇 ${ext(4).name} · 400 分`,
				`🥈 ${ext(5).name} · 200 分`,
				`🥉 ${ext(6).name} · 100 分`,
				'感谢大家的提问和分享！下个月继续：好问题 +10，分享资料 +10，参与讨论 +5。',
			].join('\n'),
		]);

		const apps = (await e2e.sandbox.appMessages()).slice(appBefore);
		expect(apps).toHaveLength(1);
		expect(apps[0].message.touser).toBe('lisi');
		const text: string = apps[0].message.text.content;
		// Levels by total points: ext 4 讲师, 5 KOL, 6 核心, 7 活跃 (30, counted once), 1 活跃 (35 from the form);
		// everyone else (including this month's smaller totals) 普通成员.
		const n = members.length + 1; // + the newcomer who joined through the referral code
		const pct = (c: number) => Math.round((c * 1000) / n) / 10;
		const gap = (target: number, c: number) => {
			const g = Math.round((target * n) / 100) - c;
			return g > 0 ? `+${g}` : String(g);
		};
		expect(text).toContain(`社群角色结构 · ${month}`);
		expect(text).toContain(`【${groupName}】${n} 人`);
		expect(text).toContain(`· 普通成员：${n - 5} 人，${pct(n - 5)}%（目标 70%，差 ${gap(70, n - 5)}）`);
		expect(text).toContain(`· 活跃成员：2 人，${pct(2)}%（目标 10%，差 ${gap(10, 2)}）`);
		expect(text).toContain(`· 核心成员：1 人，${pct(1)}%（目标 6%，差 ${gap(6, 1)}）`);
		expect(text).toContain(`· KOL：1 人，${pct(1)}%（目标 8%，差 ${gap(8, 1)}）`);
		expect(text).toContain(`· 讲师：1 人，${pct(1)}%（目标 6%，差 ${gap(6, 1)}）`);

		// Run again (a manual re-run): the top 3 is not posted twice.
		const again = await e2e.n8n.runManually(workflowId, 'Every Month (1st, 10:00)');
		expect((await e2e.n8n.waitForExecution(again)).status).toBe('success');
		expect((await robotTexts()).slice(robotBefore)).toHaveLength(1);
		await eventually(async () => (await e2e.sandbox.appMessages()).length === appBefore + 2, 'the second role-mix report');
	});
});
