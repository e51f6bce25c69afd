import type { WeComEmulator } from './emulator';
import { err } from './answers';
import { mediaExists } from './media';

const bytes = (s: unknown) => Buffer.byteLength(String(s ?? ''), 'utf8');

/** Checks one mass-send / welcome attachment like WeCom: fields of its msgtype, uploaded media. */
export function checkAttachment(wecom: WeComEmulator, type: string, a: any) {
	switch (type) {
		case 'image':
			if (a?.media_id) return mediaExists(wecom, a.media_id, 'image') ? undefined : err(40007, 'invalid media_id');
			return a?.pic_url ? undefined : err(40058, 'image.media_id or image.pic_url required');
		case 'link':
			if (!a?.title || !a?.url) return err(40058, 'link.title and link.url required');
			if (bytes(a.title) > 128 || bytes(a.desc) > 512 || bytes(a.url) > 2048) return err(40058, 'link field too long');
			return undefined;
		case 'miniprogram':
			if (!a?.title || !a?.appid || !a?.page || !a?.pic_media_id)
				return err(40058, 'miniprogram title, pic_media_id, appid, page required');
			if (bytes(a.title) > 64) return err(40058, 'miniprogram.title too long');
			return mediaExists(wecom, a.pic_media_id, 'image') ? undefined : err(40007, 'invalid media_id');
		case 'video':
		case 'file':
			return mediaExists(wecom, a?.media_id, type) ? undefined : err(40007, 'invalid media_id');
		default:
			return err(40008, 'invalid attachment msgtype');
	}
}
