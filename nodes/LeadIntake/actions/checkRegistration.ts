import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod';
import { checkRegistration } from '../../../lib/intake/registration';
import { parseInput } from '../../shared/errors';
import { mapItems } from '../../shared/items';
import { readFormData } from './formData';

const params = z.object({
	formData: z.record(z.unknown()),
	clientIp: z.string(),
	eventId: z.string().trim().min(1, 'is required (the event this form registers for)'),
	maxNameLength: z.number().int().min(1),
});

/** One checked registration per input item; an invalid form is an item with `valid: false`, not an error. */
export async function checkEventRegistration(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const timezone = this.getTimezone();
	return [
		await mapItems(this, async (i) => {
			const o = this.getNodeParameter('registrationOptions', i, {}) as IDataObject;
			const p = parseInput(
				node,
				params,
				{
					formData: readFormData(this, i),
					clientIp: String(this.getNodeParameter('clientIp', i, '') ?? ''),
					eventId: String(this.getNodeParameter('eventId', i, '') ?? ''),
					maxNameLength: o.maxNameLength ?? 40,
				},
				i,
				'parameters',
			);
			const checked = checkRegistration({ body: p.formData, clientIp: p.clientIp }, { ...p, timezone });
			return checked as unknown as IDataObject;
		}),
	];
}
