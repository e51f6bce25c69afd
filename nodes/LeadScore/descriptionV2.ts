import type { INodeParameters, INodeProperties } from 'n8n-workflow';
import { FORM_OPERATORS, LIMIT_PRESETS, limitLabel, limitValue, modelToForm } from '../../lib/scoring/formModel';
import { PLAYBOOK_MODEL } from '../../lib/scoring/playbook';
import { properties as v1Properties } from './description';
import { bantOptions, ruleFields } from './ruleFields';

/**
 * Version 2 of the node's form: the playbook model shown as fields (rules, stages, hand-off gate,
 * group limits), conditions as rows without regular expressions, rule IDs kept out of sight.
 * Version 1 nodes (saved before) keep their form; both run through the same engine.
 */
const PLAYBOOK_FORM = modelToForm(PLAYBOOK_MODEL);
/** A list field's default: the playbook's rows (the form's own shape). */
const playbookRows = (rows: object[] | undefined): INodeParameters[] => (rows ?? []) as INodeParameters[];
const PLAYBOOK_GATE_REQUIRED = PLAYBOOK_FORM.gateRequired;
const V1_MODEL_PARAMS = new Set(['model', 'engagementRules', 'fitRules', 'stages', 'modelOptions']);
const showFields = { show: { model: ['fields'] } };

export const operatorField: INodeProperties = {
	displayName: 'Operator',
	name: 'operator',
	type: 'options',
	// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options -- options built from FORM_OPERATORS
	default: 'containsAny',
	options: FORM_OPERATORS.map(({ name, value }) => ({ name, value })),
};
export const valueField: INodeProperties = {
	displayName: 'Value',
	name: 'value',
	type: 'string',
	default: '',
	displayOptions: { hide: { operator: FORM_OPERATORS.filter((o) => !o.needsValue).map((o) => o.value) } },
	description: 'For "contains any of" and "is one of": a comma-separated list (Latin words match whole words, Chinese anywhere)',
};
export const conditionRows = (fieldHelp: string): INodeProperties => ({
	displayName: 'Conditions',
	name: 'conditions',
	type: 'fixedCollection',
	placeholder: 'Add Condition',
	typeOptions: { multipleValues: true },
	default: {},
	options: [
		{
			name: 'condition',
			displayName: 'Condition',
			values: [
				{ displayName: 'Field', name: 'field', type: 'string', default: '', placeholder: 'title', description: fieldHelp },
				operatorField,
				valueField,
			],
		},
	],
});
export const matchField = ruleFields.match();
export const ruleIdField = (what: string): INodeProperties => ({
	displayName: 'Rule ID',
	name: 'ruleId',
	type: 'string',
	default: '',
	description: `Names this ${what} in the profile and the explanation. Empty: the playbook's ID, or one made from the name. A renamed rule keeps its points while it scores the same events and conditions; set this when you rename it and change what it scores at once.`,
});
export const conditionsTextField = ruleFields.conditionsText(
	'conditionsText',
	'Conditions as Text (Advanced)',
	'url matches pricing|报价',
	'Extra conditions, one per line: field operator value (=, >=, contains, matches for a regular expression…). All must match, with the rows above.',
);

/** How much a rule may give: a preset from the list, or two numbers for "Custom…". */
export const limitFields: INodeProperties[] = [
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'options',
		default: 'none',
		options: [
			{ name: 'No Limit', value: 'none' },
			{ name: 'Once per Lead', value: 'once' },
			...LIMIT_PRESETS.map((p) => ({ name: limitLabel(p.points, p.days), value: limitValue(p.points, p.days) })),
			{ name: 'Custom…', value: 'custom' },
		],
	},
	{
		displayName: 'Limit Points',
		name: 'limitPoints',
		type: 'number',
		default: 10,
		typeOptions: { minValue: 1 },
		displayOptions: { show: { limit: ['custom'] } },
	},
	{
		displayName: 'Limit Period (Days)',
		name: 'limitDays',
		type: 'number',
		default: 7,
		typeOptions: { minValue: 1 },
		displayOptions: { show: { limit: ['custom'] } },
	},
];

/**
 * An engagement rule's optional settings, in version 2's More collection and version 3's Options:
 * version 3's Options are read as version 2's More, so both must offer the same settings.
 */
