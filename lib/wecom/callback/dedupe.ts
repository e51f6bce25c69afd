/**
 * Remembers recently seen callback keys so that WeCom's retries (it re-sends an event it got no
 * answer to within 5 s, up to three times) do not start a second execution.
 * `RecentKeys` is one process's memory; `SharedRecentKeys` adds a record that n8n keeps in its
 * database (the trigger's workflow static data), so that in queue mode a retry landing on another
 * webhook process is caught too. n8n saves that record as a whole after each call, so two calls at
 * the same instant can each miss the other's key: the `eventId` in the output lets a downstream
 * step that must be exactly-once claim the event for good.
 */

/** WeCom's retries come within seconds; 15 minutes leaves a wide margin. */
export const DEFAULT_DEDUPE_TTL_MS = 15 * 60 * 1000;
/** Bounded so a flood of distinct events cannot grow memory without limit. */
export const DEFAULT_DEDUPE_CAPACITY = 10_000;

/** What the callback receiver needs of a replay memory. */
export interface KeyMemory {
	/** True when `key` was seen within the TTL; otherwise records it and returns false. */
	checkAndRemember(key: string): boolean;
	/** Lets a key through again, e.g. when the execution for it could not be started. */
	forget(key: string): void;
}

export class RecentKeys implements KeyMemory {
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

/**
 * Fewer keys than in process memory: n8n writes the whole record back to its database after each
 * call. WeCom retries within about 15 s, so a few thousand recent events are plenty.
 */
export const DEFAULT_SHARED_DEDUPE_CAPACITY = 2_000;

/**
 * The process's memory plus a record shared by every n8n process (key → first seen, epoch ms).
 * The record is a plain object the caller persists (n8n's workflow static data).
 */
export class SharedRecentKeys implements KeyMemory {
	constructor(
		private readonly record: Record<string, number>,
		private readonly local: KeyMemory = recentCallbacks,
		readonly capacity = DEFAULT_SHARED_DEDUPE_CAPACITY,
		readonly ttlMs = DEFAULT_DEDUPE_TTL_MS,
		private readonly now: () => number = Date.now,
	) {}

	checkAndRemember(key: string): boolean {
		const seenHere = this.local.checkAndRemember(key);
		const t = this.now();
		const at = this.record[key];
		if (typeof at === 'number' && t - at < this.ttlMs) return true;
		this.record[key] = t;
		this.prune(t);
		return seenHere;
	}

	forget(key: string): void {
		this.local.forget(key);
		delete this.record[key];
	}

	private prune(t: number): void {
		const keys = Object.keys(this.record);
		const expired = keys.filter((k) => !(t - this.record[k] < this.ttlMs));
		for (const k of expired) delete this.record[k];
		const left = keys.length - expired.length;
		if (left <= this.capacity) return;
		const oldest = Object.entries(this.record)
			.sort((a, b) => a[1] - b[1])
			.slice(0, left - this.capacity);
		for (const [k] of oldest) delete this.record[k];
	}
}
