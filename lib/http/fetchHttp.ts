import type { HttpFn, HttpRequest, HttpResponse } from './types';
import { buildUrl } from './types';

/** HttpFn over Node's fetch; never throws on HTTP status (clients decide). */
export const fetchHttp: HttpFn = async (req: HttpRequest): Promise<HttpResponse> => {
	const headers: Record<string, string> = { ...(req.headers ?? {}) };
	let body: string | Buffer | undefined;
	if (req.body !== undefined) {
		if (Buffer.isBuffer(req.body) || typeof req.body === 'string') body = req.body as string | Buffer;
		else {
			body = JSON.stringify(req.body);
			headers['content-type'] ??= 'application/json';
		}
	}
	const res = await fetch(buildUrl(req.url, req.qs), {
		method: req.method,
		headers,
		body,
		signal: req.timeoutMs ? AbortSignal.timeout(req.timeoutMs) : undefined,
	});
	const text = await res.text();
	const resHeaders: Record<string, string> = {};
	res.headers.forEach((v, k) => (resHeaders[k] = v));
	let parsed: unknown = text;
	if ((resHeaders['content-type'] ?? '').includes('json') || /^[[{]/.test(text.trim())) {
		try {
			parsed = JSON.parse(text);
		} catch {
			parsed = text;
		}
	}
	return { status: res.status, headers: resHeaders, body: parsed };
};
