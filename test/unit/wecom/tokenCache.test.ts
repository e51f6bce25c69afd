import { TOKEN_EARLY_REFRESH_MS, clearTokenCache, dropToken, getCachedToken } from '../../../lib/common/tokenCache';

beforeEach(() => clearTokenCache());

describe('getCachedToken', () => {
	it('keeps a token until shortly before expires_in, then fetches a new one', async () => {
		let now = 1_000_000;
		let n = 0;
		const fetch = jest.fn(async () => ({ token: `t${++n}`, expiresInSec: 7200 }));
		expect(await getCachedToken('k', fetch, () => now)).toBe('t1');
		now += 7200 * 1000 - TOKEN_EARLY_REFRESH_MS - 1;
		expect(await getCachedToken('k', fetch, () => now)).toBe('t1');
		now += 1;
		expect(await getCachedToken('k', fetch, () => now)).toBe('t2');
		expect(fetch).toHaveBeenCalledTimes(2);
	});

	it('runs one fetch at a time per key and shares its result', async () => {
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const fetch = jest.fn(async () => {
			await gate;
			return { token: 'shared', expiresInSec: 7200 };
		});
		const all = Promise.all([getCachedToken('k', fetch), getCachedToken('k', fetch), getCachedToken('k', fetch)]);
		release();
		expect(await all).toEqual(['shared', 'shared', 'shared']);
		expect(fetch).toHaveBeenCalledTimes(1);
	});

	it('does not cache a failed fetch', async () => {
		const fetch = jest.fn().mockRejectedValueOnce(new Error('busy')).mockResolvedValueOnce({ token: 'ok', expiresInSec: 7200 });
		await expect(getCachedToken('k', fetch)).rejects.toThrow('busy');
		expect(await getCachedToken('k', fetch)).toBe('ok');
	});

	it('drops only the token that was rejected', async () => {
		let n = 0;
		const fetch = async () => ({ token: `t${++n}`, expiresInSec: 7200 });
		await getCachedToken('k', fetch);
		dropToken('k', 'stale-other');
		expect(await getCachedToken('k', fetch)).toBe('t1');
		dropToken('k', 't1');
		expect(await getCachedToken('k', fetch)).toBe('t2');
	});
});
