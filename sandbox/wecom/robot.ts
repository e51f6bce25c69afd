import { createHash } from 'crypto';
import type { Router } from '../core/router';
import type { SandboxRequest } from '../core/types';
import type { WeComEmulator } from './emulator';
import { err, ok } from './answers';

/** Group robot limits, as WeCom documents them. */
export const ROBOT_LIMITS = {
	textBytes: 2048,
	markdownBytes: 4096,
	perMinute: 20,
	newsArticles: 8,
	imageBytes: 2 * 1024 * 1024,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkKey(wecom: WeComEmulator, req: SandboxRequest) {
	const key = req.query.get('key') ?? '';
	// Any well-formed key is accepted, like a robot the user just added; others are refused.
	if (!wecom.robotKeys.has(key) && !UUID.test(key)) return { key, error: err(93000, 'invalid webhook url') };
	return { key };
}

function bytes(s: unknown): number {
	return Buffer.byteLength(String(s ?? ''), 'utf8');
}

/** Validates a robot message body like WeCom; returns an error response or undefined. */
function validateMessage(wecom: WeComEmulator, body: any) {
	const type = body?.msgtype;
	switch (type) {
		case 'text':
			if (!body.text?.content) return err(44004, 'empty content');
			if (bytes(body.text.content) > ROBOT_LIMITS.textBytes) return err(45002, 'content size out of limit');
			return undefined;
		case 'markdown':
		case 'markdown_v2':
			if (!body[type]?.content) return err(44004, 'empty content');
			if (bytes(body[type].content) > ROBOT_LIMITS.markdownBytes) return err(45002, 'content size out of limit');
			return undefined;
		case 'image': {
			const b64 = body.image?.base64;
			if (!b64 || !body.image?.md5) return err(40058, 'image.base64 and image.md5 are required');
			const data = Buffer.from(String(b64), 'base64');
			if (data.length > ROBOT_LIMITS.imageBytes) return err(40009, 'invalid image size');
			if (createHash('md5').update(data).digest('hex') !== String(body.image.md5).toLowerCase()) return err(40058, 'image md5 mismatch');
			return undefined;
		}
		case 'news': {
			const arts = body.news?.articles;
			if (!Array.isArray(arts) || arts.length < 1) return err(40058, 'news.articles required');
			if (arts.length > ROBOT_LIMITS.newsArticles) return err(40058, 'too many articles');
			if (arts.some((a: any) => !a?.title || !a?.url)) return err(40058, 'article title and url required');
			return undefined;
		}
		case 'file':
		case 'voice':
			if (!body[type]?.media_id || !wecom.store('robotMedia').has(body[type].media_id)) return err(40007, 'invalid media_id');
			return undefined;
		case 'template_card':
			if (!body.template_card?.card_type) return err(40058, 'template_card.card_type required');
			return undefined;
		default:
			return err(40008, 'invalid message type');
	}
}

export function registerRobot(router: Router, wecom: WeComEmulator): void {
	router.post('/cgi-bin/webhook/send', (req) => {
		const { key, error } = checkKey(wecom, req);
		if (error) return error;
		const now = wecom.state.now();
		const window = (wecom.robotSends.get(key) ?? []).filter((t) => t > now - 60000);
		if (window.length >= ROBOT_LIMITS.perMinute) {
			wecom.robotSends.set(key, window);
			return err(45009, 'api freq out of limit');
		}
		const invalid = validateMessage(wecom, req.body);
		if (invalid) return invalid;
		window.push(now);
		wecom.robotSends.set(key, window);
		wecom.store('robotMessages').set(String(wecom.store('robotMessages').size + 1), { key, at: now, message: req.body });
		return ok();
	});

	router.post('/cgi-bin/webhook/upload_media', (req) => {
		const { error } = checkKey(wecom, req);
		if (error) return error;
		const type = req.query.get('type');
		if (type !== 'file' && type !== 'voice') return err(40004, 'invalid media type');
		const size = req.rawBody.length;
		if (size < 5 || size > 20 * 1024 * 1024) return err(40006, 'invalid file size');
		const mediaId = `3robotmedia${wecom.store('robotMedia').size + 1}`;
		wecom.store('robotMedia').set(mediaId, { type, size });
		return ok({ type, media_id: mediaId, created_at: String(Math.floor(wecom.state.now() / 1000)) });
	});
}
