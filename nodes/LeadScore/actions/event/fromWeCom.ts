import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { contactEvent, groupEvents } from '../../../../lib/scoring/events/wecom';
import type { CustomerDetails, GroupDetails } from '../../../../lib/scoring/events/wecom';
import { mapItems } from '../../../shared/items';
import { objectParam, showFor } from '../common';
import type { LeadScoreOperation } from '../common';

const OPERATION = 'eventsFromWeCom';

/** WeCom Trigger events (a new contact, group joins and leaves) → one scoring event per customer. */
export const eventsFromWeCom: LeadScoreOperation = {
	value: OPERATION,
	properties: showFor(OPERATION, [
		{
			displayName: 'WeCom Event',
			name: 'weComEvent',
			type: 'json',
			default: "={{ $('WeCom Trigger').item.json }}",
			description: "The WeCom Trigger's output for this item (customer added, or group member joined or left)",
		},
		{
			displayName: 'Customer or Group Details',
			name: 'details',
			type: 'json',
			default: '={{ $json }}',
			description:
				'What WeCom → Customer → Get (a new contact) or Customer Group → Get (a group change) returned: names, company, title, join code states',
		},
	]),
	async execute(ctx: IExecuteFunctions) {
		return [
			await mapItems(ctx, async (i) => {
				const event = objectParam(ctx, 'weComEvent', 'WeCom Event', i);
				const details = objectParam(ctx, 'details', 'Customer or Group Details', i);
				try {
					if (Array.isArray(details.member_list) || event.memChangeList !== undefined)
						return groupEvents(event, details as GroupDetails) as unknown as IDataObject[];
					return contactEvent(event, details as CustomerDetails) as unknown as IDataObject;
				} catch (e) {
					throw new NodeOperationError(ctx.getNode(), `Item ${i + 1}: WeCom Event: ${(e as Error).message}`, {
						itemIndex: i,
						description: "Map WeCom Event to the WeCom Trigger's output, e.g. {{ $('Settings').item.json }}",
					});
				}
			}),
		];
	},
};
