import { createHash } from 'crypto';

/**
 * Per-process access-token cache: an optimisation only. Every worker of n8n's queue mode has its
 * own; a miss just costs one gettoken call, so correctness never depends on it.
 * At most one fetch per corp+secret is in flight at a time (single flight).
 */
interface Entry {
	token: string;
	expiresAt: number;
}

/** Refresh this long before WeCom's expires_in runs out, so a token never dies mid-call. */
export const TOKEN_EARLY_REFRESH_MS = 5 * 60 * 1000;

const tokens = new Map<string, Entry>();
const inFlight = new Map<string, Promise<string>>();

export function tokenCacheKey(baseUrl: string, corpId: string, secret: string): string {
	// The secret is hashed so that it never sits in memory dumps as a map key.
	return `${baseUrl}|${corpId}|${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
}

export async function getCachedToken(
	key: string,
	fetchToken: () => Promise<{ token: string; expiresInSec: number }>,
	now: () => number = Date.now,
): Promise<string> {
	const hit = tokens.get(key);
	if (hit && hit.expiresAt > now()) return hit.token;
	const pending = inFlight.get(key);
	if (pending) return pending;
	const p = (async () => {
		try {
			const { token, expiresInSec } = await fetchToken();
			const lifetime = Math.max(0, expiresInSec * 1000 - TOKEN_EARLY_REFRESH_MS);
			tokens.set(key, { token, expiresAt: now() + lifetime });
			return token;
		} finally {
			inFlight.delete(key);
		}
	})();
	inFlight.set(key, p);
	return p;
}

/** Drops a token WeCom rejected, unless another call already replaced it. */
export function dropToken(key: string, token: string): void {
	if (tokens.get(key)?.token === token) tokens.delete(key);
}

export function clearTokenCache(): void {
	tokens.clear();
	inFlight.clear();
}
