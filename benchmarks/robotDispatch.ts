/**
 * Robot dispatcher benchmark (`node dist/benchmarks/robotDispatch.js`): the time the dispatcher
 * itself spends choosing which key sends next, with an instant HTTP answer and a virtual clock,
 * so only the dispatch is measured. Linear in messages: twice the keys, twice the time.
 */
import { performance } from 'perf_hooks';
import type { HttpFn } from '../lib/http/types';
import { clearRobotPacing } from '../lib/wecom/robot';
import type { RobotJob } from '../lib/wecom/robotBatch';
import { sendRobotJobs } from '../lib/wecom/robotBatch';

const instant: HttpFn = async () => ({ status: 200, headers: {}, body: { errcode: 0, errmsg: 'ok' } });

export async function dispatch(keys: number, perKey: number): Promise<{ ms: number; sent: number; virtualMs: number }> {
	clearRobotPacing();
	let t = 1_700_000_000_000;
	const clock = { now: () => t, sleep: async (ms: number) => void (t += Math.max(ms, 0)) };
	const jobs: RobotJob[] = [];
	for (let m = 0; m < perKey; m++) {
		for (let k = 0; k < keys; k++) {
			jobs.push({
				webhook: { baseUrl: 'http://127.0.0.1:1', key: `key-${k}` },
				messages: [{ msgtype: 'markdown', markdown: { content: `part ${m + 1}` } }],
			});
		}
	}
	const start = performance.now();
	const report = await sendRobotJobs(jobs, { http: instant, stopOnError: true, ...clock });
	const ms = performance.now() - start;
	clearRobotPacing();
	return { ms, sent: report.results.filter((r) => r?.ok).length, virtualMs: t - 1_700_000_000_000 };
}

export async function main(): Promise<void> {
	console.log('Robot dispatcher (instant HTTP, virtual clock): time spent choosing the next send');
	for (const [keys, perKey] of [
		[1_000, 3],
		[10_000, 3],
		[1, 100],
		[100, 30],
	] as const) {
		const f = await dispatch(keys, perKey);
		console.log(
			`  ${keys} keys × ${perKey} messages = ${keys * perKey}: ${f.ms.toFixed(0)} ms (${((f.ms * 1000) / (keys * perKey)).toFixed(1)} µs per message), ${f.sent} sent, paced over ${(f.virtualMs / 1000).toFixed(0)} s of robot time`,
		);
	}
}

if (require.main === module) void main();
