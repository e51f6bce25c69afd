import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod';
import { checkSignup } from '../../../lib/intake/signup';
import { parseInput } from '../../shared/errors';
import { mapItems } from '../../shared/items';
import { idFrom } from '../../shared/wecom/locators';
import { readFormData } from './formData';

const params = z.object({
	formData: z.record(z.unknown()),
	contentType: z.string(),
	clientIp: z.string(),
	defaultChannel: z.string().trim().min(1),
	defaultCampaign: z.string(),
	sdrUserId: z.string(),
	activityTitle: z.string(),
	eventType: z.string().trim().min(1),
	maxNameLength: z.number().int().min(1),
	maxCompanyLength: z.number().int().min(1),
	maxTitleLength: z.number().int().min(1),
});

/** One checked signup per input item; an invalid form is an item with `valid: false`, not an error. */
export async function checkWebSignup(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const timezone = this.getTimezone();
	return [
		await mapItems(this, async (i) => {
			const o = this.getNodeParameter('signupOptions', i, {}) as IDataObject;
			const p = parseInput(
				node,
				params,
				{
					formData: readFormData(this, i),
					contentType: String(this.getNodeParameter('contentType', i, '') ?? ''),
					clientIp: String(this.getNodeParameter('clientIp', i, '') ?? ''),
					defaultChannel: this.getNodeParameter('defaultChannel', i, 'website'),
					defaultCampaign: this.getNodeParameter('defaultCampaign', i, ''),
					sdrUserId: idFrom(this.getNodeParameter('sdrUserId', i, '')),
					activityTitle: o.activityTitle ?? 'Trial request',
					eventType: o.eventType ?? 'trial_requested',
					maxNameLength: o.maxNameLength ?? 40,
					maxCompanyLength: o.maxCompanyLength ?? 80,
					maxTitleLength: o.maxTitleLength ?? 60,
				},
				i,
				'parameters',
			);
			const checked = checkSignup({ body: p.formData, contentType: p.contentType, clientIp: p.clientIp }, { ...p, timezone });
			return checked as unknown as IDataObject;
		}),
	];
}
