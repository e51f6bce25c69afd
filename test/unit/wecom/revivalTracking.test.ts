import { relaunchProgress, revivalActivity } from '../../../lib/wecom/revivalTracking';
import type { RevivalActivity } from '../../../lib/wecom/revivalTracking';
import { useSandbox } from '../../helpers/sandbox';
import { calls, json, runWeCom } from './support';

const ctx = useSandbox();
const GET = '/cgi-bin/externalcontact/groupchat/get';
const NOW = '2025-06-16T02:00:00.000Z';
const nowSec = Date.parse(NOW) / 1000;
const member = (userid: string, joinedDaysAgo: number, state?: string) => ({
	userid,
	type: 2,
	join_time: nowSec - joinedDaysAgo * 86400,
	name: `n-${userid}`,
	group_nickname: '',
	...(state ? { state } : {}),
});
const RULES = '【MarTech 营销交流群 · 群规】\n1. 本群只聊 B2B 营销';

describe('revivalActivity', () => {
	const group = {
		name: 'MarTech 营销交流群',
		notice: '新群规',
		member_list: [
			member('wmNEW', 0, 'rv_abc'),
			member('wmOTHER', 0, 'live_0612'),
			member('wmRELAUNCH', 0, 'rl_xyz'),
			member('wmOLD', 50, 'rv_abc'),
		],
	};
	const match = (e: { updateDetail: string; memChangeList?: string[]; quitMethod?: string }) =>
		revivalActivity('wrLIVE', { memChangeList: [], ...e }, group, ['rv_', 'rl_']);

	it('records members who joined through a revival or re-launch code, only those in this event', () => {
		const out = match({ updateDetail: 'add_member', memChangeList: ['wmNEW', 'wmOTHER', 'wmRELAUNCH'] });
		expect(out.map((o) => o.activity === 'joined' && [o.member_id, o.state])).toEqual([
			['wmNEW', 'rv_abc'],
			['wmRELAUNCH', 'rl_xyz'],
		]);
		expect(out[0]).toMatchObject({ chat_id: 'wrLIVE', member_name: 'n-wmNEW', joined_at: NOW });
	});

	it('passes on renames and notice changes, and removals only when the owner or an admin removed', () => {
		expect(match({ updateDetail: 'change_name' })).toEqual([{ activity: 'renamed', chat_id: 'wrLIVE', name: 'MarTech 营销交流群' }]);
		expect(match({ updateDetail: 'change_notice' })).toEqual([{ activity: 'notice', chat_id: 'wrLIVE', notice: '新群规' }]);
		expect(match({ updateDetail: 'del_member', quitMethod: 'removedByAdmin', memChangeList: ['a', 'b'] })).toEqual([
			{ activity: 'removed', chat_id: 'wrLIVE', member_ids: ['a', 'b'] },
		]);
		expect(match({ updateDetail: 'del_member', quitMethod: 'left', memChangeList: ['a'] })).toEqual([]);
		expect(match({ updateDetail: 'dismiss' })).toEqual([]);
	});
});

