/**
 * Template 10 in a real n8n: the dashboard page behind Basic Auth, opened in headless Chromium,
 * with charts whose numbers match the seeded data tables and the sandbox's WeCom groups; and the
 * Monday summary posted through the operators' robot. Saves the page as docs/img/community-dashboard.png.
 */
import { join } from 'path';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { fetchHttp } from '../../../lib/http/fetchHttp';
import { WeComClient } from '../../../lib/wecom/client';
import { listCustomerGroups } from '../../../lib/wecom/customerGroups';
import { SANDBOX_DASHBOARD_PASSWORD } from '../../../sandbox/credentials';
import { SANDBOX_CORP, SANDBOX_ROBOT_KEYS } from '../../../sandbox/wecom/data';
import { CHROMIUM } from '../../../scripts/editorDriver';
import { templateDataTables } from '../../../scripts/n8n-runner';
import { END_DAY, EXPECTED, PERIOD_DAYS, SEED_PROFILES, seedEvents } from '../../helpers/dashboardSeed';
import { harness } from '../harness';
import { deployTemplate, failures, loadTemplate, withSettings } from './support';

const e2e = harness();
const template = loadTemplate(e2e, '10-community-dashboard.json');
const SCREENSHOT = join(__dirname, '..', '..', '..', 'docs', 'img', 'community-dashboard.png');
const LOGIN = { username: 'operator', password: SANDBOX_DASHBOARD_PASSWORD };

interface Mark {
	[key: string]: string;
}

