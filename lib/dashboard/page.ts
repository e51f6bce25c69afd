import type { DashboardData } from './metrics';
import { barChart, esc, formatNumber, funnelChart, timeSeriesChart } from './svg';

export type DashboardLanguage = 'zh' | 'en';

const TEXTS = {
	en: {
		period: (from: string | null, to: string) => (from ? `${from} – ${to}` : `everything until ${to}`),
		members: 'Members',
		joins: 'Joins',
		leaves: 'Leaves',
		leads: 'Leads',
		mql: 'MQL',
		sql: 'SQL',
		accepted: 'Accepted',
		won: 'Won',
		pipeline: 'Won pipeline',
		groups: 'Groups',
		invites: 'Invites',
		acceptedSql: 'Accepted SQLs',
		state: 'Join code (state)',
		group: 'Group',
		sdr: 'SDR',
		week: 'Week of',
		funnel: 'Funnel',
		overTime: 'Funnel over time (by week of first contact)',
		byGroup: 'Groups',
		byState: 'Join codes (state)',
		bySdr: 'SDRs',
		membersPerGroup: 'Members per group',
		joinsLeavesPerGroup: 'Joins and leaves per group',
		funnelPerGroup: 'Leads to accepted per group',
		funnelPerState: 'Leads to accepted per join code',
		joinsPerState: 'Joins and leaves per join code',
		sdrChart: 'Invites and accepted SQLs per SDR',
		joinsOverTime: 'Joins and leaves per week',
		empty: 'No data in this period yet',
		generated: 'Generated',
		notes:
			'Leads: first contact in the period. A lead counts in every group it joined. MQL, SQL, accepted and won: how far those leads have got by now. Won pipeline: amounts of won deals.',
		table: 'Table',
	},
	zh: {
		period: (from: string | null, to: string) => (from ? `${from} 至 ${to}` : `截至 ${to} 的全部数据`),
		members: '成员',
		joins: '进群',
		leaves: '退群',
		leads: '线索',
		mql: 'MQL',
		sql: 'SQL',
		accepted: '销售接受',
		won: '赢单',
		pipeline: '赢单金额',
		groups: '群',
		invites: '邀请',
		acceptedSql: '已接受 SQL',
		state: '渠道码 (state)',
		group: '客户群',
		sdr: 'SDR',
		week: '周',
		funnel: '转化漏斗',
		overTime: '漏斗趋势（按首次接触周）',
		byGroup: '客户群',
		byState: '渠道码 (state)',
		bySdr: 'SDR',
		membersPerGroup: '各群成员数',
		joinsLeavesPerGroup: '各群进群与退群',
		funnelPerGroup: '各群线索转化',
		funnelPerState: '各渠道码线索转化',
		joinsPerState: '各渠道码进群与退群',
		sdrChart: '各 SDR 邀请与已接受 SQL',
		joinsOverTime: '每周进群与退群',
		empty: '本期暂无数据',
		generated: '生成于',
		notes:
			'线索：本期首次接触的线索；加入多个群的线索在每个群都计入。MQL、SQL、销售接受、赢单：这些线索目前的进展。赢单金额：赢单的金额合计。',
		table: '明细',
	},
};

export interface PageOptions {
	title: string;
	language: DashboardLanguage;
	/** How many rows the per-group, per-state and per-SDR charts show (tables show all). */
	topN: number;
	/** Shown in the header ("Generated …"). */
	generatedAt: string;
	currency: string;
}

const STYLE = `
body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:0;background:#f8fafc;color:#111827}
header{background:#1e293b;color:#fff;padding:16px 24px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#cbd5e1}
main{padding:16px 24px;display:grid;gap:16px;grid-template-columns:repeat(auto-fit,minmax(660px,1fr))}
section{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px 16px}section h2{font-size:16px;margin:4px 0 12px}
.kpis{display:flex;flex-wrap:wrap;gap:12px;padding:16px 24px 0}.kpi{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:10px 16px;min-width:110px}
.kpi b{display:block;font-size:24px}.kpi span{color:#6b7280;font-size:13px}
table{border-collapse:collapse;font-size:13px;margin-top:8px;width:100%}th,td{padding:3px 6px;border-bottom:1px solid #f1f5f9;text-align:right}
th:first-child,td:first-child{text-align:left}details summary{cursor:pointer;color:#2563eb;font-size:13px;margin-top:8px}
.chart text.value{fill:#111827}.notes{color:#6b7280;font-size:12px;padding:0 24px 24px}`;

