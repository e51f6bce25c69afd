import { checkRewardRules, claimRewards, dueRewards, rewardKey } from '../../../lib/referral/rewards';

const rules = [
	{
		invites: 3,
		reward: '课程《增长实战》',
		link: 'https://example.com/unlock/c1',
		message: '{name}，你已邀请 {invites} 位好友，{reward} 已解锁：{link}',
	},
	{
		invites: 1,
		reward: '《B2B 社群运营手册》',
		link: 'https://example.com/m.pdf',
		message: '{name}，感谢邀请！{reward}：{link}。再邀请 {toNext} 位好友可获得{next}',
	},
];

describe('rewards at thresholds', () => {
	it('is due once the count reaches its threshold, with the message filled in', () => {
		expect(dueRewards({ referrer: 'wmA', referrerName: '爱丽丝', invites: 1, given: [], rules })).toEqual([
			{
				rewardKey: 'wmA#1',
				referrer: 'wmA',
				referrerName: '爱丽丝',
				threshold: 1,
				reward: '《B2B 社群运营手册》',
				link: 'https://example.com/m.pdf',
				invites: 1,
				message: '爱丽丝，感谢邀请！《B2B 社群运营手册》：https://example.com/m.pdf。再邀请 2 位好友可获得课程《增长实战》',
			},
		]);
		expect(dueRewards({ referrer: 'wmA', referrerName: '爱丽丝', invites: 2, given: [1], rules })).toEqual([]);
		expect(dueRewards({ referrer: 'wmA', referrerName: '爱丽丝', invites: 3, given: [1], rules }).map((r) => r.message)).toEqual([
			'爱丽丝，你已邀请 3 位好友，课程《增长实战》 已解锁：https://example.com/unlock/c1',
		]);
	});

	it('gives every threshold passed and not given yet (a count seen late jumps two thresholds)', () => {
		expect(dueRewards({ referrer: 'wmA', referrerName: 'A', invites: 4, given: [], rules }).map((r) => r.threshold)).toEqual([1, 3]);
		expect(dueRewards({ referrer: 'wmA', referrerName: 'A', invites: 9, given: [1, 3], rules })).toEqual([]);
	});

	it('leaves out the line about the next reward once none is left', () => {
		const two = [{ ...rules[1], message: '{name}：{reward}\n再邀请 {toNext} 位好友可获得{next}\n谢谢！' }, rules[0]];
		expect(dueRewards({ referrer: 'wmA', referrerName: 'A', invites: 1, given: [], rules: two })[0].message).toBe(
			'A：《B2B 社群运营手册》\n再邀请 2 位好友可获得课程《增长实战》\n谢谢！',
		);
		expect(dueRewards({ referrer: 'wmA', referrerName: 'A', invites: 3, given: [], rules: two }).map((r) => r.message)).toEqual([
			'A：《B2B 社群运营手册》\n谢谢！',
			'A，你已邀请 3 位好友，课程《增长实战》 已解锁：https://example.com/unlock/c1',
		]);
	});

	it("cleans the member's name (links, markup) before it reaches the message", () => {
		const [r] = dueRewards({ referrer: 'wmA', referrerName: '<b>Eve</b> www.evil.cn', invites: 1, given: [], rules });
		expect(r.referrerName).toBe('b Eve /b');
		expect(r.message).not.toMatch(/evil|</);
	});

	it('checks the rules and names the one that is wrong', () => {
		expect(() => checkRewardRules([])).toThrow(/at least one/);
		expect(() => checkRewardRules([{ invites: 0, reward: 'x', message: 'm' }])).toThrow(/reward 1 \("x"\): invites must be/);
		expect(() => checkRewardRules([rules[0], { ...rules[1], invites: 3 }])).toThrow(/reward 2 .*same 3 invites/);
		expect(() => checkRewardRules([{ invites: 1, reward: 'x', message: '{name} {price}' }])).toThrow(/\{price\}, which has no value/);
		expect(() => checkRewardRules([{ invites: 1, reward: 'x', message: 'm', link: 'javascript:alert(1)' }])).toThrow(/https:\/\//);
	});

	it('claims each key once: of two copies that both saw a threshold, exactly one sends it', () => {
		const rows = [
			{ id: 5, event_key: rewardKey('wmA', 1), status: 'claimed' },
			{ id: 7, event_key: rewardKey('wmA', 3), status: 'pending' },
			{ id: 8, event_key: rewardKey('wmA', 3), status: 'pending' },
			{ id: 9, event_key: rewardKey('wmA', 1), status: 'pending' },
		];
		expect(claimRewards([7], rows).map((v) => v.decision)).toEqual(['first']);
		expect(claimRewards([8, 9], rows).map((v) => [v.rowId, v.decision, v.reason])).toEqual([
			[8, 'repeat', 'an earlier copy is being processed'],
			[9, 'repeat', 'already claimed'],
		]);
	});
});
