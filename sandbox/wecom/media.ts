import type { Router } from '../core/router';
import type { SandboxRequest } from '../core/types';
import type { WeComEmulator } from './emulator';
import { err, ok } from './answers';

/** 临时素材 limits: image 10 MB, voice 2 MB, video 10 MB, file 20 MB; every file over 5 bytes. */
export const MEDIA_LIMITS: Record<string, { max: number; errcode: number }> = {
	image: { max: 10 * 1024 * 1024, errcode: 40009 },
	voice: { max: 2 * 1024 * 1024, errcode: 40010 },
	video: { max: 10 * 1024 * 1024, errcode: 40011 },
	file: { max: 20 * 1024 * 1024, errcode: 40006 },
};

/** The first file part of a multipart body: its field name, filename and bytes. */
export function multipartFile(req: SandboxRequest): { field: string; filename: string; data: Buffer } | undefined {
	const m = /boundary=(.+)$/.exec(String(req.headers['content-type'] ?? ''));
	if (!m) return undefined;
	const boundary = Buffer.from(`--${m[1].replace(/^"|"$/g, '')}`);
	const raw = req.rawBody;
	const start = raw.indexOf(boundary);
	const headEnd = raw.indexOf('\r\n\r\n', start);
	if (start < 0 || headEnd < 0) return undefined;
	const head = raw.subarray(start, headEnd).toString('utf8');
	const end = raw.indexOf(Buffer.concat([Buffer.from('\r\n'), boundary]), headEnd);
	if (end < 0) return undefined;
	return {
		field: /name="([^"]*)"/.exec(head)?.[1] ?? '',
		filename: /filename="([^"]*)"/.exec(head)?.[1] ?? '',
		data: raw.subarray(headEnd + 4, end),
	};
}

/** POST /cgi-bin/media/upload?type=image|voice|video|file (multipart field "media"). */
export function registerMedia(router: Router, wecom: WeComEmulator): void {
	router.post('/cgi-bin/media/upload', (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const type = req.query.get('type') ?? '';
		const limit = MEDIA_LIMITS[type];
		if (!limit) return err(40004, 'invalid media type');
		const file = multipartFile(req);
		if (!file || file.field !== 'media') return err(41006, 'media data missing');
		if (file.data.length <= 5) return err(40006, 'invalid file size');
		if (file.data.length > limit.max) return err(limit.errcode, `invalid ${type} size`);
		const mediaId = `3sandboxmedia${type}${wecom.store('media').size + 1}`;
		wecom
			.store('media')
			.set(mediaId, { type, filename: file.filename, size: file.data.length, created_at: Math.floor(wecom.state.now() / 1000) });
		return ok({ type, media_id: mediaId, created_at: String(Math.floor(wecom.state.now() / 1000)) });
	});
}

/** True when `mediaId` was uploaded (as `type`, if given) and is still within its 3 days. */
export function mediaExists(wecom: WeComEmulator, mediaId: unknown, type?: string): boolean {
	const m = wecom.store('media').get(String(mediaId ?? ''));
	if (!m) return false;
	if (type && m.type !== type) return false;
	return Math.floor(wecom.state.now() / 1000) - m.created_at < 3 * 86400;
}
