/**
 * Exactly-once claim of an event key (a WeCom callback's eventId, a webhook's event ID) across every
 * n8n process, on a data table. The nodes of the pack cannot touch data tables (n8n lends them to
 * its own Data table node only), so the workflow does the four table steps and this function gives
 * the verdict in between:
 *
 *   1. insert the execution's row: `{ event_key, status: 'pending' }` → own ID;
 *   2. mark every other `pending` row of the key with a HIGHER ID as `duplicate` (one UPDATE);
 *   3. read every row of the key;
 *   4. verdict (here): `first` unless the own row is no longer pending, another row is `claimed`, or
 *      a row with a LOWER ID is still `pending`;
 *   5. on `first`, confirm with a conditional UPDATE: `status = 'claimed' WHERE id = own AND status =
 *      'pending'`. Only an execution whose confirm changed its row goes on.
 *
 * Why not "the lowest ID wins" alone: in PostgreSQL, IDs are taken when a row is inserted but become
 * visible when its transaction commits, so a lower ID can appear after a higher one has been read.
 * Every row is committed before its execution reads, so of two executions at least one sees the
 * other; step 2 and the conditional step 5 act on the same row atomically, so a later copy is either
 * stopped before it confirms or seen as `claimed` by the earlier one. At most one execution claims a
 * key, and the one with the lowest ID is never stopped: exactly one does (as long as it finishes).
 */
export const CLAIM_STATUS = { pending: 'pending', duplicate: 'duplicate', claimed: 'claimed' } as const;

export interface EventClaimRow {
	id: number | string;
	event_key?: unknown;
	status?: unknown;
}

export type EventClaimDecision = 'first' | 'repeat';

export interface EventClaimVerdict {
	decision: EventClaimDecision;
	reason: string;
	eventKey: string;
	rowId: number;
	/** The row that holds (or is about to hold) the claim, when it is another one. */
	claimedBy?: number;
}

export class EventClaimError extends Error {}

export function decideEventClaim(ownId: number, rows: EventClaimRow[]): EventClaimVerdict {
	const own = rows.find((r) => Number(r.id) === ownId);
	if (!own) {
		throw new EventClaimError(
			`row ${ownId} is not among the ${rows.length} input rows: read the rows of the event key after inserting this execution's row`,
		);
	}
	const eventKey = String(own.event_key ?? '');
	const others = rows.filter((r) => Number(r.id) !== ownId && String(r.event_key ?? '') === eventKey);
	const verdict = (decision: EventClaimDecision, reason: string, by?: EventClaimRow): EventClaimVerdict => ({
		decision,
		reason,
		eventKey,
		rowId: ownId,
		...(by ? { claimedBy: Number(by.id) } : {}),
	});
	const claimed = others.find((r) => r.status === CLAIM_STATUS.claimed);
	if (claimed) return verdict('repeat', 'already claimed', claimed);
	if (own.status !== CLAIM_STATUS.pending) return verdict('repeat', 'an earlier copy is being processed');
	const earlier = others
		.filter((r) => Number(r.id) < ownId && r.status === CLAIM_STATUS.pending)
		.sort((a, b) => Number(a.id) - Number(b.id));
	if (earlier.length) return verdict('repeat', 'an earlier copy is being processed', earlier[0]);
	return verdict('first', 'first arrival');
}
