import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INode, INodeExecutionData, INodeType } from 'n8n-workflow';
import { fetchHttp } from '../../lib/http/fetchHttp';

/**
 * Runs a node's execute() outside n8n, with a minimal IExecuteFunctions: parameters per item
 * (plain values, no expressions), credentials, helpers.httpRequest over real HTTP (the sandbox)
 * and Continue On Fail. Real n8n runs are covered by the e2e tests.
 */
export interface RunNodeOptions {
	parameters: IDataObject | ((itemIndex: number) => IDataObject);
	credentials?: Record<string, IDataObject>;
	items?: INodeExecutionData[] | IDataObject[];
	continueOnFail?: boolean;
	binary?: Record<string, Buffer>;
	/** The node's typeVersion (default 1). */
	typeVersion?: number;
}

export async function runNode(node: INodeType, o: RunNodeOptions): Promise<INodeExecutionData[][]> {
	const items: INodeExecutionData[] = (o.items ?? [{ json: {} }]).map((it) =>
		'json' in (it as object) ? (it as INodeExecutionData) : { json: it as IDataObject },
	);
	const nodeMeta: INode = {
		id: 'test-node',
		name: node.description.defaults.name ?? node.description.displayName,
		type: `n8n-nodes-wecom-growth.${node.description.name}`,
		typeVersion: o.typeVersion ?? 1,
		position: [0, 0],
		parameters: (typeof o.parameters === 'function' ? o.parameters(0) : o.parameters) as INode['parameters'],
	};
	const param = (name: string, i: number, fallback?: unknown) => {
		const p = typeof o.parameters === 'function' ? o.parameters(i) : o.parameters;
		const path = name.split('.');
		let v: unknown = p;
		for (const k of path) v = v === undefined || v === null ? undefined : (v as IDataObject)[k];
		if (v === undefined) {
			if (fallback !== undefined) return fallback;
			const prop = node.description.properties.find((pr) => pr.name === path[0]);
			if (prop && path.length === 1) return prop.default;
			throw new Error(`Could not get parameter "${name}"`);
		}
		return v;
	};
	const ctx = {
		getInputData: () => items,
		getNode: () => nodeMeta,
		getNodeParameter: (name: string, i: number, fallback?: unknown) => param(name, i, fallback),
		getCredentials: async (type: string) => {
			const c = o.credentials?.[type];
			if (!c) throw new Error(`Node does not have credentials of type "${type}"`);
			return c;
		},
		continueOnFail: () => o.continueOnFail ?? false,
		getTimezone: () => 'Asia/Shanghai',
		getExecutionId: () => 'test-execution',
		getWorkflow: () => ({ id: 'test-workflow', name: 'test', active: false }),
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
				if (!req.ignoreHttpStatusErrors && res.status >= 400) throw new Error(`Request failed with status code ${res.status}`);
				return req.returnFullResponse ? { body: res.body, headers: res.headers, statusCode: res.status } : res.body;
			},
			assertBinaryData: (i: number, prop: string) => {
				// An item's own binary field (several items with files), else the one given for all.
				const own = items[i]?.binary?.[prop];
				if (own) return own;
				const data = o.binary?.[prop];
				if (!data) throw new Error(`Item ${i} has no binary field "${prop}"`);
				return { data: data.toString('base64'), mimeType: 'application/octet-stream', fileName: `${prop}.bin` };
			},
			getBinaryDataBuffer: async (_i: number, prop: string) => {
				const data = o.binary?.[prop];
				if (!data) throw new Error(`No binary field "${prop}"`);
				return data;
			},
			returnJsonArray: (d: IDataObject[]) => d.map((json) => ({ json })),
		},
	} as unknown as IExecuteFunctions;
	return node.execute!.call(ctx) as Promise<INodeExecutionData[][]>;
}
