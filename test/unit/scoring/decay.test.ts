import { compact, valueAt, worth } from '../../../lib/scoring/decay';
import type { Decay, LedgerEntry } from '../../../lib/scoring/types';
import { DAY, NOW, ev, model, pointsOf, runs, score } from './support';

const halfLife = (days: number): Decay => ({ mode: 'halfLife', halfLifeDays: days });
const linear = (percent: number, periodDays: number): Decay => ({ mode: 'linear', percent, periodDays });
const trialOnly = (decay: Decay) => model({ decay, engagementRules: [{ id: 'trial', events: ['trial_requested'], points: 40 }] });

describe('decay', () => {
	it('half-life: points halve every N days, computed from the given now', () => {
		const m = trialOnly(halfLife(30));
		expect(score(m, [ev('trial_requested', 0)]).engagementScore).toBe(40);
		expect(score(m, [ev('trial_requested', 30)]).engagementScore).toBe(20);
		expect(score(m, [ev('trial_requested', 60)]).engagementScore).toBe(10);
		expect(score(m, [ev('trial_requested', 15)]).engagementScore).toBe(28.3); // 40 · 2^-0.5
	});

	it('linear: loses a share of the original points at every full period, then nothing is left', () => {
		const m = trialOnly(linear(25, 30));
		const at = (daysAgo: number) => score(m, [ev('trial_requested', daysAgo)]).engagementScore;
		expect([at(0), at(29), at(30), at(59), at(60), at(90), at(120), at(400)]).toEqual([40, 40, 30, 30, 20, 10, 0, 0]);
	});

	it('none: points keep their value', () => {
		expect(score(trialOnly({ mode: 'none' }), [ev('trial_requested', 3650)], { profile: null }).engagementScore).toBe(0); // older than the replay window
		const [, later] = runs(trialOnly({ mode: 'none' }), [{ events: [ev('trial_requested', 0)] }, { events: [], now: NOW + 3650 * DAY }]);
		expect(later.engagementScore).toBe(40);
	});

	it('is deterministic: the same profile, events and now give the same result, whatever the clock says', () => {
		const m = model();
		const events = [ev('link_clicked', 10), ev('discussion_joined', 5), ev('trial_requested', 2)];
		const a = score(m, events);
		const b = score(m, [...events].reverse());
		expect(JSON.stringify(b)).toBe(JSON.stringify(a));
	});

	it('explains what decayed, per rule and in total', () => {
		const m = model({
			decay: halfLife(10),
			engagementRules: [
				{ id: 'talk', name: 'Joined a discussion', events: ['discussion_joined'], points: 8, group: 'community' },
				{ id: 'trial', events: ['trial_requested'], points: 30 },
			],
		});
		const r = score(m, [ev('discussion_joined', 20), ev('trial_requested', 10)]);
		expect(r.explanation.engagement).toEqual([
			{ rule: 'talk', name: 'Joined a discussion', group: 'community', awarded: 8, points: 2, decayed: 6 },
			{ rule: 'trial', awarded: 30, points: 15, decayed: 15 },
		]);
		expect(r.explanation.decayed).toBe(21);
		expect(r.explanation.summary).toMatch(/^Engagement 17 \(\+38 this run, 21 decayed\)/);
	});

	it('decay lowers the score but never the stage (forward-only)', () => {
		const m = model({ decay: halfLife(10) });
		const [first, later] = runs(m, [
			{ events: [ev('trial_requested', 0)], attributes: { title: 'CMO', email: 'a@b.cn' } },
			{ events: [], now: NOW + 40 * DAY },
		]);
		expect([first.stage, first.engagementScore]).toEqual(['mql', 30]);
		expect([later.stage, later.engagementScore, later.stageChanged]).toEqual(['mql', 1.9, false]);
		expect(later.explanation.stage).toBe('stays at mql (stages only move forward; the scores alone now reach firstContact)');
	});

	it('group caps apply to decayed values: room frees up as points decay', () => {
		const m = model({
			decay: halfLife(7),
			groupCaps: { community: 10 },
			engagementRules: [{ id: 'talk', events: ['discussion_joined'], points: 5, group: 'community' }],
		});
		const r = score(m, [ev('discussion_joined', 14), ev('discussion_joined', 14), ev('discussion_joined', 0)]);
		// Two weeks later the first 10 points are worth 2.5, leaving room for all 5 new points.
		expect(r.explanation.events.map((e) => e.points)).toEqual([5, 5, 5]);
		expect(r.engagementScore).toBe(7.5);
	});

	describe('compaction keeps the same value with few entries', () => {
		const entries: LedgerEntry[] = [
			[NOW - 40 * DAY, 5],
			[NOW - 39.5 * DAY, 3],
			[NOW - 10 * DAY, 10],
			[NOW - 10 * DAY + 3600_000, -2],
			[NOW - 1 * DAY, 7],
		];
		it.each([
			['half-life', halfLife(15)],
			['none', { mode: 'none' } as Decay],
			['linear', linear(20, 7)],
		])('%s', (_name, decay) => {
			const c = compact(entries, decay, NOW);
			for (const at of [NOW, NOW + 3 * DAY, NOW + 30 * DAY, NOW + 90 * DAY])
				expect(valueAt(c, decay, at)).toBeCloseTo(valueAt(entries, decay, at), 3);
			expect(c.length).toBeLessThanOrEqual(decay.mode === 'linear' ? 3 : 1);
		});

		it('drops linear entries that are fully decayed, and half-life entries worth less than 0.0005', () => {
			expect(compact([[NOW - 40 * DAY, 5]], linear(50, 10), NOW)).toEqual([]);
			expect(compact([[NOW - 400 * DAY, 5]], halfLife(15), NOW)).toEqual([]);
			expect(worth(linear(50, 10), NOW - 19 * DAY, NOW)).toBe(0.5);
		});
	});

	it('a ledger stays small however many events a lead has', () => {
		const m = model({ decay: halfLife(30) });
		const events = Array.from({ length: 300 }, (_, i) => ev(i % 2 ? 'link_clicked' : 'article_read', 80 - i * 0.25));
		const r = score(m, events);
		expect(Object.values(r.profile.ledger).every((l) => l.entries.length === 1)).toBe(true);
		const lin = score(model({ decay: linear(25, 30) }), events);
		expect(Math.max(...Object.values(lin.profile.ledger).map((l) => l.entries.length))).toBeLessThanOrEqual(81);
		expect(pointsOf(lin, 'tracked_link_click')).toBeGreaterThan(0);
	});
});
