import {
	DEFAULT_REASONS,
	awardFromForm,
	checkReasons,
	findMember,
	pointsFromAttendance,
	pointsFromGroupJoin,
} from '../../../lib/community/awards';
import type { GroupDetails } from '../../../lib/community/awards';
import { DEFAULT_LADDER, checkLadder, levelFor, standingsAfterEvent } from '../../../lib/community/ladder';
import type { LedgerRow } from '../../../lib/community/ledger';
import { countedRows, totalsByMember } from '../../../lib/community/ledger';
import { renderLevelUp } from '../../../lib/community/levelUp';
import { monthlyTop, renderMix, renderTop, roleMix } from '../../../lib/community/reports';

const TZ = 'Asia/Shanghai';
const group = (
	chat_id: string,
	name: string,
	members: Array<[string, string, Partial<{ type: number; state: string; nick: string }>?]>,
): GroupDetails => ({
	chat_id,
	name,
	member_list: members.map(([userid, n, o = {}]) => ({
		userid,
		name: n,
		type: o.type ?? 2,
		state: o.state,
		group_nickname: o.nick ?? '',
		join_time: 1_764_000_000,
	})),
});
const A = group('wrA', 'MarTech 1群', [
	['zhangsan', '张三', { type: 1 }],
	['wmCHEN', '陈经理'],
	['wmLIN', '林女士', { nick: '林 · 增长' }],
	['wmWANG', '王总'],
]);
const B = group('wrB', 'SaaS 俱乐部', [
	['wmWANG', '王总'],
	['wmWANG2', '王总'],
]);

let nextId = 1;
const row = (member_id: string, points: number, o: Partial<LedgerRow> = {}): LedgerRow => {
	const id = nextId++;
	return {
		id,
		entry_key: `k${id}`,
		event_key: `e${id}`,
		member_id,
		member_name: member_id,
		chat_id: 'wrA',
		group_name: 'MarTech 1群',
		points,
		awarded_at: '2026-10-15T02:00:00.000Z',
		...o,
	};
};

