import type { INodeParameters, INodeProperties } from 'n8n-workflow';
import { PLAYBOOK_MODEL } from '../../lib/scoring/playbook';
import { conditionsToText } from '../../lib/scoring/conditionText';
import { modelToUi } from '../../lib/scoring/uiModel';
import { ruleFields } from './ruleFields';

const PLAYBOOK_UI = modelToUi(PLAYBOOK_MODEL);
const conditionsHelp =
	'One per line: field operator value. Operators: =, !=, >, >=, <, <=, contains, not contains, starts with, ends with, matches (regex), in (comma list), exists, not exists, is true. Text compares ignore case.';
const criterionText = (c: 'budget' | 'authority' | 'need' | 'timing') => conditionsToText(PLAYBOOK_MODEL.gate.criteria[c].conditions);
const eventConditionsHelp = `Only events whose fields match. ${conditionsHelp}`;
const fitConditionsHelp = `Tests on the lead's attributes (title, industry, companySize…). ${conditionsHelp}`;
const authorityHelp = `Met when any line matches the lead's attributes. ${conditionsHelp}`;
// The form starts as the playbook, so "Custom Rules" means editing it rather than starting empty.
const engagementDefault = PLAYBOOK_UI.engagementRules as unknown as INodeParameters[];
const fitDefault = PLAYBOOK_UI.fitRules as unknown as INodeParameters[];
const stagesDefault = PLAYBOOK_UI.stages as unknown as INodeParameters[];
const showModel = (...model: string[]) => ({ show: { model } });

const engagementRuleFields: INodeProperties[] = [
	{
		displayName: 'Rule ID',
		name: 'id',
		type: 'string',
		default: '',
		required: true,
		description: 'Stable ID: the profile stores points under it. Renaming a rule forgets its points.',
	},
	ruleFields.name('Name', { description: 'Shown in the explanation' }),
	ruleFields.events(
		'link_clicked, groupMemberJoined',
		'Comma-separated event types this rule scores (case-insensitive); * scores every event',
	),
	ruleFields.points(1, 'Points per matching event; negative to subtract (e.g. left the group)'),
	ruleFields.group('Group', {
		description: 'Score group (e.g. community, content, intent). Group limits are set under Model Options → Group Limits.',
	}),
	{
		displayName: 'Frequency',
		name: 'frequency',
		type: 'options',
		default: 'every',
		options: [
			{ name: 'Every Time', value: 'every', description: 'Repeatable: scores every matching event (within the rule limit)' },
			{ name: 'Once per Lead', value: 'once', description: 'Scores the first matching event only, ever' },
		],
	},
	ruleFields.conditionsText('conditions', 'Conditions', 'url contains /pricing', eventConditionsHelp),
	ruleFields.match(),
	{
		displayName: 'Rule Limit (Points)',
		name: 'capPoints',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
		description: 'Most points this rule gives in any rolling period below; 0 for no limit',
	},
	{ displayName: 'Rule Limit Period (Days)', name: 'capDays', type: 'number', default: 7, typeOptions: { minValue: 1 } },
	ruleFields.countTimes(
		1,
		'Scores only when this many matching events fall within the window below (e.g. pricing page 3 times in 7 days); 1 scores every event',
	),
	ruleFields.countDays(),
	ruleFields.bant('marks', true),
];

const fitRuleFields: INodeProperties[] = [
	{ displayName: 'Rule ID', name: 'id', type: 'string', default: '', required: true },
	ruleFields.name('Name', { description: 'Shown in the explanation' }),
	ruleFields.conditionsText('conditions', 'Conditions', 'title matches 总监|Director', fitConditionsHelp),
	ruleFields.match(),
	ruleFields.points(10),
	ruleFields.group('Group', { description: 'Optional group, limited under Model Options → Group Limits' }),
];