describe('relaunchProgress', () => {
	const row = {
		chat_id: 'wrL',
		group_name: 'Old',
		new_name: 'MarTech 营销交流群',
		owner: 'wangwu',
		members_to_remove: 'a,b,c',
		removed_count: 0,
		renamed: false,
		rules_updated: false,
		status: 'task_sent',
	};
	const check = (act: Record<string, unknown>, r: Record<string, unknown> = row) =>
		relaunchProgress(r as never, { chat_id: 'wrL', ...act } as RevivalActivity, RULES, NOW);

	it('counts the rename only when the group has exactly the planned name, and the notice only with the new rules', () => {
		expect(check({ activity: 'renamed', name: 'MarTech 群' }).renamed).toBe(false);
		expect(check({ activity: 'renamed', name: ' MarTech 营销交流群 ' }).renamed).toBe(true);
		expect(check({ activity: 'notice', notice: '欢迎大家' }).rules_updated).toBe(false);
		expect(check({ activity: 'notice', notice: `置顶：\n${RULES}` }).rules_updated).toBe(true);
	});

	it('counts only removals of listed members, and reports the re-launch once when every step is done', () => {
		expect(check({ activity: 'removed', member_ids: ['a', 'x'] }).removed_count).toBe(1);
		const almost = { ...row, renamed: true, rules_updated: true, removed_count: 2 };
		expect(check({ activity: 'removed', member_ids: ['c', 'c2'] }, almost)).toMatchObject({
			removed_count: 3,
			status: 'relaunched',
			just_relaunched: true,
			relaunched_at: NOW,
		});
		const again = check(
			{ activity: 'renamed', name: row.new_name },
			{ ...almost, removed_count: 3, status: 'relaunched', relaunched_at: '2025-06-15T02:00:00.000Z' },
		);
		expect(again).toMatchObject({ status: 'relaunched', just_relaunched: false, relaunched_at: '2025-06-15T02:00:00.000Z' });
	});
});

describe('customer group: match revival activity and check re-launch (node)', () => {
	const event = (e: Record<string, unknown>) => ({ chatId: 'wrSANDBOX000000', memChangeList: [], ...e });

	it('reads the group once for a join and names the members who came through a tracked code', async () => {
		await ctx.control.reset();
		const group = (await runWeCom(ctx, { resource: 'customerGroup', operation: 'get', chatId: 'wrSANDBOX000000', needName: true }))[0][0]
			.json as any;
		const tracked = group.member_list.filter((m: any) => String(m.state ?? '').startsWith('live_'));
		expect(tracked.length).toBeGreaterThan(0);
		const before = (await calls(ctx, GET)).length;
		const out = await runWeCom(
			ctx,
			{ resource: 'customerGroup', operation: 'matchRevivalActivity', statePrefixes: 'rv_, live_' },
			{ items: [{ json: event({ updateDetail: 'add_member', memChangeList: group.member_list.map((m: any) => m.userid) }) }] },
		);
		expect((await calls(ctx, GET)).length - before).toBe(1);
		expect(json(out).map((a) => a.member_id)).toEqual(tracked.map((m: any) => m.userid));
		expect(out[0].every((o) => (o.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('needs no WeCom call for a removal, and says which field is missing on a bad event', async () => {
		const before = (await calls(ctx, GET)).length;
		const out = await runWeCom(
			ctx,
			{ resource: 'customerGroup', operation: 'matchRevivalActivity', statePrefixes: 'rv_' },
			{ items: [{ json: event({ updateDetail: 'del_member', quitMethod: 'removedByAdmin', memChangeList: ['a'] }) }] },
		);
		expect(json(out)).toEqual([{ activity: 'removed', chat_id: 'wrSANDBOX000000', member_ids: ['a'] }]);
		expect((await calls(ctx, GET)).length).toBe(before);
		const err = await runWeCom(
			ctx,
			{ resource: 'customerGroup', operation: 'matchRevivalActivity', statePrefixes: 'rv_' },
			{ items: [{ json: { updateDetail: 'add_member' } }] },
		).catch((e) => e);
		expect(String(err.message)).toMatch(/Item 1.*chatId/);
	});

	it('checks a large group row against an activity, and skips small ones', async () => {
		const row = { chat_id: 'wrL', kind: 'large', new_name: 'New', members_to_remove: 'a', renamed: null, status: 'task_sent' };
		const params = {
			resource: 'customerGroup',
			operation: 'checkRelaunch',
			activity: { activity: 'renamed', chat_id: 'wrL', name: 'New' },
			newRules: RULES,
		};
		const out = await runWeCom(ctx, params, { items: [{ json: row }, { json: { ...row, kind: 'small' } }] });
		expect(json(out)).toEqual([expect.objectContaining({ chat_id: 'wrL', renamed: true, to_remove_count: 1, just_relaunched: false })]);
	});
});
