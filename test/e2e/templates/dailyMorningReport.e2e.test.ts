import { DateTime } from 'luxon';
import { SANDBOX_ROBOT_KEYS } from '../../../sandbox/wecom/data';
import { harness } from '../harness';
import {
	deployTemplate,
	eventually,
	failures,
	loadTemplate,
	sandboxBasicAuth,
	sandboxHeaderAuth,
	settingValue,
	withSettings,
} from './support';

const e2e = harness();
const template = loadTemplate(e2e, '04-daily-morning-report.json');
const ENTRIES = 'digest_entries';
const SENT = 'digest_sent';
const [, ROBOT_A, ROBOT_B, ROBOT_OLD] = SANDBOX_ROBOT_KEYS;
const A = 'wrSANDBOX000000';
const B = 'wrSANDBOX000004';
const today = DateTime.now().setZone('Asia/Shanghai');
const tomorrow = today.plus({ days: 1 });
const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
// Named in the sandbox robot credential: robot-N is SANDBOX_ROBOT_KEYS[N - 1].
const [NAME_A, NAME_B, NAME_OLD] = ['robot-2', 'robot-3', 'robot-4'];
const KNOWLEDGE = [
	{
		title: 'BANT：线索交给销售前的四个问题',
		body: '预算、决策权、需求、时间都明确了，再交给销售。',
		link: 'https://www.example.com/knowledge/bant',
	},
	{ title: 'MQL 和 SQL 有什么不同', body: 'MQL 值得培育，SQL 值得跟进。', link: '' },
	{ title: '为什么社群控制在 470 人左右', body: '', link: 'https://www.example.com/knowledge/group-size' },
];
const ROLES = [
	'内容运营',
	'产品经理',
	'SDR',
	'销售总监',
	'市场专员',
	'活动策划',
	'品牌经理',
	'数据分析师',
	'客户成功',
	'前端工程师',
	'增长负责人',
];

/** The operators' form, with their login (Operator Form Login) unless other headers are given. */
async function submitForm(fields: string[], auth: Record<string, string> = sandboxBasicAuth(e2e)): Promise<number> {
	const form = new FormData();
	fields.forEach((v, i) => form.append(`field-${i}`, v));
	const r = await fetch(`${e2e.n8nUrl}/form/morning-report`, { method: 'POST', body: form, headers: auth });
	return r.status;
}

/** The entries API, with the caller's key (Morning Report Entries Key) unless other headers are given. */
async function submitApi(entry: Record<string, unknown>, auth: Record<string, string> = sandboxHeaderAuth(e2e)): Promise<number> {
	const r = await fetch(`${e2e.n8nUrl}/webhook/morning-report/entry`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...auth },
		body: JSON.stringify(entry),
	});
	return r.status;
}

const report = async (key: string) => (await e2e.sandbox.robotMessages(key)).map((m) => m.message.markdown.content as string).join('\n');

async function runReport(workflowId: string): Promise<void> {
	const id = await e2e.n8n.runManually(workflowId, 'Every Day 08:30');
	const run = await e2e.n8n.waitForExecution(id);
	if (run.status !== 'success') throw new Error(`report run ${run.status}: ${(await failures(e2e, workflowId)).join('; ')}`);
}

