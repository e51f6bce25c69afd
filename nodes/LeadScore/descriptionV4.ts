import type { INodeParameters, INodeProperties, INodePropertyTypeOptions } from 'n8n-workflow';
import { SCORE_GROUPS } from '../../lib/scoring/compactForm';
import { modelToLines } from '../../lib/scoring/lineForm';
import { PLAYBOOK_MODEL } from '../../lib/scoring/playbook';
import { BANT_CRITERIA } from '../../lib/scoring/types';
import { onlyVersion } from './descriptionV2';
import { properties as v3Properties } from './descriptionV3';
import { ruleFields } from './ruleFields';

/**
 * Version 4 of the node's form: the playbook in one line per rule. n8n stacks the fields of list
 * rows, but draws assignment rows (name → value, as in the Set node) and filter conditions (field |
 * operator | value, as in the If node) on one line in the wide panel, so: engagement rules are
 * "Name: event types → points" rows under their score group; limits, repeats, hand-off criteria and
 * event conditions are rows keyed by the rule's name (only rules that have them); fit rules and the
 * gate's tests are filter conditions; stages are "stage → min score" rows. Row IDs stay hidden and
 * keep the playbook's rule and stage IDs. Versions 1–3 keep their own fields.
 */
const LINES = modelToLines(PLAYBOOK_MODEL);
const asParams = (v: unknown) => JSON.parse(JSON.stringify(v)) as INodeParameters;
const showFields = { show: { model: ['fields'] } };

const GROUP_NAMES: Record<(typeof SCORE_GROUPS)[number], string> = { community: 'Community', content: 'Content', intent: 'Intent' };
const numberRows = { assignment: { defaultType: 'number', disableType: true } };
const textRows = { assignment: { defaultType: 'string', disableType: true } };
const filterOptions = (...combinators: ['and' | 'or', ...Array<'and' | 'or'>]): INodePropertyTypeOptions => ({
	filter: { caseSensitive: false, typeValidation: 'loose', version: 2, allowedCombinators: combinators },
});

const rows = (name: string, displayName: string, value: unknown, typeOptions: object, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'assignmentCollection',
	default: asParams(value),
	typeOptions,
	displayOptions: showFields,
	description,
});

/** The playbook's group limits, as literals (n8n's scanner reads defaults literally; the unit tests read them back as the playbook). */
const GROUP_LIMITS: Record<(typeof SCORE_GROUPS)[number], number> = { community: 40, content: 30, intent: 60 };

function groupLimit(group: (typeof SCORE_GROUPS)[number], points: number): INodeProperties {
	return {
		displayName: `${GROUP_NAMES[group]} Group Limit`,
		name: `${group}Limit`,
		type: 'number',
		default: points,
		typeOptions: { minValue: 0 },
		displayOptions: showFields,
		description: `Most engagement points the ${group} rules together may hold (0: no limit)`,
	};
}

/** Each score group: its rules ("Name: event types" → points), then the most points the group may hold. */
const pointLists: INodeProperties[] = SCORE_GROUPS.flatMap((group) => [
	rows(
		`${group}Points`,
		`${GROUP_NAMES[group]} Points`,
		LINES.points[group] ?? { assignments: [] },
		numberRows,
		`Engagement rules of the ${group} score group, one per line: "Name: event types" → points per matching event (negative subtracts; * scores every event)`,
	),
	groupLimit(group, GROUP_LIMITS[group]),
]);

const fitV4: INodeProperties = {
	displayName: 'Fit Rules',
	name: 'fitV4',
	type: 'fixedCollection',
	placeholder: 'Add Fit Rule',
	typeOptions: { multipleValues: true, sortable: true },
	default: { rule: asParams(LINES.fit.rule) as unknown as INodeParameters[] },
	displayOptions: showFields,
	description:
		'Who the lead is → points (each rule counts once; fit does not decay). Conditions name a lead attribute (title, industry, companySize…); "contains" takes a comma-separated list and matches any of it.',
	options: [
		{
			name: 'rule',
			displayName: 'Rule',
			values: [
				{ displayName: 'ID', name: 'id', type: 'hidden', default: '' },
				ruleFields.name('Rule', { placeholder: 'Works in SaaS' }),
				ruleFields.points(10),
				{
					displayName: 'Lead Matches',
					name: 'conditions',
					type: 'filter',
					default: {},
					typeOptions: filterOptions('and', 'or'),
				},
			],
		},
	],
};

