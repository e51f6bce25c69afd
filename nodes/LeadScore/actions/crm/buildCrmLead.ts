import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { crmLeadFrom, DEFAULT_ACTIVITY_TITLE } from '../../../../lib/scoring/crmLead';
import type { ScoredLead } from '../../../../lib/scoring/crmLead';
import { mapItems } from '../../../shared/items';
import { showFor } from '../common';
import type { LeadScoreOperation } from '../common';

const OPERATION = 'buildCrmLead';

/** A scored lead → the lead CRM Push reads: contact, source attribution and the score as an activity. */
export const buildCrmLead: LeadScoreOperation = {
	value: OPERATION,
	properties: showFor(OPERATION, [
		{
			displayName: 'Activity Title',
			name: 'activityTitle',
			type: 'string',
			default: DEFAULT_ACTIVITY_TITLE,
			description: 'Placeholders: {stage}, {engagementScore}, {fitScore}, {name}, {company}',
		},
		{
			displayName: 'Activity Type',
			name: 'activityType',
			type: 'string',
			default: 'Lead Score',
			description: 'The type of the activity logged on the CRM record',
		},
	]),
	async execute(ctx: IExecuteFunctions) {
		const now = Date.now();
		return [
			await mapItems(
				ctx,
				async (i, item) =>
					crmLeadFrom(item.json as ScoredLead, {
						now,
						activityTitle: String(ctx.getNodeParameter('activityTitle', i, DEFAULT_ACTIVITY_TITLE)),
						activityType: String(ctx.getNodeParameter('activityType', i, 'Lead Score') || 'Lead Score'),
					}) as unknown as IDataObject,
			),
		];
	},
};
