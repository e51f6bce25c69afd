import type { HttpFn, HttpRequest, HttpResponse } from '../http/types';
import { messageOf, outcomeOf } from '../common/outcome';
import { redactSecrets } from '../common/redact';
import { realSleep } from '../common/sleep';
import { CrmApiError, CrmUncertainError } from './errors';
import { takeSlot } from './pace';
import type { RateLimit } from './pace';

export { realSleep };

export interface CrmIoOptions {
	http: HttpFn;
	/** Per-request timeout (default 30 s). */
	timeoutMs?: number;
	sleep?: (ms: number) => Promise<void>;
	now?: () => number;
	/** How often a whole batch is re-read and re-planned after an uncertain failure (default 2). */
	redoAttempts?: number;
	/** Wait before a redo, times the attempt number: gives a slow write time to land (default 2 s). */
	redoDelayMs?: number;
	/** Retries of rate-limited (429) calls (default 5). */
	rateRetries?: number;
	/** No single rate-limit wait exceeds this (default 60 s). */
	maxWaitMs?: number;
	/** Calls allowed per rolling window for this account (none: unpaced). */
	rateLimit?: RateLimit;
	/** Identifies the account whose window the calls share (target, base URL, credential hash). */
	rateKey?: string;
	/** Total time this push may wait out rate-limit answers before leaving leads for a later run (default 120 s). */
	rateWaitBudgetMs?: number;
}

/**
 * The HTTP side every CRM client shares: one HttpFn, call counting (benchmarks, tests), timeouts,
 * and transport failures turned into CrmUncertainError without secrets.
 */
export class CrmIo {
	calls = 0;
	readonly sleep: (ms: number) => Promise<void>;
	readonly now: () => number;
	readonly redoAttempts: number;
	readonly redoDelayMs: number;
	readonly rateRetries: number;
	readonly maxWaitMs: number;
	readonly rateLimit?: RateLimit;
	readonly rateWaitBudgetMs: number;
	/** Time spent waiting out rate-limit answers in this push. */
	rateWaitedMs = 0;

	constructor(
		readonly target: string,
		private readonly opts: CrmIoOptions,
	) {
		this.sleep = opts.sleep ?? realSleep;
		this.now = opts.now ?? Date.now;
		this.redoAttempts = opts.redoAttempts ?? 2;
		this.redoDelayMs = opts.redoDelayMs ?? 2000;
		this.rateRetries = opts.rateRetries ?? 5;
		this.maxWaitMs = opts.maxWaitMs ?? 60000;
		this.rateLimit = opts.rateLimit;
		this.rateWaitBudgetMs = opts.rateWaitBudgetMs ?? 120000;
	}

	/** Whether calls are paced here (a rate limit and the account it belongs to are set). */
	get paced(): boolean {
		return !!(this.rateLimit && this.opts.rateKey);
	}

	/** One call, paced to the account's rate limit; `scope` narrows the window (Fxiaoke: per interface). */
	async send(req: HttpRequest, scope = ''): Promise<HttpResponse> {
		const slot = this.paced ? await takeSlot(`${this.opts.rateKey}|${scope}`, this.rateLimit!, this.now, this.sleep) : undefined;
		this.calls++;
		const answer = await outcomeOf(() => this.opts.http({ ...req, timeoutMs: req.timeoutMs ?? this.opts.timeoutMs ?? 30000 }));
		slot?.done();
		if (answer.ok) return answer.value;
		// No answer: the call may or may not have been processed.
		throw new CrmUncertainError(this.target, `No answer from ${safePath(req.url)}: ${redactSecrets(messageOf(answer.error))}`);
	}

	/**
	 * Waits out a rate-limit answer (Retry-After, at least 1 s) before the call is sent again. When
	 * this push's wait budget is spent, throws RATE_LIMITED: nothing more is sent in this run and
	 * every lead not yet written is reported with that code, so a scheduled run takes it later.
	 */
	async waitOutRateLimit(res: HttpResponse, label: string, fallbackMs = 10000): Promise<void> {
		const ms = Math.max(1000, this.retryAfterMs(res, fallbackMs));
		if (this.rateWaitedMs + ms > this.rateWaitBudgetMs) {
			throw new CrmApiError(
				this.target,
				`${label} rate limit still hit after waiting ${Math.round(this.rateWaitedMs / 1000)} s in this run; the lead's push was not finished`,
				{
					status: 429,
					code: RATE_LIMITED,
					hint: "Nothing was lost: push it again later (template 01 keeps it in its queue). Set Options → Rate Limit to your account's limit, or push smaller batches.",
					fatal: true,
				},
			);
		}
		this.rateWaitedMs += ms;
		await this.sleep(ms);
	}

	/** Waits for a Retry-After header (seconds or HTTP date), bounded; falls back to `fallbackMs`. */
	retryAfterMs(res: HttpResponse, fallbackMs: number): number {
		const h = res.headers['retry-after'] ?? res.headers['Retry-After'];
		let ms = fallbackMs;
		if (h !== undefined) {
			const n = Number(h);
			ms = Number.isFinite(n) ? n * 1000 : Math.max(0, Date.parse(h) - this.now());
		}
		return Math.min(Math.max(ms, 0), this.maxWaitMs);
	}
}

/** The code of leads a push left unwritten because the CRM's rate limit held for too long. */
export const RATE_LIMITED = 'RATE_LIMITED';

export function safePath(url: string): string {
	try {
		return new URL(url).pathname;
	} catch {
		return '(invalid URL)';
	}
}

export function chunk<T>(items: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}
