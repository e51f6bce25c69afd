import { dayOf, todayIn } from '../../../lib/digest/dates';
import { entrySchema, toEntry } from '../../../lib/digest/entry';
import { ZONE, entries } from './helpers';

describe('entry schema', () => {
	const schema = entrySchema(ZONE);
	const issues = (raw: unknown) => {
		const r = schema.safeParse(raw);
		return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
	};

	it('names each bad field', () => {
		expect(issues({ title: 'x' })).toEqual([expect.stringMatching(/^type: is required/)]);
		expect(issues({ type: 'event', title: '  ' })).toEqual(['title: is empty']);
		expect(issues({ type: 'event', title: 'x', link: 'example.com/a' })).toEqual(['link: must be a URL starting with http:// or https://']);
		expect(issues({ type: 'event', title: 'x', link: 'ftp://example.com/a' })).toEqual([
			'link: must be a URL starting with http:// or https://',
		]);
		expect(issues({ type: 'event', title: 'x', date: 'next monday' })).toEqual([expect.stringMatching(/^date: is not a date/)]);
		expect(issues({ type: 'event', title: 'x', priority: 'high' })).toEqual(['priority: must be a number']);
	});

	it('treats empty cells as not given and reads groups from a list or text', () => {
		const [e] = entries([
			{ type: 'jobPost', title: '招聘', link: '', body: null, date: '', groups: 'martech-6， saas-2,,martech-6', priority: '3' },
		]);
		expect(e).toMatchObject({ link: undefined, body: undefined, day: undefined, groups: ['martech-6', 'saas-2'], priority: 3 });
		expect(entries([{ type: 'x', title: 'y', groups: ['a', 7] }])[0].groups).toEqual(['a', '7']);
	});

	it('derives a stable id from the content when none is given', () => {
		const raw = { type: 'event', title: '峰会', link: 'https://example.com/a', date: '2025-03-03' };
		const [a, b] = entries([raw, { ...raw }]);
		const [c] = entries([{ ...raw, title: '峰会 2' }]);
		expect(a.id).toMatch(/^e-[0-9a-f]{12}$/);
		expect(a.id).toBe(b.id);
		expect(c.id).not.toBe(a.id);
		expect(entries([{ ...raw, id: 42 }])[0].id).toBe('42');
	});

	it('keeps the input item index for pairing', () => {
		const e = toEntry(schema.parse({ type: 'event', title: 'x' }), 7);
		expect(e.sourceItems).toEqual([7]);
	});
});

describe('which day (time zone aware)', () => {
	it('puts an instant on the day it is in the zone, not in UTC', () => {
		expect(dayOf('2025-03-02T17:30:00Z', ZONE)).toBe('2025-03-03');
		expect(dayOf('2025-03-02T17:30:00Z', 'Europe/Berlin')).toBe('2025-03-02');
		expect(dayOf('2025-03-03 07:00:00', ZONE)).toBe('2025-03-03');
		expect(dayOf('2025-03-03', ZONE)).toBe('2025-03-03');
	});

	it('reads epoch seconds and milliseconds', () => {
		const ms = Date.UTC(2025, 2, 2, 17, 30);
		expect(dayOf(ms, ZONE)).toBe('2025-03-03');
		expect(dayOf(ms / 1000, ZONE)).toBe('2025-03-03');
	});

	it('"today" is the zone\'s today', () => {
		const now = new Date(Date.UTC(2025, 2, 2, 16, 30));
		expect(todayIn(ZONE, now)).toBe('2025-03-03');
		expect(todayIn('America/New_York', now)).toBe('2025-03-02');
	});
});

describe('date edge cases', () => {
	it('rejects impossible dates and times, and reads offsets without a colon', () => {
		expect(dayOf('2025-02-30', ZONE)).toBeUndefined();
		expect(dayOf('2025-03-03T25:00', ZONE)).toBeUndefined();
		expect(dayOf('2025-03-03T07:61:00', ZONE)).toBeUndefined();
		expect(dayOf('2025-03-02T20:00:00-0500', ZONE)).toBe('2025-03-03');
		expect(dayOf('2025-03-02T20:00:00.5+00:00', ZONE)).toBe('2025-03-03');
		expect(dayOf('Mon, 03 Mar 2025 01:00:00 +0800', ZONE)).toBeUndefined();
		expect(dayOf(Number.NaN, ZONE)).toBeUndefined();
	});
});
