import { DAY_MS } from './time';
import type { Decay, LedgerEntry } from './types';

/**
 * What one point awarded at `t` is worth at `at` (1 when `at` is not later). Half-life decay is
 * continuous; linear decay steps down at every full period of age, counted in calendar days (UTC),
 * so that awards on the same day age together and can be stored as one entry.
 */
export function worth(decay: Decay, t: number, at: number): number {
	if (at <= t) return 1;
	switch (decay.mode) {
		case 'none':
			return 1;
		case 'halfLife':
			return Math.pow(2, -(at - t) / (decay.halfLifeDays * DAY_MS));
		case 'linear': {
			const days = Math.floor(at / DAY_MS) - Math.floor(t / DAY_MS);
			return Math.max(0, 1 - Math.floor(days / decay.periodDays) * (decay.percent / 100));
		}
	}
}

export function valueAt(entries: readonly LedgerEntry[], decay: Decay, at: number): number {
	let v = 0;
	for (const [t, p] of entries) v += p * worth(decay, t, at);
	return v;
}

export const round = (v: number, digits = 4) => {
	const f = 10 ** digits;
	return Math.round(v * f) / f;
};

/** Below this a half-life entry is dropped (it is worth less than a thousandth of a point). */
const NEGLIGIBLE = 0.0005;

/**
 * Keeps the fewest entries that still give the same value from `now` on: half-life folds into one
 * entry (exact: 2^-a·2^-b = 2^-(a+b)), no decay sums, linear keeps one entry per day still worth
 * something. Fully decayed points are dropped.
 */
export function compact(entries: readonly LedgerEntry[], decay: Decay, now: number): LedgerEntry[] {
	if (entries.length === 0) return [];
	if (decay.mode === 'linear') {
		const byDay = new Map<number, LedgerEntry>();
		for (const [t, p] of entries) {
			const day = Math.floor(t / DAY_MS);
			const e = byDay.get(day);
			if (e) {
				e[0] = Math.min(e[0], t);
				e[1] += p;
			} else byDay.set(day, [t, p]);
		}
		return [...byDay.values()]
			.filter(([t, p]) => p !== 0 && worth(decay, t, now) > 0)
			.sort((a, b) => a[0] - b[0])
			.map(([t, p]) => [t, round(p)]);
	}
	let last = -Infinity;
	for (const [t] of entries) last = Math.max(last, t);
	const v = valueAt(entries, decay, last);
	if (Math.abs(v * worth(decay, last, now)) < NEGLIGIBLE) return [];
	return [[last, round(v)]];
}
