/**
 * Client-side pacing of CRM calls: at most `requests` per rolling `windowMs` per account.
 * Each call is dated by when its answer arrived (the CRM counts it on arrival, later than we
 * send), so uneven latency never makes a call early. The windows live in process memory: they
 * pace every execution of one n8n process; across processes (queue mode) the CRM's 429 answer
 * is waited out within a budget, then the leads are reported `RATE_LIMITED` for a later run.
 */
export interface RateLimit {
	requests: number;
	windowMs: number;
}

/** What each CRM allows by default (docs/crm-push.md, "Rate limits"). */
export const DEFAULT_RATE_LIMITS: Record<string, RateLimit | undefined> = {
	/** Free and Starter: 100 per 10 s (Professional and Enterprise: 190). */
	hubspot: { requests: 100, windowMs: 10_000 },
	/** Per interface: 100 calls per 20 s. */
	fxiaoke: { requests: 100, windowMs: 20_000 },
	/** No short window; a daily allowance (24 h rolling) and 25 concurrent long requests. */
	salesforce: undefined,
	webhook: undefined,
};

/** The limit a push keeps to: the node's option (0: the CRM's default window or 10 s), else the CRM's default. */
export function rateLimitFor(target: string, requests: number, windowSeconds: number): RateLimit | undefined {
	const fallback = DEFAULT_RATE_LIMITS[target];
	if (requests <= 0) return fallback;
	return { requests, windowMs: windowSeconds > 0 ? windowSeconds * 1000 : (fallback?.windowMs ?? 10_000) };
}

interface Slot {
	at: number;
}

const windows = new Map<string, Slot[]>();

/**
 * Waits for a free slot in `key`'s window and takes it. Call `done()` on the returned slot when
 * the answer arrives, so the slot is dated by arrival.
 */
export async function takeSlot(
	key: string,
	limit: RateLimit,
	now: () => number,
	sleep: (ms: number) => Promise<void>,
): Promise<{ done: () => void; waitedMs: number }> {
	let waitedMs = 0;
	for (;;) {
		const t = now();
		const log = windows.get(key) ?? [];
		while (log.length && log[0].at <= t - limit.windowMs) log.shift();
		windows.set(key, log);
		if (log.length < limit.requests) {
			const slot: Slot = { at: t };
			log.push(slot);
			return {
				waitedMs,
				done: () => {
					slot.at = Math.max(slot.at, now());
					log.sort((a, b) => a.at - b.at);
				},
			};
		}
		const ms = Math.max(1, log[0].at + limit.windowMs - t + 1);
		waitedMs += ms;
		await sleep(ms);
	}
}

/** Forgets every window (tests, benchmarks). */
export function clearPacing(): void {
	windows.clear();
}
