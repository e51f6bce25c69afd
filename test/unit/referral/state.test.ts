import {
	REFERRAL_STATE_MAX_CHARS,
	ReferralStateError,
	checkReferralPrefix,
	isCampaignState,
	isPersonalState,
	newReferralState,
} from '../../../lib/referral/state';

describe('referral state (一人一码)', () => {
	it('is "<prefix>-<16 base32 characters>", within WeCom\'s 30 characters even for the longest prefix', () => {
		const s = newReferralState('fx');
		expect(s).toMatch(/^fx-[0-9a-hjkmnp-tv-z]{16}$/);
		const longest = newReferralState('a'.repeat(13));
		expect(longest.length).toBe(REFERRAL_STATE_MAX_CHARS);
		expect(() => newReferralState('a'.repeat(14))).toThrow(/at most 13/);
	});

	it('is random: 10,000 states are all different and use the whole alphabet', () => {
		const seen = new Set<string>();
		const chars = new Set<string>();
		for (let i = 0; i < 10_000; i++) {
			const s = newReferralState('fx');
			seen.add(s);
			for (const c of s.slice(3)) chars.add(c);
		}
		expect(seen.size).toBe(10_000);
		expect(chars.size).toBe(32);
	});

	it('maps bytes to the alphabet evenly (256 is a multiple of 32)', () => {
		expect(newReferralState('fx', (n) => Buffer.from(Array.from({ length: n }, (_, i) => i)))).toBe('fx-0123456789abcdef');
		expect(newReferralState('fx', (n) => Buffer.from(Array.from({ length: n }, (_, i) => 16 + i + 32 * i)))).toBe('fx-ghjkmnpqrstvwxyz');
		expect(newReferralState('fx', (n) => Buffer.alloc(n, 31))).toBe(`fx-${'z'.repeat(16)}`);
		expect(newReferralState('fx', (n) => Buffer.alloc(n, 32))).toBe(`fx-${'0'.repeat(16)}`);
	});

	it('refuses prefixes WeCom or the flow could not use, naming the problem', () => {
		expect(() => checkReferralPrefix('')).toThrow(ReferralStateError);
		expect(() => checkReferralPrefix('春季')).toThrow(/letters, digits and _/);
		expect(() => checkReferralPrefix('fx-1')).toThrow(/letters, digits and _/);
		expect(checkReferralPrefix(' spring24 ')).toBe('spring24');
	});

	it("tells the campaign's states apart: the entry code, personal codes, and other channels", () => {
		const personal = newReferralState('fx');
		expect(isCampaignState('fx', 'fx')).toBe(true);
		expect(isCampaignState(personal, 'fx')).toBe(true);
		expect(isCampaignState('fxposter', 'fx')).toBe(false);
		expect(isCampaignState('poster_0612', 'fx')).toBe(false);
		expect(isPersonalState(personal, 'fx')).toBe(true);
		expect(isPersonalState('fx', 'fx')).toBe(false);
		expect(isPersonalState('fx-ILOU000000000000', 'fx')).toBe(false);
		expect(isPersonalState(`${personal}x`, 'fx')).toBe(false);
	});
});
