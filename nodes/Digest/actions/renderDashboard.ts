import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';
import { buildDashboard, DEFAULT_RULES, periodOf } from '../../../lib/dashboard/metrics';
import { fillSummary, renderDashboardPage } from '../../../lib/dashboard/page';
import { sortRows } from '../../../lib/dashboard/rows';
import { isDay, isTimeZone } from '../../../lib/digest/dates';
import { parseInput } from '../../shared/errors';

const OPERATION = 'renderDashboard';
const show = { show: { operation: [OPERATION] } };

export const DEFAULT_SUMMARY =
	'📊 社群周报 {period}\n新线索 {leads} · MQL {mql} · SQL {sql} · 销售接受 {accepted} · 赢单 {won}（{pipeline}）\n进群 {joins} · 退群 {leaves} · 群成员 {members}\n线索最多的群：{topGroup}\n已接受 SQL 最多的 SDR：{topSdr}\n看板：{link}';

const list = (v: string) =>
	v
		.split(/[\n,，]+/)
		.map((s) => s.trim())
		.filter(Boolean);

export const renderDashboardProperties: INodeProperties[] = [
	{
		displayName:
			'Feed this node the rows of lead_profiles and lead_events (Data table → Get Many) and the customer groups (WeCom → Customer Group → Get Many), merged into one input. It outputs one item: the page as HTML (html), the weekly summary (summary) and the figures.',
		name: 'dashboardNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Title',
		name: 'dashboardTitle',
		type: 'string',
		default: '社群看板 · Community Dashboard',
		displayOptions: show,
		description: "The page's heading",
	},
	{
		displayName: 'Period (Days)',
		name: 'periodDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 28,
		displayOptions: show,
		description: 'Calendar days the page covers, ending with the end date; 0 = everything stored',
	},
	{
		displayName: 'End Date',
		name: 'endDate',
		type: 'string',
		default: '',
		placeholder: '2026-11-30',
		displayOptions: show,
		description: 'Last day of the period (YYYY-MM-DD). Empty: today in the time zone.',
	},
	{
		displayName: 'Time Zone',
		name: 'dashboardTimeZone',
		type: 'string',
		default: 'Asia/Shanghai',
		displayOptions: show,
		description: 'IANA time zone of days and weeks (weeks start on Monday)',
	},
	{
		displayName: 'Summary Wording',
		name: 'summaryText',
		type: 'string',
		typeOptions: { rows: 6 },
		default: DEFAULT_SUMMARY,
		displayOptions: show,
		description:
			'The weekly summary (summary field): {period}, {from}, {to}, {members}, {joins}, {leaves}, {leads}, {mql}, {sql}, {accepted}, {won}, {pipeline}, {topGroup}, {topState}, {topSdr}, {link}',
	},
	{
		displayName: 'Dashboard Link',
		name: 'dashboardLink',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.com/webhook/community-dashboard',
		displayOptions: show,
		description: 'The page’s address, for {link}. Never put a secret in it: the summary is posted to a group.',
	},
	{
		displayName: 'Options',
		name: 'dashboardOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Accepted Events',
				name: 'acceptedEvents',
				type: 'string',
				default: DEFAULT_RULES.acceptedEvents.join(', '),
				description: 'Event types that mean sales accepted the lead (a won event counts too)',
			},
			{
				displayName: 'Amount Field',
				name: 'amountField',
				type: 'string',
				default: 'amount',
				description: 'Field of a won event (or of its data or attributes) holding the deal amount',
			},
			{
				displayName: 'Currency Symbol',
				name: 'currency',
				type: 'string',
				default: '¥',
			},
			{
				displayName: 'Join Events',
				name: 'joinEvents',
				type: 'string',
				default: DEFAULT_RULES.joinEvents.join(', '),
				description: 'Event types of a member joining a group',
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'options',
				default: 'zh',
				options: [
					{ name: 'Chinese', value: 'zh' },
					{ name: 'English', value: 'en' },
				],
				description: "The page's built-in labels",
			},
			{
				displayName: 'Leave Events',
				name: 'leaveEvents',
				type: 'string',
				default: DEFAULT_RULES.leaveEvents.join(', '),
				description: 'Event types of a member leaving a group',
			},
			{
				displayName: 'MQL Stage',
				name: 'mqlStage',
				type: 'string',
				default: 'mql',
				description: 'Leads at this stage or later in the stage order count as MQL',
			},
			{
				displayName: 'Rows per Chart',
				name: 'topN',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10,
				description: 'Groups, join codes and SDRs shown in each chart, most leads first; the tables below the charts list all',
			},
			{
				displayName: 'SQL Stage',
				name: 'sqlStage',
				type: 'string',
				default: 'sql',
				description: 'Leads at this stage or later in the stage order count as SQL',
			},
			{
				displayName: 'Staff Names',
				name: 'staffNames',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				placeholder: 'zhangsan=张三',
				description: 'Names for SDRs who own no group, one "userid=name" a line (group owners are named from the group list)',
			},
			{
				displayName: 'Stage Order',
				name: 'ladder',
				type: 'string',
				default: DEFAULT_RULES.ladder.join(', '),
				description: "Your Lead Score model's stage IDs, first to last",
			},
			{
				displayName: 'Won Events',
				name: 'wonEvents',
				type: 'string',
				default: DEFAULT_RULES.wonEvents.join(', '),
				description: 'Event types of a won deal (their amounts add up to the won pipeline)',
			},
		],
	},
];

