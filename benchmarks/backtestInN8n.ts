/**
 * Backtest in n8n: the Lead Score node's Backtest operation vs an n8n Code node doing the same
 * backtest with the pack's engine (`node dist/benchmarks/backtestInN8n.js`; EVENTS, EVENTS_PER_LEAD
 * and ROUNDS override the sizes). Both workflows get the same rows of an event log (template 05's
 * `lead_events`: id, createdAt, lead_id, type, event as JSON text) from one webhook payload; the
 * figure compared is each node's own execution time as n8n records it in the run data.
 */
import { candidateModel } from './backtest';
import { engineBundle } from './codeNode';
import { PACKAGE, codeNode, compareInN8n, median } from './inN8n';
import { PLAYBOOK_MODEL } from '../lib/scoring/playbook';
import { attributesFor, eventsFor, prng } from './leadScore';

export const NOW = '2026-06-01T00:00:00Z';
const DAY = 86_400_000;

/** A year of template 05's `lead_events` rows (id, createdAt, lead_id, type, event as JSON text), each lead's rows together. */
export function* eventLogRows(total: number, perLead: number): Generator<Record<string, unknown>> {
	const rand = prng(2026);
	const start = Date.parse(NOW) - 365 * DAY;
	let id = 0;
	for (let l = 0; id < total; l++) {
		const from = start + Math.floor(rand() * 335 * DAY);
		const lead = { ...attributesFor(rand), name: `Lead ${l}` };
		for (const [k, e] of eventsFor(rand, l, 0, Math.min(perLead, total - id)).entries()) {
			const time = new Date(from + Math.floor(rand() * 30 * DAY)).toISOString();
			const event = {
				...e.data,
				leadId: `L${l}`,
				time,
				...(k === 0 ? { lead } : {}),
				...(e.attributes ? { attributes: e.attributes } : {}),
			};
			yield { id: ++id, createdAt: time, lead_id: `L${l}`, type: e.type, event: JSON.stringify(event) };
		}
	}
}

/** What a Code node does without the operation: read the rows, group them by lead, score each lead under both models, count. */
function codeNodeBacktest(): string {
	return [
		// A backtest trusts the stored history: the live engine's replay window must not hide older events.
		`const WHOLE_HISTORY = { windowDays: 36500, maxIds: 10000000 };`,
		`const LIVE = { ...${JSON.stringify(PLAYBOOK_MODEL)}, replay: WHOLE_HISTORY };`,
		`const CANDIDATE = { ...${JSON.stringify(candidateModel())}, replay: WHOLE_HISTORY };`,
		`const NOW = ${Date.parse(NOW)};`,
		engineBundle(undefined, null),
		"const { compileModel } = leadScoring('./compile');",
		"const { scoreLead } = leadScoring('./engine');",
		"const { readEvent } = leadScoring('./read');",
		'const fields = { type: ["type"], id: ["id"], time: ["time"] };',
		'const live = compileModel(LIVE);',
		'const candidate = compileModel(CANDIDATE);',
		'const leads = new Map();',
		'for (const item of $input.all()) {',
		'\tconst row = item.json;',
		'\tconst json = JSON.parse(row.event);',
		'\tconst e = readEvent(json, fields, "UTC", Date.parse(row.createdAt));',
		'\tif (!e.ok) throw new Error("row " + row.id + ": " + e.message);',
		'\tconst lead = leads.get(json.leadId) || { events: [], attributes: {} };',
		'\tlead.events.push(e.value);',
		'\tif (json.lead) Object.assign(lead.attributes, json.lead);',
		'\tleads.set(json.leadId, lead);',
		'}',
		'const stages = {};',
		'let moved = 0;',
		'for (const [leadId, lead] of leads) {',
		'\tconst a = scoreLead(live, { leadId, events: lead.events, attributes: lead.attributes, now: NOW });',
		'\tconst b = scoreLead(candidate, { leadId, events: lead.events, attributes: lead.attributes, now: NOW });',
		'\tstages[a.stage + " → " + b.stage] = (stages[a.stage + " → " + b.stage] || 0) + 1;',
		'\tif (a.stage !== b.stage) moved++;',
		'}',
		'return [{ json: { leads: leads.size, moved, stages }, pairedItem: { item: 0 } }];',
	].join('\n');
}

export async function main(): Promise<{ ratio: number; rows: number; nodeMs: number; codeMs: number }> {
	const total = Number(process.env.EVENTS ?? 200_000);
	const perLead = Number(process.env.EVENTS_PER_LEAD ?? 20);
	const rounds = Number(process.env.ROUNDS ?? 3);
	const rows = [...eventLogRows(total, perLead)];
	const payload = JSON.stringify({ rows });
	const runs = await compareInN8n({
		slug: 'backtest',
		field: 'rows',
		name: 'Backtest',
		node: {
			type: `${PACKAGE}.leadScore`,
			typeVersion: 2,
			parameters: { operation: 'backtest', model: 'json', modelJson: JSON.stringify(candidateModel()), now: NOW, leadIdField: 'leadId' },
		},
		code: codeNode(codeNodeBacktest()),
		payload,
		rounds,
		payloadMb: 512,
	});
	const nodeTimes = runs.node.map((r) => r.nodeMs);
	const codeTimes = runs.code.map((r) => r.nodeMs);
	const summary = runs.node[runs.node.length - 1].first as { leads: number; moved: number };
	const codeSummary = runs.code[runs.code.length - 1].first as { leads: number; moved: number };
	if (summary.leads !== codeSummary.leads || summary.moved !== codeSummary.moved)
		throw new Error(`node and Code node disagree: ${JSON.stringify(summary)} vs ${JSON.stringify(codeSummary)}`);
	const fmt = (ms: number) => `${ms.toFixed(0)} ms (${Math.round(total / (ms / 1000)).toLocaleString('en-US')} events/s)`;
	console.log(
		`Backtest in n8n 2.8.4: ${total.toLocaleString('en-US')} event-log rows of ${summary.leads.toLocaleString('en-US')} leads, playbook vs candidate, ${rounds} rounds, median node time`,
	);
	console.log(`  Lead Score → Backtest: ${fmt(median(nodeTimes))}   runs: ${nodeTimes.map((t) => t.toFixed(0)).join(', ')} ms`);
	console.log(
		`  Code node (the engine, both models): ${fmt(median(codeTimes))}   runs: ${codeTimes.map((t) => t.toFixed(0)).join(', ')} ms`,
	);
	console.log(
		`  Code node / node time: ${(median(codeTimes) / median(nodeTimes)).toFixed(1)}× (both: ${summary.moved} of ${summary.leads} leads move)`,
	);
	return { ratio: median(codeTimes) / median(nodeTimes), rows: total, nodeMs: median(nodeTimes), codeMs: median(codeTimes) };
}

if (require.main === module)
	main().then(
		() => process.exit(0),
		(e) => {
			console.error(e);
			process.exit(1);
		},
	);
