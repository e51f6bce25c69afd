/**
 * Lead Score engine benchmark (`node dist/benchmarks/leadScore.js`): 100,000 leads × 20 events.
 * 1. Day 1: every lead is new; events are scored into fresh profiles.
 * 2. Day 2: 20 new events per lead on top of the stored profiles, which are kept as JSON text (as
 *    a Data Table or a database holds them); parsing and writing that JSON is timed apart.
 * 3. Day 3 as the node runs it: each item (profile as JSON text, events with ISO times) validated
 *    with the node's zod schema, then scored.
 * Prints events scored per second, the profile size and the process's peak RSS. Events come from
 * a seeded PRNG (every run scores the same events) and are generated in chunks outside the timed
 * sections; only the stored profiles are kept between days. LEADS and EVENTS_PER_LEAD override
 * the sizes.
 *
 * `node dist/benchmarks/leadScore.js --code-node` prints the self-contained Code-node script that
 * does the same scoring, for the node-vs-Code-node comparison in a real n8n.
 */
import { codeNodeSource } from './codeNode';
import { compileModel } from '../lib/scoring/compile';
import { scoreLead } from '../lib/scoring/engine';
import { leadItemSchema } from '../lib/scoring/input';
import { PLAYBOOK_MODEL } from '../lib/scoring/playbook';
import type { LeadEvent, LeadProfile } from '../lib/scoring/types';
import { defaultEventFields } from '../test/helpers/eventLogFields';

const DAY = 86_400_000;
const START = Date.parse('2025-06-01T00:00:00Z');

/** Seeded PRNG (mulberry32): the same leads and events on every run. */
export function prng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

// Weighted like a B2B community's behaviour: many clicks and reads, few trials.
const MIX: Array<[string, number]> = [
	['link_clicked', 25],
	['article_read', 20],
	['discussion_joined', 15],
	['page_viewed', 12],
	['live_registered', 6],
	['live_attended', 5],
	['good_question', 5],
	['material_shared', 3],
	['email_replied', 3],
	['group_joined', 3],
	['trial_requested', 2],
	['group_left', 1],
];
const TOTAL = MIX.reduce((s, [, w]) => s + w, 0);
const TITLES = ['市场总监', 'Marketing Manager', '运营专员', 'CMO', 'Sales', '工程师', '品牌经理', 'VP Growth'];
const INDUSTRIES = ['SaaS', '制造', '零售', '企业服务', 'Education', '互联网'];

export function eventsFor(rand: () => number, lead: number, day: number, count: number): LeadEvent[] {
	const events: LeadEvent[] = [];
	for (let i = 0; i < count; i++) {
		let pick = rand() * TOTAL;
		let type = MIX[0][0];
		for (const [t, w] of MIX) {
			if ((pick -= w) < 0) {
				type = t;
				break;
			}
		}
		const time = START + day * DAY + Math.floor(rand() * DAY);
		const data: Record<string, unknown> = { id: `L${lead}-d${day}-${i}`, type, time };
		if (type === 'page_viewed') data.url = rand() < 0.5 ? '/pricing' : '/blog';
		const attributes = type === 'email_replied' && rand() < 0.3 ? { budget: 'yes', timing: 'Q3' } : undefined;
		events.push({ id: data.id as string, type, time, data, ...(attributes ? { attributes } : {}) });
	}
	return events;
}

