/**
 * Backtest benchmark (`node dist/benchmarks/backtest.js`): a year of a community's history, scored
 * under the live playbook model and a candidate (higher MQL bar, one rule doubled), in one process.
 * EVENTS (default 1,000,000, 20 per lead) sets the size; the run also scores the first tenth of the
 * history with the live engine (full explanations), for comparison on the same machine and load.
 *
 * History is generated in chunks of leads outside the timed sections and dropped after scoring
 * (as a stream from a data table would be), so memory should stay flat as the history grows: the
 * heap after each quarter is printed with the peak RSS.
 */
import { compileModel } from '../lib/scoring/compile';
import { scoreLead } from '../lib/scoring/engine';
import { Backtest } from '../lib/scoring/backtest';
import { HistoryScorer } from '../lib/scoring/history';
import type { HistoryLead } from '../lib/scoring/history';
import { PLAYBOOK_MODEL } from '../lib/scoring/playbook';
import { attributesFor, eventsFor, prng } from './leadScore';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T00:00:00Z');
const CHUNK = 1000;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en-US');

/** Leads `from`..`to` with `perLead` events spread over the year before NOW. */
function chunk(rand: () => number, from: number, to: number, perLead: number): HistoryLead[] {
	const leads: HistoryLead[] = [];
	for (let l = from; l < to; l++) {
		// Each lead is active for about a month somewhere in the year.
		const start = NOW - Math.floor(rand() * 365 * DAY);
		const events = eventsFor(rand, l, 0, perLead).map((e) => {
			const time = Math.min(NOW, start + Math.floor(rand() * 30 * DAY));
			return { ...e, time, data: { ...e.data, time } };
		});
		leads.push({ leadId: `L${l}`, events, attributes: attributesFor(rand) });
	}
	return leads;
}

export function candidateModel() {
	return {
		...PLAYBOOK_MODEL,
		stages: PLAYBOOK_MODEL.stages.map((s) => (s.id === 'mql' || s.id === 'sql' ? { ...s, minEngagement: 35 } : s)),
		engagementRules: PLAYBOOK_MODEL.engagementRules.map((r) => (r.id === 'live_attended' ? { ...r, points: r.points * 2 } : r)),
	};
}

export async function main(): Promise<void> {
	const total = Number(process.env.EVENTS ?? 1_000_000);
	const perLead = Number(process.env.EVENTS_PER_LEAD ?? 20);
	const leads = Math.ceil(total / perLead);
	const live = compileModel(PLAYBOOK_MODEL);
	const candidate = compileModel(candidateModel());
	const bt = new Backtest(live, candidate, NOW);
	const single = new HistoryScorer(candidate, NOW);
	const rand = prng(2026);
	let backtestMs = 0;
	let singleMs = 0;
	let engineMs = 0;
	let engineEvents = 0;
	const heap: string[] = [];
	for (let from = 0; from < leads; from += CHUNK) {
		const batch = chunk(rand, from, Math.min(leads, from + CHUNK), perLead);
		let t0 = performance.now();
		for (const lead of batch) bt.add(lead);
		backtestMs += performance.now() - t0;
		t0 = performance.now();
		for (const lead of batch) single.score(lead);
		singleMs += performance.now() - t0;
		if (from < leads / 10) {
			t0 = performance.now();
			for (const lead of batch) scoreLead(live, { leadId: lead.leadId, events: lead.events, attributes: lead.attributes, now: NOW });
			engineMs += performance.now() - t0;
			engineEvents += batch.reduce((n, l) => n + l.events.length, 0);
		}
		const quarter = Math.floor((4 * (from + CHUNK)) / leads);
		if (quarter > heap.length && heap.length < 4) heap.push(mb(process.memoryUsage().heapUsed));
	}
	const r = bt.report();
	console.log(
		`Backtest: ${r.events.toLocaleString('en-US')} events of ${r.leads.toLocaleString('en-US')} leads over a year, playbook vs a candidate (MQL/SQL at 35, live attendance ×2)`,
	);
	console.log(
		`  backtest, both models                    ${rate(r.events, backtestMs).padStart(10)} history events/s  (${(backtestMs / 1000).toFixed(2)} s)`,
	);
	console.log(
		`  one model (history scorer)               ${rate(r.events, singleMs).padStart(10)} events/s  (${(singleMs / 1000).toFixed(2)} s)`,
	);
	console.log(
		`  live engine, full explanations           ${rate(engineEvents, engineMs).padStart(10)} events/s  (first ${engineEvents.toLocaleString('en-US')} events)`,
	);
	console.log(`  heap after each quarter: ${heap.join(', ')}; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`);
	const stages = r.stages.map((s) => `${s.stage} ${s.live}→${s.candidate}`).join(', ');
	console.log(`  stages (live→candidate): ${stages}`);
	console.log(
		`  crossings: ${r.crossings.map((c) => `${c.stage} +${c.gained}/−${c.lost}`).join(', ')}; moved ${r.moved.total} (${r.moved.up} up, ${r.moved.down} down)`,
	);
}

if (require.main === module) void main();
