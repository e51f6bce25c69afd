/**
 * The one check of a link before it is put in a message or a redirect (Digest entries, template
 * 05's tracked links). Parsed with the WHATWG URL parser (what browsers and Node use), so the host
 * compared is the host the browser goes to; anything a parser could read two ways is refused.
 */

export interface LinkPolicy {
	/**
	 * Hosts links may point to; each also allows its subdomains ("example.com" allows
	 * "www.example.com"). "host:port" allows that port. Empty or undefined: any host.
	 */
	allowedHosts?: readonly string[];
	/** Longest link accepted, in characters. */
	maxLength?: number;
}

export type LinkCheck = { ok: true; url: string; hostname: string } | { ok: false; reason: string };

export const MAX_LINK_LENGTH = 2048;

/** Whitespace, control characters (\p{Cc}: C0 and C1) and backslashes: the WHATWG parser drops or rewrites them silently. */
const AMBIGUOUS = /[\s\p{Cc}\\\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/u;

/** Lower case, punycode, no trailing dot: the form two hosts are compared in. */
export function normalizeHost(host: string): string | undefined {
	const h = host.trim().replace(/^\*\./, '');
	if (!h || /[/?#@\\\s]/.test(h)) return undefined;
	try {
		const u = new URL(`http://${h}`);
		return `${u.hostname.replace(/\.$/, '')}${u.port ? `:${u.port}` : ''}`;
	} catch {
		return undefined;
	}
}

/** Splits a marketer's list ("a.com, b.com" or one per line) into normalized hosts; bad ones are reported. */
export function parseHostList(text: string | readonly string[]): { hosts: string[]; invalid: string[] } {
	const raw = (typeof text === 'string' ? text.split(/[\s,，;]+/) : [...text]).map((s) => String(s).trim()).filter(Boolean);
	const hosts: string[] = [];
	const invalid: string[] = [];
	for (const r of raw) {
		const h = normalizeHost(r.replace(/^https?:\/\//i, '').replace(/\/$/, ''));
		if (h) hosts.push(h);
		else invalid.push(r);
	}
	return { hosts: [...new Set(hosts)], invalid };
}

export function checkLink(value: unknown, policy: LinkPolicy = {}): LinkCheck {
	const fail = (reason: string): LinkCheck => ({ ok: false, reason });
	if (typeof value !== 'string') return fail('is not text');
	const raw = value.trim();
	if (!raw) return fail('is empty');
	if (raw.length > (policy.maxLength ?? MAX_LINK_LENGTH)) return fail(`is longer than ${policy.maxLength ?? MAX_LINK_LENGTH} characters`);
	if (AMBIGUOUS.test(raw)) return fail('contains spaces, control characters or backslashes');
	// The scheme and "//" spelled out: "https:evil.com" or "https:///evil.com" parse, but differently elsewhere.
	if (!/^https?:\/\/[^/]/i.test(raw)) return fail('must be a URL starting with http:// or https://');
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return fail('is not a valid URL');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('must be a URL starting with http:// or https://');
	if (url.username || url.password || /^https?:\/\/[^/?#]*@/i.test(raw))
		return fail('must not contain a user name or password (an "@" before the host)');
	const hostname = url.hostname.replace(/\.$/, '');
	if (!hostname || hostname.includes('%')) return fail('has no valid host');
	const allowed = policy.allowedHosts?.length ? policy.allowedHosts : undefined;
	if (allowed) {
		const port = url.port;
		const ok = allowed.some((entry) => {
			const [h, p] = entry.split(/:(?=\d+$)/);
			if ((p ?? '') !== port) return false;
			return hostname === h || hostname.endsWith(`.${h}`);
		});
		if (!ok) return fail(`points to ${hostname}${port ? `:${port}` : ''}, which is not an allowed host`);
	}
	return { ok: true, url: url.href, hostname };
}
