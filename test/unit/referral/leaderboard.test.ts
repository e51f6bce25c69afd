import { LeaderboardError, rankReferrers, renderLeaderboard } from '../../../lib/referral/leaderboard';

const day = Date.parse('2026-11-30T00:00:00+08:00');
const rows = [
	{ id: 1, referrer: 'wmA', referrer_name: '爱丽丝', added_at: '2026-11-29T10:00:00+08:00' },
	{ id: 2, referrer: 'wmB', referrer_name: '鲍勃', added_at: '2026-11-29T11:00:00+08:00' },
	{ id: 3, referrer: 'wmB', referrer_name: '鲍勃', added_at: '2026-11-30T09:00:00+08:00' },
	{ id: 4, referrer: 'wmA', referrer_name: '爱丽丝', added_at: '2026-11-30T09:30:00+08:00' },
	{ id: 5, referrer: 'wmC', referrer_name: '[卡罗尔](https://x.cn)', added_at: '2026-11-30T10:00:00+08:00' },
];

describe('leaderboard', () => {
	it('ranks by counted invites; a tie goes to who reached the count first; today counts from the day start', () => {
		expect(rankReferrers(rows, { top: 10, since: day })).toEqual([
			{ rank: 1, referrer: 'wmB', name: '鲍勃', invites: 2, today: 1 },
			{ rank: 2, referrer: 'wmA', name: '爱丽丝', invites: 2, today: 1 },
			{ rank: 3, referrer: 'wmC', name: '卡罗尔 (', invites: 1, today: 1 },
		]);
	});

	it('keeps the top N and gives the same ranking whatever order the rows come in', () => {
		const shuffled = [rows[4], rows[2], rows[0], rows[3], rows[1]];
		expect(rankReferrers(shuffled, { top: 2, since: day })).toEqual(rankReferrers(rows, { top: 2, since: day }));
		expect(rankReferrers(rows, { top: 2 }).map((e) => e.referrer)).toEqual(['wmB', 'wmA']);
		expect(() => rankReferrers(rows, { top: 0 })).toThrow(LeaderboardError);
	});

	it('renders names, not IDs, with the wording given', () => {
		const text = renderLeaderboard(
			rankReferrers(rows, { top: 2, since: day }),
			{ title: '🏆 邀请榜 {date}（共 {total} 人）', line: '{rank}. {name} {invites} 人（今日 +{today}）', footer: '继续加油！' },
			{ date: '2026-11-30', total: 5 },
		);
		expect(text).toBe('🏆 邀请榜 2026-11-30（共 5 人）\n1. 鲍勃 2 人（今日 +1）\n2. 爱丽丝 2 人（今日 +1）\n继续加油！');
		expect(text).not.toMatch(/wm[ABC]/);
		expect(() => renderLeaderboard([], { title: '{when}', line: '' }, { date: 'd', total: 0 })).toThrow(/\{when\}/);
	});
});
