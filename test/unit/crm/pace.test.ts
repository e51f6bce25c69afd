import { RATE_LIMITED } from '../../../lib/crm/http';
import { clearPacing, rateLimitFor, takeSlot } from '../../../lib/crm/pace';
import { pushLeads } from '../../../lib/crm/push';
import type { PushConfig } from '../../../lib/crm/push';
import type { HubSpotEmulator } from '../../../sandbox/crm/hubspot';
import { SANDBOX_HUBSPOT_TOKEN } from '../../../sandbox/crm/hubspot';
import { useSandbox } from '../../helpers/sandbox';
import { leads, mapping, testIo } from './support';

const ctx = useSandbox();
const hubspot = () => ctx.sb.emulators.hubspot as HubSpotEmulator;
const config = (): PushConfig => ({
	mapping: mapping('hubspot'),
	hubspot: { token: SANDBOX_HUBSPOT_TOKEN, baseUrl: `${ctx.sb.url}/hubspot`, idProperty: 'email', lifecycleBackward: 'keep' },
});

beforeEach(() => clearPacing());

/** A clock that moves with the sandbox's: real time plus every wait, which also advances the sandbox. */
function sandboxClock() {
	let slept = 0;
	return {
		now: () => Date.now() + slept,
		sleep: async (ms: number) => {
			slept += ms;
			await ctx.control.advanceClock(ms);
		},
	};
}

describe('CRM pacing', () => {
	it('never lets more than the limit into any rolling window, dating each call by its answer', async () => {
		let t = 0;
		const sleep = async (ms: number) => void (t += ms);
		const starts: number[] = [];
		for (let i = 0; i < 23; i++) {
			const slot = await takeSlot('acct', { requests: 5, windowMs: 1000 }, () => t, sleep);
			starts.push(t);
			t += 30; // the answer arrives 30 ms later
			slot.done();
		}
		for (const s of starts) expect(starts.filter((x) => x >= s && x < s + 1000 + 30).length).toBeLessThanOrEqual(5);
		// 23 calls at 5 per second: the last one starts in the fifth second, not earlier.
		expect(starts[22]).toBeGreaterThanOrEqual(4 * 1030);
		expect(starts[22]).toBeLessThan(5 * 1030 + 100);
	});

	it("uses the CRM's window by default and the node's option when set", () => {
		expect(rateLimitFor('hubspot', 0, 0)).toEqual({ requests: 100, windowMs: 10_000 });
		expect(rateLimitFor('hubspot', 190, 0)).toEqual({ requests: 190, windowMs: 10_000 });
		expect(rateLimitFor('fxiaoke', 0, 0)).toEqual({ requests: 100, windowMs: 20_000 });
		expect(rateLimitFor('salesforce', 0, 0)).toBeUndefined();
		expect(rateLimitFor('salesforce', 1000, 3600)).toEqual({ requests: 1000, windowMs: 3_600_000 });
	});

	it('a paced HubSpot push of 500 leads at 4 calls per 10 s gets no 429 and writes each lead once', async () => {
		await ctx.control.reset({ hubspot: { tenSecondlyLimit: 4 } });
		const clock = sandboxClock();
		const { io } = testIo('hubspot', ctx.control, { ...clock, rateLimit: { requests: 4, windowMs: 10_000 }, rateKey: 'hubspot|acct' });
		const res = await pushLeads(io, config(), leads(500));
		expect(res.every((r) => r.status === 'created' && r.task?.status === 'created')).toBe(true);
		const calls = await ctx.control.requests('/hubspot');
		expect(calls.filter((r) => r.status === 429)).toHaveLength(0);
		expect(hubspot().contacts.size).toBe(500);
		expect(hubspot().objects.tasks.size).toBe(500);
	});

	it('when the limit holds beyond the wait budget, unwritten leads come back RATE_LIMITED and a later push finishes them once', async () => {
		await ctx.control.reset({ hubspot: { tenSecondlyLimit: 4 } });
		const first = testIo('hubspot', ctx.control, { rateWaitBudgetMs: 15_000 });
		const res = await pushLeads(first.io, config(), leads(500));
		const deferred = res.filter((r) => r.status === 'failed');
		expect(deferred.length).toBeGreaterThan(0);
		expect(deferred.every((r) => r.code === RATE_LIMITED && /push it again later/.test(r.hint ?? ''))).toBe(true);
		expect(first.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(15_000);
		// The next run (a fresh budget) takes the rest: every lead once, every task once.
		const second = testIo('hubspot', ctx.control);
		const again = await pushLeads(second.io, config(), leads(500));
		expect(again.every((r) => r.status !== 'failed')).toBe(true);
		expect(hubspot().contacts.size).toBe(500);
		expect(hubspot().objects.tasks.size).toBe(500);
		expect(hubspot().objects.notes.size).toBe(0);
	});

	it('two n8n processes each pacing to the full limit (queue mode) overshoot it: the CRM answers 429, and no lead is lost or written twice', async () => {
		// Pacing lives in each process's memory; two workers with separate windows (two rate keys here)
		// each send the account's whole limit. HubSpot refuses the excess; what neither worker could write
		// within its wait budget comes back RATE_LIMITED, and the next run (template 01's retry inbox, the
		// queue drained on schedule) writes it once.
		await ctx.control.reset({ hubspot: { tenSecondlyLimit: 4 } });
		const clock = sandboxClock();
		// One io per run (an execution's budget); the window key stays the worker process's.
		const worker = (name: string) => () =>
			testIo('hubspot', ctx.control, {
				...clock,
				rateLimit: { requests: 4, windowMs: 10_000 },
				rateKey: `hubspot|acct|${name}`,
				rateWaitBudgetMs: 20_000,
			});
		const a = worker('worker-1');
		const b = worker('worker-2');
		const firstA = leads(600).slice(0, 300);
		const firstB = leads(600).slice(300);
		const [resA, resB] = await Promise.all([pushLeads(a().io, config(), firstA), pushLeads(b().io, config(), firstB)]);
		const calls = await ctx.control.requests('/hubspot');
		expect(calls.filter((r) => r.status === 429).length).toBeGreaterThan(0);
		const deferred = [...resA, ...resB].filter((r) => r.status === 'failed');
		expect(deferred.every((r) => r.code === RATE_LIMITED)).toBe(true);
		// The retry inbox: each worker pushes again what came back RATE_LIMITED, until nothing is left.
		const failedOf = (part: typeof firstA, res: Awaited<ReturnType<typeof pushLeads>>) => {
			const failed = new Set(res.filter((r) => r.status === 'failed').map((r) => r.index));
			return part.filter((l) => failed.has(l.index));
		};
		let left = [...failedOf(firstA, resA), ...failedOf(firstB, resB)];
		const deferredCount = left.length;
		for (let round = 0; left.length && round < 10; round++) {
			const half = Math.ceil(left.length / 2);
			const parts = [left.slice(0, half), left.slice(half)];
			const res = await Promise.all(parts.map((part, k) => pushLeads([a, b][k]().io, config(), part)));
			left = parts.flatMap((part, k) => failedOf(part, res[k]));
		}
		expect(deferredCount).toBe(deferred.length);
		expect(left).toHaveLength(0);
		expect(hubspot().contacts.size).toBe(600);
		expect(hubspot().objects.tasks.size).toBe(600);
	});
});
