import { Backtest } from '../../../lib/scoring/backtest';
import { round } from '../../../lib/scoring/decay';
import { prng } from '../../../benchmarks/leadScore';
import type { LeadEvent, ScoringModel } from '../../../lib/scoring/types';
import { higherBarStages } from '../../helpers/candidateModels';
import { DAY, NOW, model, score } from './support';

/**
 * The backtest path (both models scored from one columnar history, decay factors shared) against
 * the explaining engine, lead by lead, over random histories that exercise what the fast path
 * does differently: repeated IDs (at the same or a later time, and events without an ID), caps
 * and counts inside their windows, decay, gate criteria met by marks and by attributes that events
 * add, and outcomes (acceptance, rejection with an engagement reset, requalifying).
 */

const TYPES = [
	'link_clicked',
	'article_read',
	'discussion_joined',
	'page_viewed',
	'live_registered',
	'live_attended',
	'good_question',
	'email_replied',
	'group_joined',
	'group_left',
	'trial_requested',
	'unknown_event',
];
const OUTCOMES = ['sales_accepted', 'opportunity_created', 'deal_won', 'sales_rejected', 'sales_returned'];
const TITLES = ['市场总监', 'Marketing Manager', 'CTO', 'Sales', '运营专员', undefined];

function randomLead(rand: () => number, lead: number): { leadId: string; events: LeadEvent[]; attributes: Record<string, unknown> } {
	const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
	const events: LeadEvent[] = [];
	// Bursts (caps and counts inside their windows) spread over a year (decay between them).
	const bursts = 1 + Math.floor(rand() * 4);
	for (let b = 0; b < bursts; b++) {
		const start = NOW - Math.floor(rand() * 365 * DAY);
		const n = 1 + Math.floor(rand() * 15);
		for (let k = 0; k < n; k++) {
			const type = rand() < 0.04 ? pick(OUTCOMES) : pick(TYPES);
			// Whole seconds, so that two events sometimes share a time (then the ID orders them).
			const time = Math.min(NOW, start + Math.floor((rand() * 20 * DAY) / 1000) * 1000);
			const data: Record<string, unknown> = { type, time };
			if (type === 'page_viewed') data.url = pick(['/pricing', '/blog', '/价格']);
			const withId = rand() < 0.9;
			const e: LeadEvent = { ...(withId ? { id: `e${lead}-${b}-${k}` } : {}), type, time, data };
			if (type === 'email_replied' && rand() < 0.5)
				e.attributes = pick([{ budget: 'yes' }, { timing: 'Q3' }, { authority: true, budget: 'no' }]);
			events.push(e);
		}
	}
	// Repeats: the same event again (same ID, same time), at a later time, and an ID-less one copied.
	if (rand() < 0.3) events.push({ ...events[Math.floor(rand() * events.length)] });
	if (rand() < 0.2) {
		const e = events[Math.floor(rand() * events.length)];
		events.push({ ...e, time: Math.min(NOW, e.time + DAY) });
	}
	const title = pick(TITLES);
	return {
		leadId: `L${lead}`,
		events,
		attributes: {
			...(title ? { title } : {}),
			company: 'Acme',
			email: 'x@acme.cn',
			companySize: Math.floor(rand() * 600),
			industry: 'SaaS',
		},
	};
}

// History is trusted: a live run's replay window must not hide older events.
const wideReplay = { replay: { windowDays: 3650, maxIds: 100000 } };
const lowGate = { gate: { ...model().model.gate, required: 2 } };
const tight = { groupCaps: { community: 12, content: 8, intent: 20 }, engagementCap: 30 };
const doubled = (m: ScoringModel) => ({
	engagementRules: m.engagementRules.map((r) => (r.id === 'live_attended' || r.id === 'discussion' ? { ...r, points: r.points * 2 } : r)),
});
const higherBar = (m: ScoringModel) => ({ stages: higherBarStages(m.stages) });

