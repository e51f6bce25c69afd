import { Backtest } from '../../../lib/scoring/backtest';
import { HistoryScorer } from '../../../lib/scoring/history';
import { attributesFor, eventsFor, prng } from '../../../benchmarks/leadScore';
import type { LeadEvent } from '../../../lib/scoring/types';
import { DAY, NOW, ev, model, score } from './support';

/** A history spread over a year before NOW: the benchmark's behaviour mix, a few outcomes and repeats. */
function history(rand: () => number, lead: number): { leadId: string; events: LeadEvent[]; attributes: Record<string, unknown> } {
	const events: LeadEvent[] = [];
	for (let day = 0; day < 6; day++)
		for (const e of eventsFor(rand, lead, day, 1 + Math.floor(rand() * 6))) {
			const time = NOW - Math.floor(rand() * 365) * DAY - Math.floor(rand() * DAY);
			events.push({ ...e, time, data: { ...e.data, time } });
		}
	if (rand() < 0.1) events.push(ev('sales_accepted', Math.floor(rand() * 30)));
	if (rand() < 0.05) events.push(ev('sales_rejected', Math.floor(rand() * 10)));
	if (rand() < 0.2) events.push({ ...events[0] }); // the same event recorded twice
	return { leadId: `L${lead}`, events, attributes: attributesFor(rand) };
}

// History is trusted: the replay window of a live run must not hide its older events.
const wideReplay = { replay: { windowDays: 3650, maxIds: 100000 } };

describe('HistoryScorer', () => {
	it.each([
		['half-life decay (playbook)', {}],
		['linear decay', { decay: { mode: 'linear', percent: 25, periodDays: 30 } }],
		['no decay, engagement reset on rejection', { decay: { mode: 'none' }, outcomes: { resetEngagement: true } }],
		['tight group and engagement limits (limits cut often)', { groupCaps: { community: 12, content: 8, intent: 20 }, engagementCap: 30 }],
		[
			'linear decay under tight limits (a decayed negative entry no longer lowers the points held)',
			{ decay: { mode: 'linear', percent: 50, periodDays: 20 }, groupCaps: { community: 6, content: 8, intent: 20 }, engagementCap: 25 },
		],
	])('gives what the engine gives for the same whole history: %s', (_, change) => {
		const m = model({ ...change, ...wideReplay });
		// Random histories from several seeds: the fast path must agree with the explaining engine on each.
		for (const seed of [7, 2026, 90210]) {
			const scorer = new HistoryScorer(m, NOW);
			const rand = prng(seed);
			const enginePoints = new Map<string, number>();
			for (let lead = 0; lead < 150; lead++) {
				const h = history(rand, lead);
				const engine = score(m, h.events, { leadId: h.leadId, attributes: h.attributes });
				for (const st of engine.explanation.engagement) enginePoints.set(st.rule, (enginePoints.get(st.rule) ?? 0) + st.points);
				expect({ seed, lead, ...scorer.score(h) }).toEqual({
					seed,
					lead,
					stage: engine.stage,
					engagementScore: engine.engagementScore,
					fitScore: engine.fitScore,
					salesReady: engine.salesReady,
				});
			}
			// Points by rule: the same per-rule points as the engine's explanation, summed over the leads.
			m.model.engagementRules.forEach((r, i) =>
				expect([seed, r.id, scorer.pointsByRule[i]]).toEqual([seed, r.id, enginePoints.get(r.id) ?? 0]),
			);
		}
	});

	it('scores events in time order whatever order the history lists them in, and a repeated event ID once', () => {
		const m = model();
		const events = [ev('trial_requested', 1), ev('page_viewed', 3, { url: '/pricing' }), ev('page_viewed', 2, { url: '/pricing' })];
		events.push(ev('page_viewed', 1, { url: '/pricing', id: events[1].id }));
		const sorted = [...events].sort((a, b) => a.time - b.time);
		const a = new HistoryScorer(m, NOW).score({ leadId: 'x', events });
		const b = new HistoryScorer(m, NOW).score({ leadId: 'x', events: sorted });
		expect(a).toEqual(b);
		expect(a.engagementScore).toBe(score(model(wideReplay), events).engagementScore);
		// Without the repeat, the three pricing views would count the pricing rule's 3×.
		const withoutRepeat = new HistoryScorer(m, NOW).score({ leadId: 'x', events: events.slice(0, 3) });
		expect(a.engagementScore).toBe(withoutRepeat.engagementScore);
	});

	it('gives each lead its own outcome (the scorer reuses its own between leads)', () => {
		const scorer = new HistoryScorer(model(), NOW);
		const hot = scorer.score({ leadId: 'a', events: [ev('trial_requested', 1), ev('live_attended', 2)] });
		const kept = { ...hot };
		const cold = scorer.score({ leadId: 'b', events: [] });
		expect(cold).not.toBe(hot);
		expect(hot).toEqual(kept);
		expect(hot.engagementScore).toBeGreaterThan(cold.engagementScore);
	});

	it('tells apart long IDs that differ only in the middle, and drops a repeat at a later time', () => {
		const m = model();
		// Same length and same last characters (what the ID table hashes): only a full comparison tells them apart.
		const ids = ['evt-AAAA-00000001', 'evt-BBBB-00000001', 'evt-CCCC-00000001'];
		const views = ids.map((id, k) => ev('page_viewed', 3 - k, { url: '/pricing', id }));
		const scorer = new HistoryScorer(m, NOW);
		const three = scorer.score({ leadId: 'x', events: views });
		expect(three.engagementScore).toBe(score(model(wideReplay), views).engagementScore);
		expect(three.engagementScore).toBeGreaterThan(0); // the pricing rule's 3× is reached: three different IDs
		const repeatedLater = [...views.slice(0, 2), ev('page_viewed', 1, { url: '/pricing', id: ids[0] })];
		expect(scorer.score({ leadId: 'x', events: repeatedLater }).engagementScore).toBe(0);
	});
});

