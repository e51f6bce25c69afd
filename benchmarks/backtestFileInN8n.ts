/**
 * A backtest of a large history through the node inside a real n8n 2.8.4, the history read from a
 * file (`node dist/benchmarks/backtestFileInN8n.js`; FILE_EVENTS, default 10000,100000,1000000,
 * sets the sizes). The workflow is Webhook → Read/Write Files from Disk (the event log exported as
 * JSON Lines, one lead's rows together) → Lead Score, Backtest with History From = Binary File.
 * n8n keeps binary data on disk (N8N_DEFAULT_BINARY_DATA_MODE=filesystem), so the node streams the
 * file. Printed per size: the node's own time as n8n records it, the n8n process's CPU time over
 * the run, and its peak RSS while the run lasts (sampled from /proc), to show memory stays flat.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { candidateModel } from './backtest';
import type { FileInN8nRun } from './backtest';
import { NOW, eventLogRows } from './backtestInN8n';
import { PACKAGE } from './inN8n';
import { startN8n } from '../scripts/n8n-runner';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/**
 * Writes `total` event-log rows as JSON Lines; returns how many leads. FILE_ORDER=interleaved writes
 * them in row-ID order with IDs handed out in time order (n8n's export: leads interleaved, so the
 * node reads the file twice and holds its rows); otherwise each lead's rows together.
 */
function writeLog(path: string, total: number, perLead: number): number {
	const fd = openSync(path, 'w');
	const leads = new Set<unknown>();
	let rows: Iterable<Record<string, unknown>> = eventLogRows(total, perLead);
	if (process.env.FILE_ORDER === 'interleaved') {
		const all = [...rows].sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
		all.forEach((r, k) => (r.id = k + 1));
		rows = all;
	}
	let buf: string[] = [];
	for (const row of rows) {
		leads.add(row.lead_id);
		buf.push(JSON.stringify(row));
		if (buf.length >= 10_000) {
			writeSync(fd, buf.join('\n') + '\n');
			buf = [];
		}
	}
	if (buf.length) writeSync(fd, buf.join('\n') + '\n');
	closeSync(fd);
	return leads.size;
}

/** RSS and CPU time (user + system, ms) of a process, from /proc. */
function usage(pid: number): { rss: number; cpu: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const ticks = Number(fields[11]) + Number(fields[12]);
	return { rss, cpu: (ticks * 1000) / 100 };
}

export async function main(): Promise<FileInN8nRun[]> {
	const sizes = (process.env.FILE_EVENTS ?? '10000,100000,1000000').split(',').map(Number);
	const dir = mkdtempSync(join(tmpdir(), 'wecom-growth-backtest-file-'));
	const n8n = await startN8n({
		env: {
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			N8N_RESTRICT_FILE_ACCESS_TO: dir,
			N8N_PAYLOAD_SIZE_MAX: '16',
		},
	});
	const runs: FileInN8nRun[] = [];
	try {
		const path = 'bench-backtest-file';
		const workflow = {
			name: 'bench backtest from a file',
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
					id: 'r',
					name: 'Read Event Log File',
					type: 'n8n-nodes-base.readWriteFile',
					typeVersion: 1,
					position: [200, 0],
					parameters: { operation: 'read', fileSelector: '={{ $json.body.file }}', options: {} },
				},
				{
					id: 'b',
					name: 'Backtest',
					type: `${PACKAGE}.leadScore`,
					typeVersion: 2,
					position: [400, 0],
					parameters: {
						operation: 'backtest',
						historyFrom: 'file',
						model: 'json',
						modelJson: JSON.stringify(candidateModel()),
						now: NOW,
						leadIdField: 'leadId',
					},
				},
			],
			connections: {
				Webhook: { main: [[{ node: 'Read Event Log File', type: 'main', index: 0 }]] },
				'Read Event Log File': { main: [[{ node: 'Backtest', type: 'main', index: 0 }]] },
			},
		};
		const wf = await n8n.api.createWorkflow(workflow);
		await n8n.api.activate(wf.id, wf.versionId);
		const pid = n8n.process.pid!;
		console.log(`Backtest through the node in n8n 2.8.4, history from a JSON Lines file (binary data on disk), playbook vs candidate`);
		for (let k = 0; k < sizes.length; k++) {
			const total = sizes[k];
			const file = join(dir, `lead_events-${total}.jsonl`);
			const leads = writeLog(file, total, 20);
			const before = usage(pid);
			let peak = before.rss;
			const sampler = setInterval(() => (peak = Math.max(peak, usage(pid).rss)), 100);
			let res: Response | undefined;
			for (let attempt = 1; attempt <= 5; attempt++) {
				res = await fetch(`${n8n.url}/webhook/${path}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ file }),
				}).catch(() => undefined);
				if (res && res.status !== 404) break;
				await new Promise((r) => setTimeout(r, 5000));
			}
			if (!res?.ok) throw new Error(`webhook → ${res?.status}`);
			const done = await n8n.api.waitForExecutions(wf.id, k + 1, 1_800_000);
			clearInterval(sampler);
			const after = usage(pid);
			peak = Math.max(peak, after.rss);
			const exec = await n8n.api.execution(done[done.length - 1].id);
			const error = exec.data.resultData.error;
			if (error) throw new Error(`the run failed: ${error.message}`);
			const out = exec.data.resultData.runData.Backtest?.[0];
			const summary = out?.data?.main?.[0]?.[0]?.json as { events: number; leads: number; moved: number };
			if (summary.events !== total) throw new Error(`the node saw ${summary.events} events, not ${total}`);
			const run = {
				events: total,
				leads,
				nodeMs: out.executionTime,
				cpuMs: after.cpu - before.cpu,
				peakRss: peak,
				idleRss: before.rss,
				moved: summary.moved,
			};
			runs.push(run);
			console.log(
				`  ${total.toLocaleString('en-US').padStart(9)} events (${leads.toLocaleString('en-US')} leads): node ${(run.nodeMs / 1000).toFixed(1)} s ` +
					`(${Math.round(total / (run.nodeMs / 1000)).toLocaleString('en-US')} events/s), n8n CPU ${(run.cpuMs / 1000).toFixed(1)} s ` +
					`(${Math.round(total / (run.cpuMs / 1000)).toLocaleString('en-US')} per CPU-second), n8n RSS ${mb(run.idleRss)} before, peak ${mb(run.peakRss)}; ${run.moved} leads move`,
			);
			rmSync(file, { force: true });
		}
		return runs;
	} finally {
		await n8n.stop();
		rmSync(dir, { recursive: true, force: true });
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
