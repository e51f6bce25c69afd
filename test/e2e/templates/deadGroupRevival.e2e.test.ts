import { harness } from '../harness';
import {
	accepted,
	deployTemplate,
	eventually,
	loadTemplate,
	received,
	requestMark,
	sandboxGroup,
	sendWeComEvent,
	settingValue,
	withSettings,
} from './support';

const e2e = harness();
const template = loadTemplate(e2e, '03-dead-group-revival.json');
const webhookId: string = template.nodes.find((n: any) => n.name === 'WeCom Trigger').webhookId;
const GROUPS = 'wecom_revival_groups';
const JOINS = 'wecom_revival_joins';
const CANDIDATES = 'wecom_revival_candidates';
// The sandbox's seeded groups: all of wangwu's groups have been silent for 45 days — #1 is small, #7 large.
const SMALL = 'wrSANDBOX000001';
const LARGE = 'wrSANDBOX000007';
const LIVE = 'wrSANDBOX000000';
// zhangsan's older groups (#2–#10): two of them (#4, #10) are silent, the rest are not, and WeCom only
// says so per owner — all five are "possible". #10 shows life through a recorded member join.
const POSSIBLE = ['wrSANDBOX000002', 'wrSANDBOX000004', 'wrSANDBOX000006', 'wrSANDBOX000008', 'wrSANDBOX000010'];
const JOINED_LATELY = 'wrSANDBOX000010';
const CONFIRMED = 'wrSANDBOX000004';
const DECLINED = 'wrSANDBOX000006';

async function runWeeklyCheck(workflowId: string): Promise<void> {
	const id = await e2e.n8n.runManually(workflowId, 'Every Monday 10:00');
	const run = await e2e.n8n.waitForExecution(id);
	if (run.status !== 'success')
		throw new Error(`weekly check ended ${run.status}: ${JSON.stringify((await e2e.n8n.execution(id)).data.resultData.error)}`);
}

const appMessagesTo = (bodies: any[], user: string) => bodies.filter((b) => b.touser === user).map((b) => b[b.msgtype].content as string);

