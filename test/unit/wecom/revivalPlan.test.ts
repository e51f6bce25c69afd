import type { RevivalRules } from '../../../lib/wecom/revivalPlan';
import { fillPlaceholders, planRevival } from '../../../lib/wecom/revivalPlan';
import { json, runWeCom } from './support';
import { useSandbox } from '../../helpers/sandbox';

const ctx = useSandbox();
const nowSec = Date.parse('2025-06-16T10:00:00+08:00') / 1000;
const daysAgo = (d: number) => nowSec - d * 86400;
const rules: RevivalRules = {
	largeGroupMinMembers: 150,
	keepJoinedWithinDays: 90,
	keepCampaignJoins: true,
	revivalStatePrefix: 'rv_',
	relaunchStatePrefix: 'rl_',
	relaunchName: 'MarTech 营销交流群',
	smallRemark: '迁群 {oldName}',
	largeRemark: '重启 {oldName}',
	memberLine: '- {name}（{userid}，{joined} 入群）',
	listAtMost: 2,
	moreLine: '- 另有 {count} 位',
	timeZone: 'Asia/Shanghai',
	nowSec,
};
const member = (userid: string, type: 1 | 2, joinedDaysAgo: number, state?: string) => ({
	userid,
	type,
	join_time: daysAgo(joinedDaysAgo),
	name: `n-${userid}`,
	...(state ? { state } : {}),
});
const group = (chat_id: string, member_count: number, member_list: ReturnType<typeof member>[] = [], name = chat_id) => ({
	chat_id,
	name,
	owner: 'wangwu',
	member_count,
	member_list,
});

describe('planRevival', () => {
	it('splits small and large groups at the large-group size', () => {
		const [a, b] = [group('wrA', 149), group('wrB', 150)].map((g) => planRevival(g, rules));
		expect([a.kind, b.kind]).toEqual(['small', 'large']);
		expect([a.new_name, b.new_name]).toEqual(['', 'MarTech 营销交流群']);
		expect([a.join_way_remark, b.join_way_remark]).toEqual(['迁群 wrA', '重启 wrB']);
	});

	it("gives each group its own join-code state within WeCom's 30 characters, the same every week", () => {
		const ids = ['wrOgQhDgAAMYQiS5ol9G7gK9JVAAAAAA', 'wrOgQhDgAAMYQiS5ol9G7gK9JVAAAAAB', 'wrOgQhDgAAcwMTB7YmDkbeBsgT_AAAAA'];
		const plans = ids.map((id) => planRevival(group(id, 10, [], '上海市场人资源互换群（2023 年线下活动）——长名字测试测试测试'), rules));
		expect(new Set(plans.map((p) => p.state)).size).toBe(3);
		for (const p of plans) {
			expect(p.state.startsWith('rv_')).toBe(true);
			expect([...p.state].length).toBeLessThanOrEqual(30);
			expect([...p.join_way_remark].length).toBeLessThanOrEqual(30);
		}
		expect(planRevival(group(ids[0], 10), rules).state).toBe(plans[0].state);
	});

	it('lists as not fitting only customers who joined long ago without a campaign code', () => {
		const members = [
			member('staff1', 1, 400),
			member('old-campaign', 2, 400, 'live_0612'),
			member('recent', 2, 30),
			member('old-silent', 2, 120),
			member('edge', 2, 89),
		];
		const large = planRevival(group('wrL', 300, members), rules);
		expect(large.members_to_remove).toEqual([{ userid: 'old-silent', name: 'n-old-silent', joined: '2025-02-16' }]);
		expect(large.to_remove_count).toBe(1);
		expect(planRevival(group('wrL', 300, members), { ...rules, keepJoinedWithinDays: 20 }).members_to_remove.map((m) => m.userid)).toEqual([
			'recent',
			'old-silent',
			'edge',
		]);
		expect(planRevival(group('wrL', 300, members), { ...rules, keepCampaignJoins: false }).members_to_remove.map((m) => m.userid)).toEqual([
			'old-campaign',
			'old-silent',
		]);
		// Small groups move to the live group: nobody is removed.
		expect(planRevival(group('wrS', 5, members), rules).members_to_remove).toEqual([]);
	});

	it('writes the member lines for the owner task, then counts the rest', () => {
		const members = ['a', 'b', 'c', 'd'].map((u) => member(u, 2, 200));
		expect(planRevival(group('wrL', 300, members), rules).members_to_remove_text).toBe(
			'- n-a（a，2024-11-28 入群）\n- n-b（b，2024-11-28 入群）\n- 另有 2 位',
		);
	});

	it('fills {name} placeholders and leaves unknown ones visible', () => {
		expect(fillPlaceholders('MarTech（原{oldName}）{typo}', { oldName: '直播群' })).toBe('MarTech（原直播群）{typo}');
		expect(
			planRevival(group('wrL', 300, [], '直播活动群 0612'), { ...rules, relaunchName: 'MarTech 资源互换群（原{oldName}）' }).new_name,
		).toBe('MarTech 资源互换群（原直播活动群 0612）');
	});
});

describe('WeCom node: Customer Group → Plan Revival', () => {
	const params = {
		resource: 'customerGroup',
		operation: 'planRevival',
		largeGroupMinMembers: 150,
		keepJoinedWithinDays: 90,
		keepCampaignJoins: true,
		relaunchName: '{oldName} 2.0',
		revivalStatePrefix: 'rv_',
		relaunchStatePrefix: 'rl_',
		smallRemark: 'Move {oldName}',
		largeRemark: 'Re-launch {oldName}',
		memberLine: '- {name}',
		listAtMost: 40,
		moreLine: '- {count} more',
		timeZone: 'Asia/Shanghai',
	};

	it('plans each input group, paired to it, calling no API', async () => {
		const out = await runWeCom(ctx, params, {
			items: [group('wrS', 5), { ...group('wrL', 200, [member('m1', 2, 400)]), member_list: [{ ...member('m1', 2, 400), state: null }] }],
		});
		expect(json(out).map((p) => [p.chat_id, p.kind, p.new_name, p.to_remove_count])).toEqual([
			['wrS', 'small', '', 0],
			['wrL', 'large', 'wrL 2.0', 1],
		]);
		expect(out[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(await ctx.control.requests('')).toHaveLength(0);
	});

	it('names the item and field of a group without an owner', async () => {
		const err = await runWeCom(ctx, params, { items: [group('wrS', 5), { chat_id: 'wrX', member_count: 3 }] }).catch((e) => e);
		expect(err.message).toMatch(/Item 2: invalid group — owner: is required/);
	});
});
