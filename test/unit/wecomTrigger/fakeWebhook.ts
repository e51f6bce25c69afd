import type { IDataObject, INode, INodeParameters, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { WeComTrigger } from '../../../nodes/WeComTrigger/WeComTrigger.node';
import { SANDBOX_CALLBACK_SECRETS } from '../../../sandbox/wecom/callbackSender';
import type { CallbackHttpRequest } from '../../../sandbox/wecom/callbackSender';

/** What the node wrote to the HTTP response. */
export interface CapturedResponse {
	status?: number;
	headers?: Record<string, string>;
	body?: string;
}

export interface FakeWebhookOptions {
	request: CallbackHttpRequest;
	parameters?: IDataObject;
	credentials?: IDataObject;
	/** Simulates an n8n that parsed the XML body and kept no raw bytes. */
	parsedBodyOnly?: boolean;
	workflowId?: string;
	mode?: string;
	/** The node's workflow static data as n8n loaded it from its database (fresh when omitted). */
	staticData?: IDataObject;
}

/**
 * Runs the trigger's webhook() with a minimal IWebhookFunctions: the request as n8n hands it over
 * (query, raw body, method), node parameters, credentials, and a response that records what was sent.
 */
export async function callWebhook(
	o: FakeWebhookOptions,
): Promise<{ result: IWebhookResponseData; response: CapturedResponse; logs: string[] }> {
	const node = new WeComTrigger();
	const response: CapturedResponse = {};
	const logs: string[] = [];
	const params: IDataObject = { events: ['groupMemberJoined', 'customerAdded'], options: {}, ...(o.parameters ?? {}) };
	const nodeMeta: INode = {
		id: 'trigger-node',
		name: 'WeCom Trigger',
		type: 'n8n-nodes-wecom-growth.weComTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: params as INodeParameters,
	};
	const raw = o.request.body !== undefined ? Buffer.from(o.request.body, 'utf8') : undefined;
	const ctx = {
		getNode: () => nodeMeta,
		getWorkflow: () => ({ id: o.workflowId ?? 'wf-1', name: 'test', active: true }),
		getMode: () => o.mode ?? 'webhook',
		getWorkflowStaticData: () => (o.staticData ??= {}),
		getWebhookName: () => (o.request.method === 'GET' ? 'setup' : 'default'),
		getNodeParameter: (name: string, fallback?: unknown) => (name in params ? params[name] : fallback),
		getCredentials: async () => o.credentials ?? { ...SANDBOX_CALLBACK_SECRETS },
		getQueryData: () => ({ ...o.request.query }),
		getBodyData: () =>
			o.parsedBodyOnly && o.request.body
				? { xml: { tousername: 'x', encrypt: /<Encrypt><!\[CDATA\[(.*?)\]\]>/.exec(o.request.body)?.[1] } }
				: {},
		getRequestObject: () => ({ method: o.request.method, rawBody: o.parsedBodyOnly ? undefined : raw }),
		getResponseObject: () => ({
			headersSent: false,
			writeHead(status: number, headers: Record<string, string>) {
				response.status = status;
				response.headers = headers;
			},
			end(body: string) {
				response.body = body;
			},
		}),
		logger: {
			warn: (m: string) => logs.push(`warn ${m}`),
			debug: (m: string) => logs.push(`debug ${m}`),
			info: (m: string) => logs.push(`info ${m}`),
			error: (m: string) => logs.push(`error ${m}`),
		},
	} as unknown as IWebhookFunctions;
	const result = await node.webhook.call(ctx);
	return { result, response, logs };
}