describe('template 04: daily morning report in a real n8n', () => {
	let workflowId = '';
	let submissions = 0;
	/** Answers to submissions by strangers: no login, a wrong password, no key, a wrong key. */
	const strangers: number[] = [];
	const SPAM = '加微信领红包 www.spam.example';
	const entry = async (title: string) => (await e2e.n8n.dataTableRows(ENTRIES)).find((r) => r.title === title)!;
	/** Entry ids each group was sent, from the sent log (one row per posted message). */
	const sentTo = async () => {
		const out = new Map<string, string[]>();
		for (const r of await e2e.n8n.dataTableRows(SENT)) {
			const ids = String(r.entry_ids || '')
				.split(',')
				.filter(Boolean);
			out.set(String(r.group_id), [...(out.get(String(r.group_id)) ?? []), ...ids]);
		}
		return out;
	};

	beforeAll(async () => {
		await e2e.sandbox.reset();
		workflowId = (await deployTemplate(e2e, template)).id;
		await e2e.n8n.insertDataTableRows('digest_groups', [
			{ group_id: A, group_name: 'MarTech 交流 1群', robot: NAME_A, active: true },
			{ group_id: B, group_name: 'B2B 营销早报群', robot: NAME_B, active: true },
			{ group_id: 'wrSANDBOX000006', group_name: '已停用的群', robot: NAME_OLD, active: false },
			{ group_id: 'wrNOROBOT', group_name: '没有机器人的群', robot: '', active: true },
		]);
		await e2e.n8n.insertDataTableRows('digest_knowledge', KNOWLEDGE);
		// Strangers who found the URLs: the form and the API refuse them before anything is stored.
		const spam = ['招聘 · jobPost', SPAM, '', '', '', '', ''];
		strangers.push(await submitForm(spam, {}), await submitForm(spam, sandboxBasicAuth(e2e, 'guess')));
		strangers.push(await submitApi({ type: 'jobPost', title: SPAM }, {}));
		strangers.push(await submitApi({ type: 'jobPost', title: SPAM }, { [Object.keys(sandboxHeaderAuth(e2e))[0]]: 'guess' }));
		// The operator pastes members' requests into the form; other systems use the API.
		expect(
			await submitForm(['招聘 · jobPost', 'A 群专属：招聘 B2B 内容运营（上海）', '3 年以上 B2B 内容经验', '', '张三 · 星河软件', A, '']),
		).toBe(200);
		expect(
			await submitForm(['找供应商 · supplierRequest', '找 CRM 实施供应商', '预算 20 万', 'www.crm-partner.cn', '李四 · 海纳SaaS', '', '']),
		).toBe(200);
		submissions = 2;
		for (const e of [
			{ type: 'event', title: '6月12日直播：B2B 私域增长实战', link: 'https://live.example.com/0612', priority: 5 },
			{ type: 'goodNews', title: '云帆科技签约营销云', author: '王五' },
			{ type: 'jobSeeker', title: '求职：市场经理（明天发布）', date: tomorrow.toISODate() },
			...ROLES.map((role, i) => ({ type: 'jobPost', title: `招聘${role}`, author: `HR${i + 1}` })),
		]) {
			expect(await submitApi(e)).toBe(200);
			submissions += 1;
		}
		await e2e.n8n.waitForExecutions(workflowId, submissions);
		await eventually(async () => (await e2e.n8n.dataTableRows(ENTRIES)).length === submissions || undefined, 'every entry stored');
		await runReport(workflowId);
	}, 120_000);

	afterAll(async () => {
		if (workflowId) await e2e.n8n.deactivate(workflowId);
	});

	it("refuses entries from anyone without the operators' login or the API key: nothing stored, nothing posted", async () => {
		// n8n answers a missing login 401 and a wrong one 401 or 403 depending on its version; a wrong key 403.
		for (const status of strangers) expect([401, 403]).toContain(status);
		const rows = await e2e.n8n.dataTableRows(ENTRIES);
		expect(rows).toHaveLength(submissions);
		expect(rows.some((r) => String(r.title).includes('spam'))).toBe(false);
		expect(await report(ROBOT_A)).not.toContain('spam');
		expect(await report(ROBOT_B)).not.toContain('spam');
	});

	it('posts one report to each active group with a robot, and nowhere else', async () => {
		expect((await e2e.sandbox.robotMessages(ROBOT_A)).length).toBeGreaterThan(0);
		expect((await e2e.sandbox.robotMessages(ROBOT_B)).length).toBeGreaterThan(0);
		expect(await e2e.sandbox.robotMessages(ROBOT_OLD)).toHaveLength(0);
		expect(await e2e.sandbox.robotMessages(SANDBOX_ROBOT_KEYS[0])).toHaveLength(0);
		for (const m of await e2e.sandbox.robotMessages(ROBOT_A)) {
			expect(m.message.msgtype).toBe('markdown');
			expect(m.message.markdown.content.startsWith(`**营销早报 · ${today.toISODate()} ${WEEKDAYS[today.weekday - 1]}`)).toBe(true);
			expect(Buffer.byteLength(m.message.markdown.content)).toBeLessThanOrEqual(4096);
		}
	});

	it('bundles the knowledge point, events, good news and requests, each group getting only what is meant for it', async () => {
		const a = await report(ROBOT_A);
		const b = await report(ROBOT_B);
		for (const r of [a, b]) {
			// One point of the knowledge calendar table, the same in every group on one day.
			expect(KNOWLEDGE.filter((k) => r.includes(k.title))).toHaveLength(1);
			expect(r).toContain('6月12日直播：B2B 私域增长实战');
			expect(r).toContain('云帆科技签约营销云');
			expect(r).toContain('找 CRM 实施供应商');
			expect(r).toContain('www.crm-partner.cn');
			expect(r).toContain(settingValue(template, 'footer'));
			expect(r).not.toContain('求职：市场经理');
		}
		expect(KNOWLEDGE.find((k) => a.includes(k.title))).toBe(KNOWLEDGE.find((k) => b.includes(k.title)));
		expect(a).toContain('A 群专属：招聘 B2B 内容运营（上海）');
		expect(b).not.toContain('A 群专属');
		// The event comes before the job posts: sections in the playbook's order.
		expect(a.indexOf('6月12日直播')).toBeLessThan(a.indexOf('招聘内容运营'));
	});

	it('logs what each group was sent and rewrites no entry: those over the cap wait for the groups that missed them', async () => {
		// Group A has 12 job posts and B 11, for 10 places: A misses the last two, B the last one.
		const rows = await e2e.n8n.dataTableRows(ENTRIES);
		const id = (title: string) => String(rows.find((r) => r.title === title)!.id);
		const sent = await sentTo();
		expect(sent.get(A)).toContain(id('招聘内容运营'));
		expect(sent.get(A)).toContain(id('A 群专属：招聘 B2B 内容运营（上海）'));
		expect(sent.get(B)).not.toContain(id('A 群专属：招聘 B2B 内容运营（上海）'));
		// Shown in B only; shown nowhere; dated tomorrow.
		expect(sent.get(B)).toContain(id(`招聘${ROLES[9]}`));
		expect(sent.get(A)).not.toContain(id(`招聘${ROLES[9]}`));
		for (const g of [A, B]) for (const t of [`招聘${ROLES[10]}`, '求职：市场经理（明天发布）']) expect(sent.get(g)).not.toContain(id(t));
		expect(await report(ROBOT_B)).toContain(`招聘${ROLES[9]}`);
		// The daily cost follows the messages sent: one log row per message, no entry row touched.
		const log = await e2e.n8n.dataTableRows(SENT);
		expect(log).toHaveLength((await e2e.sandbox.robotMessages(ROBOT_A)).length + (await e2e.sandbox.robotMessages(ROBOT_B)).length);
		expect(log.every((r) => r.date === today.toISODate())).toBe(true);
		for (const r of rows) expect([r.title, r.updatedAt]).toEqual([r.title, r.createdAt]);
		expect(await entry('找 CRM 实施供应商')).toMatchObject({ status: 'pending', date: today.toISODate() });
	});

	it('keeps robot keys out of every execution: tables and workflow hold robot names only', async () => {
		const runs = await e2e.n8n.executions(workflowId);
		expect(runs.length).toBeGreaterThan(submissions);
		let posted: string[] = [];
		for (const r of runs) {
			const run = await e2e.n8n.execution(r.id);
			const data = JSON.stringify(run);
			for (const key of SANDBOX_ROBOT_KEYS) expect([r.id, data.includes(key)]).toEqual([r.id, false]);
			const posts = run.data.resultData.runData['Post to Each Group (Robot)'];
			if (posts) posted = posts[0].data.main[0].map((i: { json: { robot: string } }) => i.json.robot);
		}
		// The posts name their robots.
		expect(new Set(posted)).toEqual(new Set([NAME_A, NAME_B]));
	});

	it('sends nothing twice when the report runs again the same day', async () => {
		const before = (await e2e.sandbox.robotMessages()).length;
		await runReport(workflowId);
		expect(await e2e.sandbox.robotMessages()).toHaveLength(before);
	});

	it("leads the next day's report with the carried entries and the entries dated for it", async () => {
		const before = { a: (await e2e.sandbox.robotMessages(ROBOT_A)).length, b: (await e2e.sandbox.robotMessages(ROBOT_B)).length };
		const next = await deployTemplate(e2e, withSettings(template, { reportDate: tomorrow.toISODate() }), { activate: false });
		await runReport(next.id);
		const a = (await e2e.sandbox.robotMessages(ROBOT_A))
			.slice(before.a)
			.map((m) => m.message.markdown.content as string)
			.join('\n');
		const b = (await e2e.sandbox.robotMessages(ROBOT_B))
			.slice(before.b)
			.map((m) => m.message.markdown.content as string)
			.join('\n');
		expect(a.startsWith(`**营销早报 · ${tomorrow.toISODate()} ${WEEKDAYS[tomorrow.weekday - 1]}`)).toBe(true);
		for (const role of [ROLES[9], ROLES[10]]) expect(a).toContain(`招聘${role}`);
		expect(b).toContain(`招聘${ROLES[10]}`);
		expect(b).not.toContain(`招聘${ROLES[9]}`);
		for (const r of [a, b]) {
			expect(r).toContain('求职：市场经理（明天发布）');
			expect(r).not.toContain('云帆科技签约营销云');
		}
		// Over both days every entry reached each of its groups exactly once (the one for A only: A only).
		const sent = await sentTo();
		for (const r of await e2e.n8n.dataTableRows(ENTRIES)) {
			const groups = r.groups ? String(r.groups).split(',') : [A, B];
			for (const g of [A, B])
				expect([r.title, g, sent.get(g)!.filter((x) => x === String(r.id)).length]).toEqual([r.title, g, groups.includes(g) ? 1 : 0]);
		}
	});
});