describe('Backtest equals the engine lead by lead', () => {
	const base = model().model;
	it.each([
		['half-life, candidate: higher bar, two rules doubled', {}, { ...higherBar(base), ...doubled(base) }],
		['half-life, tight limits, gate of 2', { ...tight, ...lowGate }, { ...tight, ...lowGate, ...doubled(base) }],
		['different half-lives (no shared factors)', lowGate, { ...lowGate, decay: { mode: 'halfLife', halfLifeDays: 20 } }],
		[
			'linear vs no decay, engagement kept on rejection',
			{ decay: { mode: 'linear', percent: 25, periodDays: 30 } },
			{ decay: { mode: 'none' }, outcomes: { ...base.outcomes, resetEngagement: false } },
		],
		[
			'candidate with other group limits and fit',
			lowGate,
			{ ...lowGate, groupCaps: { community: 20, content: 50, intent: 40 }, fitCap: 30 },
		],
	])('%s', (_, liveChange, candidateChange) => {
		const live = model({ ...liveChange, ...wideReplay });
		const candidate = model({ ...candidateChange, ...wideReplay });
		const rand = prng(4242);
		const leads = Array.from({ length: 300 }, (_, i) => randomLead(rand, i));
		const bt = new Backtest(live, candidate, NOW, leads.length);
		for (const l of leads) bt.add(l);
		const report = bt.report();

		const counts = new Map<string, { live: number; candidate: number }>();
		const points = new Map<string, { live: number; candidate: number }>();
		const ready = { live: 0, candidate: 0 };
		let movedByEngine = 0;
		for (const l of leads) {
			const input = { leadId: l.leadId, attributes: l.attributes };
			const a = score(live, l.events, input);
			const b = score(candidate, l.events, input);
			for (const [side, r] of [
				['live', a],
				['candidate', b],
			] as const) {
				const c = counts.get(r.stage) ?? { live: 0, candidate: 0 };
				c[side]++;
				counts.set(r.stage, c);
				if (r.salesReady) ready[side]++;
				for (const s of r.explanation.engagement) {
					const p = points.get(s.rule) ?? { live: 0, candidate: 0 };
					p[side] += s.points;
					points.set(s.rule, p);
				}
			}
			const moved = report.moved.sample.find((m) => m.leadId === l.leadId);
			if (a.stage === b.stage) {
				expect(moved).toBeUndefined();
				continue;
			}
			movedByEngine++;
			expect({ lead: l.leadId, ...moved }).toMatchObject({
				lead: l.leadId,
				live: a.stage,
				candidate: b.stage,
				liveEngagement: a.engagementScore,
				candidateEngagement: b.engagementScore,
				liveFit: a.fitScore,
				candidateFit: b.fitScore,
			});
		}
		expect(report.leads).toBe(leads.length);
		expect(report.moved.total).toBe(movedByEngine);
		for (const s of report.stages)
			expect([s.stage, s.live, s.candidate]).toEqual([s.stage, counts.get(s.stage)?.live ?? 0, counts.get(s.stage)?.candidate ?? 0]);
		expect(report.salesReady).toEqual({ ...ready, change: ready.candidate - ready.live });
		for (const r of report.rules) {
			const p = points.get(r.rule) ?? { live: 0, candidate: 0 };
			if (r.live !== undefined) expect([r.rule, r.live]).toEqual([r.rule, round(p.live, 1)]);
			if (r.candidate !== undefined) expect([r.rule, r.candidate]).toEqual([r.rule, round(p.candidate, 1)]);
		}
		// The histories reach what the test is about: moves, sales-ready leads, off-ladder stages.
		expect(movedByEngine).toBeGreaterThan(0);
		expect(ready.live + ready.candidate).toBeGreaterThan(0);
		expect(report.stages.some((s) => s.stage === 'rejected' || s.stage === 'recycled')).toBe(true);
	});
});
