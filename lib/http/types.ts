/**
 * The smallest HTTP surface the pack's API clients need. Nodes adapt n8n's
 * `this.helpers.httpRequest`; tests, the sandbox tools and benchmarks use `fetchHttp`.
 */
export interface HttpRequest {
	method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	url: string;
	qs?: Record<string, string | number | boolean | undefined>;
	headers?: Record<string, string>;
	/** An object is sent as JSON; a Buffer or string is sent as is. */
	body?: unknown;
	timeoutMs?: number;
}

export interface HttpResponse {
	status: number;
	headers: Record<string, string>;
	/** Parsed JSON when the response is JSON, else the text. */
	body: unknown;
}

export type HttpFn = (req: HttpRequest) => Promise<HttpResponse>;

export function buildUrl(url: string, qs?: HttpRequest['qs']): string {
	if (!qs) return url;
	const u = new URL(url);
	for (const [k, v] of Object.entries(qs)) if (v !== undefined) u.searchParams.set(k, String(v));
	return u.toString();
}