const stageFields: INodeProperties[] = [
	{
		displayName: 'Stage ID',
		name: 'id',
		type: 'string',
		default: '',
		required: true,
		description: 'Output as "stage"; "rejected" and "recycled" are reserved',
	},
	{ displayName: 'Label', name: 'label', type: 'string', default: '' },
	{ displayName: 'Min Engagement Score', name: 'minEngagement', type: 'number', default: 0, typeOptions: { minValue: 0 } },
	{ displayName: 'Min Fit Score', name: 'minFit', type: 'number', default: 0, typeOptions: { minValue: 0 } },
	{
		displayName: 'Requires Hand-Off Gate',
		name: 'gate',
		type: 'boolean',
		default: false,
		description: 'Whether the BANT gate must be met too (e.g. SQL)',
	},
	{
		displayName: 'Reached by Sales Outcome Only',
		name: 'outcomeOnly',
		type: 'boolean',
		default: false,
		description: 'Whether only outcome events (accepted, opportunity, won) lead here, never scores',
	},
];

const modelOptions: INodeProperties = {
	displayName: 'Model Options',
	name: 'modelOptions',
	type: 'collection',
	placeholder: 'Change a Setting',
	default: {},
	displayOptions: showModel('playbook', 'custom'),
	description: 'Change single settings of the model; anything not set keeps the playbook value',
	options: [
		{
			displayName: 'Accepted Event Types',
			name: 'acceptedEvents',
			type: 'string',
			default: 'sales_accepted',
			description: 'Sales accepted the lead (moves it to SAL; SDR performance counts here)',
		},
		{
			displayName: 'Authority Conditions',
			name: 'authorityConditions',
			type: 'string',
			typeOptions: { rows: 2 },
			default: criterionText('authority'),
			description: authorityHelp,
		},
		{
			displayName: 'Budget Conditions',
			name: 'budgetConditions',
			type: 'string',
			typeOptions: { rows: 2 },
			default: criterionText('budget'),
			description: "Met when any line matches the lead's attributes",
		},
		{
			displayName: 'Decay',
			name: 'decayMode',
			type: 'options',
			default: 'halfLife',
			options: [
				{ name: 'Half-Life', value: 'halfLife', description: 'Points halve every N days' },
				{ name: 'Linear per Period', value: 'linear', description: 'Points lose a percentage of their value at every full period of age' },
				{ name: 'None', value: 'none' },
			],
			description: 'How engagement points lose value with age (fit never decays)',
		},
		{
			displayName: 'Disqualified Event Types',
			name: 'disqualifiedEvents',
			type: 'string',
			default: 'sales_rejected, sales_returned, deal_lost',
			description: 'Sales rejected or returned the lead: "rejected" if sales never accepted it, "recycled" (MRL) if it did',
		},
		{ displayName: 'Engagement Score Limit', name: 'engagementCap', type: 'number', default: 100, typeOptions: { minValue: 1 } },
		{ displayName: 'Fit Score Limit', name: 'fitCap', type: 'number', default: 100, typeOptions: { minValue: 1 } },
		{
			displayName: 'Gate: Criteria Needed',
			name: 'gateRequired',
			type: 'number',
			default: 4,
			typeOptions: { minValue: 0, maxValue: 4 },
			description: 'How many of budget, authority, need and timing must be met before a lead is sales-ready (the playbook asks for all 4)',
		},
		{
			displayName: 'Group Limits',
			name: 'groupCaps',
			type: 'string',
			default: 'community=40, content=30, intent=60',
			description: 'Most points each group may hold, e.g. community=40, content=30',
		},
		{ displayName: 'Half-Life (Days)', name: 'halfLifeDays', type: 'number', default: 60, typeOptions: { minValue: 1 } },
		{
			displayName: 'Hand-Off From Stage',
			name: 'handoffStage',
			type: 'string',
			default: 'mql',
			description: 'Sales-ready needs the gate and at least this stage',
		},
		{
			displayName: 'Linear Decay (% per Period)',
			name: 'linearPercent',
			type: 'number',
			default: 25,
			typeOptions: { minValue: 1, maxValue: 100 },
		},
		{ displayName: 'Linear Decay Period (Days)', name: 'linearPeriodDays', type: 'number', default: 30, typeOptions: { minValue: 1 } },
		{
			displayName: 'Max Remembered Event IDs',
			name: 'maxEventIds',
			type: 'number',
			default: 1000,
			typeOptions: { minValue: 10 },
			description: 'Per lead; past this, the oldest are forgotten and events older than them are no longer scored',
		},
		{
			displayName: 'Need Conditions',
			name: 'needConditions',
			type: 'string',
			typeOptions: { rows: 2 },
			default: criterionText('need'),
			description: 'Met when any line matches (rules marked "Meets BANT Criterion: Need" meet it too)',
		},
		{ displayName: 'Opportunity Event Types', name: 'opportunityEvents', type: 'string', default: 'opportunity_created' },
		{
			displayName: 'Replay Window (Days)',
			name: 'replayWindowDays',
			type: 'number',
			default: 90,
			typeOptions: { minValue: 1 },
			description: 'Event IDs are remembered this long; older events are not scored (they may have been scored before)',
		},
		{
			displayName: 'Requalify at Stage',
			name: 'requalifyStage',
			type: 'string',
			default: 'mql',
			description: 'A rejected or recycled lead rejoins the ladder when its scores reach this stage again',
		},
		{
			displayName: 'Reset Engagement When Disqualified',
			name: 'resetEngagement',
			type: 'boolean',
			default: true,
			description: 'Whether a rejected or recycled lead starts again from zero engagement points',
		},
		{
			displayName: 'Timing Conditions',
			name: 'timingConditions',
			type: 'string',
			typeOptions: { rows: 2 },
			default: criterionText('timing'),
			description: "Met when any line matches the lead's attributes",
		},
		{ displayName: 'Won Event Types', name: 'wonEvents', type: 'string', default: 'deal_won' },
	],
};