export const engagementRuleSettings = (): INodeProperties[] => [
	conditionRows('Field of the event (dot path), e.g. url'),
	matchField,
	conditionsTextField,
	ruleFields.countTimes(3, 'Scores only when this many matching events fall in the window (pricing page 3 times in 7 days)'),
	ruleFields.countDays(),
	ruleFields.bant('bant', false),
	ruleIdField('rule'),
];

const engagementRule: INodeProperties[] = [
	// Stable ID of the playbook's rules: points are stored under it, so renaming a rule keeps them.
	{ displayName: 'ID', name: 'id', type: 'hidden', default: '' },
	ruleFields.name('Rule', { placeholder: 'Watched the product demo', description: 'Shown in the explanation' }),
	ruleFields.events('demo_watched, live_attended', 'Comma-separated; * scores every event'),
	ruleFields.points(5, 'Per matching event; negative subtracts'),
	ruleFields.group('Score Group', { placeholder: 'content', description: 'Limited under Group Limits' }),
	...limitFields,
	{
		displayName: 'More',
		name: 'more',
		type: 'collection',
		placeholder: 'Add Condition or Setting',
		default: {},
		options: engagementRuleSettings(),
	},
];

const fitRule: INodeProperties[] = [
	{ displayName: 'ID', name: 'id', type: 'hidden', default: '' },
	ruleFields.name('Rule', { placeholder: 'Works in SaaS' }),
	ruleFields.points(10),
	conditionRows('Lead attribute, e.g. title, industry, companySize'),
	matchField,
	{
		displayName: 'More',
		name: 'more',
		type: 'collection',
		placeholder: 'Add Setting',
		default: {},
		options: [ruleFields.group('Score Group'), conditionsTextField, ruleIdField('fit rule')],
	},
];

const stage: INodeProperties[] = [
	{ displayName: 'Stage', name: 'label', type: 'string', default: '', placeholder: 'MQL' },
	// Output as "stage" (CRM Push maps it): kept out of sight like rule IDs; a new stage's comes from its name.
	{ displayName: 'Stage ID', name: 'id', type: 'hidden', default: '' },
	{
		displayName: 'Reached By',
		name: 'reachedBy',
		type: 'options',
		default: 'score',
		options: [
			{ name: 'Scores', value: 'score' },
			{ name: 'Scores and the Hand-Off Gate', value: 'scoreAndGate', description: 'E.g. SQL: BANT met too.' },
			{ name: 'Sales Outcome Only', value: 'outcome', description: 'Accepted, opportunity, won: set by sales events, never by scores' },
		],
	},
	{
		displayName: 'Min Engagement Score',
		name: 'minEngagement',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
		displayOptions: { hide: { reachedBy: ['outcome'] } },
	},
	{
		displayName: 'Min Fit Score',
		name: 'minFit',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
		displayOptions: { hide: { reachedBy: ['outcome'] } },
	},
];