describe('Backtest', () => {
	const leads = () => {
		const rand = prng(11);
		return Array.from({ length: 400 }, (_, i) => history(rand, i));
	};

	it('with the live model as candidate, nothing moves', () => {
		const bt = new Backtest(model(), model(), NOW);
		for (const l of leads()) bt.add(l);
		const r = bt.report();
		expect(r.leads).toBe(400);
		expect(r.moved).toEqual({ total: 0, up: 0, down: 0, sample: [] });
		for (const s of r.stages) expect(s.change).toBe(0);
		for (const c of r.crossings) expect([c.gained, c.lost]).toEqual([0, 0]);
		expect(r.stages.reduce((n, s) => n + s.live, 0)).toBe(400);
	});

	it('a higher MQL bar: the report counts exactly the leads that lose MQL, and stage totals still add up', () => {
		const live = model();
		const stages = live.model.stages.map((s) => (s.id === 'mql' || s.id === 'sql' ? { ...s, minEngagement: 40 } : s));
		const candidate = model({ stages });
		const bt = new Backtest(live, candidate, NOW, 1000);
		const all = leads();
		for (const l of all) bt.add(l);
		const r = bt.report();

		const a = new HistoryScorer(live, NOW);
		const b = new HistoryScorer(candidate, NOW);
		const mqlOrAbove = (stage: string, m: typeof live) => (m.rank.get(stage) ?? -1) >= (m.rank.get('mql') ?? 0);
		let lost = 0;
		let moved = 0;
		for (const l of all) {
			const x = a.score(l).stage;
			const y = b.score(l).stage;
			if (mqlOrAbove(x, live) && !mqlOrAbove(y, candidate)) lost++;
			if (x !== y) moved++;
		}
		expect(lost).toBeGreaterThan(0);
		expect(r.crossings.find((c) => c.stage === 'mql')).toMatchObject({ gained: 0, lost });
		expect(r.moved.total).toBe(moved);
		expect(r.moved.up).toBe(0);
		expect(r.moved.sample).toHaveLength(moved);
		expect(r.moved.sample[0].liveEngagement).toBeGreaterThanOrEqual(25);
		expect(r.stages.reduce((n, s) => n + s.candidate, 0)).toBe(400);
		expect(r.stages.find((s) => s.stage === 'mql')!.change).toBeLessThan(0);
	});

	it('points by rule: a renamed rule shows under both ids, a doubled rule doubles its points', () => {
		const live = model();
		const rules = live.model.engagementRules.map((r) =>
			r.id === 'article_read' ? { ...r, id: 'content_read' } : r.id === 'discussion' ? { ...r, points: r.points * 2, cap: undefined } : r,
		);
		const candidate = model({ engagementRules: rules, groupCaps: {}, engagementCap: 10000 });
		const bt = new Backtest(live, candidate, NOW);
		for (const l of leads()) bt.add(l);
		const rows = new Map(bt.report().rules.map((r) => [r.rule, r]));
		expect(rows.get('article_read')!.candidate).toBeUndefined();
		expect(rows.get('article_read')!.live).toBeGreaterThan(0);
		expect(rows.get('content_read')!.live).toBeUndefined();
		expect(rows.get('content_read')!.candidate).toBeGreaterThanOrEqual(rows.get('article_read')!.live!);
		expect(rows.get('discussion')!.candidate).toBeGreaterThan(rows.get('discussion')!.live!);
	});

	it('the same report whether histories come in time order, reversed or shuffled, or with every event recorded twice', () => {
		const live = model();
		const candidate = model({ stages: live.model.stages.map((s) => (s.id === 'mql' ? { ...s, minEngagement: 35 } : s)) });
		// The engine's order: by time, then ID (the order a history needs no sorting in).
		const inOrder = (events: LeadEvent[]) => [...events].sort((a, b) => a.time - b.time || (a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : 0));
		const rand = prng(5);
		const shuffled = (events: LeadEvent[]) => {
			const out = [...events];
			for (let k = out.length - 1; k > 0; k--) {
				const j = Math.floor(rand() * (k + 1));
				[out[k], out[j]] = [out[j], out[k]];
			}
			return out;
		};
		const variants: Record<string, (events: LeadEvent[]) => LeadEvent[]> = {
			'in time order': inOrder,
			reversed: (events) => inOrder(events).reverse(),
			shuffled,
			'every event twice, in time order': (events) => inOrder([...events, ...events.map((e) => ({ ...e }))]),
			'every event twice, shuffled': (events) => shuffled([...events, ...events.map((e) => ({ ...e }))]),
		};
		const reports = Object.entries(variants).map(([name, reorder]) => {
			const bt = new Backtest(live, candidate, NOW, 1000);
			for (const l of leads()) bt.add({ ...l, events: reorder(l.events) });
			return [name, bt.report()] as const;
		});
		const [, first] = reports[0];
		expect(first.moved.total).toBeGreaterThan(0);
		for (const [name, r] of reports) {
			// Events counts what was read, repeats included; everything scored is the same.
			expect({ name, ...r, events: 0 }).toEqual({ name, ...first, events: 0 });
			expect(r.events).toBe(name.includes('twice') ? 2 * first.events : first.events);
		}
	});
});
