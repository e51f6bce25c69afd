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
		type Step = 'insert' | 'stop' | 'read' | 'confirm';
		const steps: Step[] = ['insert', 'stop', 'read', 'confirm'];
		const orders: Array<Array<0 | 1>> = [];
		const build = (a: number, b: number, acc: Array<0 | 1>) => {
			if (!a && !b) {
				orders.push([...acc]);
				return;
			}
			if (a) build(a - 1, b, [...acc, 0]);
			if (b) build(a, b - 1, [...acc, 1]);
		};
		build(4, 4, []);
		let runs = 0;
		for (const ids of [
			[3, 9],
			[9, 3],
		])
			for (const order of orders) {
				const table: Array<{ id: number; status: string; visible: boolean }> = [];
				const pos = [0, 0];
				const seen: EventClaimRow[][] = [[], []];
				const won = [false, false];
				const go = [true, true];
				for (const who of order) {
					const step = steps[pos[who]++];
					const own = ids[who];
					if (step === 'insert') table.push({ id: own, status: 'pending', visible: true });
					if (step === 'stop') for (const r of table) if (r.visible && r.id > own && r.status === 'pending') r.status = 'duplicate';
					if (step === 'read') {
						seen[who] = table.filter((r) => r.visible).map((r) => row(r.id, r.status));
						go[who] = decideEventClaim(own, seen[who]).decision === 'first';
					}
					if (step === 'confirm' && go[who]) {
						const r = table.find((x) => x.id === own)!;
						if (r.status === 'pending') {
							r.status = 'claimed';
							won[who] = true;
						}
					}
				}
				runs++;
				expect([ids, order, won.filter(Boolean).length]).toEqual([ids, order, 1]);
			}
		expect(runs).toBe(140);
	});
});
