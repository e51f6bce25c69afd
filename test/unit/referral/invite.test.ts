import { INVITE_STATUS, InviteError, judgeInvite } from '../../../lib/referral/invite';
import type { InviteRow } from '../../../lib/referral/invite';

const T = 1_790_000_000;
const row = (id: number, status: string, o: Partial<InviteRow> = {}): InviteRow => ({
	id,
	event_key: 'wmFRIEND',
	event_id: `ev${id}`,
	referrer: 'wmALICE',
	referrer_name: '爱丽丝',
	status,
	...o,
});
const facts = { invitee: 'wmFRIEND', referrer: 'wmALICE', eventTime: T, followUsers: [{ userid: 'zhangsan', createtime: T }] };

describe('invite verdict (裂变防作弊)', () => {
	it('counts a new friend on the first row of the invitee', () => {
		expect(judgeInvite(10, [row(10, 'pending')], facts)).toEqual({
			decision: 'count',
			status: INVITE_STATUS.counted,
			reason: 'counted: a new friend',
			rowId: 10,
			invitee: 'wmFRIEND',
			referrer: 'wmALICE',
		});
	});

	it('never counts a self-invite', () => {
		const v = judgeInvite(10, [row(10, 'pending', { event_key: 'wmALICE' })], { ...facts, invitee: 'wmALICE' });
		expect(v).toMatchObject({ decision: 'reject', status: 'rejected', reason: expect.stringMatching(/^self-invite/) });
	});

	it('never counts someone who was a customer before (an older relation with any staff member)', () => {
		const v = judgeInvite(10, [row(10, 'pending')], {
			...facts,
			followUsers: [
				{ userid: 'zhangsan', createtime: T },
				{ userid: 'lisi', createtime: T - 86400 * 30 },
			],
		});
		expect(v).toMatchObject({ decision: 'reject', status: 'rejected' });
		expect(v.reason).toBe(
			`already a customer: added lisi at ${new Date((T - 86400 * 30) * 1000).toISOString().replace('.000Z', 'Z')}, before this invite`,
		);
		// A relation from the same minute is this event's own (clocks differ by seconds).
		expect(judgeInvite(10, [row(10, 'pending')], { ...facts, followUsers: [{ userid: 'lisi', createtime: T - 30 }] }).decision).toBe(
			'count',
		);
	});

	it('never counts someone already in the campaign (a personal code from before the event)', () => {
		expect(judgeInvite(10, [row(10, 'pending')], { ...facts, memberSince: T - 3600 })).toMatchObject({
			decision: 'reject',
			reason: expect.stringMatching(/^already in the campaign/),
		});
		// A code made by this very event (a retried callback created it) is not "before".
		expect(judgeInvite(10, [row(10, 'pending')], { ...facts, memberSince: T + 2 }).decision).toBe('count');
	});

	it('counts the same friend once: a second code, a rejoin after leaving, a retried callback', () => {
		const counted = row(10, 'counted');
		expect(judgeInvite(11, [counted, row(11, 'pending', { referrer: 'wmBOB' })], { ...facts, referrer: 'wmBOB' })).toMatchObject({
			decision: 'repeat',
			status: 'repeat',
			heldBy: 10,
			reason: 'already counted for 爱丽丝: an invitee counts once',
		});
		expect(judgeInvite(11, [row(10, 'left'), row(11, 'pending')], facts)).toMatchObject({
			decision: 'repeat',
			reason: 'left and came back: an invitee counts once, and not after leaving',
		});
		expect(judgeInvite(11, [counted, row(11, 'pending', { event_id: 'ev10' })], facts).reason).toBe(
			'the same event again (a retried callback)',
		);
		// A rejected first row holds the invitee too: an existing customer stays uncounted whoever invites them next.
		expect(judgeInvite(11, [row(10, 'rejected'), row(11, 'pending')], facts)).toMatchObject({
			decision: 'repeat',
			reason: 'already judged (not counted) for 爱丽丝: an invitee counts once',
		});
	});

	it('concurrent copies: exactly one of them judges, whichever order they read the rows in', () => {
		// Both pending: the lower ID judges, the higher waits as a repeat.
		expect(judgeInvite(10, [row(10, 'pending'), row(11, 'pending')], facts).decision).toBe('count');
		expect(judgeInvite(11, [row(10, 'pending'), row(11, 'pending')], facts).decision).toBe('repeat');
		// The higher read before the lower committed: it judges... unless the lower marked it duplicate first.
		expect(judgeInvite(11, [row(11, 'pending')], facts).decision).toBe('count');
		expect(judgeInvite(11, [row(10, 'pending'), row(11, 'duplicate')], facts).decision).toBe('repeat');
		// ...and then the lower sees it judged.
		expect(judgeInvite(10, [row(10, 'pending'), row(11, 'counted')], facts).decision).toBe('repeat');
	});

	it('names what is wrong with its input', () => {
		expect(() => judgeInvite(12, [row(10, 'pending')], facts)).toThrow(/row 12 is not among the 1 input rows/);
		expect(() => judgeInvite(10, [row(10, 'pending', { event_key: 'wmOTHER' })], facts)).toThrow(/event_key must be the invitee/);
		expect(() => judgeInvite(10, [row(10, 'pending')], { ...facts, referrer: '' })).toThrow(InviteError);
	});
});
