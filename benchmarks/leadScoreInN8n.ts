/**
 * Lead Score node vs an n8n Code node doing the same scoring, in a real n8n
 * (`node dist/benchmarks/leadScoreInN8n.js`; LEADS, EVENTS_PER_LEAD and ROUNDS override the sizes).
 * Both workflows get the same items (one per lead, 20 events each) from the same webhook payload;
 * the figure compared is each node's own execution time as n8n records it in the run data.
 */
import { codeNodeSource } from './codeNode';
import { PLAYBOOK_MODEL } from '../lib/scoring/playbook';
import { startN8n } from '../scripts/n8n-runner';
import type { RunningN8n } from '../scripts/n8n-runner';
import { attributesFor, eventsFor, prng } from './leadScore';

const PACKAGE = 'n8n-nodes-wecom-growth';
const NOW = '2025-06-03T00:00:00Z';

function workflow(path: string, scorer: Record<string, unknown>) {
	return {
		name: `bench ${path}`,
		nodes: [
			{
				id: 'w',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: path,
				parameters: { path, httpMethod: 'POST' },
			},
			{
				id: 's',
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [200, 0],
				parameters: { fieldToSplitOut: 'body.leads' },
			},
			{ id: 'x', name: 'Score', position: [400, 0], ...scorer },
		],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'Score', type: 'main', index: 0 }]] },
		},
	};
}

async function timeOne(
	n8n: RunningN8n,
	id: string,
	path: string,
	body: string,
	run: number,
): Promise<{ nodeMs: number; items: number; status: string }> {
	const res = await fetch(`${n8n.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
	if (!res.ok) throw new Error(`webhook ${path} → ${res.status}`);
	const runs = await n8n.api.waitForExecutions(id, run, 600_000);
	const last = runs[runs.length - 1];
	const exec = await n8n.api.execution(last.id);
	const score = exec.data.resultData.runData.Score?.[0];
	return { nodeMs: score?.executionTime ?? NaN, items: score?.data?.main?.[0]?.length ?? 0, status: last.status };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

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
	const n8n = await startN8n({ env: { N8N_PAYLOAD_SIZE_MAX: '64' } });
	try {
		const node = await n8n.api.createWorkflow(
			workflow('bench-node', {
				type: `${PACKAGE}.leadScore`,
				typeVersion: 1,
				parameters: { inputShape: 'perLead', model: 'playbook', now: NOW },
			}),
		);
		const code = await n8n.api.createWorkflow(
			workflow('bench-code', {
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				parameters: {
					mode: 'runOnceForAllItems',
					language: 'javaScript',
					jsCode: codeNodeSource({ model: PLAYBOOK_MODEL, now: Date.parse(NOW) }),
				},
			}),
		);
		await n8n.api.activate(node.id, node.versionId);
		await n8n.api.activate(code.id, code.versionId);
		const nodeTimes: number[] = [];
		const codeTimes: number[] = [];
		let items = 0;
		for (let r = 1; r <= rounds; r++) {
			const a = await timeOne(n8n, node.id, 'bench-node', payload, r);
			const b = await timeOne(n8n, code.id, 'bench-code', payload, r);
			if (a.status !== 'success' || b.status !== 'success') throw new Error(`a run failed: node ${a.status}, code ${b.status}`);
			if (a.items !== leads || b.items !== leads) throw new Error(`expected ${leads} output items, got node ${a.items}, code ${b.items}`);
			nodeTimes.push(a.nodeMs);
			codeTimes.push(b.nodeMs);
			items = a.items;
		}
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
	} finally {
		await n8n.stop();
	}
}

if (require.main === module)
	main().then(
		() => process.exit(0),
		(e) => {
			console.error(e);
			process.exit(1);
		},
	);