describe('template 03: dead-group revival in a real n8n', () => {
	beforeAll(async () => {
		await e2e.sandbox.reset();
	});

	it('dry run (the default) creates and sends nothing to customers, and shows the operator the plan in one message and a table', async () => {
		const { id } = await deployTemplate(e2e, template, { activate: false });
		const mark = await requestMark(e2e);
		await runWeeklyCheck(id);
		expect(await received(e2e, '/cgi-bin/externalcontact/groupchat/add_join_way', mark)).toHaveLength(0);
		expect(await received(e2e, '/cgi-bin/externalcontact/add_msg_template', mark)).toHaveLength(0);
		// Each group's details are fetched once.
		const details = (await received(e2e, '/cgi-bin/externalcontact/groupchat/get', mark)).map((b) => b.chat_id);
		expect(details.length).toBeGreaterThan(0);
		expect(new Set(details).size).toBe(details.length);
		// One summary message, its wording from Settings, and one asking about the possibly inactive groups.
		const messages = await received(e2e, '/cgi-bin/message/send', mark);
		expect(messages.map((m) => m.touser)).toEqual(['lisi', 'lisi']);
		const report = messages.map((m) => m.markdown.content as string).find((c) => c.includes('Dry run'))!;
		expect(report).toContain('Dry run');
		expect(report).toMatch(/客户群：2 个/);
		expect(report).toContain('wecom_revival_plans');
		expect(report).not.toMatch(/\{\w+\}/);
		// The full plan: one row per group, with named fields.
		const plans = await e2e.n8n.dataTableRows('wecom_revival_plans');
		expect(plans.map((r) => [r.chat_id, r.kind, r.group_name, r.new_name]).sort()).toEqual([
			[SMALL, 'small', 'MarTech 交流 2群 #1', ''],
			[LARGE, 'large', 'ToB 内容营销群 #7', 'MarTech 营销交流群'],
		]);
		expect(plans.find((r) => r.kind === 'large')!.to_remove_count).toBeGreaterThan(40);
		expect(await e2e.n8n.dataTableRows(GROUPS)).toHaveLength(0);
	});

	describe('live (dryRun off)', () => {
		let workflowId = '';
		let rows: Array<Record<string, any>> = [];
		const row = (kind: string) => rows.find((r) => r.kind === kind)!;

		beforeAll(async () => {
			workflowId = (await deployTemplate(e2e, withSettings(template, { dryRun: false }))).id;
		});

		afterAll(async () => {
			if (workflowId) await e2e.n8n.deactivate(workflowId);
		});

		it('closes the small group with a join code into the live group and re-launches the large one with a precise owner task', async () => {
			// A member joined one of the possible groups a few days ago (recorded from the WeCom Trigger).
			await sendWeComEvent(e2e.n8nUrl, webhookId, 'groupMemberJoined', {
				ChatId: JOINED_LATELY,
				MemChangeList: ['wmNEW0001'],
				MemChangeCnt: 1,
			});
			await e2e.n8n.waitForExecutions(workflowId, 1);
			expect((await e2e.n8n.dataTableRows('wecom_group_events')).map((r) => [r.chat_id, r.kind])).toEqual([[JOINED_LATELY, 'add_member']]);
			const mark = await requestMark(e2e);
			await runWeeklyCheck(workflowId);

			const joinWays = await accepted(e2e, '/cgi-bin/externalcontact/groupchat/add_join_way', mark);
			const revivalCode = joinWays.find((r: any) => r.body.state.startsWith('rv_')) as any;
			const relaunchCode = joinWays.find((r: any) => r.body.state.startsWith('rl_')) as any;
			expect(joinWays).toHaveLength(2);
			expect(revivalCode.body).toMatchObject({ scene: 2, chat_id_list: [LIVE], auto_create_room: 1, room_base_name: 'MarTech 交流群' });
			expect(relaunchCode.body).toMatchObject({ scene: 2, chat_id_list: [LARGE], auto_create_room: 0 });
			for (const code of [revivalCode, relaunchCode]) expect([...code.body.state].length).toBeLessThanOrEqual(30);

			rows = await e2e.n8n.dataTableRows(GROUPS);
			expect(rows.map((r) => [r.chat_id, r.kind, r.owner]).sort()).toEqual([
				[SMALL, 'small', 'wangwu'],
				[LARGE, 'large', 'wangwu'],
			]);
			expect(row('small').state).toBe(revivalCode.body.state);
			expect(row('small').config_id).toBe((revivalCode.response as any).config_id);
			expect(row('large').state).toBe(relaunchCode.body.state);

			// The announcement and the new rules go out as mass-sends the owner confirms in WeCom.
			const massSends = await received(e2e, '/cgi-bin/externalcontact/add_msg_template', mark);
			const announcement = massSends.find((m) => m.chat_id_list[0] === SMALL);
			const rules = massSends.find((m) => m.chat_id_list[0] === LARGE);
			expect(massSends).toHaveLength(2);
			expect(announcement).toMatchObject({
				chat_type: 'group',
				sender: 'wangwu',
				text: { content: settingValue(template, 'announcement') },
			});
			expect(announcement.attachments[0]).toEqual({ msgtype: 'link', link: expect.objectContaining({ url: row('small').qr_code }) });
			expect(rules).toMatchObject({ chat_type: 'group', sender: 'wangwu', text: { content: settingValue(template, 'newRules') } });
			expect(rules.attachments[0].link.url).toBe(row('large').qr_code);

			// The owner's task lists exactly the members the rule picks: customers who joined over 90 days ago without a campaign code.
			const group = await sandboxGroup(e2e.sandboxUrl, LARGE);
			const now = Date.now() / 1000;
			const misfits = group.member_list
				.filter((m: any) => m.type === 2 && !m.state && now - m.join_time > 90 * 86400)
				.map((m: any) => m.userid);
			expect(misfits.length).toBeGreaterThan(40);
			expect(row('large').members_to_remove.split(',').sort()).toEqual([...misfits].sort());
			expect(row('large').to_remove_count).toBe(misfits.length);

			const toOwner = appMessagesTo(await received(e2e, '/cgi-bin/message/send', mark), 'wangwu');
			const confirm = toOwner.find((c) => c.includes('群发助手') && c.includes('MarTech 交流 2群 #1'));
			expect(confirm).toContain(
				announcementMsgid(massSends, SMALL, await accepted(e2e, '/cgi-bin/externalcontact/add_msg_template', mark)),
			);
			const task = toOwner.filter((c) => !c.includes('【死群迁移】')).join('\n');
			expect(task).toContain('修改群名为：**MarTech 营销交流群**');
			const listed = [...task.matchAll(/（(wmEXT\d+)，/g)].map((m) => m[1]);
			expect(listed).toHaveLength(40);
			for (const id of listed) expect(misfits).toContain(id);
			expect(task).toContain(`另有 ${misfits.length - 40} 位`);
			expect(task).toContain(row('large').qr_code);
		});

		it('sends nothing to a possibly inactive group: the operator gets the list to confirm, a group with a recent join is not on it', async () => {
			const sent = await received(e2e, '/cgi-bin/externalcontact/add_msg_template', 0);
			const joinWays = await received(e2e, '/cgi-bin/externalcontact/groupchat/add_join_way', 0);
			for (const chatId of POSSIBLE) {
				expect([chatId, sent.filter((m) => m.chat_id_list.includes(chatId))]).toEqual([chatId, []]);
				expect([chatId, joinWays.filter((j) => j.chat_id_list.includes(chatId))]).toEqual([chatId, []]);
			}
			const proposed = await e2e.n8n.dataTableRows(CANDIDATES);
			expect(proposed.map((r) => r.chat_id).sort()).toEqual(POSSIBLE.filter((c) => c !== JOINED_LATELY));
			expect(proposed.every((r) => r.owner === 'zhangsan' && r.group_name && r.member_count > 0 && !r.confirmed)).toBe(true);
			const asked = appMessagesTo(await received(e2e, '/cgi-bin/message/send', 0), 'lisi').filter((c) => c.includes('请确认'));
			const latest = asked[asked.length - 1];
			expect(latest).toContain('请确认 4 个群');
			expect(latest).toContain('B2B 营销早报群 #4（群主 zhangsan，');
			expect(latest).not.toContain('#10');
			expect(latest).toContain('wecom_revival_candidates');
			expect(latest).not.toMatch(/\{\w+\}/);
		});

		it('revives each group once: the next weekly check skips groups already in revival', async () => {
			const mark = await requestMark(e2e);
			await runWeeklyCheck(workflowId);
			expect(await received(e2e, '/cgi-bin/externalcontact/groupchat/add_join_way', mark)).toHaveLength(0);
			expect(await received(e2e, '/cgi-bin/externalcontact/add_msg_template', mark)).toHaveLength(0);
			// Only the weekly reminder of the groups still waiting for the operator.
			const messages = await received(e2e, '/cgi-bin/message/send', mark);
			expect(messages.map((m) => [m.touser, m.markdown.content.includes('请确认 4 个群')])).toEqual([['lisi', true]]);
			expect(await e2e.n8n.dataTableRows(GROUPS)).toHaveLength(2);
		});

		it('records who joined the live group through the revival code, and ignores other joins', async () => {
			const scan = await e2e.sandbox.scanJoinWay(row('small').config_id, ['wmREVIVED0001'], ['老朋友']);
			expect(scan.chat_id).toBe(LIVE);
			// A member who joined through another campaign: not a revival join.
			await sendWeComEvent(e2e.n8nUrl, webhookId, 'groupMemberJoined', { ChatId: LIVE, MemChangeList: ['wmEXT0000002'], MemChangeCnt: 1 });
			await sendWeComEvent(e2e.n8nUrl, webhookId, 'groupMemberJoined', { ChatId: LIVE, MemChangeList: ['wmREVIVED0001'], MemChangeCnt: 1 });
			const joins = await eventually(async () => {
				const r = await e2e.n8n.dataTableRows(JOINS);
				return r.length ? r : undefined;
			}, 'a recorded join');
			await e2e.n8n.waitForExecutions(workflowId, 1 + 2 + 2);
			expect(await e2e.n8n.dataTableRows(JOINS)).toHaveLength(1);
			expect(joins[0]).toMatchObject({
				state: row('small').state,
				kind: 'small',
				revival_chat_id: SMALL,
				revival_group_name: 'MarTech 交流 2群 #1',
				chat_id: LIVE,
				member_id: 'wmREVIVED0001',
				member_name: '老朋友',
			});
		});

		it("checks the owner's re-launch steps and tells the operator once all are done", async () => {
			const large = row('large');
			const progress = async () => (await e2e.n8n.dataTableRows(GROUPS)).find((r) => r.chat_id === LARGE)!;
			let runs = (await e2e.n8n.executions(workflowId)).length;
			const event = async (name: string, set: Record<string, string | number | string[]>) => {
				await sendWeComEvent(e2e.n8nUrl, webhookId, name, { ChatId: LARGE, ...set });
				await e2e.n8n.waitForExecutions(workflowId, ++runs);
			};

			// A name other than the planned one does not count.
			await e2e.sandbox.editGroup(LARGE, { name: 'MarTech 群' });
			await event('groupRenamed', {});
			expect((await progress()).renamed).toBe(false);
			await e2e.sandbox.editGroup(LARGE, { name: large.new_name });
			await event('groupRenamed', {});
			expect((await progress()).renamed).toBe(true);

			await e2e.sandbox.editGroup(LARGE, { notice: settingValue(template, 'newRules') });
			await event('groupNoticeChanged', {});
			expect((await progress()).rules_updated).toBe(true);
			expect((await progress()).status).toBe('task_sent');

			const mark = await requestMark(e2e);
			const toRemove: string[] = large.members_to_remove.split(',');
			const half = Math.floor(toRemove.length / 2);
			for (const batch of [toRemove.slice(0, half), toRemove.slice(half)]) {
				await e2e.sandbox.editGroup(LARGE, { remove: batch });
				await event('groupMemberLeft', { QuitScene: 1, MemChangeCnt: batch.length, MemChangeList: batch });
			}
			const done = await progress();
			expect(done).toMatchObject({ removed_count: toRemove.length, status: 'relaunched' });
			expect(done.relaunched_at).toBeTruthy();
			const told = appMessagesTo(await received(e2e, '/cgi-bin/message/send', mark), 'lisi');
			expect(told).toHaveLength(1);
			expect(told[0]).toContain(`群已重新启动：「${large.new_name}」`);
			expect(told[0]).toContain(`移出 ${toRemove.length}/${toRemove.length}`);
		});

		it("revives a possible group only after the operator's yes; a no keeps it out and stops the questions", async () => {
			await e2e.n8n.updateDataTableRows(CANDIDATES, 'chat_id', CONFIRMED, { confirmed: 'yes' });
			await e2e.n8n.updateDataTableRows(CANDIDATES, 'chat_id', DECLINED, { confirmed: '否' });
			const mark = await requestMark(e2e);
			await runWeeklyCheck(workflowId);

			const joinWays = await accepted(e2e, '/cgi-bin/externalcontact/groupchat/add_join_way', mark);
			expect(joinWays).toHaveLength(1);
			expect((joinWays[0].body as any).chat_id_list).toEqual([LIVE]);
			const massSends = await received(e2e, '/cgi-bin/externalcontact/add_msg_template', mark);
			expect(massSends.map((m) => [m.chat_id_list, m.sender, m.text.content])).toEqual([
				[[CONFIRMED], 'zhangsan', settingValue(template, 'announcement')],
			]);
			const revived = (await e2e.n8n.dataTableRows(GROUPS)).find((r) => r.chat_id === CONFIRMED)!;
			expect(revived).toMatchObject({ kind: 'small', owner: 'zhangsan', state: (joinWays[0].body as any).state });
			// Still asked: the two groups without an answer; not the declined one, not the revived one.
			const asked = appMessagesTo(await received(e2e, '/cgi-bin/message/send', mark), 'lisi').find((c) => c.includes('请确认'))!;
			expect(asked).toContain('请确认 2 个群');
			for (const name of ['#4（', '#6（', '#10（']) expect(asked).not.toContain(name);
		});
	});
});

function announcementMsgid(bodies: any[], chatId: string, recorded: any[]): string {
	const i = bodies.findIndex((b) => b.chat_id_list[0] === chatId);
	return (recorded[i].response as { msgid: string }).msgid;
}
