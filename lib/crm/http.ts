import type { HttpFn, HttpRequest, HttpResponse } from '../http/types';
import { redactSecrets } from '../common/redact';
import { realSleep } from '../common/sleep';
import { CrmUncertainError } from './errors';

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
	}

	async send(req: HttpRequest): Promise<HttpResponse> {
		this.calls++;
		try {
			return await this.opts.http({ ...req, timeoutMs: req.timeoutMs ?? this.opts.timeoutMs ?? 30000 });
		} catch (e) {
			const path = safePath(req.url);
			throw new CrmUncertainError(this.target, `No answer from ${path}: ${redactSecrets((e as Error).message)}`);
		}
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
