import type { HttpFn } from '../../../lib/http/types';
import { clearRobotPacing, parseRobotWebhook } from '../../../lib/wecom/robot';
import { sendRobotJobs } from '../../../lib/wecom/robotBatch';

/**
 * A WeCom stand-in on a virtual clock that counts a message when it arrives (after the uplink
 * latency) and answers 45009 to the 21st arrival within any 60 s.
 */
function fakeWeCom(uplinkMs: (n: number) => number, downlinkMs = 10) {
	let now = 1_000_000;
	const arrivals: number[] = [];
	let limited = 0;
	let n = 0;
	const http: HttpFn = async () => {
		now += uplinkMs(n++);
		const recent = arrivals.filter((t) => t > now - 60_000);
		let body: { errcode: number; errmsg: string };
		if (recent.length >= 20) {
			limited++;
			body = { errcode: 45009, errmsg: 'api freq out of limit' };
		} else {
			arrivals.push(now);
			body = { errcode: 0, errmsg: 'ok' };
		}
		now += downlinkMs;
		return { status: 200, headers: {}, body };
	};
	return {
		http,
		clock: { now: () => now, sleep: async (ms: number) => void (now += ms) },
		stats: () => ({ limited, delivered: arrivals.length }),
	};
}

beforeEach(() => clearRobotPacing());

describe("robot pacing on the safe side of WeCom's clock", () => {
	it.each([
		['slow first messages, fast later ones', (n: number) => (n < 20 ? 1500 : 5)],
		['one very slow message in the middle', (n: number) => (n === 10 ? 4000 : 5)],
		['alternating latency', (n: number) => (n % 2 ? 900 : 5)],
	])('gets no 45009 with %s', async (_what, uplink) => {
		const w = fakeWeCom(uplink);
		const webhook = parseRobotWebhook('00000000-0000-4000-8000-000000000001', 'http://wecom.test');
		const jobs = Array.from({ length: 60 }, (_v, i) => ({ webhook, messages: [{ msgtype: 'text', text: { content: `m${i}` } }] }));
		const report = await sendRobotJobs(jobs, { http: w.http, stopOnError: true, ...w.clock });
		expect(report.results.every((r) => r?.ok)).toBe(true);
		expect(w.stats()).toEqual({ limited: 0, delivered: 60 });
	});
});
