import { hasLink, safeText } from '../../../lib/intake/text';

describe("safeText: form text repeated in the company's messages", () => {
	it.each([
		['韩梅梅', '韩梅梅'],
		['韩梅梅 http://evil.example/pay', '韩梅梅'],
		['点击 www.evil.cn 领取', '点击 领取'],
		['visit evil.com/x now', 'visit now'],
		['ＨＴＴＰＳ://evil.com', ''],
		['a<b>c</b>', 'a b c /b'],
		['Li\u202eNa\u200b', 'Li Na'],
		['[click](javascript:alert(1))', 'click ('],
	])('%j → %j', (input, out) => {
		expect(safeText(input, 40)).toBe(out);
	});

	it('keeps names and companies that only look like domains', () => {
		expect(safeText('J.Smith', 40)).toBe('J.Smith');
		expect(safeText('Acme.Inc', 40)).toBe('Acme.Inc');
	});

	it('caps the length by characters, not bytes', () => {
		expect(safeText('韩'.repeat(100), 40)).toBe('韩'.repeat(40));
		expect(safeText('😀'.repeat(50), 10)).toBe('😀'.repeat(10));
	});

	it('tells whether a link was there', () => {
		expect(hasLink('see https://x.y')).toBe(true);
		expect(hasLink('韩梅梅')).toBe(false);
		expect(hasLink('evil.cn')).toBe(true);
	});
});
