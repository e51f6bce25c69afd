import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

/** The parts of n8n's (Express) request the trigger reads. */
interface RawRequest {
	method?: string;
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
}

/** The parts of n8n's (Express) response the trigger writes: plain Node http calls. */
export interface PlainResponse {
	headersSent?: boolean;
	writeHead(status: number, headers: Record<string, string>): unknown;
	end(body: string): unknown;
}

/**
 * The POST body exactly as WeCom sent it. n8n keeps the raw bytes on the request; if they are
 * missing (an n8n that parsed the XML already), the Encrypt field is rebuilt from the parsed body.
 */
export async function rawBodyOf(ctx: IWebhookFunctions): Promise<string> {
	const req = ctx.getRequestObject() as unknown as RawRequest;
	if (!req.rawBody && typeof req.readRawBody === 'function') await req.readRawBody();
	if (req.rawBody && req.rawBody.length) return req.rawBody.toString('utf8');
	const body = ctx.getBodyData() as unknown;
	if (typeof body === 'string') return body;
	// n8n's XML body parser lower-cases tag names: { xml: { encrypt: '...' } }.
	const xml = (body as IDataObject | undefined)?.xml as IDataObject | undefined;
	const encrypt = xml?.encrypt ?? xml?.Encrypt;
	return typeof encrypt === 'string' ? `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` : '';
}

export function requestMethod(ctx: IWebhookFunctions): string {
	const req = ctx.getRequestObject() as unknown as RawRequest;
	return (req.method ?? (ctx.getWebhookName() === 'setup' ? 'GET' : 'POST')).toUpperCase();
}

/** Answers at once, in plain text: WeCom wants the bare echostr and retries events after 5 s. */
export function reply(ctx: IWebhookFunctions, status: number, body: string): void {
	const res = ctx.getResponseObject() as unknown as PlainResponse;
	if (res.headersSent) return;
	res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body, 'utf8')) });
	res.end(body);
}
