import type { IncomingHttpHeaders } from 'http';

export interface SandboxRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	rawBody: Buffer;
	/** Parsed JSON body, or undefined. */
	body: any;
	/** Path parameters captured by the route pattern. */
	params: Record<string, string>;
}

export interface SandboxResponse {
	status?: number;
	json?: unknown;
	text?: string;
	headers?: Record<string, string>;
}

export type Handler = (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

export interface RecordedRequest {
	seq: number;
	at: number;
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	body: unknown;
	status?: number;
	response?: unknown;
}

export interface Fault {
	/** The fault applies to requests whose path starts with this (default: every path). */
	pathPrefix?: string;
	method?: string;
	/** Answer with this JSON body instead of calling the emulator (e.g. {errcode:-1}). */
	body?: unknown;
	status?: number;
	headers?: Record<string, string>;
	/** Delay before answering (slow responses); combined with body or alone. */
	delayMs?: number;
	/** How many matching requests it applies to (default 1). */
	times?: number;
	/**
	 * The emulator handles the request first (the write is applied), then the client gets the fault
	 * instead of the answer: the response was lost, as after a 5xx from a proxy or a late timeout.
	 */
	afterWrite?: boolean;
	/** Drop the connection without answering (a reset after the request was sent). */
	reset?: boolean;
}
