import { fetchHttp } from '../../../lib/http/fetchHttp';
import { parseRobotWebhook } from '../../../lib/wecom/robot';
import { sendRobotJobs, theoreticalMinimumMs } from '../../../lib/wecom/robotBatch';
import { SANDBOX_ROBOT_KEYS } from '../../../sandbox/wecom/data';
import { useSandbox } from '../../helpers/sandbox';
import { calls } from './support';

const ctx = useSandbox();
const clock = () => ({
	now: () => ctx.sb.state.now(),
	sleep: async (ms: number) => {
		ctx.sb.state.clockOffsetMs += ms;
	},
});
const text = (content: string) => ({ msgtype: 'text', text: { content } });

describe('theoretical minimum at 20 per sliding minute', () => {
	it('is the full windows after the first, for the busiest key', () => {
		expect(theoreticalMinimumMs([20, 20, 20, 20, 20])).toBe(0);
		expect(theoreticalMinimumMs([21])).toBe(60_000);
		expect(theoreticalMinimumMs([60, 10])).toBe(120_000);
		expect(theoreticalMinimumMs([100])).toBe(240_000);
	});
});

describe('sendRobotJobs', () => {
	it('meets the minimum for 100 messages on one key with zero 45009', async () => {
		const webhook = parseRobotWebhook(SANDBOX_ROBOT_KEYS[0], ctx.sb.url);
		const jobs = Array.from({ length: 100 }, (_v, n) => ({ webhook, messages: [text(`m${n}`)] }));
		const start = ctx.sb.state.now();
		const report = await sendRobotJobs(jobs, { http: fetchHttp, stopOnError: true, ...clock() });
		const elapsed = ctx.sb.state.now() - start;
		expect(report.results.every((r) => r?.ok && r.sent === 1)).toBe(true);
		const sent = await calls(ctx, '/cgi-bin/webhook/send');
		expect(sent.filter((r) => (r.response as { errcode: number }).errcode === 45009)).toHaveLength(0);
		// Within 3 s of the 4 minutes the limit imposes: each window waits for WeCom's answers plus a margin.
		expect(elapsed).toBeGreaterThanOrEqual(theoreticalMinimumMs([100]));
		expect(elapsed).toBeLessThan(theoreticalMinimumMs([100]) + 3000);
	});

	it('stops everything after the first failure when asked', async () => {
		const good = parseRobotWebhook(SANDBOX_ROBOT_KEYS[0], ctx.sb.url);
		const bad = parseRobotWebhook('bad-key', ctx.sb.url);
		const report = await sendRobotJobs(
			[
				{ webhook: bad, messages: [text('x')] },
				{ webhook: good, messages: [text('y')] },
			],
			{ http: fetchHttp, stopOnError: true, ...clock() },
		);
		expect(report.results[0]).toMatchObject({ ok: false, sent: 0 });
		expect(report.results[1]).toMatchObject({ ok: true, sent: 0 });
		expect(await calls(ctx, '/cgi-bin/webhook/send')).toHaveLength(1);
	});

	it('a failed job sends none of its remaining parts; other jobs go on', async () => {
		const webhook = parseRobotWebhook(SANDBOX_ROBOT_KEYS[0], ctx.sb.url);
		await ctx.control.fault({ pathPrefix: '/cgi-bin/webhook/send', body: { errcode: 93004, errmsg: 'robot disabled' }, times: 1 });
		const report = await sendRobotJobs(
			[
				{ webhook, messages: [text('a1'), text('a2')] },
				{ webhook, messages: [text('b1')] },
			],
			{ http: fetchHttp, stopOnError: false, ...clock() },
		);
		expect(report.results[0]).toMatchObject({ ok: false, sent: 0 });
		expect(report.results[1]).toMatchObject({ ok: true, sent: 1 });
		expect((await calls(ctx, '/cgi-bin/webhook/send')).map((r) => (r.body as any).text.content)).toEqual(['a1', 'b1']);
	});
});
