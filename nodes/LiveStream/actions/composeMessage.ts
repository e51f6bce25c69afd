import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod';
import { reachableChannel } from '../../../lib/intake/registration';
import { composeMessage } from '../../../lib/liveStream/message';
import { parseInput } from '../../shared/errors';
import { mapItems } from '../../shared/items';

const params = z.object({
	channel: z.enum(['sms', 'email', 'text'], { message: 'must be sms, email or text' }),
	text: z.string().trim().min(1, 'is required'),
	subject: z.string(),
	smsParams: z.string(),
	nameFallback: z.string(),
	maxNameLength: z.number().int().min(1),
	values: z.array(
		z.object({
			key: z
				.string()
				.trim()
				.regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a placeholder is letters, digits and _'),
			value: z.string(),
		}),
	),
});

/** The input item with `text`, `subject` and `sms_params` filled in for its channel. */
export async function composeMessages(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	return [
		await mapItems(this, async (i, item) => {
			const values = (this.getNodeParameter('values', i, {}) as IDataObject).value as IDataObject[] | undefined;
			const p = parseInput(
				node,
				params,
				{
					channel: this.getNodeParameter('channel', i, 'sms'),
					text: String(this.getNodeParameter('text', i, '') ?? ''),
					subject: String(this.getNodeParameter('subject', i, '') ?? ''),
					smsParams: String(this.getNodeParameter('smsParams', i, '') ?? ''),
					nameFallback: String(this.getNodeParameter('nameFallback', i, '') ?? ''),
					maxNameLength: Number(this.getNodeParameter('maxNameLength', i, 20)),
					values: (values ?? []).map((v) => ({ key: String(v.key ?? ''), value: String(v.value ?? '') })),
				},
				i,
				'parameters',
			);
			// Asked for SMS without a phone (or email without an address): the channel they can be reached on.
			const phone = String(this.getNodeParameter('phone', i, '') ?? '').trim();
			const email = String(this.getNodeParameter('email', i, '') ?? '').trim();
			const channel = p.channel === 'text' ? 'text' : reachableChannel(p.channel, phone, email);
			const message = composeMessage({ text: p.text, subject: p.subject, smsParams: p.smsParams }, channel, {
				name: this.getNodeParameter('name', i, '') as unknown,
				nameFallback: p.nameFallback,
				maxNameLength: p.maxNameLength,
				values: Object.fromEntries(p.values.map((v) => [v.key, v.value])),
			});
			return { ...item.json, channel, ...(channel === 'text' ? {} : { phone, email }), ...message } as IDataObject;
		}),
	];
}
