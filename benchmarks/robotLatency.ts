/**
 * Robot pacing under uneven network latency: 300 messages over 5 keys, where the first 20
 * messages of each key take 800 ms to reach WeCom and the rest 20 ms. WeCom counts a message
 * when it receives it; a pacer that dated its window by send time would send the 21st message too
 * early and get 45009. Prints the time taken and the 45009 count (should be 0).
 * The pacer and the sandbox share one virtual clock; latency advances it.
 * Run after the build: node dist/benchmarks/robotLatency.js
 */
import type { HttpFn } from '../lib/http/types';
import { fetchHttp } from '../lib/http/fetchHttp';
import { ROBOT_MESSAGES_PER_MINUTE, clearRobotPacing, parseRobotWebhook } from '../lib/wecom/robot';
import type { RobotJob } from '../lib/wecom/robotBatch';
import { sendRobotJobs, theoreticalMinimumMs } from '../lib/wecom/robotBatch';
import { SandboxControl } from '../sandbox/control';
import { startSandbox } from '../sandbox/server';
import { SANDBOX_ROBOT_KEYS } from '../sandbox/wecom/data';

const MESSAGES = 300;
const KEYS = 5;
const SLOW_MS = 800;
const FAST_MS = 20;

export async function main(): Promise<void> {
	const sb = await startSandbox();
	try {
		await new SandboxControl(sb.url).reset({});
		clearRobotPacing();
		const webhooks = SANDBOX_ROBOT_KEYS.slice(0, KEYS).map((k) => parseRobotWebhook(k, sb.url));
		const jobs: RobotJob[] = Array.from({ length: MESSAGES }, (_v, n) => ({
			webhook: webhooks[n % KEYS],
			messages: [{ msgtype: 'text', text: { content: `营销早报 #${n + 1}` } }],
		}));
		const clock = { now: () => sb.state.now(), sleep: async (ms: number) => void (sb.state.clockOffsetMs += ms) };
		const sentPerKey = new Map<string, number>();
		// Uplink latency before WeCom sees the request (slow first messages per key), then the answer's way back.
		const http: HttpFn = async (req) => {
			const key = String(req.qs?.key ?? '');
			const n = sentPerKey.get(key) ?? 0;
			sentPerKey.set(key, n + 1);
			sb.state.clockOffsetMs += n < ROBOT_MESSAGES_PER_MINUTE ? SLOW_MS : FAST_MS;
			const res = await fetchHttp(req);
			sb.state.clockOffsetMs += FAST_MS;
			return res;
		};
		const start = clock.now();
		const report = await sendRobotJobs(jobs, { http, stopOnError: false, ...clock });
		const ms = clock.now() - start;
		const sends = sb.state.requests.filter((r) => r.path === '/cgi-bin/webhook/send');
		const limited = sends.filter((r) => Number((r.response as { errcode?: number } | undefined)?.errcode) === 45009).length;
		const failed = report.results.filter((r) => !r?.ok).length;
		const minimum = theoreticalMinimumMs(webhooks.map(() => MESSAGES / KEYS));
		console.log(
			`Robot pacing with uneven latency (first ${ROBOT_MESSAGES_PER_MINUTE} per key ${SLOW_MS} ms to arrive, then ${FAST_MS} ms; virtual clock)`,
		);
		console.log(
			`  ${MESSAGES} messages over ${KEYS} keys: took ${(ms / 1000).toFixed(1)} s (minimum ${(minimum / 1000).toFixed(0)} s plus latency); 45009 answers: ${limited}; failed jobs: ${failed}; requests: ${sends.length}`,
		);
	} finally {
		await sb.close();
	}
}

if (require.main === module) void main();
