import { pruneSeen } from '../../../lib/scoring/seen';
import type { LeadEvent } from '../../../lib/scoring/types';
import { DAY, NOW, ev, model, runs, score } from './support';

const m = model({ decay: { mode: 'none' } });

describe('replayed events never score twice', () => {
	it('an event ID seen in an earlier run is skipped and says so', () => {
		const click = ev('discussion_joined', 2, { id: 'wecom-msg-1' });
		const [first, replay] = runs(m, [{ events: [click] }, { events: [click, ev('discussion_joined', 1, { id: 'wecom-msg-2' })] }]);
		expect(first.engagementScore).toBe(5);
		expect(replay.engagementScore).toBe(10);
		expect(replay.explanation.events.map((e) => [e.id, e.points ?? e.note])).toEqual([
			['wecom-msg-1', 'not scored: already scored (replayed event ID)'],
			['wecom-msg-2', 5],
		]);
	});

	it('the same ID twice in one batch scores once', () => {
		const r = score(m, [ev('discussion_joined', 1, { id: 'x' }), ev('discussion_joined', 1, { id: 'x' })]);
		expect(r.engagementScore).toBe(5);
	});

	it('re-running a whole batch on the same stored profile gives the same result (safe retries)', () => {
		const [first] = runs(m, [{ events: [ev('trial_requested', 3)] }]);
		const batch = [ev('discussion_joined', 1), ev('good_question', 1)];
		const a = score(m, batch, { profile: first.profile });
		const b = score(m, batch, { profile: first.profile });
		expect(b).toEqual(a);
		// Feeding the output back (a retry after the profile was already saved) changes nothing.
		const c = score(m, batch, { profile: a.profile });
		expect([c.engagementScore, c.stageChanged]).toEqual([a.engagementScore, false]);
	});

	it('an event without an ID gets one from its content: the same content is recognised, other content is not', () => {
		const noId = (type: string, extra: Record<string, unknown>): LeadEvent => ({
			type,
			time: Date.parse(String(extra.time)),
			data: { type, ...extra },
		});
		const e = noId('discussion_joined', { time: '2025-06-11T08:00:00Z', group: 'MarTech 6' });
		const [first, again] = runs(m, [
			{ events: [e] },
			{
				events: [
					noId('discussion_joined', { group: 'MarTech 6', time: '2025-06-11T08:00:00Z' }),
					noId('discussion_joined', { time: '2025-06-11T08:00:00Z', group: 'MarTech 7' }),
				],
			},
		]);
		expect(first.explanation.events[0].id).toMatch(/^~[0-9a-f]{16}$/);
		const outcome = (id: string) => again.explanation.events.find((x) => x.id === id)?.note;
		expect(again.explanation.events.map((x) => x.id)).toContain(first.explanation.events[0].id);
		expect(outcome(first.explanation.events[0].id)).toBe('not scored: already scored (replayed event ID)');
		expect(again.engagementScore).toBe(10);
	});

	it('remembers IDs only within the replay window; older events are not scored at all', () => {
		const old = ev('discussion_joined', 10, { id: 'old' });
		const model30 = model({ decay: { mode: 'none' }, replay: { windowDays: 7 } });
		const [first, later] = runs(model30, [
			{ events: [ev('discussion_joined', 1, { id: 'a' }), old] },
			{ events: [ev('discussion_joined', -20, { id: 'b' }), ev('discussion_joined', 1, { id: 'a' })], now: NOW + 21 * DAY },
		]);
		expect(first.explanation.events[0].note).toBe('not scored: older than the replay window (2025-06-05T02:00:00.000Z)');
		expect(first.profile.seen.ids.map(([id]) => id)).toEqual(['a']);
		// 21 days later "a" is forgotten, and a replay of "a" is too old to score.
		expect(later.profile.seen.ids.map(([id]) => id)).toEqual(['b']);
		expect(later.explanation.events.map((e) => e.note ?? e.points)).toEqual([
			'not scored: older than the replay window (2025-06-26T02:00:00.000Z)',
			5,
		]);
		expect(later.engagementScore).toBe(10);
	});

	it('keeps at most maxIds IDs per lead and raises the watermark past the ones it forgets', () => {
		const seen = { since: null, ids: Array.from({ length: 15 }, (_, i): [string, number] => [`e${i}`, NOW - (15 - i) * 1000]) };
		const pruned = pruneSeen(seen, NOW, { windowDays: 90, maxIds: 10 });
		expect(pruned.ids.map(([id]) => id)).toEqual(['e5', 'e6', 'e7', 'e8', 'e9', 'e10', 'e11', 'e12', 'e13', 'e14']);
		expect(pruned.since).toBe(NOW - 11 * 1000 + 1);
		// Any forgotten event is now older than the watermark, so it cannot score again.
		const small = model({
			decay: { mode: 'none' },
			replay: { maxIds: 10 },
			engagementRules: [{ id: 'x', events: ['x'], points: 1 }],
			engagementCap: 1000,
		});
		const events = Array.from({ length: 15 }, (_, i) => ev('x', 1, { id: `e${i}`, time: 0 }));
		events.forEach((e, i) => (e.time = NOW - (15 - i) * 1000));
		const [first, replay] = runs(small, [{ events }, { events }]);
		expect(first.engagementScore).toBe(15);
		expect(first.profile.seen.ids).toHaveLength(10);
		expect(replay.engagementScore).toBe(15);
		expect(replay.explanation.events.filter((e) => e.note?.startsWith('not scored: older')).length).toBe(5);
	});

	it('the profile stays bounded: 2,000 events over a year leave at most maxIds IDs and compact ledgers', () => {
		const events = Array.from({ length: 2000 }, (_, i) =>
			ev(['link_clicked', 'article_read', 'discussion_joined', 'page_viewed'][i % 4], 360 - i * 0.18, { url: '/pricing' }),
		);
		const batches = Array.from({ length: 20 }, (_, b) => ({
			events: events.slice(b * 100, (b + 1) * 100),
			now: NOW - (360 - (b + 1) * 18) * DAY,
		}));
		const all = runs(model(), batches);
		const last = all[all.length - 1];
		expect(last.profile.seen.ids.length).toBeLessThanOrEqual(1000);
		expect(JSON.stringify(last.profile).length).toBeLessThan(60_000);
		expect(Object.values(last.profile.ledger).every((l) => l.entries.length <= 1)).toBe(true);
	});
});