export const properties: INodeProperties[] = [
	{
		displayName:
			'Each run scores new events on top of the stored profile and outputs the new profile: store it (e.g. in a Data Table) and pass it back next time.',
		name: 'profileNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Input Shape',
		name: 'inputShape',
		type: 'options',
		noDataExpression: true,
		default: 'perLead',
		options: [
			{
				name: 'One Item per Event',
				value: 'perEvent',
				description: 'Each item is one event; items of the same lead ID are scored together (one output item per lead)',
			},
			{ name: 'One Item per Lead', value: 'perLead', description: "Each item has the lead's stored profile and a list of new events" },
		],
	},
	{
		displayName: 'Lead ID Field',
		name: 'leadIdField',
		type: 'string',
		default: 'leadId, externalUserId',
		description:
			"Field with the lead's ID (comma-separate alternatives; the first present wins). Required per event; optional per lead, where it is copied to the output and the profile.",
	},
	{
		displayName: 'Events Field',
		name: 'eventsField',
		type: 'string',
		default: 'events',
		description: 'Field with the list of new events (each with a type, and ideally an ID and a time)',
		displayOptions: { show: { inputShape: ['perLead'] } },
	},
	{
		displayName: 'Profile Field',
		name: 'profileField',
		type: 'string',
		default: 'profile',
		description: 'Field with the profile this node output last time (object or JSON text); empty for a new lead',
	},
	{
		displayName: 'Lead Attributes Field',
		name: 'attributesField',
		type: 'string',
		default: 'lead',
		description:
			"Field with the lead's attributes for fit and the BANT gate (title, company, companySize, industry, budget…); they are kept in the profile",
	},
	{
		displayName: 'Scoring Model',
		name: 'model',
		type: 'options',
		noDataExpression: true,
		default: 'playbook',
		options: [
			{ name: 'Custom Rules', value: 'custom', description: 'Edit rules and stages below (they start as the playbook)' },
			{ name: 'JSON', value: 'json', description: 'The whole model as JSON (e.g. loaded from a file or a Data Table)' },
			{
				name: 'Playbook Defaults',
				value: 'playbook',
				description: 'The B2B community playbook: +2 tracked link, +5 discussion, +10 good question, trial request, BANT gate…',
			},
		],
	},
	{
		displayName: 'Model (JSON)',
		name: 'modelJson',
		type: 'json',
		default: JSON.stringify(PLAYBOOK_MODEL, null, 2),
		displayOptions: showModel('json'),
		description:
			'Keys you leave out keep the playbook value; lists (rules, stages) replace the playbook lists. See the docs for every field.',
	},
	{
		displayName: 'Engagement Rules',
		name: 'engagementRules',
		placeholder: 'Add Engagement Rule',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: { rule: engagementDefault },
		displayOptions: showModel('custom'),
		description: 'Behaviour → points. Several rules may score the same event.',
		options: [{ name: 'rule', displayName: 'Rule', values: engagementRuleFields }],
	},
	{
		displayName: 'Fit Rules',
		name: 'fitRules',
		placeholder: 'Add Fit Rule',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: { rule: fitDefault },
		displayOptions: showModel('custom'),
		description: 'Who the lead is → points (each rule counts once; fit does not decay)',
		options: [{ name: 'rule', displayName: 'Rule', values: fitRuleFields }],
	},
	{
		displayName: 'Stages',
		name: 'stages',
		placeholder: 'Add Stage',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: { stage: stagesDefault },
		displayOptions: showModel('custom'),
		description: 'Ordered, lowest first. Leads move forward only, by thresholds or sales outcomes.',
		options: [{ name: 'stage', displayName: 'Stage', values: stageFields }],
	},
	modelOptions,
	{
		displayName: 'Now',
		name: 'now',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $now }} or 2025-06-12T10:00:00+08:00',
		description:
			'The time decay and windows are computed at; empty for the execution time. A fixed value makes re-runs give identical results.',
	},
	{
		displayName: 'Stage Changed Output',
		name: 'stageChangedOutput',
		type: 'boolean',
		default: false,
		noDataExpression: true,
		description:
			'Whether to add a second output with only the leads whose stage changed (the first output keeps every lead, to store their profiles)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Event ID Field',
				name: 'eventIdField',
				type: 'string',
				default: 'id, eventId',
				description: "Where each event's ID is (alternatives comma-separated); without one, an ID is derived from the event's content",
			},
			{
				displayName: 'Event Time Field',
				name: 'eventTimeField',
				type: 'string',
				default: 'time, timestamp, createdAt, createTime',
				description: 'ISO 8601, or epoch seconds (WeCom CreateTime) or milliseconds; without one, the event happened "now"',
			},
			{
				displayName: 'Event Type Field',
				name: 'eventTypeField',
				type: 'string',
				default: 'type, trigger',
				description: 'Where each event\'s type is (the WeCom Trigger puts it in "trigger")',
			},
			{
				displayName: 'Explanation',
				name: 'explanation',
				type: 'options',
				default: 'full',
				options: [
					{ name: 'Full', value: 'full' },
					{ name: 'None', value: 'none' },
					{ name: 'Summary Only', value: 'summary' },
				],
				description: 'How much of the explanation to output (full: points per rule, what decayed, each event)',
			},
			{
				displayName: 'Include Input Fields',
				name: 'includeInputFields',
				type: 'boolean',
				default: true,
				description: "Whether to keep the input item's other fields (One Item per Lead only; the events and profile fields are left out)",
			},
			{
				displayName: 'Profile as JSON Text',
				name: 'profileAsText',
				type: 'boolean',
				default: false,
				description: 'Whether to output the profile as JSON text, ready for a Data Table string column',
			},
			{
				displayName: 'Timezone',
				name: 'timezone',
				type: 'string',
				default: '',
				placeholder: 'Asia/Shanghai',
				description: "For times written without an offset; empty for the workflow's timezone",
			},
		],
	},
];