const words = z.string().transform(list);
const schema = z.object({
	title: z.string().trim().min(1, 'give the page a title'),
	periodDays: z.number().int().min(0),
	endDate: z
		.string()
		.trim()
		.refine((d) => d === '' || isDay(d), 'must be a date like 2026-11-30, or empty for today'),
	timeZone: z.string().trim().refine(isTimeZone, 'is not a time zone (use an IANA name like Asia/Shanghai)'),
	summaryText: z.string(),
	link: z.string().trim(),
	options: z.object({
		acceptedEvents: words.default(DEFAULT_RULES.acceptedEvents.join(',')),
		wonEvents: words.default(DEFAULT_RULES.wonEvents.join(',')),
		joinEvents: words.default(DEFAULT_RULES.joinEvents.join(',')),
		leaveEvents: words.default(DEFAULT_RULES.leaveEvents.join(',')),
		ladder: words.default(DEFAULT_RULES.ladder.join(',')),
		mqlStage: z.string().trim().min(1).default(DEFAULT_RULES.mqlStage),
		sqlStage: z.string().trim().min(1).default(DEFAULT_RULES.sqlStage),
		amountField: z.string().trim().min(1).default('amount'),
		currency: z.string().default('¥'),
		language: z.enum(['zh', 'en']).default('zh'),
		topN: z.number().int().min(1).default(10),
		staffNames: z.string().default(''),
	}),
});

/** "userid=name" lines → a map. */
function staffNames(text: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const line of text.split(/\n+/)) {
		const at = line.indexOf('=');
		if (at > 0 && line.slice(at + 1).trim()) out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
	}
	return out;
}

/** All input items → one item: the page, the summary and the figures. */
export async function renderDashboard(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const get = (name: string) => this.getNodeParameter(name, 0);
	const p = parseInput(
		node,
		schema,
		{
			title: get('dashboardTitle'),
			periodDays: get('periodDays'),
			endDate: String(get('endDate') ?? ''),
			timeZone: get('dashboardTimeZone'),
			summaryText: String(get('summaryText') ?? ''),
			link: String(get('dashboardLink') ?? ''),
			options: (get('dashboardOptions') ?? {}) as IDataObject,
		},
		0,
	);
	const o = p.options;
	for (const [field, stage] of [
		['MQL Stage', o.mqlStage],
		['SQL Stage', o.sqlStage],
	] as const)
		if (!o.ladder.includes(stage))
			throw new NodeOperationError(node, `${field} "${stage}" is not in Stage Order (${o.ladder.join(', ')})`, {
				description: "List your Lead Score model's stage IDs under Options → Stage Order.",
			});
	const items = this.getInputData();
	const rows = sortRows(
		items.map((it) => it.json as Record<string, unknown>),
		o.amountField,
	);
	const now = Date.now();
	const data = buildDashboard({
		...rows,
		...periodOf(p.endDate, p.periodDays, p.timeZone, now),
		timeZone: p.timeZone,
		rules: {
			ladder: o.ladder,
			mqlStage: o.mqlStage,
			sqlStage: o.sqlStage,
			acceptedEvents: o.acceptedEvents,
			wonEvents: o.wonEvents,
			joinEvents: o.joinEvents,
			leaveEvents: o.leaveEvents,
		},
		staffNames: staffNames(o.staffNames),
	});
	if (rows.unknown.length && typeof this.addExecutionHints === 'function') {
		this.addExecutionHints({
			message: `${rows.unknown.length} input item${rows.unknown.length === 1 ? ' is' : 's are'} neither a lead_events row, a lead_profiles row nor a customer group, and were left out (first: item ${rows.unknown[0] + 1})`,
			location: 'outputPane',
		});
	}
	const generatedAt = new Intl.DateTimeFormat('sv-SE', { timeZone: p.timeZone, dateStyle: 'short', timeStyle: 'short' }).format(now);
	const html = renderDashboardPage(data, { title: p.title, language: o.language, topN: o.topN, generatedAt, currency: o.currency });
	const summary = fillSummary(p.summaryText, data, { link: p.link, language: o.language, currency: o.currency });
	return [
		[
			{
				json: {
					html,
					summary,
					period: data.period,
					totals: data.totals,
					groups: data.groups as unknown as IDataObject[],
					states: data.states as unknown as IDataObject[],
					sdrs: data.sdrs as unknown as IDataObject[],
					weeks: data.weeks as unknown as IDataObject[],
					ignored: { ...data.ignored, unknownItems: rows.unknown.length },
				},
				pairedItem: items.length ? items.map((_, item) => ({ item })) : { item: 0 },
			},
		],
	];
}
