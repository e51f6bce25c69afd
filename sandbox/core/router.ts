import type { Handler, SandboxRequest, SandboxResponse } from './types';

interface Route {
	method: string;
	regex: RegExp;
	keys: string[];
	handler: Handler;
}

/** A minimal method+path router; patterns use `:name` segments. */
export class Router {
	private routes: Route[] = [];

	on(method: string, pattern: string, handler: Handler): this {
		const keys: string[] = [];
		const regex = new RegExp(
			'^' +
				pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, k: string) => {
					keys.push(k);
					return '([^/]+)';
				}) +
				'/?$',
		);
		this.routes.push({ method: method.toUpperCase(), regex, keys, handler });
		return this;
	}

	get(p: string, h: Handler) {
		return this.on('GET', p, h);
	}
	post(p: string, h: Handler) {
		return this.on('POST', p, h);
	}
	patch(p: string, h: Handler) {
		return this.on('PATCH', p, h);
	}
	delete(p: string, h: Handler) {
		return this.on('DELETE', p, h);
	}

	async handle(req: Omit<SandboxRequest, 'params'>): Promise<SandboxResponse | undefined> {
		let pathMatched = false;
		for (const r of this.routes) {
			const m = r.regex.exec(req.path);
			if (!m) continue;
			pathMatched = true;
			if (r.method !== req.method) continue;
			const params: Record<string, string> = {};
			r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1])));
			return r.handler({ ...req, params });
		}
		return pathMatched ? { status: 405, json: { error: 'method not allowed' } } : undefined;
	}
}
