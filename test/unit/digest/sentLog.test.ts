import { assembleDigests } from '../../../lib/digest/assemble';
import { alreadySent, parseSentLog } from '../../../lib/digest/sentLog';
import { entries, options } from './helpers';

const byGroup = (r: ReturnType<typeof assembleDigests>, g: string) => r.digests.find((d) => d.group === g);
const sections = [{ type: 'jobPost', heading: '💼 招聘', cap: 3, overflow: 'carry' as const }];
const jobs = (n: number, extra: Record<string, unknown> = {}) =>
	Array.from({ length: n }, (_, i) => ({ id: `j${i}`, type: 'jobPost', title: `招聘岗位 ${i} 号`, date: '2025-03-02', ...extra }));

/** The sent log a template would store: one line per posted message, "group | ids". */
const logOf = (...days: Array<ReturnType<typeof assembleDigests>>) =>
	parseSentLog(days.flatMap((r) => r.digests.flatMap((d) => d.messages.map((m) => `${d.group} | ${m.entryIds.join(',')}`))).join('\n'));

describe('parseSentLog', () => {
	it('reads "group | ids" lines, merging lines of one group and skipping lines without ids', () => {
		const log = parseSentLog('A | 1, 2\nB|3\n\nA | 4 5；\nC |\n | 9\nnot a line');
		expect([...log.keys()]).toEqual(['A', 'B']);
		expect([...log.get('A')!]).toEqual(['1', '2', '4', '5']);
		expect(alreadySent(log, 'A', ['9', '2'])).toBe(true);
		expect(alreadySent(log, 'B', ['1'])).toBe(false);
		expect(alreadySent(log, 'C', ['1'])).toBe(false);
		expect(alreadySent(undefined, 'A', ['1'])).toBe(false);
	});
});

describe('assembleDigests with a sent log instead of rewritten entries', () => {
	it('brings back tomorrow, from the unchanged entries, exactly what each group missed', () => {
		const stored = [...jobs(4), { id: 'only6', type: 'jobPost', title: '只发 6 群', groups: ['martech-6'], date: '2025-03-02' }];
		const day1 = assembleDigests(entries(stored), options({ sections }));
		expect(byGroup(day1, 'martech-6')!.entryIds).toEqual(['j0', 'j1', 'j2']);
		expect(byGroup(day1, 'saas-2')!.entryIds).toEqual(['j0', 'j1', 'j2']);
		const fresh = { id: 'new', type: 'jobPost', title: '今天的新需求', date: '2025-03-04' };
		const day2 = assembleDigests(entries([...stored, fresh]), options({ date: '2025-03-04', sections, sent: logOf(day1) }));
		// The older entries lead; nothing a group already had comes again.
		expect(byGroup(day2, 'martech-6')!.entryIds).toEqual(['j3', 'only6', 'new']);
		expect(byGroup(day2, 'saas-2')!.entryIds).toEqual(['j3', 'new']);
		expect(day2.report.alreadySent).toBe(6);
		const day3 = assembleDigests(entries([...stored, fresh]), options({ date: '2025-03-05', sections, sent: logOf(day1, day2) }));
		expect(day3.digests).toEqual([]);
		expect(day3.report.emptyGroups).toEqual(['martech-6', 'saas-2']);
	});

	it('an entry shown in one group but over the cap in another comes back in that one only', () => {
		const stored = [...jobs(3, { groups: ['martech-6'] }), { id: 'all', type: 'jobPost', title: '全员可见', date: '2025-03-02' }];
		const day1 = assembleDigests(entries(stored), options({ sections }));
		expect(byGroup(day1, 'saas-2')!.entryIds).toEqual(['all']);
		const day2 = assembleDigests(entries(stored), options({ date: '2025-03-04', sections, sent: logOf(day1) }));
		expect(byGroup(day2, 'martech-6')!.entryIds).toEqual(['all']);
		expect(byGroup(day2, 'saas-2')).toBeUndefined();
	});

	it('a later duplicate of what a group already had is not shown again', () => {
		const first = [
			{ id: 'a', type: 'event', title: '6月12日直播：B2B 私域增长实战', link: 'https://live.example.com/0612', date: '2025-03-02' },
		];
		const events = [{ type: 'event', heading: '📅 活动预告', cap: 5, overflow: 'carry' as const }];
		const day1 = assembleDigests(entries(first), options({ sections: events }));
		const again = [
			...first,
			{ id: 'b', type: 'event', title: '直播预告：B2B 私域增长实战', link: 'https://live.example.com/0612', date: '2025-03-03' },
		];
		const day2 = assembleDigests(entries(again), options({ date: '2025-03-04', sections: events, sent: logOf(day1) }));
		expect(day2.digests).toEqual([]);
	});
});