const eventConditions: INodeProperties = {
	displayName: 'Event Conditions',
	name: 'eventConditions',
	type: 'fixedCollection',
	placeholder: 'Add Conditions to a Rule',
	typeOptions: { multipleValues: true },
	default: { rule: asParams(LINES.eventConditions.rule) as unknown as INodeParameters[] },
	displayOptions: showFields,
	description: 'A rule scores only events that match (e.g. a page view whose address contains pricing)',
	options: [
		{
			name: 'rule',
			displayName: 'Rule',
			values: [
				{
					displayName: 'Rule Name',
					name: 'rule',
					type: 'string',
					default: '',
					placeholder: 'Pricing page 3 times in 7 days (多次访问报价页)',
				},
				{ displayName: 'Event Matches', name: 'conditions', type: 'filter', default: {}, typeOptions: filterOptions('and', 'or') },
			],
		},
	],
};

const GATE_NAMES: Record<(typeof BANT_CRITERIA)[number], string> = {
	budget: 'Budget',
	authority: 'Authority',
	need: 'Need',
	timing: 'Timing',
};
const gateFilters: INodeProperties[] = BANT_CRITERIA.map((c) => ({
	displayName: `Gate: ${GATE_NAMES[c]} Met When`,
	name: `gate${GATE_NAMES[c]}`,
	type: 'filter',
	default: asParams(LINES.gate[c]),
	typeOptions: filterOptions('or'),
	displayOptions: showFields,
	description: `Any of these tests on the lead meets ${c} (or a rule marked "Meets BANT Criterion")`,
}));

/** Version 4's model fields, in the order the form shows them. */
const v4Fields: INodeProperties[] = [
	...pointLists,
	rows(
		'ruleLimits',
		'Rule Limits',
		LINES.ruleLimits,
		textRows,
		'Rule name → "once" (once per lead) or "10 per 7 days" (most points the rule gives in that many days)',
	),
	rows(
		'repeats',
		'Repeats Needed',
		LINES.repeats,
		textRows,
		'Rule name → "3 in 7 days": scores only when that many matching events fall in the window',
	),
	rows(
		'bantMarks',
		'Meets BANT Criterion',
		LINES.bantMarks,
		textRows,
		'Rule name → budget, authority, need or timing: a matching event also meets it',
	),
	eventConditions,
	fitV4,
	rows(
		'stagesV4',
		'Stages',
		LINES.stages,
		numberRows,
		'Stage → min engagement score, lowest first. Leads move forward only; the stage ID (output as "stage") stays hidden.',
	),
	rows('stageMinFit', 'Stages: Min Fit Score', LINES.stageMinFit, numberRows, 'Stage → min fit score as well'),
	{
		displayName: 'Stages Needing the Hand-Off Gate',
		name: 'gateStages',
		type: 'string',
		// The playbook's (modelToLines gives the same; the unit tests read the defaults back as the playbook).
		default: 'SQL',
		displayOptions: showFields,
		description: 'Comma-separated stage names that also need the BANT gate (the playbook: SQL)',
	},
	rows(
		'outcomeStages',
		'Sales Outcome Stages',
		LINES.outcomeStages,
		textRows,
		'Stages set by sales only, in order accepted, opportunity, won: stage → the CRM event types that move a lead there',
	),
	...gateFilters,
];

/** The names of version 4's model fields (what the event log and backtest operations show too). */
export const V4_MODEL_FIELDS: string[] = v4Fields.map((f) => f.name);

/** Version 3's fields that version 4 shows as they are. */
const SHARED_WITH_V4 = new Set(['model', 'gateRequired']);
/** Model Settings without what version 4 shows as fields (the outcome stages' event types). */
const V4_SETTINGS_LEFT_OUT = new Set(['acceptedEvents', 'opportunityEvents', 'wonEvents']);

const versionsOf = (p: INodeProperties) => p.displayOptions?.show?.['@version'] as number[] | undefined;

/** All four versions' fields: shared ones once, model fields per version. */
export const properties: INodeProperties[] = v3Properties.flatMap((p) => {
	const versions = versionsOf(p);
	if (!versions?.includes(3)) return [p];
	if (SHARED_WITH_V4.has(p.name))
		return p.name === 'model'
			? [onlyVersion([...versions, 4], p), ...v4Fields.map((f) => onlyVersion([4], f))]
			: [onlyVersion([...versions, 4], p)];
	if (p.name !== 'modelOptions') return [p];
	const settings = { ...p, options: (p.options as INodeProperties[]).filter((o) => !V4_SETTINGS_LEFT_OUT.has(o.name)) };
	return [p, onlyVersion([4], settings)];
});
