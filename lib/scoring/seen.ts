import { DAY_MS } from './time';
import type { LeadProfile, ScoringModel } from './types';

/**
 * Replay protection that stays small. The profile keeps the ID of every scored event whose time is
 * at or after a watermark `since`; an event older than the watermark is never scored (it may have
 * been scored before and forgotten). The watermark is at least `now − windowDays`, and rises past
 * the oldest IDs when a lead has more than `maxIds` of them. So a replayed event is either
 * remembered or too old: it never scores twice.
 */
export function replayFloor(seen: LeadProfile['seen'], now: number, replay: ScoringModel['replay']): number {
	return Math.max(seen.since ?? -Infinity, now - replay.windowDays * DAY_MS);
}

/** Forgets what the watermark covers; returns the new `seen`. */
export function pruneSeen(seen: LeadProfile['seen'], now: number, replay: ScoringModel['replay']): LeadProfile['seen'] {
	let since = replayFloor(seen, now, replay);
	// The common case, nothing to forget: no copy.
	if (seen.ids.length <= replay.maxIds && seen.ids.every(([, t]) => t >= since)) return { since, ids: seen.ids };
	let kept = seen.ids.filter(([, t]) => t >= since);
	if (kept.length > replay.maxIds) {
		kept.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
		const dropped = kept.length - replay.maxIds;
		since = Math.max(since, kept[dropped - 1][1] + 1);
		kept = kept.filter(([, t]) => t >= since);
	}
	return { since, ids: kept };
}
