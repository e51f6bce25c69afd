import { parseTime, zoneOffsetMs } from '../../../lib/scoring/time';

describe('event times', () => {
	it('reads epoch seconds (WeCom CreateTime), milliseconds and numeric text', () => {
		expect(parseTime(1749600000)).toBe(1749600000000);
		expect(parseTime(1749600000123)).toBe(1749600000123);
		expect(parseTime('1749600000')).toBe(1749600000000);
	});

	it('reads ISO 8601 with an offset exactly, and without one in the given timezone', () => {
		expect(parseTime('2025-06-12T10:00:00+08:00')).toBe(Date.parse('2025-06-12T02:00:00Z'));
		expect(parseTime('2025-06-12 10:00', 'Asia/Shanghai')).toBe(Date.parse('2025-06-12T02:00:00Z'));
		expect(parseTime('2025-06-12', 'Asia/Shanghai')).toBe(Date.parse('2025-06-11T16:00:00Z'));
		expect(parseTime('2025-06-12T10:00:00.5', 'UTC')).toBe(Date.parse('2025-06-12T10:00:00.500Z'));
		// Daylight saving time: New York is UTC−4 in June and UTC−5 in January.
		expect(parseTime('2025-06-12T10:00:00', 'America/New_York')).toBe(Date.parse('2025-06-12T14:00:00Z'));
		expect(parseTime('2025-01-12T10:00:00', 'America/New_York')).toBe(Date.parse('2025-01-12T15:00:00Z'));
		expect(zoneOffsetMs('Asia/Shanghai', Date.now())).toBe(8 * 3600_000);
	});

	it('reads Date and Luxon-like values ($now), and says NaN for anything else', () => {
		expect(parseTime(new Date('2025-06-12T02:00:00Z'))).toBe(Date.parse('2025-06-12T02:00:00Z'));
		expect(parseTime({ toMillis: () => 42_000_000_000_000 })).toBe(42_000_000_000_000);
		for (const bad of ['yesterday', '2025-13-45', '', {}, true, Infinity]) expect(parseTime(bad)).toBeNaN();
	});
});
