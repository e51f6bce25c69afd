import type { CarriedEntry } from '../../../lib/digest/assemble';
import { partlyShown } from '../../../lib/digest/carry';

const carried = (id: string, meantFor: string[], missed: string[]): CarriedEntry => ({
	entry: { id, type: 'jobPost', title: id, groups: meantFor, priority: 0, carriedOver: 0, sourceItems: [0], mergedIds: [] },
	groups: missed,
	carriedOver: 1,
	carriedFrom: '2025-03-03',
});

describe('partlyShown', () => {
	it('keeps entries shown in some of their groups and drops those no group showed', () => {
		const list = [
			carried('everyone, missed everywhere', [], []),
			carried('everyone, missed in A', [], ['A']),
			carried('A and B, missed in both', ['A', 'B'], ['B', 'A']),
			carried('A and B, missed in B', ['A', 'B'], ['B']),
		];
		expect(partlyShown(list).map((c) => c.entry.id)).toEqual(['everyone, missed in A', 'A and B, missed in B']);
	});
});
