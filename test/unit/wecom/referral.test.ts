import { useSandbox } from '../../helpers/sandbox';
import { bodies, json, paired, runWeCom } from './support';

const ctx = useSandbox();
const rf = (operation: string, extra: Record<string, unknown>) => ({ resource: 'referral', operation, ...extra });
const T = 1_790_000_000;

describe('referral (裂变)', () => {
	it("creates a member's personal code: one add_contact_way call, a random state within 30 characters, the QR code", async () => {
		const out = json(
			await runWeCom(
				ctx,
				rf('createCode', {
					member: 'wmALICE',
					memberName: '爱丽丝',
					staff: { __rl: true, mode: 'id', value: 'zhangsan' },
					campaign: 'spring24',
				}),
			),
		)[0];
		expect(out).toMatchObject({
			member: 'wmALICE',
			memberName: '爱丽丝',
			staff: 'zhangsan',
			state: expect.stringMatching(/^spring24-[0-9a-hjkmnp-tv-z]{16}$/),
			qrCode: expect.stringMatching(/^https:\/\//),
			configId: expect.any(String),
			created: true,
		});
		expect(await bodies(ctx, '/cgi-bin/externalcontact/add_contact_way')).toEqual([
			{ type: 1, scene: 2, remark: '爱丽丝', skip_verify: true, state: out.state, user: ['zhangsan'] },
		]);
	});

	it('reuses an existing code without calling WeCom; two members never get the same state', async () => {
		const reuse = json(
			await runWeCom(
				ctx,
				rf('createCode', {
					member: 'wmALICE',
					staff: { __rl: true, mode: 'id', value: 'zhangsan' },
					campaign: 'fx',
					existingState: 'fx-0123456789abcdef',
					existingQrCode: 'https://wework.qpic.cn/x/0',
				}),
			),
		)[0];
		expect(reuse).toMatchObject({ state: 'fx-0123456789abcdef', qrCode: 'https://wework.qpic.cn/x/0', created: false });
		expect(await bodies(ctx, '/cgi-bin/externalcontact/add_contact_way')).toEqual([]);
		const many = json(
			await runWeCom(
				ctx,
				(i) => rf('createCode', { member: `wmM${i}`, staff: { __rl: true, mode: 'id', value: 'lisi' }, campaign: 'fx' }),
				{
					items: Array.from({ length: 20 }, () => ({})),
				},
			),
		);
		expect(new Set(many.map((m) => m.state)).size).toBe(20);
	});

	it('names the item and field of bad input; a campaign name too long for WeCom’s state is refused before any call', async () => {
		await expect(
			runWeCom(ctx, rf('createCode', { member: '', staff: { __rl: true, mode: 'id', value: 'zhangsan' }, campaign: 'fx' })),
		).rejects.toThrow(/Item 1: invalid parameters — member: is empty/);
		await expect(
			runWeCom(
				ctx,
				rf('createCode', { member: 'wmA', staff: { __rl: true, mode: 'id', value: 'zhangsan' }, campaign: 'a_very_long_campaign' }),
			),
		).rejects.toThrow(/Item 1: the campaign prefix "a_very_long_campaign" is 20 characters; at most 13/);
		expect(await bodies(ctx, '/cgi-bin/externalcontact/add_contact_way')).toEqual([]);
		// An unknown staff member: WeCom's own error comes through.
		await expect(
			runWeCom(ctx, rf('createCode', { member: 'wmA', staff: { __rl: true, mode: 'id', value: 'nobody' }, campaign: 'fx' })),
		).rejects.toThrow(/WeCom error/);
	});

	it('checks an invite from the invitee’s rows: one verdict paired to the own row', async () => {
		const rows = [
			{ id: 4, event_key: 'wmF', event_id: 'e4', referrer: 'wmBOB', referrer_name: '鲍勃', status: 'counted' },
			{ id: 9, event_key: 'wmF', event_id: 'e9', referrer: 'wmALICE', referrer_name: '爱丽丝', status: 'pending' },
		];
		const out = await runWeCom(
			ctx,
			rf('checkInvite', { ownRowId: 9, invitee: 'wmF', referrer: 'wmALICE', eventTime: String(T), followUsers: '[]', memberSince: '' }),
			{ items: rows },
		);
		expect(json(out)).toEqual([
			{
				decision: 'repeat',
				status: 'repeat',
				reason: 'already counted for 鲍勃: an invitee counts once',
				rowId: 9,
				invitee: 'wmF',
				referrer: 'wmALICE',
				heldBy: 4,
				referrerName: '爱丽丝',
			},
		]);
		expect(paired(out)).toEqual([1]);
		const first = json(
			await runWeCom(
				ctx,
				rf('checkInvite', {
					ownRowId: 9,
					invitee: 'wmF',
					referrer: 'wmALICE',
					eventTime: new Date(T * 1000).toISOString(),
					followUsers: JSON.stringify([{ userid: 'lisi', createtime: T - 86400 }]),
				}),
				{ items: [rows[1]] },
			),
		)[0];
		expect(first).toMatchObject({
			decision: 'reject',
			status: 'rejected',
			reason: expect.stringMatching(/^already a customer: added lisi/),
		});
	});

	it('Check Invite without its own row fails naming it; with Continue On Fail it is a failed item', async () => {
		const p = rf('checkInvite', { ownRowId: 7, invitee: 'wmF', referrer: 'wmA', eventTime: String(T) });
		await expect(runWeCom(ctx, p, { items: [{ id: 1, event_key: 'wmF', status: 'pending' }] })).rejects.toThrow(
			/row 7 is not among the 1 input rows/,
		);
		const failed = json(await runWeCom(ctx, p, { items: [{ id: 1, event_key: 'wmF', status: 'pending' }], continueOnFail: true }));
		expect(failed).toEqual([{ rowId: 7, error: expect.stringMatching(/row 7 is not among/) }]);
	});

	it('lists due rewards with their messages, and claims each once', async () => {
		const rewards = {
			reward: [
				{ invites: 1, reward: '资料包', link: 'https://example.com/m', message: '{name}：{reward} {link}，再邀 {toNext} 位得{next}' },
				{ invites: 3, reward: '课程', link: 'https://example.com/c', message: '{name}：{invites} 位，{reward}解锁 {link}' },
			],
		};
		const due = json(await runWeCom(ctx, rf('dueRewards', { referrer: 'wmA', referrerName: '爱丽丝', invites: 3, given: '1', rewards })));
		expect(due).toEqual([
			expect.objectContaining({ rewardKey: 'wmA#3', threshold: 3, message: '爱丽丝：3 位，课程解锁 https://example.com/c' }),
		]);
		await expect(
			runWeCom(
				ctx,
				rf('dueRewards', { referrer: 'wmA', invites: 3, rewards: { reward: [{ invites: 1, reward: 'x', message: '{price}' }] } }),
			),
		).rejects.toThrow(/Item 1: reward 1 \("x"\)'s message uses \{price\}/);
		const rows = [
			{ id: 1, event_key: 'wmA#1', status: 'claimed', message: 'm1' },
			{ id: 2, event_key: 'wmA#3', status: 'pending', message: 'm3', referrer: 'wmA' },
			{ id: 3, event_key: 'wmA#3', status: 'duplicate', message: 'm3' },
		];
		const claimed = await runWeCom(ctx, rf('claimRewards', { ownRowIds: '2' }), { items: rows });
		expect(json(claimed)).toEqual([expect.objectContaining({ id: 2, rowId: 2, decision: 'first', message: 'm3', referrer: 'wmA' })]);
		expect(paired(claimed)).toEqual([1]);
		expect(json(await runWeCom(ctx, rf('claimRewards', { ownRowIds: '3' }), { items: rows }))).toEqual([]);
	});

	it('ranks the leaderboard with names, and outputs nothing before the first invite', async () => {
		const today = new Date().toISOString();
		const rows = [
			{ id: 1, referrer: 'wmA', referrer_name: '爱丽丝', added_at: today },
			{ id: 2, referrer: 'wmB', referrer_name: '鲍勃', added_at: '2020-01-01T00:00:00Z' },
			{ id: 3, referrer: 'wmB', referrer_name: '鲍勃', added_at: today },
		];
		const out = json(
			await runWeCom(
				ctx,
				rf('rankLeaderboard', { top: 10, title: '榜单 {total}', line: '{rank}. {name} {invites}（+{today}）', footer: '' }),
				{ items: rows },
			),
		)[0];
		expect(out.text).toBe('榜单 3\n1. 鲍勃 2（+1）\n2. 爱丽丝 1（+1）');
		expect(await runWeCom(ctx, rf('rankLeaderboard', { top: 10, title: 't', line: 'l', footer: '' }), { items: [{}] })).toEqual([[]]);
	});
});
