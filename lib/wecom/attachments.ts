import type { WeComClient } from './client';
import { utf8Bytes } from '../common/bytes';
import { WeComInputError } from './inputError';
import type { MediaFile } from './media';
import { uploadTempMedia } from './media';

/**
 * Attachments shared by mass-send (add_msg_template) and group welcome templates:
 * image (media_id or pic_url), link, miniprogram, video, file. Binary files are uploaded first.
 */
export type AttachmentInput =
	| { type: 'image'; picUrl?: string; file?: MediaFile }
	| { type: 'link'; title: string; url: string; picurl?: string; desc?: string }
	| { type: 'miniprogram'; title: string; appid: string; page: string; cover: MediaFile }
	| { type: 'video'; file: MediaFile }
	| { type: 'file'; file: MediaFile };

export const LINK_TITLE_MAX_BYTES = 128;
export const LINK_DESC_MAX_BYTES = 512;
export const LINK_URL_MAX_BYTES = 2048;
export const MINIPROGRAM_TITLE_MAX_BYTES = 64;

export function checkAttachment(a: AttachmentInput, n: number): void {
	const where = `attachment ${n}`;
	switch (a.type) {
		case 'image':
			if (!a.picUrl && !a.file) throw new WeComInputError(`${where}: an image needs a binary file or an image URL`);
			return;
		case 'link':
			if (!a.title) throw new WeComInputError(`${where}: the link title is empty`);
			if (utf8Bytes(a.title) > LINK_TITLE_MAX_BYTES)
				throw new WeComInputError(`${where}: the link title is over ${LINK_TITLE_MAX_BYTES} bytes`);
			if (!/^https?:\/\//i.test(a.url)) throw new WeComInputError(`${where}: the link URL must start with http:// or https://`);
			if (utf8Bytes(a.url) > LINK_URL_MAX_BYTES) throw new WeComInputError(`${where}: the link URL is over ${LINK_URL_MAX_BYTES} bytes`);
			if (a.desc && utf8Bytes(a.desc) > LINK_DESC_MAX_BYTES)
				throw new WeComInputError(`${where}: the link description is over ${LINK_DESC_MAX_BYTES} bytes`);
			return;
		case 'miniprogram':
			if (!a.title || !a.appid || !a.page) throw new WeComInputError(`${where}: a mini program needs a title, an AppID and a page`);
			if (utf8Bytes(a.title) > MINIPROGRAM_TITLE_MAX_BYTES)
				throw new WeComInputError(`${where}: the mini program title is over ${MINIPROGRAM_TITLE_MAX_BYTES} bytes`);
			return;
		default:
			return;
	}
}

/** Uploads what needs uploading and returns the attachment in WeCom's shape. */
export async function toWeComAttachment(client: WeComClient, a: AttachmentInput): Promise<Record<string, unknown>> {
	switch (a.type) {
		case 'image':
			return { msgtype: 'image', image: a.file ? { media_id: await uploadTempMedia(client, 'image', a.file) } : { pic_url: a.picUrl } };
		case 'link':
			return {
				msgtype: 'link',
				link: { title: a.title, url: a.url, ...(a.picurl ? { picurl: a.picurl } : {}), ...(a.desc ? { desc: a.desc } : {}) },
			};
		case 'miniprogram':
			return {
				msgtype: 'miniprogram',
				miniprogram: { title: a.title, pic_media_id: await uploadTempMedia(client, 'image', a.cover), appid: a.appid, page: a.page },
			};
		case 'video':
			return { msgtype: 'video', video: { media_id: await uploadTempMedia(client, 'video', a.file) } };
		case 'file':
			return { msgtype: 'file', file: { media_id: await uploadTempMedia(client, 'file', a.file) } };
	}
}
