import { checkLink, parseHostList } from '../../../lib/links/validate';

const allowedHosts = parseHostList('example.com, 例子.cn, shop.example.org:8443').hosts;
const check = (url: string) => checkLink(url, { allowedHosts });

describe('link validation (shared by Digest and the tracked links of template 05)', () => {
	it.each([
		['https://example.com/a?b=1#c', 'https://example.com/a?b=1#c'],
		['https://www.example.com/x', 'https://www.example.com/x'],
		['HTTPS://EXAMPLE.COM/Path', 'https://example.com/Path'],
		['https://example.com./trailing-dot', 'https://example.com./trailing-dot'],
		['https://example.com:443/default-port', 'https://example.com/default-port'],
		['https://xn--fsqu00a.cn/idn', 'https://xn--fsqu00a.cn/idn'],
		['https://例子.cn/unicode', 'https://xn--fsqu00a.cn/unicode'],
		['https://shop.example.org:8443/listed-port', 'https://shop.example.org:8443/listed-port'],
		['https://example.com/%E4%BD%A0?u=https://evil.com', 'https://example.com/%E4%BD%A0?u=https://evil.com'],
		['https://example.com/path@evil.com', 'https://example.com/path@evil.com'],
	])('accepts %s', (url, normalized) => {
		expect(check(url)).toEqual({ ok: true, url: normalized, hostname: expect.any(String) });
	});

	it.each([
		['userinfo', 'https://example.com@evil.com/'],
		['userinfo with a password', 'https://example.com:443@evil.com/'],
		['encoded userinfo', 'https://example.com%40evil.com@evil.com/'],
		['empty userinfo', 'https://@evil.com/'],
		['a backslash', 'https://evil.com\\@example.com/'],
		['a backslash as the slash', 'https:\\\\evil.com/'],
		['a protocol-relative link', '//evil.com/'],
		['a missing "//"', 'https:evil.com'],
		['three slashes', 'https:///evil.com'],
		['javascript:', 'javascript:alert(1)//example.com'],
		['data:', 'data:text/html,<script>alert(1)</script>'],
		['a look-alike suffix', 'https://example.com.evil.com/'],
		['a look-alike prefix', 'https://evilexample.com/'],
		['a lookalike unicode host', 'https://exаmple.com/'],
		['an unlisted port', 'https://example.com:8080/'],
		['a listed host with another port', 'https://shop.example.org:9443/'],
		['a tab inside', 'https://evil.com\t/example.com'],
		['a newline inside', 'https://ex\nample.com/'],
		['a percent-encoded host separator', 'https://evil.com%2F@example.com'],
		['an IP address', 'http://127.0.0.1/'],
		['an encoded dot host', 'https://evil%2Ecom/'],
		['a zero-width space', 'https://example.com\u200b.evil.com/'],
		['ftp:', 'ftp://example.com/'],
		['an empty string', ''],
		['not a URL', 'www.example.com'],
		['a very long link', `https://example.com/${'a'.repeat(3000)}`],
	])('refuses %s', (_what, url) => {
		const r = check(url);
		expect(r.ok).toBe(false);
	});

	it('accepts any public http(s) host when no list is given, still refusing the ambiguous forms', () => {
		expect(checkLink('https://anything.example.net/x').ok).toBe(true);
		expect(checkLink('https://a.com@b.com/').ok).toBe(false);
		expect(checkLink('javascript:alert(1)').ok).toBe(false);
	});

	it('reads a marketer-typed host list, reporting entries that are not hosts', () => {
		expect(parseHostList('Example.com\nhttps://www.shop.cn/，bad/host, *.wild.io')).toEqual({
			hosts: ['example.com', 'www.shop.cn', 'wild.io'],
			invalid: ['bad/host'],
		});
	});
});