describe('template 10: community dashboard in a real n8n and Chromium', () => {
	let workflowId = '';
	let url = '';
	let browser: Browser | undefined;
	let groups: Array<{ chat_id: string; name: string; member_count: number }> = [];

	beforeAll(async () => {
		await e2e.sandbox.reset();
		const client = new WeComClient({
			corpId: SANDBOX_CORP.corpId,
			secret: SANDBOX_CORP.contactSecret,
			baseUrl: e2e.sandboxUrl,
			http: fetchHttp,
		});
		groups = (await listCustomerGroups(client, { status: 'all', max: Infinity, summary: true })) as typeof groups;
		const [g1, g2] = groups.map((g) => ({ chatId: g.chat_id, name: g.name }));
		// Other templates' tests write to the same tables: start from the seed alone (ensure first: it signs in).
		await e2e.ensureTemplateTables(template);
		for (const t of templateDataTables(template)) await e2e.n8n.deleteDataTable(t.name);
		await e2e.ensureTemplateTables(template);
		await e2e.n8n.insertDataTableRows('lead_events', seedEvents({ g1, g2 }));
		await e2e.n8n.insertDataTableRows('lead_profiles', SEED_PROFILES);
		url = `${e2e.n8nUrl}/webhook/community-dashboard`;
		const workflow = withSettings(template, {
			endDate: END_DAY,
			pageDays: PERIOD_DAYS,
			summaryDays: PERIOD_DAYS,
			language: 'en',
			dashboardUrl: url,
			operatorsRobot: 'robot-2',
		});
		workflowId = (await deployTemplate(e2e, workflow)).id;
	}, 300_000);

	afterAll(async () => {
		await browser?.close();
		if (workflowId) await e2e.n8n.deactivate(workflowId).catch(() => undefined);
	}, 60_000);

	it('refuses a request without the login or with a wrong one, starting no execution', async () => {
		const before = (await e2e.n8n.executions(workflowId)).length;
		const none = await fetch(url);
		expect(none.status).toBe(401);
		expect(await none.text()).not.toMatch(/<svg/);
		const wrong = await fetch(url, { headers: { authorization: `Basic ${Buffer.from('operator:guess').toString('base64')}` } });
		// n8n 2.8 answers a wrong login 403, n8n 2.41 401: either way the page is refused.
		expect([401, 403]).toContain(wrong.status);
		expect(await wrong.text()).not.toMatch(/<svg/);
		await new Promise((r) => setTimeout(r, 1000));
		expect((await e2e.n8n.executions(workflowId)).length).toBe(before);
	});

	it('renders the charts in Chromium with the numbers of the seeded tables and the sandbox groups', async () => {
		browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless=new'] });
		const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, httpCredentials: LOGIN });
		const page = await context.newPage();
		const res = await page.goto(url, { timeout: 180_000 });
		if (res?.status() !== 200) throw new Error(`page answered ${res?.status()}: ${(await failures(e2e, workflowId)).join('; ')}`);
		expect(res.headers()['content-type']).toMatch(/^text\/html/);
		await page.waitForSelector('svg.chart');
		const read = (selector: string) =>
			page.$$eval(selector, (els) =>
				els.map((el) => {
					const out: Record<string, string> = {};
					for (const a of Array.from((el as unknown as { attributes: ArrayLike<{ name: string; value: string }> }).attributes))
						if (a.name.startsWith('data-')) out[a.name.slice(5)] = a.value;
					out.printed = el.querySelector('text.value')?.textContent ?? '';
					return out;
				}),
			);
		const bars = async (chart: string) => (await read(`#${chart} g.bar`)) as Mark[];
		const value = (marks: Mark[], category: string, series: string) => {
			const m = marks.find((x) => x.category === category && x.series === series);
			// The number printed beside the bar is the one in the data.
			expect(m?.printed).toBe(m?.value);
			return Number(m?.value);
		};

		// Nine charts, each with an accessible title.
		const titles = await page.$$eval('svg.chart', (els) => els.map((e) => e.querySelector('title')?.textContent ?? ''));
		expect(titles).toHaveLength(9);
		for (const t of titles) expect(t).toMatch(/\S/);

		// Headline figures.
		const kpis = Object.fromEntries(
			await page.$$eval('.kpi', (els) => els.map((e) => [e.getAttribute('data-kpi'), e.querySelector('b')?.textContent ?? ''])),
		);
		const members = groups.reduce((n, g) => n + g.member_count, 0);
		const t = EXPECTED.totals;
		expect(kpis).toEqual({
			members: members.toLocaleString('en-US'),
			joins: String(t.joins),
			leaves: String(t.leaves),
			leads: String(t.leads),
			mql: String(t.mql),
			sql: String(t.sql),
			accepted: String(t.accepted),
			won: String(t.won),
			pipeline: '¥50,000',
		});

		// The funnel.
		const steps = await read('#chart-funnel g.step');
		expect(steps.map((s) => [s.step, Number(s.value)])).toEqual([
			['Leads', t.leads],
			['MQL', t.mql],
			['SQL', t.sql],
			['Accepted', t.accepted],
			['Won', t.won],
		]);

		// Per group: WeCom's member counts, the seeded joins and leaves, the funnel of who joined.
		const [g1, g2] = groups;
		const memberBars = await bars('chart-group-members');
		// The ten groups with most leads (then most members); g1 and g2 have the seeded leads.
		expect(memberBars).toHaveLength(Math.min(10, groups.length));
		expect(memberBars.slice(0, 2).map((b) => b.category)).toEqual([g1.name, g2.name]);
		for (const bar of memberBars)
			expect(value(memberBars, bar.category, 'Members')).toBe(groups.find((g) => g.name === bar.category)?.member_count);
		const joinBars = await bars('chart-group-joins');
		expect([value(joinBars, g1.name, 'Joins'), value(joinBars, g1.name, 'Leaves')]).toEqual([EXPECTED.g1.joins, EXPECTED.g1.leaves]);
		expect([value(joinBars, g2.name, 'Joins'), value(joinBars, g2.name, 'Leaves')]).toEqual([EXPECTED.g2.joins, EXPECTED.g2.leaves]);
		const groupFunnel = await bars('chart-group-funnel');
		expect(['Leads', 'MQL', 'SQL', 'Accepted'].map((s) => value(groupFunnel, g1.name, s))).toEqual([
			EXPECTED.g1.leads,
			EXPECTED.g1.mql,
			EXPECTED.g1.sql,
			EXPECTED.g1.accepted,
		]);

		// Per join-code state.
		const stateFunnel = await bars('chart-state-funnel');
		for (const [state, e] of Object.entries(EXPECTED.states))
			expect(['Leads', 'MQL', 'SQL', 'Accepted'].map((s) => value(stateFunnel, state, s))).toEqual([e.leads, e.mql, e.sql, e.accepted]);
		// A state from outside reaches the page as text, not markup.
		expect(await page.$$eval('script, img', (els) => els.length)).toBe(0);

		// Per SDR, by name (the sandbox's group owners).
		const sdr = await bars('chart-sdr');
		expect([value(sdr, '张三', 'Invites'), value(sdr, '张三', 'Accepted SQLs')]).toEqual([
			EXPECTED.sdrs.zhangsan.invites,
			EXPECTED.sdrs.zhangsan.acceptedSql,
		]);
		expect([value(sdr, '李四', 'Invites'), value(sdr, '李四', 'Accepted SQLs')]).toEqual([
			EXPECTED.sdrs.lisi.invites,
			EXPECTED.sdrs.lisi.acceptedSql,
		]);

		// The funnel over time: a point per week and step.
		const points = await read('#chart-over-time g.point');
		for (const w of EXPECTED.weeks)
			for (const [series, key] of [
				['Leads', 'leads'],
				['MQL', 'mql'],
				['SQL', 'sql'],
				['Accepted', 'accepted'],
				['Won', 'won'],
			] as const) {
				const p = points.find((x) => x.period === w.week && x.series === series);
				expect([w.week, series, Number(p?.value), p?.printed]).toEqual([w.week, series, w[key], String(w[key])]);
			}

		await page.screenshot({ path: SCREENSHOT, fullPage: true });
	}, 400_000);

	it("posts the summary with the headline numbers and the link through the operators' robot", async () => {
		const since = (await e2e.sandbox.robotMessages(SANDBOX_ROBOT_KEYS[1])).length;
		const id = await e2e.n8n.runManually(workflowId, 'Every Monday 09:00');
		const run = await e2e.n8n.waitForExecution(id);
		if (run.status !== 'success') throw new Error((await failures(e2e, workflowId)).join('; '));
		const posted = (await e2e.sandbox.robotMessages(SANDBOX_ROBOT_KEYS[1])).slice(since);
		expect(posted).toHaveLength(1);
		expect(posted[0].message.msgtype).toBe('text');
		const text: string = posted[0].message.text.content;
		const t = EXPECTED.totals;
		expect(text).toContain(`2026-11-03 – 2026-11-30`);
		expect(text).toContain(`新线索 ${t.leads} · MQL ${t.mql} · SQL ${t.sql} · 销售接受 ${t.accepted} · 赢单 ${t.won}（¥50,000）`);
		expect(text).toContain(`进群 ${t.joins} · 退群 ${t.leaves}`);
		expect(text).toContain(`已接受 SQL 最多的 SDR：张三 (1)`);
		expect(text).toContain(`看板：${url}`);
	}, 300_000);
});
