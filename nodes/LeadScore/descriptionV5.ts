import type { INodeParameters, INodeProperties } from 'n8n-workflow';
import { SCORE_GROUPS } from '../../lib/scoring/compactForm';
import { modelToRows } from '../../lib/scoring/rowForm';
import { PLAYBOOK_MODEL } from '../../lib/scoring/playbook';
import { onlyVersion } from './descriptionV2';
import { properties as v4Properties } from './descriptionV4';

/**
 * Version 5 of the node's form: one row per engagement rule carrying everything about the rule
 * ("Name: event types" → "15, needs 3 in 7 days, max 15 per 30 days"), one row per stage carrying
 * everything about the stage ("SQL" → "25, fit 20, BANT gate"). Version 4 kept a rule's limit,
 * repeats and hand-off criterion, and a stage's min fit score and gate, in lists of their own that
 * repeat the names; version 5 drops those lists and shows the rest of version 4's fields as they
 * are (group limits, event conditions, fit rules, sales outcome stages, the gate). Versions 1–4
 * keep their own fields.
 */
const ROWS = modelToRows(PLAYBOOK_MODEL);
const asParams = (v: unknown) => JSON.parse(JSON.stringify(v)) as INodeParameters;
const showFields = { show: { model: ['fields'] } };
const GROUP_NAMES: Record<(typeof SCORE_GROUPS)[number], string> = { community: 'Community', content: 'Content', intent: 'Intent' };
const textRows = { assignment: { defaultType: 'string' as const, disableType: true } };

const rows = (name: string, displayName: string, value: unknown, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'assignmentCollection',
	default: asParams(value),
	typeOptions: textRows,
	displayOptions: showFields,
	description,
});

const pointLists = new Map(
	SCORE_GROUPS.map((group) => [
		`${group}Points`,
		rows(
			`${group}Points`,
			`${GROUP_NAMES[group]} Points`,
			ROWS.points[group] ?? { assignments: [] },
			`Engagement rules of the ${group} score group, one per line: "Name: event types" → points per matching event (negative subtracts; * scores every event), then any of, comma-separated: once (once per lead), max 20 per 30 days (most points the rule gives in that window), needs 3 in 7 days (scores only when that many matching events fall in the window), meets budget, authority, need or timing (a matching event meets that hand-off criterion)`,
		),
	]),
);

const stagesV5 = rows(
	'stagesV5',
	'Stages',
	ROWS.stages,
	'Stage → min engagement score, then optionally "fit 20" (min fit score as well) and "BANT gate" (needs the hand-off gate too), lowest first, e.g. "25, fit 20, BANT gate". Leads move forward only; the stage ID (output as "stage") stays hidden.',
);

/** Version 4's model fields that version 5 shows as they are (its other fields are shared with earlier versions already). */
const V4_MODEL_KEPT = new Set([
	'communityLimit',
	'contentLimit',
	'intentLimit',
	'eventConditions',
	'fitV4',
	'outcomeStages',
	'gateBudget',
	'gateAuthority',
	'gateNeed',
	'gateTiming',
	'model',
	'gateRequired',
	'modelOptions',
]);

const versionsOf = (p: INodeProperties) => p.displayOptions?.show?.['@version'] as number[] | undefined;
/** The names of version 5's own model fields (version 4's kept ones are in V4_MODEL_FIELDS). */
export const V5_MODEL_FIELDS: string[] = [...pointLists.keys(), stagesV5.name];

/**
 * All five versions' fields: version 4's kept ones shown for version 5 too, the new rows in version
 * 4's places; version 4's rule limits, repeats, BANT marks, stage min fit and gate stages stay version 4's.
 */
export const properties: INodeProperties[] = v4Properties.flatMap((p) => {
	const versions = versionsOf(p);
	if (!versions?.includes(4)) return [p];
	if (V4_MODEL_KEPT.has(p.name)) return [onlyVersion([...versions, 5], p)];
	if (pointLists.has(p.name)) return [p, onlyVersion([5], pointLists.get(p.name)!)];
	if (p.name === 'stagesV4') return [p, onlyVersion([5], stagesV5)];
	return [p];
});
