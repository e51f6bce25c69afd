import type { IDataObject, IHttpRequestOptions, ILoadOptionsFunctions, INode } from 'n8n-workflow';
import { fetchHttp } from '../../lib/http/fetchHttp';

/**
 * A minimal ILoadOptionsFunctions for a node's listSearch and loadOptions methods: the node's
 * current parameters, credentials, helpers.httpRequest over real HTTP (the sandbox).
 */
export function loadOptionsContext(o: { parameters?: IDataObject; credentials: Record<string, IDataObject> }): ILoadOptionsFunctions {
	const node = {
		id: 'picker-node',
		name: 'WeCom',
		type: 'n8n-nodes-wecom-growth.weCom',
		typeVersion: 1,
		position: [0, 0],
		parameters: o.parameters ?? {},
		// As in n8n: the credentials selected on the node, by type.
		credentials: Object.fromEntries(Object.keys(o.credentials).map((type) => [type, { id: `${type}-id`, name: type }])),
	} as INode;
	return {
		getNode: () => node,
		getCurrentNodeParameter: (name: string) => (o.parameters ?? {})[name],
		getNodeParameter: (name: string, fallback?: unknown) => (o.parameters ?? {})[name] ?? fallback,
		getCredentials: async (type: string) => {
			const c = o.credentials[type];
			if (!c) throw new Error(`Node does not have credentials of type "${type}"`);
			return c;
		},
		helpers: {
			httpRequest: async (req: IHttpRequestOptions) => {
				const res = await fetchHttp({
					method: (req.method ?? 'GET') as 'GET',
					url: req.url,
					qs: req.qs as Record<string, string>,
					headers: req.headers as Record<string, string>,
					body: req.body,
					timeoutMs: req.timeout,
				});
				return req.returnFullResponse ? { body: res.body, headers: res.headers, statusCode: res.status } : res.body;
			},
		},
	} as unknown as ILoadOptionsFunctions;
}
