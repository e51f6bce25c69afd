import { runCode } from './codeNode';
import { settingsOf, template } from './support';

const t = template('03-dead-group-revival.json');
const settings = settingsOf(t);
const NOW = '2025-06-16T10:00:00+08:00';
const nowSec = Date.parse(NOW) / 1000;
const daysAgo = (d: number) => nowSec - d * 86400;
const member = (userid: string, type: 1 | 2, joinedDaysAgo: number, state?: string) => ({
	userid,
	type,
	join_time: daysAgo(joinedDaysAgo),
	name: `n-${userid}`,
	group_nickname: '',
	...(state ? { state } : {}),
});

describe('Dead-group revival: Match Revival Activity', () => {
	const group = {
		chat_id: 'wrLIVE',
		name: 'MarTech 营销交流群',
		notice: '新群规',
		member_list: [
			member('wmNEW', 2, 0, 'rv_abc'),
			member('wmOTHER', 2, 0, 'live_0612'),
			member('wmRELAUNCH', 2, 0, 'rl_xyz'),
			member('wmOLD', 2, 50, 'rv_abc'),
		],
	};
	const match = (event: Record<string, unknown>) =>
		runCode(t, 'Match Revival Activity', { input: [group], nodes: { Settings: [{ ...settings, ...event }] } }).map((i) => i.json);

	it('records members who joined through a revival or re-launch code, only those in this event', () => {
		const out = match({ updateDetail: 'add_member', memChangeList: ['wmNEW', 'wmOTHER', 'wmRELAUNCH'] });
		expect(out.map((o) => [o.activity, o.member_id, o.state])).toEqual([
			['joined', 'wmNEW', 'rv_abc'],
			['joined', 'wmRELAUNCH', 'rl_xyz'],
		]);
		expect(out[0]).toMatchObject({ chat_id: 'wrLIVE', member_name: 'n-wmNEW' });
	});

	it('passes on renames and notice changes, and removals only when the owner or an admin removed', () => {
		expect(match({ updateDetail: 'change_name' })).toEqual([{ activity: 'renamed', chat_id: 'wrLIVE', name: 'MarTech 营销交流群' }]);
		expect(match({ updateDetail: 'change_notice' })).toEqual([{ activity: 'notice', chat_id: 'wrLIVE', notice: '新群规' }]);
		expect(match({ updateDetail: 'del_member', quitMethod: 'removedByAdmin', memChangeList: ['a', 'b'] })).toEqual([
			{ activity: 'removed', chat_id: 'wrLIVE', member_ids: ['a', 'b'] },
		]);
		expect(match({ updateDetail: 'del_member', quitMethod: 'left', memChangeList: ['a'] })).toEqual([]);
	});
});

describe('Dead-group revival: Check Re-Launch Steps', () => {
	const row = {
		chat_id: 'wrL',
		kind: 'large',
		group_name: 'Old',
		new_name: 'MarTech 营销交流群',
		owner: 'wangwu',
		members_to_remove: 'a,b,c',
		removed_count: 0,
		renamed: false,
		rules_updated: false,
		status: 'task_sent',
	};
	const check = (activity: Record<string, unknown>, r: Record<string, unknown> = row) =>
		runCode(t, 'Check Re-Launch Steps', {
			input: [r],
			nodes: { Settings: [settings], 'Joined or Group Change?': [activity] },
			now: NOW,
		}).map((i) => i.json);

	it('counts the rename only when the group has exactly the planned name, and the notice only with the new rules', () => {
		expect(check({ activity: 'renamed', name: 'MarTech 群' })[0].renamed).toBe(false);
		expect(check({ activity: 'renamed', name: ' MarTech 营销交流群 ' })[0].renamed).toBe(true);
		expect(check({ activity: 'notice', notice: '欢迎大家' })[0].rules_updated).toBe(false);
		expect(check({ activity: 'notice', notice: settings.newRules })[0].rules_updated).toBe(true);
	});

	it('counts only removals of listed members, and reports the re-launch once when every step is done', () => {
		expect(check({ activity: 'removed', member_ids: ['a', 'x'] })[0].removed_count).toBe(1);
		const almost = { ...row, renamed: true, rules_updated: true, removed_count: 2 };
		const [done] = check({ activity: 'removed', member_ids: ['c', 'c2'] }, almost);
		expect(done).toMatchObject({
			removed_count: 3,
			status: 'relaunched',
			just_relaunched: true,
			relaunched_at: expect.stringMatching(/^2025-06-16T10:00:00/),
		});
		const [again] = check(
			{ activity: 'renamed', name: row.new_name },
			{ ...almost, removed_count: 3, status: 'relaunched', relaunched_at: '2025-06-16T02:00:00.000Z' },
		);
		expect(again).toMatchObject({ status: 'relaunched', just_relaunched: false, relaunched_at: '2025-06-16T02:00:00.000Z' });
	});

	it('ignores events on groups revived as small groups', () => {
		expect(check({ activity: 'renamed', name: 'x' }, { ...row, kind: 'small' })).toEqual([]);
	});
});
