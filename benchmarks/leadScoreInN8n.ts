/**
 * Lead Score node vs an n8n Code node doing the same scoring, in a real n8n
 * (`node dist/benchmarks/leadScoreInN8n.js`; LEADS, EVENTS_PER_LEAD and ROUNDS override the sizes).
 * Both workflows get the same items (one per lead, 20 events each) from the same webhook payload;
 * the figure compared is each node's own execution time as n8n records it in the run data.
 */
import { codeNodeSource } from './codeNode';
import { PACKAGE, codeNode, compareInN8n, median } from './inN8n';
import { PLAYBOOK_MODEL } from '../lib/scoring/playbook';
import { attributesFor, eventsFor, prng } from './leadScore';

const NOW = '2025-06-03T00:00:00Z';

export async function main(): Promise<void> {
	const leads = Number(process.env.LEADS ?? 2000);
	const perLead = Number(process.env.EVENTS_PER_LEAD ?? 20);
	const rounds = Number(process.env.ROUNDS ?? 3);
	const rand = prng(7);
	const payload = JSON.stringify({
		leads: Array.from({ length: leads }, (_, i) => ({
			leadId: `L${i}`,
			lead: attributesFor(rand),
			events: eventsFor(rand, i, 0, perLead).map((e) => ({ ...e.data, time: new Date(e.time).toISOString() })),
		})),
	});
	const runs = await compareInN8n({
		slug: 'score',
		field: 'leads',
		name: 'Score',
		node: { type: `${PACKAGE}.leadScore`, typeVersion: 1, parameters: { inputShape: 'perLead', model: 'playbook', now: NOW } },
		code: codeNode(codeNodeSource({ model: PLAYBOOK_MODEL, now: Date.parse(NOW) })),
		payload,
		rounds,
		payloadMb: 64,
		timeoutMs: 600_000,
	});
	for (const r of [...runs.node, ...runs.code]) if (r.items !== leads) throw new Error(`expected ${leads} output items, got ${r.items}`);
	const nodeTimes = runs.node.map((r) => r.nodeMs);
	const codeTimes = runs.code.map((r) => r.nodeMs);
	const items = leads;
	const events = leads * perLead;
	const fmt = (ms: number) => `${ms.toFixed(0)} ms (${Math.round(events / (ms / 1000)).toLocaleString('en-US')} events/s)`;
	console.log(
		`Lead Score in n8n 2.8.4: ${leads.toLocaleString('en-US')} leads × ${perLead} events = ${events.toLocaleString('en-US')} events, ${rounds} rounds, median node time`,
	);
	console.log(`  Lead Score node: ${fmt(median(nodeTimes))}   runs: ${nodeTimes.map((t) => t.toFixed(0)).join(', ')} ms`);
	console.log(
		`  Code node (same engine, task runner): ${fmt(median(codeTimes))}   runs: ${codeTimes.map((t) => t.toFixed(0)).join(', ')} ms`,
	);
	console.log(`  node / code time: ${(median(nodeTimes) / median(codeTimes)).toFixed(2)} (output items: ${items} each)`);
}

if (require.main === module)
	main().then(
		() => process.exit(0),
		(e) => {
			console.error(e);
			process.exit(1);
		},
	);
