import type { INodeParameters, INodeProperties } from 'n8n-workflow';
import { modelToCompact, SCORE_GROUPS } from '../../lib/scoring/compactForm';
import { PLAYBOOK_MODEL } from '../../lib/scoring/playbook';
import {
	conditionRows,
	conditionsTextField,
	engagementRuleSettings,
	limitFields,
	matchField,
	onlyVersion,
	operatorField,
	properties as v2Properties,
	ruleIdField,
	valueField,
} from './descriptionV2';
import { ruleFields } from './ruleFields';

/**
 * Version 3 of the node's form: version 2's model in a compact layout. n8n stacks every field of
 * every row, so a row keeps only what a marketer always sets: engagement rules are listed under
 * their score group, stages under how they are reached, gate tests under their criterion; a fit
 * rule's first condition is in the row; the rest is in each row's Options (only options added
 * show). Rule and stage IDs stay hidden. Version 1 and 2 nodes keep their own fields.
 */
const PLAYBOOK = modelToCompact(PLAYBOOK_MODEL);
const rows = (list: object[] | undefined): INodeParameters[] => (list ?? []) as INodeParameters[];
const showFields = { show: { model: ['fields'] } };
const hiddenId: INodeProperties = { displayName: 'ID', name: 'id', type: 'hidden', default: '' };

const engagementOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: engagementRuleSettings(),
};
const engagementRow = (withGroup: boolean): INodeProperties[] => [
	// Stable ID of the playbook's rules: points are stored under it, so renaming a rule keeps them.
	hiddenId,
	ruleFields.name('Rule', { placeholder: 'Watched the product demo', description: 'Shown in the explanation' }),
	...(withGroup ? [ruleFields.group('Score Group', { placeholder: 'events', description: 'Limited under Group Limits' })] : []),
	ruleFields.events('demo_watched, live_attended', 'Comma-separated; * scores every event'),
	ruleFields.points(5, 'Per matching event; negative subtracts'),
	...limitFields,
	engagementOptions,
];
const GROUP_NAMES: Record<(typeof SCORE_GROUPS)[number], string> = { community: 'Community', content: 'Content', intent: 'Intent' };

const fitRow: INodeProperties[] = [
	hiddenId,
	ruleFields.name('Rule', { placeholder: 'Works in SaaS' }),
	{
		displayName: 'Field',
		name: 'field',
		type: 'string',
		default: '',
		placeholder: 'title',
		description: "The lead's attribute, e.g. title, industry, companySize",
	},
	operatorField,
	valueField,
	ruleFields.points(10),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ ...conditionRows('Lead attribute, e.g. phone, email'), displayName: 'More Conditions' },
			matchField,
			ruleFields.group('Score Group'),
			conditionsTextField,
			ruleIdField('fit rule'),
		],
	},
];

const minScores: INodeProperties[] = [
	{ displayName: 'Min Engagement Score', name: 'minEngagement', type: 'number', default: 0, typeOptions: { minValue: 0 } },
	{ displayName: 'Min Fit Score', name: 'minFit', type: 'number', default: 0, typeOptions: { minValue: 0 } },
];
// Output as "stage" (CRM Push maps it): kept out of sight like rule IDs; a new stage's comes from its name.
const stageLabel: INodeProperties = { displayName: 'Stage', name: 'label', type: 'string', default: '', placeholder: 'MQL' };
const gateTest: INodeProperties[] = [
	{ displayName: 'Field', name: 'field', type: 'string', default: '', placeholder: 'budget' },
	{ ...operatorField, default: 'isTrue' },
	valueField,
];

const engagementV3: INodeProperties = {
	displayName: 'Engagement Rules',
	name: 'engagementV3',
	type: 'fixedCollection',
	placeholder: 'Add Engagement Rule',
	typeOptions: { multipleValues: true, sortable: true },
	default: { ...(PLAYBOOK.engagement as INodeParameters) },
	displayOptions: showFields,
	description: 'Behaviour → points, by score group (the playbook: +2 tracked link, +5 discussion, +10 good question…)',
	options: [
		...SCORE_GROUPS.map((group) => ({ name: group, displayName: `${GROUP_NAMES[group]} Rule`, values: engagementRow(false) })),
		{ name: 'other', displayName: 'Rule in Another Score Group', values: engagementRow(true) },
	],
};

const fitV3: INodeProperties = {
	displayName: 'Fit Rules',
	name: 'fitV3',
	type: 'fixedCollection',
	placeholder: 'Add Fit Rule',
	typeOptions: { multipleValues: true, sortable: true },
	default: { rule: rows(PLAYBOOK.fit.rule) },
	displayOptions: showFields,
	description: 'Who the lead is → points (each rule counts once; fit does not decay)',
	options: [{ name: 'rule', displayName: 'Rule', values: fitRow }],
};

const ladderV3: INodeProperties = {
	displayName: 'Stages',
	name: 'ladderV3',
	type: 'fixedCollection',
	placeholder: 'Add Stage',
	typeOptions: { multipleValues: true, sortable: true },
	default: { ...(PLAYBOOK.stages as INodeParameters) },
	displayOptions: showFields,
	description:
		'Lowest first: stages reached by scores, then by scores and the hand-off gate, then by sales outcomes. Leads move forward only.',
	options: [
		{ name: 'score', displayName: 'Reached by Scores', values: [stageLabel, hiddenId, ...minScores] },
		{ name: 'gate', displayName: 'Reached by Scores and the Hand-Off Gate', values: [stageLabel, hiddenId, ...minScores] },
		{ name: 'outcome', displayName: 'Reached by a Sales Outcome Only', values: [stageLabel, hiddenId] },
	],
};

const gateV3: INodeProperties = {
	displayName: 'Hand-Off Gate (BANT)',
	name: 'gateV3',
	type: 'fixedCollection',
	placeholder: 'Add Criterion Test',
	typeOptions: { multipleValues: true },
	default: { ...(PLAYBOOK.gate as INodeParameters) },
	displayOptions: showFields,
	description: 'A criterion is met when any of its tests matches the lead (or a rule marks it)',
	options: [
		{ name: 'budget', displayName: 'Budget', values: gateTest },
		{ name: 'authority', displayName: 'Authority', values: gateTest },
		{ name: 'need', displayName: 'Need', values: gateTest },
		{ name: 'timing', displayName: 'Timing', values: gateTest },
	],
};

/** Version 2's fields that version 3 shows as they are. */
const SHARED_WITH_V3 = new Set(['model', 'groupLimits', 'gateRequired', 'modelOptions']);
/** Version 3's lists, each placed after the version 2 list it replaces. */
const V3_AFTER: Record<string, INodeProperties> = { engagement: engagementV3, fit: fitV3, ladder: ladderV3, gate: gateV3 };

/** All three versions' fields: shared ones once, model fields per version. */
export const properties: INodeProperties[] = v2Properties.flatMap((p) => {
	const versions = p.displayOptions?.show?.['@version'] as number[] | undefined;
	if (versions?.length !== 1 || versions[0] !== 2) return [p];
	if (SHARED_WITH_V3.has(p.name)) return [onlyVersion([2, 3], p)];
	return V3_AFTER[p.name] ? [p, onlyVersion([3], V3_AFTER[p.name])] : [p];
});
