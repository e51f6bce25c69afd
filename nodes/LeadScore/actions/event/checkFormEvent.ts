import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { checkFormEvent as check } from '../../../../lib/scoring/events/form';
import { mapItems } from '../../../shared/items';
import { showFor } from '../common';
import type { LeadScoreOperation } from '../common';

const OPERATION = 'checkFormEvent';

/** An event posted by a form or the website → checked (valid, errors) and shaped for scoring. */
export const checkFormEvent: LeadScoreOperation = {
	value: OPERATION,
	properties: showFor(OPERATION, [
		{
			displayName: 'Event',
			name: 'formEvent',
			type: 'json',
			default: '={{ $json.body }}',
			description:
				'The posted event: {lid, type, ID?, time?, URL?, campaign?, channel?, lead?: {...}, attributes?: {budget, authority, need, timing}}',
		},
		{
			displayName: 'Default Channel',
			name: 'defaultChannel',
			type: 'string',
			default: 'form',
			description: 'The source channel of events that name none',
		},
		{
			displayName: 'Allowed Clock Skew (Minutes)',
			name: 'futureMinutes',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 5,
			description: 'How far in the future an event time may be (the sender’s clock); later times are refused',
		},
	]),
	async execute(ctx: IExecuteFunctions) {
		const now = Date.now();
		return [
			await mapItems(ctx, async (i) => {
				const raw = ctx.getNodeParameter('formEvent', i, {}) as unknown;
				let body: unknown = raw;
				if (typeof raw === 'string') {
					try {
						body = raw.trim() ? JSON.parse(raw) : {};
					} catch {
						body = {};
					}
				}
				return check(body, {
					now,
					futureMinutes: Number(ctx.getNodeParameter('futureMinutes', i, 5)),
					defaultChannel: String(ctx.getNodeParameter('defaultChannel', i, 'form') || 'form'),
				}) as unknown as IDataObject;
			}),
		];
	},
};
