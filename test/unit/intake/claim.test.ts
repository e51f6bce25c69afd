import { claimInterleavings } from '../../helpers/claimInterleavings';
import { decideIntake } from '../../../lib/intake/claim';
import type { IntakeRow } from '../../../lib/intake/claim';

const limits = { perPhone: 3, perEmail: 2, perIp: 5, smsPerPhone: 1 };
const row = (id: number, email: string, phone = '13800138000', ip = '1.1.1.1', status = 'queued'): IntakeRow => ({
	id,
	key: `${email}|${phone}|d`,
	phone_day: `${phone}|d`,
	email_day: `${email}|d`,
	ip_day: ip ? `${ip}|d` : '',
	status,
});

describe('decideIntake: the oldest row for a key wins', () => {
	it('processes a first signup and gives it the SMS budget', () => {
		expect(decideIntake(1, [row(1, 'a')], limits)).toMatchObject({ decision: 'process', sendSms: true, claimedBy: 1 });
	});

	it('every concurrent copy reaches the same verdict, whatever it has seen', () => {
		// Three copies of one request (a triple click): each execution reads after its own insert.
		const all = [
			row(7, 'a', undefined, undefined, 'received'),
			row(8, 'a', undefined, undefined, 'received'),
			row(9, 'a', undefined, undefined, 'received'),
		];
		expect(decideIntake(7, all.slice(0, 1), limits).decision).toBe('process');
		expect(decideIntake(7, all, limits).decision).toBe('process');
		expect(decideIntake(8, all.slice(0, 2), limits)).toMatchObject({ decision: 'repeat', claimedBy: 7 });
		expect(decideIntake(9, all, limits).decision).toBe('repeat');
	});

	it('a copy stopped by an earlier one (its row marked repeat) is a repeat', () => {
		expect(
			decideIntake(9, [row(3, 'a', undefined, undefined, 'received'), row(9, 'a', undefined, undefined, 'repeat')], limits).decision,
		).toBe('repeat');
	});

	it('a claim already made by a higher ID wins over a lower ID that became visible late (PostgreSQL commit order)', () => {
		// Row 9 committed first, was read alone and confirmed; row 3 committed afterwards.
		expect(decideIntake(9, [row(9, 'a', undefined, undefined, 'received')], limits).decision).toBe('process');
		expect(
			decideIntake(3, [row(3, 'a', undefined, undefined, 'received'), row(9, 'a', undefined, undefined, 'claimed')], limits),
		).toMatchObject({
			decision: 'repeat',
			claimedBy: 9,
		});
	});

	/**
	 * Every interleaving of two copies running template 01's steps (insert, stop later copies, read,
	 * verdict, confirm), with PostgreSQL's visibility: a row's ID is taken at insert, it is seen once
	 * its insert has committed. Exactly one copy confirms its claim in each of them.
	 */
	it('two copies in every interleaving, IDs in or out of commit order: exactly one is processed', () => {
		const runs = claimInterleavings(
			{ pending: 'received', stopped: 'repeat' },
			(own, table) =>
				decideIntake(
					own,
					table.map((r) => row(r.id, 'a', undefined, undefined, r.status)),
					limits,
				).decision === 'process',
		);
		expect(runs.map((r) => [r.ids, r.order, r.winners])).toEqual(runs.map((r) => [r.ids, r.order, 1]));
		expect(runs).toHaveLength(140);
	});

	it('a refused request claims nothing: the next one with the key is processed', () => {
		expect(decideIntake(2, [row(1, 'a', undefined, undefined, 'limited'), row(2, 'a')], limits).decision).toBe('process');
		expect(decideIntake(3, [row(1, 'a', undefined, undefined, 'repeat'), row(3, 'a')], limits).decision).toBe('process');
	});

	it('limits signups per phone, email and network per day, counting only earlier rows', () => {
		const phone = [row(1, 'a'), row(2, 'b'), row(3, 'c'), row(4, 'd')];
		expect(decideIntake(3, phone, limits).decision).toBe('process');
		expect(decideIntake(4, phone, limits)).toMatchObject({ decision: 'limited', reason: 'daily limit for this phone number reached' });
		const email = [row(1, 'a', '13800000001'), row(2, 'a', '13800000002'), row(3, 'a', '13800000003')];
		expect(decideIntake(3, email, limits)).toMatchObject({ decision: 'limited', reason: 'daily limit for this email reached' });
		const ip = Array.from({ length: 6 }, (_, i) => row(i + 1, `m${i}`, `1390000000${i}`));
		expect(decideIntake(6, ip, limits)).toMatchObject({ decision: 'limited', reason: 'daily limit for this network reached' });
		expect(decideIntake(6, ip, { ...limits, perIp: 0 }).decision).toBe('process');
	});

	it('spends the SMS budget of a phone once per day', () => {
		const rows = [row(1, 'a'), row(2, 'b')];
		expect(decideIntake(2, rows, limits)).toMatchObject({ decision: 'process', sendSms: false });
		expect(decideIntake(2, rows, { ...limits, smsPerPhone: 0 }).sendSms).toBe(true);
	});

	it('a request whose own row is not among those read is refused (a flood past the read cap)', () => {
		expect(decideIntake(500, [row(1, 'a')], limits)).toMatchObject({ decision: 'limited', reason: 'too many requests today' });
	});
});