describe('community points: form awards', () => {
	const reasons = checkReasons(DEFAULT_REASONS);

	it('awards the reason’s points to the member found by name, in the group where they are', () => {
		const e = awardFromForm(
			{ member: '陈经理', group: '', reason: '好问题 Good question', note: '问了线索分配', submittedAt: '2026-11-03T10:00:00+08:00' },
			reasons,
			[A, B],
			TZ,
		);
		expect(e).toMatchObject({
			member_id: 'wmCHEN',
			member_name: '陈经理',
			chat_id: 'wrA',
			group_name: 'MarTech 1群',
			points: 10,
			source: 'form',
			note: '问了线索分配',
		});
		expect(e.entry_key).toBe(e.event_key);
	});

	it('gives a double submission (same member, reason, note, day) the same key, and another note or day a new one', () => {
		const f = { member: '陈经理', group: '', reason: '参与讨论 Discussion', note: '', submittedAt: '2026-11-03T10:00:00+08:00' };
		const k = (o: Partial<typeof f>) => awardFromForm({ ...f, ...o }, reasons, [A], TZ).entry_key;
		expect(k({ submittedAt: '2026-11-03T23:59:00+08:00' })).toBe(k({}));
		expect(k({ submittedAt: '2026-11-04T00:01:00+08:00' })).not.toBe(k({}));
		expect(k({ note: '第二次' })).not.toBe(k({}));
		// 2026-11-03 16:30 UTC is already the 4th in China.
		expect(k({ submittedAt: '2026-11-03T16:30:00Z' })).toBe(k({ submittedAt: '2026-11-04T09:00:00+08:00' }));
	});

	it('finds members by nickname or user ID, ignoring case and width', () => {
		expect(findMember('林 · 增长', '', [A]).member_id).toBe('wmLIN');
		expect(findMember('WMLIN', '', [A]).member_id).toBe('wmLIN');
	});

	it('says what to do when a name is unknown, ambiguous or in several groups', () => {
		expect(() => findMember('赵六', '', [A, B])).toThrow(/Member "赵六" is not in the program's groups/);
		expect(() => findMember('王总', '', [B])).toThrow(/matches 2 people .*type the user ID or pick the group/);
		expect(() => findMember('wmWANG', '', [A, B])).toThrow(/is in 2 groups \(MarTech 1群, SaaS 俱乐部\): pick the group/);
		expect(findMember('wmWANG', 'SaaS 俱乐部', [A, B]).chat_id).toBe('wrB');
		expect(() => findMember('wmWANG', '不存在的群', [A, B])).toThrow(/Group "不存在的群" is not one of the program's groups/);
	});

	it('refuses a reason that is not in the list, naming the list', () => {
		expect(() =>
			awardFromForm(
				{ member: '陈经理', group: '', reason: '发红包', note: '', submittedAt: '2026-11-03T10:00:00+08:00' },
				reasons,
				[A],
				TZ,
			),
		).toThrow(/Reason "发红包" is not in the Reasons list \(好问题 Good question, 分享资料 Material shared, 参与讨论 Discussion\)/);
	});

	it('checks the reasons list', () => {
		expect(() => checkReasons([])).toThrow(/Reasons is empty/);
		expect(() =>
			checkReasons([
				{ name: 'a', points: 1 },
				{ name: 'a', points: 2 },
			]),
		).toThrow(/"a" is listed twice/);
		expect(() => checkReasons([{ name: 'a', points: 1.5 }])).toThrow(/whole number/);
	});
});

describe('community points: events the pack sees', () => {
	const rules = { joinPoints: 2, joinReason: '扫码入群', inviteStatePrefix: 'ref_', invitePoints: 5, inviteReason: '邀请好友' };
	const g = group('wrA', 'MarTech 1群', [
		['wmCHEN', '陈经理'],
		['wmNEW1', '新人一', { state: 'ref_wmCHEN' }],
		['wmNEW2', '新人二', { state: 'poster_0612' }],
		['wmSELF', '自己', { state: 'ref_wmSELF' }],
		['wmPLAIN', '直接邀请'],
		['lisi', '李四', { type: 1, state: 'ref_wmCHEN' }],
	]);
	const ev = {
		eventId: 'ev1',
		chatId: 'wrA',
		memChangeList: ['wmNEW1', 'wmNEW2', 'wmSELF', 'wmPLAIN', 'lisi'],
		createdAt: '2026-11-03T02:00:00.000Z',
	};

	it('gives join points to members who came through a code and invite points to the referrer their state names', () => {
		const out = pointsFromGroupJoin(ev, g, rules);
		expect(out.map((e) => [e.entry_key, e.member_id, e.points, e.source])).toEqual([
			['join|wrA|wmNEW1', 'wmNEW1', 2, 'join'],
			['invite|wmNEW1', 'wmCHEN', 5, 'invite'],
			['join|wrA|wmNEW2', 'wmNEW2', 2, 'join'],
			['join|wrA|wmSELF', 'wmSELF', 2, 'join'],
		]);
		expect(out[1]).toMatchObject({ member_name: '陈经理', note: 'invited 新人一', event_key: 'ev1' });
	});

	it('keys a rejoin and an invite into another group the same, so they count once', () => {
		const again = pointsFromGroupJoin({ ...ev, eventId: 'ev2', memChangeList: ['wmNEW1'] }, g, rules);
		const first = pointsFromGroupJoin(ev, g, rules);
		expect(again.map((e) => e.entry_key)).toEqual(
			first.filter((e) => e.member_id === 'wmNEW1' || e.note === 'invited 新人一').map((e) => e.entry_key),
		);
	});

	it('one attendance per member per live session', () => {
		const a = {
			liveId: 'live-1106',
			liveTitle: 'ABM 实战 https://evil.example/x',
			memberId: 'wmCHEN',
			memberName: '陈经理',
			chatId: '',
			groupName: '',
			attendedAt: '2026-11-06T12:00:00Z',
		};
		const e = pointsFromAttendance(a, 5, '直播出席');
		expect(e).toMatchObject({ entry_key: 'live|live-1106|wmCHEN', points: 5, note: 'ABM 实战', awarded_at: '2026-11-06T12:00:00.000Z' });
		expect(() => pointsFromAttendance({ ...a, memberId: '' }, 5, 'x')).toThrow(/Member ID is empty/);
	});
});

describe('community points: ledger and ladder', () => {
	it('counts each entry key once (its lowest row ID)', () => {
		const r1 = row('wmA', 10, { entry_key: 'same' });
		const r2 = row('wmA', 10, { entry_key: 'same' });
		const r3 = row('wmA', 5);
		expect(countedRows([r3, r2, r1]).map((r) => r.id)).toEqual([r1.id, r3.id]);
		expect(totalsByMember([r1, r2, r3]).get('wmA')).toBe(15);
	});

	it('checks the ladder: sorted, first at 0, unique names and thresholds', () => {
		expect(checkLadder([...DEFAULT_LADDER].reverse()).map((l) => l.name)).toEqual(DEFAULT_LADDER.map((l) => l.name));
		expect(() => checkLadder([{ name: 'a', minPoints: 10, targetPercent: 1 }])).toThrow(/must start at 0 points/);
		expect(() =>
			checkLadder([
				{ name: 'a', minPoints: 0 },
				{ name: 'b', minPoints: 0 },
			]),
		).toThrow(/start at the same 0 points/);
		expect(() => checkLadder([{ name: 'a', minPoints: 0, targetPercent: 120 }])).toThrow(/between 0 and 100/);
		expect(levelFor(29, DEFAULT_LADDER).name).toBe('普通成员');
		expect(levelFor(30, DEFAULT_LADDER).name).toBe('活跃成员');
		expect(levelFor(10_000, DEFAULT_LADDER).name).toBe('讲师');
	});

	it('a level-up belongs to the event whose row takes the member over the threshold, in row order', () => {
		const rows = [
			row('wmA', 10),
			row('wmA', 10),
			row('wmA', 5, { event_key: 'X' }),
			row('wmA', 10, { event_key: 'Y' }),
			row('wmB', 10, { event_key: 'Y' }),
		];
		const x = standingsAfterEvent(rows, 'X', DEFAULT_LADDER);
		expect(x).toEqual([
			expect.objectContaining({ member_id: 'wmA', previous_total: 20, total: 25, levelled_up: false, level: '普通成员' }),
		]);
		const y = standingsAfterEvent(rows, 'Y', DEFAULT_LADDER);
		expect(y[0]).toMatchObject({
			member_id: 'wmA',
			previous_total: 25,
			total: 35,
			levelled_up: true,
			previous_level: '普通成员',
			level: '活跃成员',
			points_added: 10,
		});
		expect(y[1]).toMatchObject({ member_id: 'wmB', total: 10, levelled_up: false });
		// Read by a later execution (more rows after Y): the crossing still belongs to Y only.
		const later = [...rows, row('wmA', 100, { event_key: 'Z' })];
		expect(standingsAfterEvent(later, 'Y', DEFAULT_LADDER)[0].levelled_up).toBe(true);
		expect(standingsAfterEvent(later, 'Z', DEFAULT_LADDER)[0]).toMatchObject({
			previous_level: '活跃成员',
			level: '核心成员',
			levelled_up: true,
		});
		expect(renderLevelUp(y[0], '恭喜 {name} 升级为「{level}」（{previousLevel} → {level}），累计 {points} 分')).toBe(
			'恭喜 wmA 升级为「活跃成员」（普通成员 → 活跃成员），累计 35 分',
		);
		expect(() => renderLevelUp(y[0], '{nom}')).toThrow(/Level-Up Text uses \{nom\}/);
	});
});

describe('community points: monthly top and role mix', () => {
	const rows = [
		row('wmCHEN', 10, { awarded_at: '2026-10-31T15:59:00Z' }), // 23:59 on 31 Oct in China: October
		row('wmCHEN', 10, { awarded_at: '2026-10-31T16:01:00Z' }), // November in China
		row('wmLIN', 15, { awarded_at: '2026-10-02T01:00:00Z' }),
		row('wmWANG', 15, { awarded_at: '2026-10-20T01:00:00Z' }),
		row('wmCHEN', 5, { awarded_at: '2026-10-21T01:00:00Z' }),
		row('wmOTHER', 50, { awarded_at: '2026-10-21T01:00:00Z', chat_id: 'wrB' }),
		row('wmLIN', 5, { awarded_at: '2026-10-22T01:00:00Z', entry_key: 'dup' }),
		row('wmLIN', 5, { awarded_at: '2026-10-22T01:00:00Z', entry_key: 'dup' }),
	];

	it('ranks the month’s points in the group (China time), ties to who got there first, names from the group', () => {
		const top = monthlyTop(rows, A, '2026-10', TZ, 3);
		expect(top).toEqual([
			{ rank: 1, member_id: 'wmLIN', name: '林 · 增长', points: 20 },
			{ rank: 2, member_id: 'wmWANG', name: '王总', points: 15 },
			{ rank: 3, member_id: 'wmCHEN', name: '陈经理', points: 15 },
		]);
		const text = renderTop(top, A, '2026-10', { text: '{group} {month} 贡献之星\n{lines}', line: '{medal} {name} {points} 分', empty: '' });
		expect(text).toBe('MarTech 1群 2026-10 贡献之星\n🥇 林 · 增长 20 分\n🥈 王总 15 分\n🥉 陈经理 15 分');
		expect(renderTop([], A, '2026-09', { text: 'x', line: 'y', empty: '' })).toBe('');
		expect(() => monthlyTop(rows, A, 'October', TZ, 3)).toThrow(/Month "October" is not a month/);
	});

	it('places every external member at their level and compares with the target', () => {
		const big = group(
			'wrM',
			'Mix',
			Array.from({ length: 20 }, (_, i) => [`m${i}`, `成员${i}`] as [string, string]),
		);
		const ledger = [row('m0', 400), row('m1', 200), row('m2', 120), row('m3', 30), row('m4', 35), row('m5', 29)];
		const mix = roleMix(ledger, big, DEFAULT_LADDER);
		expect(mix.members).toBe(20);
		expect(mix.mix).toEqual([
			{ level: '普通成员', count: 15, percent: 75, target_percent: 70, gap: -1 },
			{ level: '活跃成员', count: 2, percent: 10, target_percent: 10, gap: 0 },
			{ level: '核心成员', count: 1, percent: 5, target_percent: 6, gap: 0 },
			{ level: 'KOL', count: 1, percent: 5, target_percent: 8, gap: 1 },
			{ level: '讲师', count: 1, percent: 5, target_percent: 6, gap: 0 },
		]);
		expect(roleMix([], A, DEFAULT_LADDER).members).toBe(3); // the staff owner is not counted
		expect(
			renderMix(mix, { text: '{group}（{members} 人）\n{lines}', line: '{level} {count} 人 {percent}%（目标 {target}%，{gap}）' }).split(
				'\n',
			)[4],
		).toBe('KOL 1 人 5%（目标 8%，+1）');
	});
});
