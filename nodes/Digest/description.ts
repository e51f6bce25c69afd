import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_DIGEST_TIME_ZONE } from '../../lib/digest/dates';
import { defaultSections } from '../../lib/digest/sections';
import { renderDashboardProperties } from './actions/renderDashboard';
import { groupKeyLocator } from '../shared/wecom/locators';

const sectionDefaults = defaultSections('zh').map((s) => ({ type: s.type, heading: '', cap: s.cap, overflow: s.overflow, moreUrl: '' }));

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: 'morningReport',
	options: [
		{
			name: 'Morning Report',
			value: 'morningReport',
			description: "The day's entries → one report (营销早报) per group",
			action: 'Build the morning report',
		},
		{
			name: 'Render Dashboard',
			value: 'renderDashboard',
			description: 'Lead events, profiles and groups → the community dashboard page (HTML, SVG charts) and a weekly summary',
			action: 'Render the community dashboard',
		},
	],
};

/** The morning report's fields, shown for its operation (saved nodes have no operation: the default). */
const morningReportProperties: INodeProperties[] = [
	{
		displayName:
			"Feed this node all pending entries (one item each: type, title, body, link, author, date, groups, priority). It outputs one message per group and day, ready for the WeCom node's robot send.",
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Date',
		name: 'date',
		type: 'string',
		default: '',
		placeholder: '2025-03-03',
		description: 'The day the report is for (YYYY-MM-DD). Empty: today in the time zone below. Entries dated later wait for their day.',
	},
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'string',
		default: DEFAULT_DIGEST_TIME_ZONE,
		description: 'IANA time zone that decides "which day" an entry and "today" belong to',
	},
	{
		displayName: 'Groups',
		name: 'groupsSource',
		type: 'options',
		noDataExpression: true,
		default: 'list',
		options: [
			{ name: 'From a List', value: 'list', description: 'One report for each group you list' },
			{ name: 'From the Entries', value: 'entries', description: "One report for each group named in some entry's groups field" },
			{
				name: 'From Lines (Data Table, Expression)',
				value: 'lines',
				description: 'One report for each "chat ID | display name" line, e.g. built from a data table by an expression',
			},
		],
	},
	// Version 1: the group list as text lines (still read from saved nodes and template 04).
	{
		displayName: 'Group List',
		name: 'groups',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA | MarTech 6群',
		displayOptions: { show: { groupsSource: ['list'], '@version': [1] } },
		description:
			'One group (客户群) per line: an ID as your entries\' groups field names it (chat ID or any name), optionally followed by " | " and a display name used as {group} in the title line. Entries without groups go to every group.',
	},
	{
		displayName: 'Group List',
		name: 'groupList',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Group',
		default: {},
		displayOptions: { show: { groupsSource: ['list'], '@version': [2] } },
		description: 'One report for each group. Entries without groups go to every group.',
		options: [
			{
				name: 'group',
				displayName: 'Group',
				values: [
					groupKeyLocator({
						displayName: 'Group',
						name: 'group',
						description:
							"A customer group (客户群) from WeCom's list (needs the optional WeCom App credential), or the chat ID or name your entries' groups field uses",
					}),
					{
						displayName: 'Display Name',
						name: 'displayName',
						type: 'string',
						default: '',
						placeholder: 'MarTech 6群',
						description: "{group} in the title line. Empty: the group's WeCom name when picked from the list, otherwise none.",
					},
				],
			},
		],
	},
	// The same lines, for groups that come from a data table (any version).
	{
		displayName: 'Group Lines',
		name: 'groups',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA | MarTech 6群',
		displayOptions: { show: { groupsSource: ['lines'] } },
		description:
			'One group (客户群) per line: an ID as your entries\' groups field names it (chat ID or any name), optionally followed by " | " and a display name used as {group} in the title line. Entries without groups go to every group.',
	},
	{
		displayName: 'Format',
		name: 'format',
		type: 'options',
		default: 'markdown',
		options: [
			{ name: 'HTML (Email)', value: 'html', description: 'One HTML document per group, not split' },
			{ name: 'Markdown', value: 'markdown', description: 'WeCom markdown with colours; messages up to 4096 bytes' },
			{ name: 'Markdown V2', value: 'markdown_v2', description: 'Standard markdown; messages up to 4096 bytes' },
			{ name: 'Text', value: 'text', description: 'Plain text; messages up to 2048 bytes' },
		],
	},
	{
		displayName: 'Output',
		name: 'outputMode',
		type: 'options',
		default: 'message',
		options: [
			{ name: 'One Item per Group', value: 'group', description: 'Each report is an item; its parts are in the messages field' },
			{
				name: 'One Item per Message',
				value: 'message',
				description: 'Each part of a report is an item: map content straight into a robot send',
			},
		],
	},
	{
		displayName: 'Title Line',
		name: 'titleLine',
		type: 'string',
		default: '',
		placeholder: '营销早报 · {date} {weekday}',
		description:
			'First line of every message; {date}, {weekday} and {group} are filled in. Empty: "营销早报 · {date} {weekday}" (or the English one).',
	},
	{
		displayName: 'Sections',
		name: 'sections',
		placeholder: 'Add Section',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: { section: sectionDefaults },
		description: "The report's sections in order. Drag to reorder.",
		options: [
			{
				displayName: 'Section',
				name: 'section',
				values: [
					{
						displayName: 'Entry Type',
						name: 'type',
						type: 'string',
						default: '',
						placeholder: 'jobPost',
						description:
							'Entries of this type: knowledge, event, goodNews, jobPost, jobSeeker, supplierRequest, your own type, or * for every type no other section lists',
					},
					{
						displayName: 'Heading',
						name: 'heading',
						type: 'string',
						default: '',
						placeholder: '💼 招聘',
						description: 'Empty: the built-in heading for the type (custom types show their name)',
					},
					{
						displayName: 'Max Entries',
						name: 'cap',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 5,
						description: 'Per group and day; 0 = no cap',
					},
					{
						displayName: 'Over the Cap',
						name: 'overflow',
						type: 'options',
						default: 'carry',
						options: [
							{
								name: 'Carry to Tomorrow',
								value: 'carry',
								description: 'Left out today and returned on the Carried Over output, to store for tomorrow',
							},
							{ name: 'Link as "More"', value: 'more', description: 'Counted in a "…还有 N 条" line with a link' },
						],
					},
					{
						displayName: 'Over the Cap: More Link',
						name: 'moreUrl',
						type: 'string',
						default: '',
						placeholder: 'https://example.com/jobs',
						displayOptions: { show: { overflow: ['more'] } },
						description: 'Where the full list is (a board, a doc, a mini-program page). Empty: the count only.',
					},
				],
			},
		],
	},
	{
		displayName: 'Knowledge Calendar (JSON)',
		name: 'knowledgeCalendar',
		type: 'json',
		default: '[]',
		description:
			'Reusable knowledge points (知识点): an array like [{"title": "…", "body": "…", "link": "https://…"}], or of plain titles. One is picked per day, deterministically, without repeats until the list is used up; a submitted knowledge entry for the day takes its place.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Allowed Link Hosts',
				name: 'allowedLinkHosts',
				type: 'string',
				default: '',
				placeholder: 'example.com, www.example.cn',
				description:
					'Hosts entry links may point to (each also allows its subdomains), comma- or line-separated. Empty: any http(s) host. Entries with another link are left out of the report and listed in report.skipped.',
			},
			{
				displayName: 'Already Sent (Sent Log)',
				name: 'alreadySent',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
				placeholder: 'wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA | 12, 15, 16',
				description:
					'What each group already had, one line per posted message: "group ID | entry IDs". Those entries are skipped in that group (an entry over a cap comes back tomorrow only where it was missed), so entries never need a status update after a report. Map it from a sent-log table of the last Max Age days.',
			},
			{
				displayName: 'Calendar Order',
				name: 'calendarOrder',
				type: 'options',
				default: 'shuffled',
				options: [
					{ name: 'As Listed', value: 'inOrder', description: 'Point 1 on the start date, then 2, 3…' },
					{ name: 'Shuffled', value: 'shuffled', description: 'A new fixed order every round through the list' },
				],
			},
			{
				displayName: 'Calendar Recently Used',
				name: 'recentlyUsed',
				type: 'string',
				default: '',
				description:
					'Optional: IDs (or titles) of points shown recently, oldest first, comma- or line-separated. Only needed after editing the list mid-round; map it from the knowledge field of earlier reports.',
			},
			{
				displayName: 'Calendar Start Date',
				name: 'calendarStartDate',
				type: 'string',
				default: '2024-01-01',
				description: 'Day 1 of the first round (YYYY-MM-DD)',
			},
			{
				displayName: 'Carried Over Output',
				name: 'carriedOutput',
				type: 'options',
				default: 'all',
				options: [
					{
						name: 'Every Carried Entry',
						value: 'all',
						description: 'Each entry over a cap, with the groups it missed and carriedOver + 1',
					},
					{
						name: 'Only Entries Shown in Some Groups',
						value: 'partlyShown',
						description:
							'Only entries whose stored groups change; an entry no group showed today needs no update (it stays pending and leads tomorrow)',
					},
				],
				description:
					'What the Carried Over output returns. With a large backlog, store back only what changed, so the daily cost follows what was shown.',
			},
			{
				displayName: 'Footer',
				name: 'footer',
				type: 'string',
				default: '',
				placeholder: '需求请私信群助手，明早统一发布',
				description: 'A last line, e.g. how to submit a request for tomorrow',
			},
			{
				displayName: 'Language of Built-In Text',
				name: 'language',
				type: 'options',
				default: 'zh',
				options: [
					{ name: 'Chinese', value: 'zh' },
					{ name: 'English', value: 'en' },
				],
				description: 'Default title and headings, weekday, "more" and "shortened" markers',
			},
			{
				displayName: 'Max Age (Days)',
				name: 'maxAgeDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Entries dated more than this many days before the report are dropped (stale job posts); 0 = keep until shown',
			},
			{
				displayName: 'Max Bytes per Message',
				name: 'maxBytes',
				type: 'number',
				typeOptions: { minValue: 256, maxValue: 4096 },
				default: 4096,
				description: "Lower than WeCom's limit (text 2048, markdown 4096 UTF-8 bytes) to leave room; never higher",
			},
			{
				displayName: 'Title Similarity for Duplicates',
				name: 'titleSimilarity',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: 0.85,
				description:
					'Entries of one type whose titles are this similar (0–1) merge, unless their links differ. Same links always merge. 0 = links only.',
			},
		],
	},
];

export const digestProperties: INodeProperties[] = [
	operation,
	...morningReportProperties.map((p) => ({
		...p,
		displayOptions: { ...p.displayOptions, show: { ...p.displayOptions?.show, operation: ['morningReport'] } },
	})),
	...renderDashboardProperties,
];
