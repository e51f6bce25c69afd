import type { Router } from '../core/router';
import type { WeComEmulator } from './emulator';
import { err, ok } from './answers';
import { checkAttachment } from './attachments';

const KINDS = ['image', 'link', 'miniprogram', 'file', 'video'] as const;

/** Validates a template body like WeCom; returns an error or the stored content. */
function content(wecom: WeComEmulator, b: any) {
	const kinds = KINDS.filter((k) => b?.[k] !== undefined);
	if (!b?.text?.content && !kinds.length) return { error: err(40058, 'text and attachment cannot both be empty') };
	if (kinds.length > 1) return { error: err(40058, 'only one of image, link, miniprogram, file, video is allowed') };
	if (Buffer.byteLength(String(b?.text?.content ?? ''), 'utf8') > 3000) return { error: err(45002, 'text.content exceeds 3000 bytes') };
	for (const k of kinds) {
		const bad = checkAttachment(wecom, k, b[k]);
		if (bad) return { error: bad };
	}
	return {
		value: {
			...(b.text?.content ? { text: { content: String(b.text.content) } } : {}),
			...Object.fromEntries(kinds.map((k) => [k, b[k]])),
		},
	};
}

/** 入群欢迎语素材: add/get/edit/del. */
export function registerWelcomeTemplates(router: Router, wecom: WeComEmulator): void {
	const store = () => wecom.store<Record<string, unknown>>('welcomeTemplates');
	const base = '/cgi-bin/externalcontact/group_welcome_template';

	router.post(`${base}/add`, (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const c = content(wecom, req.body);
		if (c.error) return c.error;
		const id = `msgTEMPLATE${String(store().size + 1).padStart(4, '0')}`;
		store().set(id, { ...c.value, notify: Number(req.body?.notify ?? 1) });
		return ok({ template_id: id });
	});

	router.post(`${base}/get`, (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const t = store().get(String(req.body?.template_id ?? ''));
		if (!t) return err(40058, 'invalid template_id');
		const { notify: _n, ...rest } = t;
		return ok(rest);
	});

	router.post(`${base}/edit`, (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const id = String(req.body?.template_id ?? '');
		const cur = store().get(id);
		if (!cur) return err(40058, 'invalid template_id');
		const c = content(wecom, req.body);
		if (c.error) return c.error;
		store().set(id, { ...c.value, notify: cur.notify });
		return ok();
	});

	router.post(`${base}/del`, (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		if (!store().delete(String(req.body?.template_id ?? ''))) return err(40058, 'invalid template_id');
		return ok();
	});
}
