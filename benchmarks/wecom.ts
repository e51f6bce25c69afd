/**
 * WeCom benchmark (`node dist/benchmarks/wecom.js`), against the local sandbox:
 * 1. Robot pacing: N messages over K robot keys — time taken against the least time WeCom's
 *    20-per-minute-per-key limit allows, and the 45009 (rate limited) answers received.
 *    The pacer and the sandbox share one virtual clock: waiting advances the sandbox's clock
 *    instead of sleeping, so minutes of pacing run in a second while the sandbox still enforces
 *    20 per sliding minute per key and answers 45009 to any message over it.
 * 2. Listing 5,000 customer groups with details: API calls made against the minimum
 *    (ceil(5000/1000) list pages + 5000 group details + 1 token).
 */
import { fetchHttp } from '../lib/http/fetchHttp';
import { WeComClient } from '../lib/wecom/client';
import { listCustomerGroups } from '../lib/wecom/customerGroups';
import { ROBOT_MESSAGES_PER_MINUTE, clearRobotPacing, parseRobotWebhook } from '../lib/wecom/robot';
import type { RobotJob } from '../lib/wecom/robotBatch';
import { sendRobotJobs, theoreticalMinimumMs } from '../lib/wecom/robotBatch';
import { clearTokenCache } from '../lib/common/tokenCache';
import { SandboxControl } from '../sandbox/control';
import { startSandbox } from '../sandbox/server';
import type { RunningSandbox } from '../sandbox/server';
import { SANDBOX_CORP, SANDBOX_ROBOT_KEYS } from '../sandbox/wecom/data';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const errcodeOf = (r: { response?: unknown }) => Number((r.response as { errcode?: number } | undefined)?.errcode ?? 0);

async function fresh(sb: RunningSandbox, opts: Record<string, unknown> = {}): Promise<void> {
	await new SandboxControl(sb.url).reset(opts);
	clearRobotPacing();
	clearTokenCache();
}

export interface RobotFigures {
	messages: number;
	keys: number;
	virtualMs: number;
	minimumMs: number;
	rateLimited: number;
	wallMs: number;
}

export async function robotPacing(sb: RunningSandbox, messages: number, keys: number): Promise<RobotFigures> {
	await fresh(sb);
	const webhooks = SANDBOX_ROBOT_KEYS.slice(0, keys).map((k) => parseRobotWebhook(k, sb.url));
	const jobs: RobotJob[] = Array.from({ length: messages }, (_v, n) => ({
		webhook: webhooks[n % keys],
		messages: [{ msgtype: 'text', text: { content: `营销早报 #${n + 1}` } }],
	}));
	const clock = {
		now: () => sb.state.now(),
		sleep: async (ms: number) => {
			sb.state.clockOffsetMs += ms;
		},
	};
	const wallStart = Date.now();
	const start = clock.now();
	const report = await sendRobotJobs(jobs, { http: fetchHttp, stopOnError: true, ...clock });
	const virtualMs = clock.now() - start;
	const failed = report.results.filter((r) => !r?.ok).length;
	if (failed) throw new Error(`${failed} robot jobs failed`);
	const sends = sb.state.requests.filter((r) => r.path === '/cgi-bin/webhook/send');
	const perKey = webhooks.map((w) => jobs.filter((j) => j.webhook === w).length);
	return {
		messages,
		keys,
		virtualMs,
		minimumMs: theoreticalMinimumMs(perKey, ROBOT_MESSAGES_PER_MINUTE),
		rateLimited: sends.filter((r) => errcodeOf(r) === 45009).length,
		wallMs: Date.now() - wallStart,
	};
}

/** Control: the same sandbox answers 45009 to an unpaced burst, so "zero 45009" above means something. */
export async function unpacedBurst(sb: RunningSandbox, messages: number): Promise<number> {
	await fresh(sb);
	let limited = 0;
	for (let n = 0; n < messages; n++) {
		const res = await fetchHttp({
			method: 'POST',
			url: `${sb.url}/cgi-bin/webhook/send`,
			qs: { key: SANDBOX_ROBOT_KEYS[0] },
			body: { msgtype: 'text', text: { content: `burst ${n}` } },
		});
		if (Number((res.body as { errcode?: number }).errcode) === 45009) limited++;
	}
	return limited;
}

export interface ListFigures {
	groups: number;
	calls: number;
	minimum: number;
	byPath: Record<string, number>;
	wallMs: number;
}

export async function listWithDetails(sb: RunningSandbox, groups: number): Promise<ListFigures> {
	await fresh(sb, { groups });
	const client = new WeComClient({ corpId: SANDBOX_CORP.corpId, secret: SANDBOX_CORP.contactSecret, baseUrl: sb.url, http: fetchHttp });
	const start = Date.now();
	const list = await listCustomerGroups(client, { status: 'all', max: Infinity, includeDetails: true, concurrency: 5 });
	const wallMs = Date.now() - start;
	if (list.length !== groups) throw new Error(`listed ${list.length} of ${groups} groups`);
	const byPath: Record<string, number> = {};
	for (const r of sb.state.requests) byPath[r.path] = (byPath[r.path] ?? 0) + 1;
	return { groups, calls: client.calls, minimum: Math.ceil(groups / 1000) + groups + 1, byPath, wallMs };
}

export async function main(): Promise<void> {
	const sb = await startSandbox();
	try {
		console.log(
			'Robot pacing (virtual clock shared by the pacer and the sandbox: waits advance the clock, the 20/min/key limit is still enforced)',
		);
		console.log('  minimum = one full minute per 20 messages of the busiest key after its first 20 (a sliding window admits 20 at once)');
		for (const [messages, keys] of [
			[100, 5],
			[300, 5],
			[100, 1],
		] as const) {
			const f = await robotPacing(sb, messages, keys);
			console.log(
				`  ${f.messages} messages over ${f.keys} key(s): took ${seconds(f.virtualMs)} (theoretical minimum ${seconds(f.minimumMs)}, +${seconds(f.virtualMs - f.minimumMs)}); 45009 errors: ${f.rateLimited}; wall time ${f.wallMs} ms`,
			);
		}
		console.log(`  control, no pacing: 30 messages at once on one key → ${await unpacedBurst(sb, 30)} × 45009`);

		console.log('Listing customer groups with details');
		const l = await listWithDetails(sb, 5000);
		console.log(
			`  ${l.groups} groups: ${l.calls} API calls (minimum ${l.minimum} = ${Math.ceil(l.groups / 1000)} list + ${l.groups} get + 1 token) in ${seconds(l.wallMs)}; by path: ${JSON.stringify(l.byPath)}`,
		);
	} finally {
		await sb.close();
	}
}

if (require.main === module) void main();
