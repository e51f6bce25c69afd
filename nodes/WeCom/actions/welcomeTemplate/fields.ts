import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { WelcomeTemplateInput } from '../../../../lib/wecom/welcomeTemplate';
import { attachmentValues, readAttachment } from '../attachmentFields';

export const welcomeFields: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 5 },
		default: '',
		description: 'Up to 3000 bytes',
	},
	{
		displayName: 'Attachment',
		name: 'attachment',
		type: 'fixedCollection',
		typeOptions: { multipleValues: false },
		default: {},
		description: 'At most one image, link, mini program, file or video',
		options: [{ displayName: 'Attachment', name: 'value', values: attachmentValues }],
	},
];

export async function readWelcome(ctx: IExecuteFunctions, i: number): Promise<WelcomeTemplateInput> {
	const row = (ctx.getNodeParameter('attachment', i, {}) as { value?: IDataObject }).value;
	return {
		text: String(ctx.getNodeParameter('text', i, '')),
		attachment: row ? await readAttachment(ctx, i, row, 1) : undefined,
	};
}