export const formProperties: INodeProperties[] = [
	{
		displayName: 'Scoring Model',
		name: 'model',
		type: 'options',
		noDataExpression: true,
		default: 'fields',
		options: [
			{ name: 'Rules Below', value: 'fields', description: 'The playbook, shown below: change any rule, stage or limit' },
			{ name: 'JSON (Advanced)', value: 'json', description: 'The whole model as JSON (e.g. from a file or a Data Table)' },
		],
	},
	{
		displayName: 'Engagement Rules',
		name: 'engagement',
		type: 'fixedCollection',
		placeholder: 'Add Engagement Rule',
		typeOptions: { multipleValues: true, sortable: true },
		default: { rule: playbookRows(PLAYBOOK_FORM.engagement.rule) },
		displayOptions: showFields,
		description: 'Behaviour → points (the playbook: +2 tracked link, +5 discussion, +10 good question…)',
		options: [{ name: 'rule', displayName: 'Rule', values: engagementRule }],
	},
	{
		displayName: 'Group Limits',
		name: 'groupLimits',
		type: 'fixedCollection',
		placeholder: 'Add Group Limit',
		typeOptions: { multipleValues: true },
		default: { limit: playbookRows(PLAYBOOK_FORM.groupLimits.limit) },
		displayOptions: showFields,
		description: 'Most engagement points each score group may hold',
		options: [
			{
				name: 'limit',
				displayName: 'Group Limit',
				values: [
					{ displayName: 'Score Group', name: 'group', type: 'string', default: '' },
					{ displayName: 'Max Points', name: 'points', type: 'number', default: 40, typeOptions: { minValue: 0 } },
				],
			},
		],
	},
	{
		displayName: 'Fit Rules',
		name: 'fit',
		type: 'fixedCollection',
		placeholder: 'Add Fit Rule',
		typeOptions: { multipleValues: true, sortable: true },
		default: { rule: playbookRows(PLAYBOOK_FORM.fit.rule) },
		displayOptions: showFields,
		description: 'Who the lead is → points (each rule counts once; fit does not decay)',
		options: [{ name: 'rule', displayName: 'Rule', values: fitRule }],
	},
	{
		displayName: 'Stages',
		name: 'ladder',
		type: 'fixedCollection',
		placeholder: 'Add Stage',
		typeOptions: { multipleValues: true, sortable: true },
		default: { stage: playbookRows(PLAYBOOK_FORM.stages.stage) },
		displayOptions: showFields,
		description: 'Lowest first. Leads move forward only, by scores or sales outcomes.',
		options: [{ name: 'stage', displayName: 'Stage', values: stage }],
	},
	{
		displayName: 'Hand-Off Gate (BANT)',
		name: 'gate',
		type: 'fixedCollection',
		placeholder: 'Add Criterion Test',
		typeOptions: { multipleValues: true },
		default: { criterion: playbookRows(PLAYBOOK_FORM.gate.criterion) },
		displayOptions: showFields,
		description: 'A criterion is met when any of its tests matches the lead (or a rule marks it)',
		options: [
			{
				name: 'criterion',
				displayName: 'Criterion Test',
				values: [
					// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options -- options built by bantOptions
					{ displayName: 'Criterion', name: 'criterion', type: 'options', default: 'need', options: bantOptions(false) },
					{ displayName: 'Field', name: 'field', type: 'string', default: '', placeholder: 'budget' },
					{ ...operatorField, default: 'isTrue' },
					valueField,
				],
			},
		],
	},
	{
		displayName: 'Gate: Criteria Needed',
		name: 'gateRequired',
		type: 'number',
		default: PLAYBOOK_GATE_REQUIRED,
		typeOptions: { minValue: 0, maxValue: 4 },
		displayOptions: showFields,
		description: 'How many of budget, authority, need and timing make a lead sales-ready (the playbook: all 4)',
	},
];

const v1ModelOptions = v1Properties.find((p) => p.name === 'modelOptions')!;
/** Settings that are not rules: decay, score limits, outcomes, replay (set only what changes). */
const settings: INodeProperties = {
	...v1ModelOptions,
	displayName: 'Model Settings',
	displayOptions: showFields,
	description: 'Decay, score limits, sales outcomes; anything not set keeps the playbook value',
	options: (v1ModelOptions.options as INodeProperties[]).filter(
		(o) => !['groupCaps', 'gateRequired', 'budgetConditions', 'authorityConditions', 'needConditions', 'timingConditions'].includes(o.name),
	),
};

export const onlyVersion = (version: number[], p: INodeProperties): INodeProperties => ({
	...p,
	displayOptions: { ...(p.displayOptions ?? {}), show: { ...(p.displayOptions?.show ?? {}), '@version': version } },
});

/** Both versions' fields: shared ones once, model fields per version. */
export const properties: INodeProperties[] = v1Properties.flatMap((p) => {
	if (p.name === 'modelJson') return [{ ...p, displayOptions: { show: { model: ['json'] } } }];
	if (!V1_MODEL_PARAMS.has(p.name)) return [p];
	const v1 = onlyVersion([1], p);
	const [v2Model, ...v2Fields] = formProperties;
	if (p.name === 'model') return [v1, onlyVersion([2], v2Model)];
	if (p.name !== 'modelOptions') return [v1];
	return [v1, ...v2Fields.map((f) => onlyVersion([2], f)), onlyVersion([2], settings)];
});
