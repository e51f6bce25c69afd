import { err } from './answers';

const bytes = (s: unknown) => Buffer.byteLength(String(s ?? ''), 'utf8');

/** Checks text, markdown and textcard bodies of message/send and appchat/send like WeCom. */
export function checkAppContent(b: any) {
	switch (b?.msgtype) {
		case 'text':
		case 'markdown': {
			const content = b[b.msgtype]?.content;
			if (!content) return err(44004, 'empty content');
			if (bytes(content) > 2048) return err(45002, 'content size out of limit');
			return undefined;
		}
		case 'textcard': {
			const c = b.textcard;
			if (!c?.title || !c?.description || !c?.url) return err(40058, 'textcard title, description and url required');
			if (bytes(c.title) > 128 || bytes(c.description) > 512 || bytes(c.url) > 2048 || [...String(c.btntxt ?? '')].length > 4) {
				return err(45002, 'textcard field size out of limit');
			}
			return undefined;
		}
		default:
			return err(40008, 'invalid message type');
	}
}
