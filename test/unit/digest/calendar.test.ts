import type { KnowledgePoint } from '../../../lib/digest/calendar';
import { knowledgeCalendarSchema, pickKnowledge } from '../../../lib/digest/calendar';
import { DateTime } from 'luxon';
import calendar from '../../fixtures/digest/calendar.json';

const points = knowledgeCalendarSchema.parse(calendar);
const days = (from: string, n: number) =>
	Array.from({ length: n }, (_, i) => DateTime.fromISO(from, { zone: 'UTC' }).plus({ days: i }).toISODate()!);
const idsFor = (list: KnowledgePoint[], dates: string[], order: 'shuffled' | 'inOrder' = 'shuffled') =>
	dates.map(
		(d) =>
			pickKnowledge(list, d, { order, startDate: '2024-01-01' })!.point.id ??
			pickKnowledge(list, d, { order, startDate: '2024-01-01' })!.point.title,
	);

describe('knowledge calendar', () => {
	const many: KnowledgePoint[] = Array.from({ length: 7 }, (_, i) => ({ id: `k${i}`, title: `知识点 ${i}` }));

	it('shows every point once per round, in a different order each round', () => {
		const rounds = [0, 1, 2, 3].map((r) =>
			idsFor(
				many,
				days(
					DateTime.fromISO('2024-01-01')
						.plus({ days: r * 7 })
						.toISODate()!,
					7,
				),
			),
		);
		for (const r of rounds) expect([...r].sort()).toEqual(many.map((p) => p.id).sort());
		expect(new Set(rounds.map((r) => r.join())).size).toBeGreaterThan(1);
	});

	it('never shows the same point two days running, across round boundaries, over years', () => {
		for (const list of [many, points, many.slice(0, 3)]) {
			const seq = idsFor(list, days('2024-01-01', 800));
			seq.forEach((id, i) => i && expect(id).not.toBe(seq[i - 1]));
		}
	});

	it('is deterministic: the date and the list decide, nothing else', () => {
		expect(idsFor(points, days('2025-03-01', 30))).toEqual(idsFor(points, days('2025-03-01', 30)));
		expect(pickKnowledge(points, '2025-03-03', { order: 'shuffled', startDate: '2024-01-01' })).toEqual(
			pickKnowledge([...points.map((p) => ({ ...p }))], '2025-03-03', { order: 'shuffled', startDate: '2024-01-01' }),
		);
	});

	it('in list order starts with point 1 on the start date and wraps around', () => {
		const seq = days('2025-03-01', 7).map((d) => pickKnowledge(points, d, { order: 'inOrder', startDate: '2025-03-01' })!);
		expect(seq.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 0, 1]);
		expect(seq.map((p) => p.round)).toEqual([0, 0, 0, 0, 0, 1, 1]);
		// Days before the start date still get a point.
		expect(pickKnowledge(points, '2025-02-28', { order: 'inOrder', startDate: '2025-03-01' })!.index).toBe(4);
	});

	it('skips recently used points when a history is passed (after the list was edited)', () => {
		const o = { order: 'inOrder' as const, startDate: '2025-03-01' };
		expect(pickKnowledge(points, '2025-03-01', { ...o, recentlyUsed: ['k-aida'] })!.point.id).toBe('k-mql');
		expect(pickKnowledge(points, '2025-03-01', { ...o, recentlyUsed: ['k-aida', 'k-mql', 'k-nurture'] })!.point.id).toBe('k-bant');
		// A history longer than the list: only the newest (n − 1) count, so there is always a pick —
		// here the one point the newest four leave out.
		const all = ['k-mql', 'k-aida', 'k-mql', 'k-nurture', 'k-bant', 'k-fission', 'k-aida'];
		expect(pickKnowledge(points, '2025-03-01', { ...o, recentlyUsed: all })!.point.id).toBe('k-mql');
	});

	it('handles lists of none, one and two', () => {
		expect(pickKnowledge([], '2025-03-01', { order: 'shuffled', startDate: '2024-01-01' })).toBeUndefined();
		expect(new Set(idsFor([{ title: '唯一' }], days('2025-03-01', 5)))).toEqual(new Set(['唯一']));
		expect(idsFor([{ title: 'a' }, { title: 'b' }], days('2024-01-01', 4))).toEqual(['a', 'b', 'a', 'b']);
	});

	it('accepts titles or objects and names a bad point', () => {
		expect(knowledgeCalendarSchema.parse(['只写标题'])).toEqual([{ title: '只写标题' }]);
		const r = knowledgeCalendarSchema.safeParse([{ title: 'ok' }, { title: 'x', link: 'nope' }]);
		expect(r.success).toBe(false);
		expect(JSON.stringify(r.error!.issues)).toContain('"path":[1,"link"]');
	});
});
