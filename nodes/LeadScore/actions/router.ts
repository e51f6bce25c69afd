import type { INodeProperties } from 'n8n-workflow';
import { buildCrmLead } from './crm/buildCrmLead';
import { checkFormEvent } from './event/checkFormEvent';
import { eventFromLinkClick } from './event/fromLinkClick';
import { eventsFromWeCom } from './event/fromWeCom';
import { backtest } from './eventLog/backtest';
import { scoreEventLog } from './eventLog/scoreEventLog';
import type { LeadScoreOperation } from './common';
import { V4_MODEL_FIELDS } from '../descriptionV4';
import { V5_MODEL_FIELDS } from '../descriptionV5';

/**
 * Operations beside scoring (the node's first and default operation, "Score Leads", whose form
 * is description.ts / descriptionV2.ts): the event log, turning WeCom, link and form input into
 * scoring events, and the CRM lead.
 */
export const OPERATIONS: LeadScoreOperation[] = [
	scoreEventLog,
	backtest,
	eventsFromWeCom,
	eventFromLinkClick,
	checkFormEvent,
	buildCrmLead,
];

export const SCORE = 'score';
/** The scoring form's fields that the event log and backtest operations use too (the model and its settings; a backtest's candidate). */
const SHARED_WITH_LOG = new Set([
	'leadIdField',
	'attributesField',
	'model',
	'modelJson',
	'engagementRules',
	'fitRules',
	'stages',
	'modelOptions',
	'engagement',
	'groupLimits',
	'fit',
	'ladder',
	'engagementV3',
	'fitV3',
	'ladderV3',
	'gateV3',
	'gate',
	'gateRequired',
	// Version 4's model fields (descriptionV4.ts): without them the event log and backtest would score
	// with a model the editor does not show, and a backtest's candidate could not be changed.
	...V4_MODEL_FIELDS,
	// Version 5's rule and stage rows (descriptionV5.ts); its other model fields are version 4's.
	...V5_MODEL_FIELDS,
	'now',
	'options',
]);

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: 'score',
	options: [
		{
			name: 'Backtest',
			value: 'backtest',
			action: 'Backtest a scoring model on the event log',
			description:
				'Score the stored event history under the live model and this candidate: stage counts, leads that would move, points by rule',
		},
		{
			name: 'Build CRM Lead',
			value: 'buildCrmLead',
			action: 'Build the CRM lead from a scored lead',
			description: 'Contact fields, source and the score as an activity, for CRM Push',
		},
		{
			name: 'Check Form Event',
			value: 'checkFormEvent',
			action: 'Check an event posted by a form or website',
			description: 'Validate {lid, type, ID, time, URL, lead, attributes} and name every problem before answering',
		},
		{
			name: 'Event From Link Click',
			value: 'eventFromLinkClick',
			action: 'Turn a tracked link click into a scoring event',
			description: 'Where to redirect, and the click as a link_clicked event when a known lead clicked an allowed link',
		},
		{
			name: 'Events From WeCom',
			value: 'eventsFromWeCom',
			action: 'Turn a customer or group event into scoring events',
			description: 'A new contact, or customers who joined or left a group, as scoring events with their source',
		},
		{
			name: 'Score From Event Log',
			value: 'scoreEventLog',
			action: 'Score leads from their event log',
			description: "Replay each lead's events from a data table (one row per event): concurrent executions agree and no points are lost",
		},
		{
			name: 'Score Leads',
			value: 'score',
			action: 'Score leads',
			description: 'Events → points → stage and hand-off gate, on the profile stored last time',
		},
	],
};

/** The scoring form shown for "Score Leads" (and its model for the event log), then each operation's fields. */
export function withOperations(scoring: INodeProperties[]): INodeProperties[] {
	const forScoring = scoring.map((p) => ({
		...p,
		displayOptions: {
			...(p.displayOptions ?? {}),
			show: {
				...(p.displayOptions?.show ?? {}),
				operation: SHARED_WITH_LOG.has(p.name) ? [SCORE, scoreEventLog.value, backtest.value] : [SCORE],
			},
		},
	}));
	return [operationField, ...forScoring, ...OPERATIONS.flatMap((o) => o.properties)];
}

export const operationByValue = new Map(OPERATIONS.map((o) => [o.value, o]));
