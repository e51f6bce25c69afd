/**
 * Remembers recently seen callback keys so that WeCom's retries (it re-sends an event it got no
 * answer to within 5 s, up to three times) do not start a second execution.
 * In-process only: in n8n queue mode with several webhook processes, a retry that lands on another
 * process is not caught here; the `eventId` in the output lets a downstream step dedupe for good.
 */

/** WeCom's retries come within seconds; 15 minutes leaves a wide margin. */
export const DEFAULT_DEDUPE_TTL_MS = 15 * 60 * 1000;
/** Bounded so a flood of distinct events cannot grow memory without limit. */
export const DEFAULT_DEDUPE_CAPACITY = 10_000;

export class RecentKeys {
	private readonly seenAt = new Map<string, number>();

	constructor(
		readonly capacity = DEFAULT_DEDUPE_CAPACITY,
		readonly ttlMs = DEFAULT_DEDUPE_TTL_MS,
		private readonly now: () => number = Date.now,
	) {}

	/** True when `key` was seen within the TTL; otherwise records it and returns false. */
	checkAndRemember(key: string): boolean {
		const t = this.now();
		const at = this.seenAt.get(key);
		if (at !== undefined && t - at < this.ttlMs) return true;
		// Re-insert so the Map's order stays oldest-first (the eviction order).
		this.seenAt.delete(key);
		this.seenAt.set(key, t);
		this.evict(t);
		return false;
	}

	/** Lets a key through again, e.g. when the execution for it could not be started. */
	forget(key: string): void {
		this.seenAt.delete(key);
	}

	get size(): number {
		return this.seenAt.size;
	}

	clear(): void {
		this.seenAt.clear();
	}

	private evict(t: number): void {
		for (const [key, at] of this.seenAt) {
			if (this.seenAt.size <= this.capacity && t - at < this.ttlMs) break;
			this.seenAt.delete(key);
		}
	}
}

/** The process-wide cache the trigger uses. */
export const recentCallbacks = new RecentKeys();

export function clearRecentCallbacks(): void {
	recentCallbacks.clear();
}
