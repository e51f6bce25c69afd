import { buildDashboard, NO_STATE, periodOf } from '../../../lib/dashboard/metrics';
import { fillSummary, renderDashboardPage } from '../../../lib/dashboard/page';
import { sortRows, timeOf } from '../../../lib/dashboard/rows';
import { EXPECTED, NOW, PERIOD_DAYS, SEED_PROFILES, seedEvents } from '../../helpers/dashboardSeed';

const g1 = { chatId: 'wrG1', name: 'MarTech 1群' };
const g2 = { chatId: 'wrG2', name: 'SaaS <增长> 群' };
const groupList = [
	{ chat_id: 'wrG1', name: g1.name, owner: 'zhangsan', owner_name: '张三', member_count: 120, customer_count: 110 },
	{ chat_id: 'wrG2', name: g2.name, owner: 'lisi', owner_name: '李四', member_count: 45, customer_count: 40 },
	{ chat_id: 'wrG3', name: 'Quiet group', owner: 'lisi', member_count: 8 },
];

function build(periodDays = PERIOD_DAYS) {
	// Mixed as the template's Merge node hands them over, with data-table columns (id, createdAt…).
	const rows = [...seedEvents({ g1, g2 }), ...SEED_PROFILES, ...groupList].map((r, i) => ({
		id: i + 1,
		createdAt: '2026-11-30T00:00:00Z',
		...r,
	}));
	const sorted = sortRows(rows);
	expect(sorted.unknown).toEqual([]);
	return buildDashboard({ ...sorted, ...periodOf('2026-11-30', periodDays, 'Asia/Shanghai', 0), timeZone: 'Asia/Shanghai' });
}

describe('dashboard metrics', () => {
	const d = build();

	it('counts the period funnel: leads first seen in it and how far they got', () => {
		expect(d.totals).toEqual({ ...EXPECTED.totals, members: 173, groups: 3 });
		expect(d.period).toEqual({ from: '2026-11-03', to: '2026-11-30' });
		expect(periodOf('', 7, 'Asia/Shanghai', NOW)).toEqual({
			from: Date.parse('2026-11-24T00:00:00+08:00'),
			to: Date.parse('2026-11-30T23:59:59.999+08:00'),
		});
		expect(() => periodOf('30/11/2026', 7, 'Asia/Shanghai', NOW)).toThrow('"30/11/2026" is not a date like 2026-11-30');
	});

	it('per group: WeCom members, joins and leaves in the period, the funnel of leads who joined it', () => {
		const byId = new Map(d.groups.map((g) => [g.chatId, g]));
		expect(byId.get('wrG1')).toEqual({ chatId: 'wrG1', name: g1.name, members: 120, ...EXPECTED.g1 });
		expect(byId.get('wrG2')).toEqual({ chatId: 'wrG2', name: g2.name, members: 45, ...EXPECTED.g2 });
		expect(byId.get('wrG3')).toMatchObject({ members: 8, leads: 0, joins: 0 });
		expect(d.groups.map((g) => g.chatId)).toEqual(['wrG1', 'wrG2', 'wrG3']);
	});

	it('per join-code state, including leads without one', () => {
		const byState = new Map(d.states.map((s) => [s.state, s]));
		expect(byState.get('poster_a')).toEqual({ state: 'poster_a', ...EXPECTED.states.poster_a });
		expect(byState.get('article_b')).toEqual({ state: 'article_b', ...EXPECTED.states.article_b });
		expect(byState.get(NO_STATE)).toMatchObject({ members: 1, leads: 0, joins: 0 });
	});

	it('per SDR: invites and accepted SQLs, named from the group owners', () => {
		expect(d.sdrs).toEqual([
			{ userId: 'zhangsan', name: '张三', ...EXPECTED.sdrs.zhangsan },
			{ userId: 'lisi', name: '李四', ...EXPECTED.sdrs.lisi },
		]);
	});

	it('the funnel over time, by week of first contact (Monday, China time)', () => {
		expect(d.weeks.map(({ pipeline: _p, ...w }) => w)).toEqual(EXPECTED.weeks);
	});

	it('with period 0 counts everything stored', () => {
		const all = build(0);
		expect(all.totals).toMatchObject({ leads: 7, joins: 4, leaves: 1 });
		expect(all.period.from).toBeNull();
	});

	it('leaves out rows without a lead or a readable time, and counts them', () => {
		const r = buildDashboard({
			profiles: [{ leadId: '' }],
			events: [
				{ leadId: 'a', type: 'x', time: NaN },
				{ leadId: '', type: 'x', time: NOW },
			],
			groups: [],
			from: null,
			to: NOW,
			timeZone: 'Asia/Shanghai',
		});
		expect(r.ignored).toEqual({ events: 2, profiles: 1 });
		expect(r.totals.leads).toBe(0);
	});

	it('reads times as ISO, epoch seconds or milliseconds', () => {
		expect(timeOf('2026-11-30T12:00:00+08:00')).toBe(NOW);
		expect(timeOf(NOW / 1000)).toBe(NOW);
		expect(timeOf(String(NOW))).toBe(NOW);
		expect(timeOf('soon')).toBeNaN();
	});
});

describe('dashboard page', () => {
	const d = build(0);
	const html = renderDashboardPage(d, {
		title: 'Community <dashboard>',
		language: 'en',
		topN: 10,
		generatedAt: '2026-11-30 12:00',
		currency: '¥',
	});

	it('is one HTML document with the charts and the headline numbers, no script', () => {
		expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
		expect(html.match(/<svg /g)?.length).toBe(9);
		expect(html).not.toMatch(/<script|onerror=|<img/i);
		expect(html).toContain('<title>Community &lt;dashboard&gt;</title>');
		expect(html).toContain('<div class="kpi" data-kpi="pipeline"><b>¥50,000</b>');
		expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
	});

	it('fills the weekly summary wording', () => {
		const week = build();
		const text = fillSummary(
			'{period}: {leads} leads, {sql} SQL, {accepted} accepted, {pipeline} won; top {topGroup}, {topSdr}. {link} {unknown}',
			week,
			{
				link: 'https://n8n.example.com/webhook/community-dashboard',
				language: 'en',
				currency: '¥',
			},
		);
		expect(text).toBe(
			'2026-11-03 – 2026-11-30: 5 leads, 3 SQL, 2 accepted, ¥50,000 won; top MarTech 1群 (2), 张三 (1). https://n8n.example.com/webhook/community-dashboard {unknown}',
		);
	});
});
