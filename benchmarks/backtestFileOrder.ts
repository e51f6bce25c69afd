/**
 * A backtest from a file, grouped by lead vs interleaved (`node dist/benchmarks/backtestFileOrder.js`;
 * ORDER_EVENTS, default 1000000, sets the size). The same event-log rows are written twice as JSON
 * Lines: each lead's rows together (an export ordered by lead), and in row-ID order (n8n's data
 * table export: leads interleaved). Each file is backtested in its own Node process, so the peak
 * RSS printed is that run's alone: flat for the grouped file (one lead held at a time), growing
 * with the history for the interleaved one (every row held in compact form until the end).
 */
import { execFileSync } from 'child_process';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { compileModel } from '../lib/scoring/compile';
import { backtestFiles } from '../lib/scoring/historyStream';
import { PLAYBOOK_MODEL } from '../lib/scoring/playbook';
import { candidateModel } from './backtest';
import { NOW, eventLogRows } from './backtestInN8n';
import { defaultLogFields } from '../test/helpers/eventLogFields';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const n = (x: number) => Math.round(x).toLocaleString('en-US');

interface OrderRun {
	order: string;
	events: number;
	grouped: boolean;
	heldRows: number;
	wall: number;
	cpu: number;
	peakRss: number;
	moved: number;
}

/** Writes the rows as JSON Lines in the given order of row indexes. */
function write(path: string, rows: Array<Record<string, unknown>>, order: Int32Array): void {
	const fd = openSync(path, 'w');
	for (let k = 0; k < order.length; k += 10_000)
		writeSync(fd, Array.from(order.subarray(k, k + 10_000), (i) => JSON.stringify(rows[i])).join('\n') + '\n');
	closeSync(fd);
}

/** The child: one backtest of one file, its figures as JSON on stdout. */
async function runOne(path: string, order: string): Promise<OrderRun> {
	const fields = defaultLogFields();
	const live = compileModel(PLAYBOOK_MODEL);
	const candidate = compileModel(candidateModel());
	const c0 = process.cpuUsage();
	const t0 = performance.now();
	const r = await backtestFiles([{ item: 0, format: 'jsonl', open: () => createReadStream(path) }], {
		fields,
		zone: 'UTC',
		live,
		candidate,
		now: Date.parse(NOW),
		leadsListed: 200,
		onProblem: (p) => {
			throw new Error(`line ${p.line}: ${p.field} ${p.message}`);
		},
	});
	const c = process.cpuUsage(c0);
	return {
		order,
		events: r.report.events,
		grouped: r.grouped,
		heldRows: r.heldRows,
		wall: performance.now() - t0,
		cpu: (c.user + c.system) / 1000,
		peakRss: process.resourceUsage().maxRSS * 1024,
		moved: r.report.moved.total,
	};
}

export async function main(): Promise<OrderRun[]> {
	const total = Number(process.env.ORDER_EVENTS ?? 1_000_000);
	const perLead = Number(process.env.EVENTS_PER_LEAD ?? 20);
	const dir = mkdtempSync(join(tmpdir(), 'wecom-growth-order-'));
	const runs: OrderRun[] = [];
	try {
		let rows: Array<Record<string, unknown>> | undefined = [...eventLogRows(total, perLead)];
		// Row IDs in time order over all leads, as the data table hands them out: the interleaved export.
		const byTime = Int32Array.from(rows, (_, i) => i).sort(
			(a, b) => Date.parse(String(rows![a].createdAt)) - Date.parse(String(rows![b].createdAt)) || a - b,
		);
		byTime.forEach((i, k) => (rows![i].id = k + 1));
		const grouped = join(dir, 'grouped.jsonl');
		const interleaved = join(dir, 'interleaved.jsonl');
		write(
			grouped,
			rows,
			Int32Array.from(rows, (_, i) => i),
		);
		write(interleaved, rows, byTime);
		rows = undefined;
		console.log(`Backtest from a JSON Lines file, ${n(total)} events (${perLead} per lead), each order in its own process:`);
		for (const [order, path] of [
			['grouped by lead', grouped],
			['interleaved (row-ID order)', interleaved],
		]) {
			const out = execFileSync(process.execPath, [__filename, 'run', path, order], { encoding: 'utf8', maxBuffer: 1 << 20 });
			const r = JSON.parse(out.trim().split('\n').pop()!) as OrderRun;
			runs.push(r);
			console.log(
				`  ${r.order.padEnd(28)} ${n(r.events / (r.cpu / 1000)).padStart(9)} events per CPU-second, ${(r.wall / 1000).toFixed(1)} s wall, ` +
					`peak RSS ${mb(r.peakRss)}; ${r.grouped ? 'scored as it streamed' : 'read twice, rows held'}, at most ${n(r.heldRows)} rows held; ${r.moved} leads move`,
			);
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	return runs;
}

if (require.main === module) {
	if (process.argv[2] === 'run') void runOne(process.argv[3], process.argv[4]).then((r) => console.log(JSON.stringify(r)));
	else void main();
}
