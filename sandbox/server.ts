import { createServer } from 'http';
import type { AddressInfo } from 'net';
import { Router } from './core/router';
import { redactHeaders, redactJson, redactQuery } from './core/redact';
import { SandboxState } from './core/state';
import type { Fault, SandboxResponse } from './core/types';
import { createEmulators } from './emulators';
import type { Emulator, EmulatorOptions } from './emulators';
import type { WeComEmulator } from './wecom/emulator';
import { SmtpEmulator } from './messaging/smtp';

export interface SandboxOptions extends EmulatorOptions {
	port?: number;
	host?: string;
	/** SMTP port (default: a free one). */
	smtpPort?: number;
	/** Print each request to stdout (local run). */
	verbose?: boolean;
}

export interface RunningSandbox {
	url: string;
	port: number;
	/** The SMTP receiver's port (host 127.0.0.1, no TLS, any login). */
	smtpPort: number;
	smtp: SmtpEmulator;
	state: SandboxState;
	wecom: WeComEmulator;
	/** Every emulator by name (wecom, hubspot, ...), for tests that inspect state. */
	emulators: Record<string, Emulator>;
	router: Router;
	close(): Promise<void>;
}

/**
 * Starts the local emulators of every API the pack calls, on one loopback port.
 * Control API under /_sandbox: its routes are below, sandbox/control.ts is its client.
 */
export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
	const state = new SandboxState();
	const router = new Router();
	const emulators = createEmulators(state, opts);
	const wecom = emulators.wecom as WeComEmulator;
	for (const e of Object.values(emulators)) e.register(router);
	const smtp = new SmtpEmulator(state);
	const smtpPort = await smtp.start(opts.smtpPort ?? 0, opts.host ?? '127.0.0.1');
	registerControl(router, state, emulators, smtp);

	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', async () => {
			const rawBody = Buffer.concat(chunks);
			const u = new URL(req.url ?? '/', 'http://sandbox');
			const method = (req.method ?? 'GET').toUpperCase();
			let body: unknown;
			if (
				(rawBody.length && /json/.test(String(req.headers['content-type'] ?? ''))) ||
				/^\s*[[{]/.test(rawBody.subarray(0, 16).toString())
			) {
				try {
					body = JSON.parse(rawBody.toString('utf8'));
				} catch {
					body = undefined;
				}
			}
			const control = u.pathname.startsWith('/_sandbox');
			const rec = control
				? undefined
				: state.record({
						at: state.now(),
						method,
						path: u.pathname,
						query: redactQuery(Object.fromEntries(u.searchParams)),
						headers: redactHeaders(Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]))),
						body: body !== undefined ? redactJson(body) : rawBody.length ? `<${rawBody.length} bytes>` : undefined,
					});
			let out: SandboxResponse | undefined;
			try {
				const fault: Fault | undefined = control ? undefined : state.takeFault(method, u.pathname);
				if (fault?.afterWrite)
					await router.handle({ method, path: u.pathname, query: u.searchParams, headers: req.headers, rawBody, body });
				if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
				if (fault?.reset) {
					if (rec) rec.status = 0;
					req.socket.destroy();
					return;
				}
				if (fault && (fault.body !== undefined || fault.status)) {
					out = { status: fault.status ?? 200, json: fault.body, headers: fault.headers };
				} else {
					out = await router.handle({ method, path: u.pathname, query: u.searchParams, headers: req.headers, rawBody, body });
				}
				out ??= { status: 404, json: { error: `sandbox has no route for ${method} ${u.pathname}` } };
			} catch (e) {
				out = { status: 500, json: { error: (e as Error).message } };
			}
			if (rec) {
				rec.status = out.status ?? 200;
				rec.response = redactJson(out.json ?? out.text);
			}
			if (opts.verbose && !control) console.log(`[sandbox] ${method} ${u.pathname} → ${out.status ?? 200}`);
			const payload = out.json !== undefined ? JSON.stringify(out.json) : (out.text ?? '');
			res.writeHead(out.status ?? 200, {
				'content-type': out.json !== undefined ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
				...(out.headers ?? {}),
			});
			res.end(payload);
		});
	});
	await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		smtpPort,
		smtp,
		state,
		wecom,
		emulators,
		router,
		close: () =>
			Promise.all([
				smtp.stop(),
				new Promise<void>((resolve) => {
					server.closeAllConnections();
					server.close(() => resolve());
				}),
			]).then(() => undefined),
	};
}

function registerControl(router: Router, state: SandboxState, emulators: Record<string, Emulator>, smtp: SmtpEmulator): void {
	router.get('/_sandbox/emails', () => ({ json: smtp.emails }));
	const wecom = emulators.wecom as WeComEmulator;
	router.get('/_sandbox/health', () => ({ json: { ok: true } }));
	router.get('/_sandbox/requests', (req) => {
		const prefix = req.query.get('path') ?? '';
		const since = Number(req.query.get('since') ?? 0);
		return { json: state.requests.filter((r) => r.path.startsWith(prefix) && r.seq > since) };
	});
	router.delete('/_sandbox/requests', () => {
		state.resetLog();
		return { json: { ok: true } };
	});
	router.post('/_sandbox/faults', (req) => {
		const faults: Fault[] = Array.isArray(req.body) ? req.body : [req.body];
		faults.forEach((f) => state.addFault(f));
		return { json: { ok: true, added: faults.length } };
	});
	router.delete('/_sandbox/faults', () => {
		state.clearFaults();
		return { json: { ok: true } };
	});
	router.post('/_sandbox/clock', (req) => {
		state.clockOffsetMs += Number(req.body?.advanceMs ?? 0);
		return { json: { now: state.now() } };
	});
	router.post('/_sandbox/reset', (req) => {
		state.resetLog();
		state.clearFaults();
		state.clockOffsetMs = 0;
		for (const e of Object.values(emulators)) e.reset(req.body ?? {});
		smtp.reset();
		return { json: { ok: true } };
	});
	router.post('/_sandbox/wecom/expire-tokens', () => {
		wecom.expireTokens();
		return { json: { ok: true } };
	});
	router.get('/_sandbox/wecom/robot-messages', (req) => {
		const key = req.query.get('key');
		const all = [...wecom.store('robotMessages').values()];
		return { json: key ? all.filter((m) => m.key === key) : all };
	});
}
