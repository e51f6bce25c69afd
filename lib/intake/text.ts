/**
 * Text that a stranger typed into a public form, made safe to repeat in the company's own
 * messages (a notice card, a welcome email, a CRM task): no links (a name must not carry a
 * phishing URL), no markup, no control or direction-changing characters, and a length cap.
 */
// Bare domains only with a common top-level domain, so that "J.Smith" or "Acme.Inc" stay.
const TLDS =
	'com|net|org|cn|io|co|me|cc|ly|info|biz|xyz|top|vip|app|dev|site|online|shop|link|click|ink|live|store|tech|club|fun|icu|work|wang|ren|ltd|group|pro|tk|ml|ga|cf|gq|ru|us|uk|hk|tw|mo|jp|kr|sg|de|fr|in|to|gl|gd|im|so|ai|tv|fm';
const LINK = new RegExp(
	`\\b(?:javascript|vbscript|data|mailto|sms|tel):\\S*|(?:[a-z][a-z0-9+.-]*:\\/\\/|www\\.)\\S*|\\b[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.(?:${TLDS})\\b(?::\\d+)?(?:\\/\\S*)?`,
	'gi',
);
// C0/C1 controls (\p{Cc}), zero-width characters and bidirectional overrides.
const INVISIBLE = /[\p{Cc}\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;
const MARKUP = /[<>`*_#[\]|\\]/g;

export function safeText(value: unknown, maxLength: number): string {
	const text = String(value ?? '')
		.normalize('NFKC')
		.replace(INVISIBLE, ' ')
		.replace(LINK, ' ')
		.replace(MARKUP, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	const chars = Array.from(text);
	return chars.length > maxLength ? chars.slice(0, maxLength).join('').trim() : text;
}

/** Whether the text had a link (reported, so a form filled by a bot can be told apart). */
export function hasLink(value: unknown): boolean {
	LINK.lastIndex = 0;
	return LINK.test(String(value ?? '').normalize('NFKC'));
}
