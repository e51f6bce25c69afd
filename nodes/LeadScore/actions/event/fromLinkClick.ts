import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { clickEvent } from '../../../../lib/scoring/events/link';
import { mapItems } from '../../../shared/items';
import { objectParam, showFor } from '../common';
import type { LeadScoreOperation } from '../common';

const OPERATION = 'eventFromLinkClick';

/** A tracked link click (after Link Check) → where to redirect, and the click as a scoring event. */
export const eventFromLinkClick: LeadScoreOperation = {
	value: OPERATION,
	properties: showFor(OPERATION, [
		{
			displayName: 'Lead ID',
			name: 'clickLeadId',
			type: 'string',
			default: '={{ $json.query.lid }}',
			description: "The lead's WeCom external_userid, from the tracked link (lid)",
		},
		{
			displayName: 'Link Check Result',
			name: 'linkResult',
			type: 'json',
			default: '={{ $json.link }}',
			description:
				'What Link Check put in its result field: {valid, URL}. The URL is the parsed link, or the fallback when the link was refused (then nothing is scored).',
		},
		{
			displayName: 'Campaign',
			name: 'clickCampaign',
			type: 'string',
			default: '={{ $json.query.c }}',
			description: 'The campaign the link belongs to (c), kept on the lead for the CRM',
		},
		{
			displayName: 'Same Click Within (Seconds)',
			name: 'sameClickSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
			description: 'Clicks on the same link by the same lead within this window count once (link previews, double taps)',
		},
	]),
	async execute(ctx: IExecuteFunctions) {
		const now = Date.now();
		return [
			await mapItems(
				ctx,
				async (i) =>
					clickEvent({
						leadId: ctx.getNodeParameter('clickLeadId', i, ''),
						url: objectParam(ctx, 'linkResult', 'Link Check Result', i).url,
						allowed: objectParam(ctx, 'linkResult', 'Link Check Result', i).valid,
						campaign: ctx.getNodeParameter('clickCampaign', i, ''),
						sameClickSeconds: Number(ctx.getNodeParameter('sameClickSeconds', i, 60)),
						now,
					}) as unknown as IDataObject,
			),
		];
	},
};
