import { messageOf, outcomeOf } from '../common/outcome';
import { realSleep } from '../common/sleep';
import type { HttpFn, HttpRequest } from '../http/types';
import { BUSY_ERRCODE, RATE_ERRCODES, TOKEN_ERRCODES, WeComApiError, redactSecrets } from './errors';
import { dropToken, getCachedToken, tokenCacheKey } from '../common/tokenCache';

export const DEFAULT_WECOM_BASE_URL = 'https://qyapi.weixin.qq.com';

export interface RetryPolicy {
	/** Retries of errcode -1 (busy). */
	busyRetries: number;
	/** First backoff; doubles each retry. */
	busyBaseDelayMs: number;
	/** Retries of 45009/45033 (rate and concurrency limits). */
	rateRetries: number;
	rateBaseDelayMs: number;
	/** No single rate-limit wait exceeds this. */
	rateMaxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	busyRetries: 3,
	busyBaseDelayMs: 500,
	rateRetries: 4,
	rateBaseDelayMs: 2000,
	rateMaxDelayMs: 30000,
};

export interface WeComClientOptions {
	corpId: string;
	secret: string;
	baseUrl?: string;
	http: HttpFn;
	retry?: Partial<RetryPolicy>;
	sleep?: (ms: number) => Promise<void>;
	timeoutMs?: number;
}

export interface WeComResponse {
	errcode?: number;
	errmsg?: string;
	[key: string]: unknown;
}

export { realSleep };

/**
 * Calls WeCom's server API with an access token, applying the pack's retry rules:
 * token errors → drop token, refetch, retry once; -1 → exponential backoff up to
 * `busyRetries`; 45009/45033 → bounded backoff; anything else → WeComApiError with a hint.
 */
export class WeComClient {
	readonly baseUrl: string;
	private readonly key: string;
	private readonly retry: RetryPolicy;
	private readonly sleep: (ms: number) => Promise<void>;
	/** Number of HTTP calls made, for benchmarks and tests. */
	calls = 0;

	constructor(private readonly opts: WeComClientOptions) {
		this.baseUrl = (opts.baseUrl || DEFAULT_WECOM_BASE_URL).replace(/\/+$/, '');
		this.key = tokenCacheKey(this.baseUrl, opts.corpId, opts.secret);
		this.retry = { ...DEFAULT_RETRY_POLICY, ...(opts.retry ?? {}) };
		this.sleep = opts.sleep ?? realSleep;
	}

	/** Fetches a fresh token (no cache): used by credential tests. */
	async fetchToken(): Promise<{ token: string; expiresInSec: number }> {
		const path = '/cgi-bin/gettoken';
		const res = await this.raw({
			method: 'GET',
			url: this.baseUrl + path,
			qs: { corpid: this.opts.corpId, corpsecret: this.opts.secret },
		});
		if (res.errcode && res.errcode !== 0) {
			throw new WeComApiError(res.errcode, String(res.errmsg ?? ''), path);
		}
		if (typeof res.access_token !== 'string') {
			throw new WeComApiError(-2, 'gettoken returned no access_token', path);
		}
		return { token: res.access_token, expiresInSec: Number(res.expires_in ?? 7200) };
	}

	token(): Promise<string> {
		return getCachedToken(this.key, () => this.withBusyRetry(() => this.fetchToken()));
	}

	get<T extends WeComResponse = WeComResponse>(path: string, qs: Record<string, string | number | undefined> = {}) {
		return this.call<T>('GET', path, qs);
	}

	post<T extends WeComResponse = WeComResponse>(path: string, body: unknown, qs: Record<string, string | number | undefined> = {}) {
		return this.call<T>('POST', path, qs, body);
	}

	/** Multipart upload (media/upload and the like). */
	upload<T extends WeComResponse = WeComResponse>(
		path: string,
		qs: Record<string, string | number | undefined>,
		file: { field: string; filename: string; contentType: string; data: Buffer },
	) {
		const { body, contentType } = multipart(file);
		return this.call<T>('POST', path, qs, body, { 'content-type': contentType });
	}

	async call<T extends WeComResponse>(
		method: 'GET' | 'POST',
		path: string,
		qs: Record<string, string | number | undefined>,
		body?: unknown,
		headers?: Record<string, string>,
	): Promise<T> {
		let tokenRetried = false;
		let busy = 0;
		let rate = 0;
		for (;;) {
			const token = await this.token();
			const res = await this.raw({
				method,
				url: this.baseUrl + path,
				qs: { ...qs, access_token: token },
				body,
				headers,
			});
			const code = Number(res.errcode ?? 0);
			if (code === 0) return res as T;
			if (TOKEN_ERRCODES.has(code) && !tokenRetried) {
				tokenRetried = true;
				dropToken(this.key, token);
				continue;
			}
			if (code === BUSY_ERRCODE && busy < this.retry.busyRetries) {
				await this.sleep(this.retry.busyBaseDelayMs * 2 ** busy++);
				continue;
			}
			if (RATE_ERRCODES.has(code) && rate < this.retry.rateRetries) {
				await this.sleep(Math.min(this.retry.rateMaxDelayMs, this.retry.rateBaseDelayMs * 2 ** rate++));
				continue;
			}
			throw new WeComApiError(code, String(res.errmsg ?? ''), path);
		}
	}

	private async withBusyRetry<T>(fn: () => Promise<T>): Promise<T> {
		for (let attempt = 0; ; attempt++) {
			const done = await outcomeOf(fn);
			if (done.ok) return done.value;
			const busy = done.error instanceof WeComApiError && done.error.errcode === BUSY_ERRCODE;
			if (!busy || attempt >= this.retry.busyRetries) throw done.error;
			await this.sleep(this.retry.busyBaseDelayMs * 2 ** attempt);
		}
	}

	private async raw(req: HttpRequest): Promise<WeComResponse> {
		this.calls++;
		const answer = await outcomeOf(() => this.opts.http({ ...req, timeoutMs: req.timeoutMs ?? this.opts.timeoutMs ?? 30000 }));
		// Transport errors can echo the URL, which carries the token or secret.
		if (!answer.ok) throw new Error(`Could not reach WeCom at ${this.baseUrl}: ${redactSecrets(messageOf(answer.error))}`);
		const res = answer.value;
		if (typeof res.body !== 'object' || res.body === null) {
			throw new Error(`WeCom answered ${res.status} with a non-JSON body on ${new URL(req.url).pathname}`);
		}
		return res.body as WeComResponse;
	}
}

/** Builds a multipart/form-data body with one file part. */
export function multipart(file: { field: string; filename: string; contentType: string; data: Buffer }) {
	const boundary = '----wecomgrowth' + Math.random().toString(16).slice(2);
	const head = Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename.replace(/"/g, '')}"; filelength=${file.data.length}\r\nContent-Type: ${file.contentType}\r\n\r\n`,
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	return { body: Buffer.concat([head, file.data, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}
