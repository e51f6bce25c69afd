import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { AttachmentInput } from '../../../lib/wecom/attachments';
import { WeComInputError } from '../../../lib/wecom/inputError';
import { binaryFile } from './common';

/** The fields of one attachment (mass-send, welcome template). Binary files are uploaded as temporary media. */
export const attachmentValues: INodeProperties[] = [
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		default: 'link',
		options: [
			{ name: 'File (From Binary)', value: 'file' },
			{ name: 'Image', value: 'image' },
			{ name: 'Link', value: 'link' },
			{ name: 'Mini Program', value: 'miniprogram' },
			{ name: 'Video (From Binary, MP4)', value: 'video' },
		],
	},
	{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'Link: up to 128 bytes. Mini program: up to 64 bytes.' },
	{ displayName: 'URL', name: 'url', type: 'string', default: '', description: 'Link only' },
	{ displayName: 'Description', name: 'desc', type: 'string', default: '', description: 'Link only, up to 512 bytes' },
	{ displayName: 'Picture URL', name: 'picurl', type: 'string', default: '', description: 'Link cover image URL' },
	{
		displayName: 'Image URL',
		name: 'picUrl',
		type: 'string',
		default: '',
		description: "Image only: a URL returned by WeCom's image upload (media/uploadimg). Leave empty to upload the binary field instead.",
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryProperty',
		type: 'string',
		default: 'data',
		description: 'Image, file, video, or the mini program cover: the binary property to upload (image ≤10 MB, video ≤10 MB, file ≤20 MB)',
	},
	{
		displayName: 'Mini Program AppID',
		name: 'appid',
		type: 'string',
		default: '',
		description: 'Mini program only; it must be linked to your corp',
	},
	{
		displayName: 'Mini Program Page',
		name: 'page',
		type: 'string',
		default: '',
		placeholder: '/pages/index.html',
		description: 'Mini program only',
	},
];

/** Reads one attachment row into the lib shape, loading binaries. */
export async function readAttachment(ctx: IExecuteFunctions, i: number, a: IDataObject, n: number): Promise<AttachmentInput> {
	const s = (k: string) => String(a[k] ?? '').trim();
	const bin = () => binaryFile(ctx, i, s('binaryProperty') || 'data');
	switch (s('type')) {
		case 'image':
			return s('picUrl') ? { type: 'image', picUrl: s('picUrl') } : { type: 'image', file: await bin() };
		case 'link':
			return { type: 'link', title: s('title'), url: s('url'), picurl: s('picurl') || undefined, desc: s('desc') || undefined };
		case 'miniprogram':
			return { type: 'miniprogram', title: s('title'), appid: s('appid'), page: s('page'), cover: await bin() };
		case 'video':
			return { type: 'video', file: await bin() };
		case 'file':
			return { type: 'file', file: await bin() };
		default:
			throw new WeComInputError(`attachment ${n}: unknown type "${s('type')}"`);
	}
}
