import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ITriggerFunctions,
	IWebhookFunctions,
	ICredentialTestFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import type { HttpFn, HttpResponse } from '../../lib/http/types';

type WithHelpers = IExecuteFunctions | IWebhookFunctions | ITriggerFunctions | ILoadOptionsFunctions | IPollFunctions;

/**
 * Adapts n8n's `this.helpers.httpRequest` to the lib clients' HttpFn (status errors returned, not
 * thrown). With `authenticateWith` (a credential type, e.g. an OAuth2 one) the request goes through
 * `httpRequestWithAuthentication`, which adds the token and refreshes it when it expires.
 */
export function httpFnFrom(ctx: WithHelpers, authenticateWith?: string): HttpFn {
	return async (req) => {
		const isRaw = Buffer.isBuffer(req.body) || typeof req.body === 'string';
		const options: IHttpRequestOptions = {
			method: req.method,
			url: req.url,
			qs: req.qs as IDataObject | undefined,
			headers: req.headers as IDataObject | undefined,
			body: req.body as IHttpRequestOptions['body'],
			json: !isRaw,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: req.timeoutMs,
		};
		const res = (await (authenticateWith
			? ctx.helpers.httpRequestWithAuthentication.call(ctx, authenticateWith, options)
			: ctx.helpers.httpRequest(options))) as { body: unknown; headers: Record<string, string>; statusCode: number };
		return toHttpResponse(res);
	};
}

function toHttpResponse(res: { body: unknown; headers: Record<string, string>; statusCode: number }): HttpResponse {
	let body = res.body;
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body === 'string' && /^\s*[[{]/.test(body)) {
		try {
			body = JSON.parse(body);
		} catch {
			/* keep text */
		}
	}
	return { status: res.statusCode, headers: res.headers ?? {}, body };
}

/** Credential tests get no helpers.httpRequest; they use Node's fetch (same HttpFn contract). */
export { fetchHttp as credentialTestHttp } from '../../lib/http/fetchHttp';
export type { ICredentialTestFunctions };
