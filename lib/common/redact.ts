/**
 * Names whose values are secrets: WeCom (access_token, corpsecret, robot `key`), Fxiaoke
 * (appSecret, permanentCode, corpAccessToken), OAuth (client_secret, refresh_token), and any
 * name ending in token, secret, password, api key or signature.
 */
const SECRET_NAME = String.raw`(?:[A-Za-z0-9_-]*?(?:token|secret|password|passwd|api[_-]?key|access[_-]?key|private[_-]?key|permanent[_-]?code|signature)|key|hapikey|sig)`;
/** Optional quote around a name or value: plain, escaped inside a JSON string, or URL-encoded. */
const QUOTE = String.raw`(?:\\?["']|%22|%2522)?`;
/** name, then `=`, `:` or their URL encodings; the value runs to a quote, separator or bracket. */
const NAMED_SECRET = new RegExp(
	String.raw`((?:^|[^A-Za-z0-9_-]|%(?:25)?[0-9A-Fa-f]{2})${QUOTE}${SECRET_NAME}${QUOTE}\s*(?:=|:|%3[Dd]|%253[Dd])\s*${QUOTE})` +
		String.raw`(?:[^\s"'&,;<>\\{}[\]()%]|%(?!2[026Cc]|3[Bb]|25(?:2[026Cc]|3[Bb]))[0-9A-Fa-f]{2})+`,
	'gi',
);
const AUTH_SCHEME = /\b(Bearer|Basic|Digest|Token|OAuth)(\s+|%20|\+)[A-Za-z0-9._~+/=-]{4,}/g;
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@"'<>]+:[^/\s@"'<>]+@/gi;
/** Self-describing secrets: HubSpot private app tokens, Salesforce session IDs. */
const KNOWN_FORMATS = [
	/\bpat-[a-z]{2}\d?-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
	/\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{20,}/g,
];

/** Removes tokens, secrets and robot keys from any text that may reach logs, errors or outputs. */
export function redactSecrets(text: string): string {
	let out = String(text ?? '')
		.replace(URL_USERINFO, '$1***@')
		.replace(AUTH_SCHEME, '$1$2***')
		.replace(NAMED_SECRET, '$1***');
	for (const re of KNOWN_FORMATS) out = out.replace(re, '***');
	return out;
}
