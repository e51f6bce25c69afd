import type { CarriedEntry } from './assemble';

/**
 * Which carried entries must be written back. An entry that no group showed today keeps its
 * stored row as it is (same groups, still pending, and it sorts first tomorrow because it is
 * older), so only entries shown in some of their groups change: they are now for fewer groups.
 * Writing back just those makes the daily cost follow what was shown, not the whole backlog.
 */
export function partlyShown(carried: CarriedEntry[]): CarriedEntry[] {
	return carried.filter((c) => !sameGroups(c.groups, c.entry.groups));
}

function sameGroups(a: string[], b: string[]): boolean {
	if (a.length !== b.length) return false;
	const set = new Set(b);
	return a.every((g) => set.has(g));
}
