import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { AppContent } from '../../../../lib/wecom/appMessage';

/** Message fields shared by App Message → Send and App Chat → Send (text, markdown, text card). */
export const contentFields: INodeProperties[] = [
	{
		displayName: 'Message Type',
		name: 'appMessageType',
		type: 'options',
		default: 'text',
		options: [
			{ name: 'Markdown', value: 'markdown', description: 'WeCom markdown, up to 2048 bytes (shown in the WeCom client, not in WeChat)' },
			{ name: 'Text', value: 'text', description: 'Plain text, up to 2048 bytes' },
			{ name: 'Text Card', value: 'textcard', description: 'A card with title, description and a link button' },
		],
	},
	{
		displayName: 'Content',
		name: 'appContent',
		type: 'string',
		typeOptions: { rows: 5 },
		default: '',
		displayOptions: { show: { appMessageType: ['text', 'markdown'] } },
	},
	{
		displayName: 'Content Over the Limit',
		name: 'appOversize',
		type: 'options',
		default: 'split',
		displayOptions: { show: { appMessageType: ['text', 'markdown'] } },
		options: [
			{ name: 'Split Into Several Messages', value: 'split', description: 'Split on line boundaries at 2048 bytes' },
			{ name: 'Fail With an Error', value: 'error' },
		],
	},
	{
		displayName: 'Card Title',
		name: 'cardTitle',
		type: 'string',
		default: '',
		displayOptions: { show: { appMessageType: ['textcard'] } },
		description: 'Up to 128 bytes',
	},
	{
		displayName: 'Card Description',
		name: 'cardDescription',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		displayOptions: { show: { appMessageType: ['textcard'] } },
		description: 'Up to 512 bytes; WeCom allows &lt;div class="gray|normal|highlight"&gt; for colour',
	},
	{
		displayName: 'Card Link',
		name: 'cardUrl',
		type: 'string',
		default: '',
		placeholder: 'https://...',
		displayOptions: { show: { appMessageType: ['textcard'] } },
	},
	{
		displayName: 'Button Text',
		name: 'cardButton',
		type: 'string',
		default: '',
		displayOptions: { show: { appMessageType: ['textcard'] } },
		description: 'Up to 4 characters; WeCom shows "详情" when empty',
	},
];

export function readContent(ctx: IExecuteFunctions, i: number): AppContent {
	const type = ctx.getNodeParameter('appMessageType', i, 'text') as AppContent['type'];
	if (type === 'textcard') {
		return {
			type,
			card: {
				title: String(ctx.getNodeParameter('cardTitle', i, '')),
				description: String(ctx.getNodeParameter('cardDescription', i, '')),
				url: String(ctx.getNodeParameter('cardUrl', i, '')),
				buttonText: String(ctx.getNodeParameter('cardButton', i, '')) || undefined,
			},
		};
	}
	return {
		type,
		content: String(ctx.getNodeParameter('appContent', i, '')),
		oversize: ctx.getNodeParameter('appOversize', i, 'split') as 'split' | 'error',
	};
}
