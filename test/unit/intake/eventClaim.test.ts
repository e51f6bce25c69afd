import { claimInterleavings } from '../../helpers/claimInterleavings';
import { decideEventClaim } from '../../../lib/intake/eventClaim';
import type { EventClaimRow } from '../../../lib/intake/eventClaim';

const row = (id: number, status: string, event_key = 'ev1'): EventClaimRow => ({ id, event_key, status });

describe('decideEventClaim (exactly-once claim of an event key)', () => {
	it('a lone pending row is the first arrival', () => {
		expect(decideEventClaim(4, [row(4, 'pending')])).toEqual({ decision: 'first', reason: 'first arrival', eventKey: 'ev1', rowId: 4 });
	});

	it('a row after a claimed one is a repeat, naming the claim', () => {
		expect(decideEventClaim(9, [row(3, 'claimed'), row(9, 'pending')])).toMatchObject({ decision: 'repeat', claimedBy: 3 });
	});

	it('a row behind an earlier pending copy waits for it (a repeat), whatever the order the rows were read in', () => {
		expect(decideEventClaim(9, [row(9, 'pending'), row(3, 'pending')])).toMatchObject({ decision: 'repeat', claimedBy: 3 });
	});

	it('an earlier copy is never held back by a later one; a row marked duplicate is a repeat', () => {
		expect(decideEventClaim(3, [row(3, 'pending'), row(9, 'pending')]).decision).toBe('first');
		expect(decideEventClaim(9, [row(3, 'pending'), row(9, 'duplicate')]).decision).toBe('repeat');
	});

	it('a lower ID that became visible late does not win over a claim already made (PostgreSQL commit order)', () => {
		// Row 9 committed first, was read alone and claimed; row 3 committed afterwards.
		expect(decideEventClaim(9, [row(9, 'pending')]).decision).toBe('first');
		expect(decideEventClaim(3, [row(3, 'pending'), row(9, 'claimed')])).toMatchObject({ decision: 'repeat', claimedBy: 9 });
	});

	it('rows of other keys do not count; IDs may come as strings', () => {
		expect(decideEventClaim(9, [row(3, 'claimed', 'ev2'), { id: '9', event_key: 'ev1', status: 'pending' }]).decision).toBe('first');
	});

	it('a missing own row is a clear error', () => {
		expect(() => decideEventClaim(5, [row(4, 'pending')])).toThrow(/row 5 is not among the 1 input rows/);
	});

	/**
	 * Every interleaving of two executions of the protocol (insert, stop later copies, read, verdict,
	 * confirm), with PostgreSQL's visibility: a row's ID is taken at insert, it is seen once its
	 * insert has committed. Exactly one execution claims the key in each of them.
	 */
	it('two copies in every interleaving, IDs in or out of commit order: exactly one claims', () => {
		const runs = claimInterleavings(
			{ pending: 'pending', stopped: 'duplicate' },
			(own, table) =>
				decideEventClaim(
					own,
					table.map((r) => row(r.id, r.status)),
				).decision === 'first',
		);
		expect(runs.map((r) => [r.ids, r.order, r.winners])).toEqual(runs.map((r) => [r.ids, r.order, 1]));
		expect(runs).toHaveLength(140);
	});
});
