/**
 * The order in which the robot dispatcher serves its per-key queues, in O(log keys) per message
 * instead of a scan of every queue per message (10,000 keys × 3 messages was 16.5 s of scanning).
 *
 * A key is either ready now (its window has room: served by the lowest item index at its queue
 * head, so earlier items go first) or waiting until a known time (served earliest first).
 */
export class MinHeap<T> {
	private readonly a: T[] = [];

	constructor(private readonly less: (x: T, y: T) => boolean) {}

	get size(): number {
		return this.a.length;
	}

	peek(): T | undefined {
		return this.a[0];
	}

	push(v: T): void {
		const a = this.a;
		a.push(v);
		let i = a.length - 1;
		while (i > 0) {
			const p = (i - 1) >> 1;
			if (!this.less(a[i], a[p])) break;
			[a[i], a[p]] = [a[p], a[i]];
			i = p;
		}
	}

	pop(): T | undefined {
		const a = this.a;
		if (!a.length) return undefined;
		const top = a[0];
		const last = a.pop()!;
		if (a.length) {
			a[0] = last;
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				const r = l + 1;
				let m = i;
				if (l < a.length && this.less(a[l], a[m])) m = l;
				if (r < a.length && this.less(a[r], a[m])) m = r;
				if (m === i) break;
				[a[i], a[m]] = [a[m], a[i]];
				i = m;
			}
		}
		return top;
	}
}

export interface KeySchedule {
	key: string;
	/** When the key may send next (ms on the pacing clock). */
	at: number;
	/** The item index at the head of the key's queue. */
	job: number;
}

/**
 * Ready keys by head item, waiting keys by time. `next(now)` moves the keys whose time has come
 * and returns the key to serve, or the time to wait for when none is ready.
 */
export class DispatchQueue {
	private readonly ready = new MinHeap<KeySchedule>((x, y) => x.job < y.job);
	private readonly waiting = new MinHeap<KeySchedule>((x, y) => x.at < y.at || (x.at === y.at && x.job < y.job));

	get size(): number {
		return this.ready.size + this.waiting.size;
	}

	add(s: KeySchedule, now: number): void {
		if (s.at <= now) this.ready.push(s);
		else this.waiting.push(s);
	}

	next(now: number): { serve: KeySchedule } | { waitUntil: number } | undefined {
		while (this.waiting.size && this.waiting.peek()!.at <= now) this.ready.push(this.waiting.pop()!);
		const r = this.ready.pop();
		if (r) return { serve: r };
		const w = this.waiting.peek();
		return w ? { waitUntil: w.at } : undefined;
	}
}