export function attributesFor(rand: () => number): Record<string, unknown> {
	return {
		title: TITLES[Math.floor(rand() * TITLES.length)],
		company: 'Acme',
		email: 'lead@example.com',
		companySize: Math.floor(rand() * 2000),
		industry: INDUSTRIES[Math.floor(rand() * INDUSTRIES.length)],
	};
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en-US');

export interface LeadScoreFigures {
	leads: number;
	eventsPerLead: number;
	firstRunMs: number;
	nextDayMs: number;
	profileJsonMs: number;
	validatedMs: number;
	avgProfileBytes: number;
	stages: Record<string, number>;
	peakRssBytes: number;
}

/** Inputs are generated in chunks outside the timed sections; only scoring (and what is named) is timed. */
const CHUNK = 1000;

export async function runLeadScoreBenchmark(leads: number, eventsPerLead: number): Promise<LeadScoreFigures> {
	const cm = compileModel(PLAYBOOK_MODEL);
	// Stored profiles are UTF-8 bytes outside the JS heap, as a database would hold them.
	const stored: Buffer[] = new Array(leads);
	const rand = prng(42);
	let firstRunMs = 0;
	let nextDayMs = 0;
	let profileJsonMs = 0;
	let validatedMs = 0;

	// 1. First run: new leads.
	for (let from = 0; from < leads; from += CHUNK) {
		const inputs = [];
		for (let l = from; l < Math.min(leads, from + CHUNK); l++)
			inputs.push({ leadId: `L${l}`, events: eventsFor(rand, l, 0, eventsPerLead), attributes: attributesFor(rand), now: START + DAY });
		const t0 = performance.now();
		const results = inputs.map((input) => scoreLead(cm, input));
		firstRunMs += performance.now() - t0;
		results.forEach((r, i) => (stored[from + i] = Buffer.from(JSON.stringify(r.profile))));
	}

	// 2. Next day, on the stored profiles (reading and writing their JSON timed apart).
	const stages: Record<string, number> = {};
	let bytes = 0;
	for (let from = 0; from < leads; from += CHUNK) {
		const to = Math.min(leads, from + CHUNK);
		const events: LeadEvent[][] = [];
		for (let l = from; l < to; l++) events.push(eventsFor(rand, l, 1, eventsPerLead));
		let t0 = performance.now();
		const profiles = stored.slice(from, to).map((json) => JSON.parse(json.toString('utf8')) as LeadProfile);
		profileJsonMs += performance.now() - t0;
		t0 = performance.now();
		const results = profiles.map((profile, i) =>
			scoreLead(cm, { leadId: `L${from + i}`, profile, events: events[i], now: START + 2 * DAY }),
		);
		nextDayMs += performance.now() - t0;
		t0 = performance.now();
		results.forEach((r, i) => (stored[from + i] = Buffer.from(JSON.stringify(r.profile))));
		profileJsonMs += performance.now() - t0;
		results.forEach((r, i) => {
			stages[r.stage] = (stages[r.stage] ?? 0) + 1;
			bytes += stored[from + i].length;
		});
	}

	// 3. Day 3 as the node runs it: each item validated (zod, profile as JSON text), then scored.
	const now = START + 3 * DAY;
	const schema = leadItemSchema(
		{
			profile: 'profile',
			events: 'events',
			leadId: ['leadId'],
			attributes: 'lead',
			event: defaultEventFields(),
		},
		'UTC',
		now,
	);
	for (let from = 0; from < leads; from += CHUNK) {
		const items = [];
		for (let l = from; l < Math.min(leads, from + CHUNK); l++)
			items.push({
				leadId: `L${l}`,
				profile: stored[l].toString('utf8'),
				events: eventsFor(rand, l, 2, eventsPerLead).map((e) => ({ ...e.data, time: new Date(e.time).toISOString() })),
			});
		const t0 = performance.now();
		const results = items.map((item) => scoreLead(cm, { ...schema.parse(item), now }));
		validatedMs += performance.now() - t0;
		results.forEach((r, i) => (stored[from + i] = Buffer.from(JSON.stringify(r.profile))));
	}

	return {
		leads,
		eventsPerLead,
		firstRunMs,
		nextDayMs,
		profileJsonMs,
		validatedMs,
		avgProfileBytes: Math.round(bytes / leads),
		stages,
		peakRssBytes: process.resourceUsage().maxRSS * 1024,
	};
}

export async function main(): Promise<void> {
	if (process.argv.includes('--code-node')) {
		console.log(codeNodeSource({ model: PLAYBOOK_MODEL }));
		return;
	}
	const leads = Number(process.env.LEADS ?? 100_000);
	const perLead = Number(process.env.EVENTS_PER_LEAD ?? 20);
	const f = await runLeadScoreBenchmark(leads, perLead);
	const n = leads * perLead;
	const line = (label: string, ms: number) =>
		console.log(`  ${label.padEnd(44)} ${rate(n, ms).padStart(9)} events/s  (${(ms / 1000).toFixed(1)} s)`);
	console.log(
		`Lead Score engine: ${leads.toLocaleString('en-US')} leads × ${perLead} events = ${n.toLocaleString('en-US')} events per run, playbook model, one process`,
	);
	line('day 1, new leads', f.firstRunMs);
	line('day 2, on stored profiles', f.nextDayMs);
	line('day 2, + profile JSON parse/stringify', f.nextDayMs + f.profileJsonMs);
	line('day 3, as the node: zod item validation', f.validatedMs);
	console.log(`  profile: ${f.avgProfileBytes.toLocaleString('en-US')} bytes of JSON per lead on average (after day 2)`);
	console.log(
		`  stages after day 2: ${Object.entries(f.stages)
			.map(([s, c]) => `${s} ${c.toLocaleString('en-US')}`)
			.join(', ')}`,
	);
	console.log(`  peak RSS: ${mb(f.peakRssBytes)}`);
	console.log('  Node in n8n vs Code node: node dist/benchmarks/leadScoreInN8n.js (starts a real n8n).');
}

if (require.main === module) void main();
