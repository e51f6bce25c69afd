/**
 * The community points ledger: one row per earned entry, append-only. An entry's `entry_key` names
 * what was earned (a form award, a join through a code, an invite, a live attendance), so however
 * often a row is written, every sum counts each key once (its lowest row ID).
 */

/** Where points came from. */
export type PointsSource = 'form' | 'join' | 'invite' | 'live';

/** A ledger row as the template writes it to the `points_ledger` data table. */
export interface LedgerEntry {
	/** What was earned; the same thing earned twice has the same key. */
	entry_key: string;
	/** The event that produced the entry (its exactly-once claim key). */
	event_key: string;
	member_id: string;
	member_name: string;
	chat_id: string;
	group_name: string;
	source: PointsSource;
	reason: string;
	points: number;
	note: string;
	/** ISO time the points were earned. */
	awarded_at: string;
}

/** A row read back from the data table: the entry plus n8n's row ID. */
export interface LedgerRow extends Partial<LedgerEntry> {
	id: number | string;
}

export class LedgerError extends Error {}

/**
 * The rows that count, in row order: each entry key once (the lowest row ID), rows without a member
 * or with non-numeric points left out.
 */
export function countedRows(rows: LedgerRow[]): LedgerRow[] {
	const byId = [...rows].filter((r) => r && r.member_id && Number.isFinite(Number(r.points))).sort((a, b) => Number(a.id) - Number(b.id));
	const seen = new Set<string>();
	const out: LedgerRow[] = [];
	for (const r of byId) {
		const key = String(r.entry_key ?? `row:${r.id}`);
		if (seen.has(key)) continue;
		seen.add(key);
		out.push(r);
	}
	return out;
}

/** Points per member over the counted rows. */
export function totalsByMember(rows: LedgerRow[]): Map<string, number> {
	const totals = new Map<string, number>();
	for (const r of countedRows(rows)) totals.set(String(r.member_id), (totals.get(String(r.member_id)) ?? 0) + Number(r.points));
	return totals;
}
