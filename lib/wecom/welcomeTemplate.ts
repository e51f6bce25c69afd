import type { WeComClient } from './client';
import type { AttachmentInput } from './attachments';
import { checkAttachment, toWeComAttachment } from './attachments';
import { utf8Bytes } from '../common/bytes';
import { WeComInputError } from './inputError';

/**
 * Group welcome templates (入群欢迎语素材): text up to 3000 bytes plus at most one attachment
 * (image, link, mini program, file or video). Choose the template for a group in the WeCom client
 * or admin console; the API only manages the templates.
 */
export const WELCOME_TEXT_MAX_BYTES = 3000;

export interface WelcomeTemplateInput {
	text?: string;
	attachment?: AttachmentInput;
	/** Notify group owners that a template was added (add only; default on). */
	notify?: boolean;
}

export function checkWelcome(w: WelcomeTemplateInput): void {
	if (!w.text?.trim() && !w.attachment) throw new WeComInputError('a welcome template needs text or an attachment');
	if (w.text && utf8Bytes(w.text) > WELCOME_TEXT_MAX_BYTES) {
		throw new WeComInputError(
			`the text is ${utf8Bytes(w.text)} bytes; WeCom allows ${WELCOME_TEXT_MAX_BYTES} bytes for a welcome template`,
		);
	}
	if (w.attachment) checkAttachment(w.attachment, 1);
}

async function content(client: WeComClient, w: WelcomeTemplateInput): Promise<Record<string, unknown>> {
	const out: Record<string, unknown> = {};
	if (w.text?.trim()) out.text = { content: w.text };
	if (w.attachment) {
		const a = await toWeComAttachment(client, w.attachment);
		out[String(a.msgtype)] = a[String(a.msgtype)];
	}
	return out;
}

export async function createWelcomeTemplate(client: WeComClient, w: WelcomeTemplateInput): Promise<{ template_id: string }> {
	checkWelcome(w);
	const res = await client.post<{ template_id: string }>('/cgi-bin/externalcontact/group_welcome_template/add', {
		...(await content(client, w)),
		notify: w.notify === false ? 0 : 1,
	});
	return { template_id: String(res.template_id) };
}

export async function getWelcomeTemplate(client: WeComClient, templateId: string): Promise<Record<string, unknown>> {
	const res = await client.post('/cgi-bin/externalcontact/group_welcome_template/get', { template_id: templateId });
	const rest: Record<string, unknown> = { ...res };
	delete rest.errcode;
	delete rest.errmsg;
	return { template_id: templateId, ...rest };
}

export async function updateWelcomeTemplate(
	client: WeComClient,
	templateId: string,
	w: WelcomeTemplateInput,
): Promise<{ template_id: string; updated: true }> {
	checkWelcome(w);
	await client.post('/cgi-bin/externalcontact/group_welcome_template/edit', { template_id: templateId, ...(await content(client, w)) });
	return { template_id: templateId, updated: true };
}

export async function deleteWelcomeTemplate(client: WeComClient, templateId: string): Promise<{ template_id: string; deleted: true }> {
	await client.post('/cgi-bin/externalcontact/group_welcome_template/del', { template_id: templateId });
	return { template_id: templateId, deleted: true };
}
