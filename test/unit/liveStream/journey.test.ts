import { planJourney } from '../../../lib/liveStream/journey';
import type { JourneyRules } from '../../../lib/liveStream/journey';

// Invitation sent on Monday 9 June 2025, 10:00 China time; the event starts Thursday 12 June, 19:30.
const NOW = '2025-06-09T10:00:00+08:00';
const rules: JourneyRules = {
	eventStart: '2025-06-12T19:30:00+08:00',
	durationMinutes: 90,
	reminderMinutesBefore: 5,
	replayDelayMinutes: 30,
	guidanceMinDays: 1,
	guidanceMaxDays: 3,
	defaultActiveHour: 20,
	timeScale: 1,
	timezone: 'Asia/Shanghai',
};

describe('planJourney', () => {
	it("schedules guidance 1–3 days later at the person's active hour, China time, the reminder 5 minutes before and the replay after the end", () => {
		const evening = planJourney(rules, NOW, 20);
		expect(evening).toMatchObject({
			active_hour: 20,
			guidance_due: '2025-06-10T20:00:00.000+08:00',
			guidance_at: '2025-06-10T20:00:00.000+08:00',
			reminder_at: '2025-06-12T19:25:00.000+08:00',
			replay_due: '2025-06-12T21:30:00.000+08:00',
			replay_at: '2025-06-12T21:30:00.000+08:00',
		});
		// 08:00 the next day is less than a day away: the day after.
		expect(planJourney(rules, NOW, 8).guidance_at).toBe('2025-06-11T08:00:00.000+08:00');
	});

	it('uses the default hour when none (or no valid one) is known', () => {
		for (const hour of [null, undefined, '', 'evening', 24, 7.5]) expect(planJourney(rules, NOW, hour).active_hour).toBe(20);
		expect(planJourney(rules, NOW, '9').active_hour).toBe(9);
	});

	it('skips guidance that would come after the reminder or later than the last day', () => {
		const close = planJourney({ ...rules, eventStart: '2025-06-10T20:00:00+08:00' }, NOW, 21);
		expect(close.guidance_due).toBe('2025-06-10T21:00:00.000+08:00');
		expect(close.guidance_at).toBeNull();
		expect(close.reminder_at).toBe('2025-06-10T19:55:00.000+08:00');
		expect(planJourney({ ...rules, guidanceMaxDays: 1 }, NOW, 8).guidance_due).toBeNull();
	});

	it('plans nothing to wait for once a time has passed (a registration after the reminder)', () => {
		const late = planJourney(rules, '2025-06-12T19:26:00+08:00');
		expect(late.reminder_at).toBeNull();
		expect(late.replay_at).toBe('2025-06-12T21:30:00.000+08:00');
		expect(planJourney(rules, '2025-06-13T08:00:00+08:00').replay_at).toBeNull();
	});

	it('compresses every wait toward the planning moment by the time scale, keeping their order', () => {
		const j = planJourney({ ...rules, timeScale: 1 / 20000 }, NOW, 20);
		const now = Date.parse(NOW);
		expect(Date.parse(j.guidance_at!) - now).toBe(Math.round((Date.parse('2025-06-10T20:00:00+08:00') - now) / 20000));
		expect(Date.parse(j.reminder_at!) - now).toBe(Math.round((Date.parse('2025-06-12T19:25:00+08:00') - now) / 20000));
		expect(Date.parse(j.replay_at!) - now).toBe(Math.round((Date.parse('2025-06-12T21:30:00+08:00') - now) / 20000));
		expect(j.planned_at).toBe('2025-06-09T10:00:00.000+08:00');
	});

	it('names what is wrong in the settings', () => {
		expect(() => planJourney({ ...rules, eventStart: '12 June 19:30' }, NOW)).toThrow('Event Start is not an ISO date-time');
		expect(() => planJourney({ ...rules, guidanceMaxDays: 0 }, NOW)).toThrow(
			'Guidance Latest (0 days) is before Guidance Earliest (1 days)',
		);
		expect(() => planJourney(rules, 'yesterday')).toThrow('Planned At is not a date-time');
	});
});