function table(headers: string[], rows: Array<Array<string | number>>, label: string): string {
	const head = headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
	const body = rows
		.map(
			(r) =>
				`<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(typeof c === 'number' ? formatNumber(c) : c)}</td>`)).join('')}</tr>`,
		)
		.join('');
	return `<details><summary>${esc(label)}</summary><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></details>`;
}

/** The whole page: headline figures, then one section per view, each a chart and its table. */
export function renderDashboardPage(data: DashboardData, opts: PageOptions): string {
	const t = TEXTS[opts.language];
	const money = (n: number) => `${opts.currency}${formatNumber(n)}`;
	const top = <T>(rows: T[]) => rows.slice(0, Math.max(1, opts.topN));
	const funnelSeries = <T extends { leads: number; mql: number; sql: number; accepted: number }>(rows: T[]) => [
		{ name: t.leads, values: rows.map((r) => r.leads) },
		{ name: t.mql, values: rows.map((r) => r.mql) },
		{ name: t.sql, values: rows.map((r) => r.sql) },
		{ name: t.accepted, values: rows.map((r) => r.accepted) },
	];
	const tot = data.totals;
	const kpis: Array<[string, string, string]> = [
		['members', t.members, formatNumber(tot.members)],
		['joins', t.joins, formatNumber(tot.joins)],
		['leaves', t.leaves, formatNumber(tot.leaves)],
		['leads', t.leads, formatNumber(tot.leads)],
		['mql', t.mql, formatNumber(tot.mql)],
		['sql', t.sql, formatNumber(tot.sql)],
		['accepted', t.accepted, formatNumber(tot.accepted)],
		['won', t.won, formatNumber(tot.won)],
		['pipeline', t.pipeline, money(tot.pipeline)],
	];
	const groups = top(data.groups);
	// Activity charts leave out groups and states without any in the period (the tables list them).
	const activeGroups = top(data.groups.filter((g) => g.leads || g.joins || g.leaves));
	const states = top(data.states.filter((st) => st.leads || st.joins || st.leaves));
	const sdrs = top(data.sdrs);
	const weeks = data.weeks;
	const sections = [
		section(
			'funnel',
			t.funnel,
			funnelChart({
				id: 'chart-funnel',
				title: `${t.funnel}: ${t.period(data.period.from, data.period.to)}`,
				steps: [
					{ label: t.leads, value: tot.leads },
					{ label: t.mql, value: tot.mql },
					{ label: t.sql, value: tot.sql },
					{ label: t.accepted, value: tot.accepted },
					{ label: t.won, value: tot.won },
				],
			}),
		),
		section(
			'over-time',
			t.overTime,
			timeSeriesChart({
				id: 'chart-over-time',
				title: t.overTime,
				periods: weeks.map((w) => w.week),
				series: [...funnelSeries(weeks), { name: t.won, values: weeks.map((w) => w.won) }],
				emptyText: t.empty,
			}) +
				timeSeriesChart({
					id: 'chart-joins-over-time',
					title: t.joinsOverTime,
					periods: weeks.map((w) => w.week),
					series: [
						{ name: t.joins, values: weeks.map((w) => w.joins) },
						{ name: t.leaves, values: weeks.map((w) => w.leaves), color: '#dc2626' },
					],
					emptyText: t.empty,
				}) +
				table(
					[t.week, t.joins, t.leaves, t.leads, t.mql, t.sql, t.accepted, t.won, t.pipeline],
					weeks.map((w) => [w.week, w.joins, w.leaves, w.leads, w.mql, w.sql, w.accepted, w.won, money(w.pipeline)]),
					t.table,
				),
		),
		section(
			'groups',
			t.byGroup,
			barChart({
				id: 'chart-group-members',
				title: t.membersPerGroup,
				categories: groups.map((g) => g.name),
				series: [{ name: t.members, values: groups.map((g) => g.members ?? 0) }],
				emptyText: t.empty,
			}) +
				barChart({
					id: 'chart-group-joins',
					title: t.joinsLeavesPerGroup,
					categories: activeGroups.map((g) => g.name),
					series: [
						{ name: t.joins, values: activeGroups.map((g) => g.joins) },
						{ name: t.leaves, values: activeGroups.map((g) => g.leaves), color: '#dc2626' },
					],
					emptyText: t.empty,
				}) +
				barChart({
					id: 'chart-group-funnel',
					title: t.funnelPerGroup,
					categories: activeGroups.map((g) => g.name),
					series: funnelSeries(activeGroups),
					emptyText: t.empty,
				}) +
				table(
					[t.group, t.members, t.joins, t.leaves, t.leads, t.mql, t.sql, t.accepted, t.won, t.pipeline],
					data.groups.map((g) => [
						g.name,
						g.members ?? '–',
						g.joins,
						g.leaves,
						g.leads,
						g.mql,
						g.sql,
						g.accepted,
						g.won,
						money(g.pipeline),
					]),
					t.table,
				),
		),
		section(
			'states',
			t.byState,
			barChart({
				id: 'chart-state-funnel',
				title: t.funnelPerState,
				categories: states.map((s) => s.state),
				series: funnelSeries(states),
				emptyText: t.empty,
			}) +
				barChart({
					id: 'chart-state-joins',
					title: t.joinsPerState,
					categories: states.map((s) => s.state),
					series: [
						{ name: t.joins, values: states.map((s) => s.joins) },
						{ name: t.leaves, values: states.map((s) => s.leaves), color: '#dc2626' },
					],
					emptyText: t.empty,
				}) +
				table(
					[t.state, t.members, t.joins, t.leaves, t.leads, t.mql, t.sql, t.accepted, t.won, t.pipeline],
					data.states.map((s) => [s.state, s.members, s.joins, s.leaves, s.leads, s.mql, s.sql, s.accepted, s.won, money(s.pipeline)]),
					t.table,
				),
		),
		section(
			'sdrs',
			t.bySdr,
			barChart({
				id: 'chart-sdr',
				title: t.sdrChart,
				categories: sdrs.map((s) => s.name),
				series: [
					{ name: t.invites, values: sdrs.map((s) => s.invites) },
					{ name: t.acceptedSql, values: sdrs.map((s) => s.acceptedSql), color: '#16a34a' },
				],
				emptyText: t.empty,
			}) +
				table(
					[t.sdr, t.invites, t.sql, t.acceptedSql, t.won, t.pipeline],
					data.sdrs.map((s) => [s.name, s.invites, s.sql, s.acceptedSql, s.won, money(s.pipeline)]),
					t.table,
				),
		),
	];
	return (
		`<!DOCTYPE html><html lang="${opts.language === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">` +
		`<title>${esc(opts.title)}</title><style>${STYLE}</style></head><body>` +
		`<header><h1>${esc(opts.title)}</h1><p>${esc(t.period(data.period.from, data.period.to))} · ${esc(t.generated)} ${esc(opts.generatedAt)}</p></header>` +
		`<div class="kpis">${kpis.map(([k, label, v]) => `<div class="kpi" data-kpi="${k}"><b>${esc(v)}</b><span>${esc(label)}</span></div>`).join('')}</div>` +
		`<main>${sections.join('')}</main><p class="notes">${esc(t.notes)}</p></body></html>`
	);
}

function section(id: string, title: string, body: string): string {
	return `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${esc(title)}</h2>${body}</section>`;
}

/**
 * The weekly summary's wording with its placeholders filled: {period}, {from}, {to}, {members},
 * {joins}, {leaves}, {leads}, {mql}, {sql}, {accepted}, {won}, {pipeline}, {topGroup},
 * {topState}, {topSdr}, {link}. Unknown placeholders stay as written.
 */
export function fillSummary(
	template: string,
	data: DashboardData,
	opts: { link: string; language: DashboardLanguage; currency: string },
): string {
	const t = TEXTS[opts.language];
	const tot = data.totals;
	const best = <T>(rows: T[], score: (r: T) => number, name: (r: T) => string) => {
		const r = rows.filter((x) => score(x) > 0).sort((a, b) => score(b) - score(a))[0];
		return r ? name(r) : '–';
	};
	const values: Record<string, string> = {
		period: t.period(data.period.from, data.period.to),
		from: data.period.from ?? '',
		to: data.period.to,
		members: formatNumber(tot.members),
		joins: formatNumber(tot.joins),
		leaves: formatNumber(tot.leaves),
		leads: formatNumber(tot.leads),
		mql: formatNumber(tot.mql),
		sql: formatNumber(tot.sql),
		accepted: formatNumber(tot.accepted),
		won: formatNumber(tot.won),
		pipeline: `${opts.currency}${formatNumber(tot.pipeline)}`,
		topGroup: best(
			data.groups,
			(g) => g.leads,
			(g) => `${g.name} (${g.leads})`,
		),
		topState: best(
			data.states,
			(s) => s.leads,
			(s) => `${s.state} (${s.leads})`,
		),
		topSdr: best(
			data.sdrs,
			(s) => s.acceptedSql,
			(s) => `${s.name} (${s.acceptedSql})`,
		),
		link: opts.link,
	};
	return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? values[k] : m));
}
