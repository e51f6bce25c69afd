/**
 * What the node-vs-Code-node benchmarks share (leadScoreInN8n.ts, backtestInN8n.ts): the same
 * Webhook → Split Out → node workflow for both contenders, one n8n, and the same loop that posts
 * one payload to each in turn and reads each node's own execution time from the run data.
 */
import { startN8n } from '../scripts/n8n-runner';
import type { RunningN8n } from '../scripts/n8n-runner';
import { webhookNode } from '../test/helpers/workflows';

export const PACKAGE = 'n8n-nodes-wecom-growth';

/** The node under test: the pack's node or a Code node (type, typeVersion, parameters). */
export type NodeUnderTest = Record<string, unknown>;

/** Webhook (POST `path`) → Split Out (`field` of the body, one item each) → `name`. */
export function splitOutWorkflow(path: string, field: string, name: string, node: NodeUnderTest) {
	return {
		name: `bench ${path}`,
		nodes: [
			webhookNode(path),
			{
				id: 's',
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [200, 0],
				parameters: { fieldToSplitOut: `body.${field}` },
			},
			{ id: 'x', name, position: [400, 0], ...node },
		],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: name, type: 'main', index: 0 }]] },
		},
	};
}

/** Code node over all items (JavaScript, in n8n's task runner). */
export const codeNode = (jsCode: string): NodeUnderTest => ({
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode },
});

export interface NodeRun {
	/** The node's own execution time as n8n recorded it. */
	nodeMs: number;
	items: number;
	first: Record<string, unknown> | undefined;
	status: string;
	error: string;
}

export interface Comparison {
	node: NodeRun[];
	code: NodeRun[];
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function runOnce(
	n8n: RunningN8n,
	id: string,
	path: string,
	name: string,
	body: string,
	run: number,
	timeoutMs: number,
): Promise<NodeRun> {
	// Right after activation on a busy machine the webhook may not be registered yet: n8n answers 404
	// before the body is sent (EPIPE). Tried again a few times before giving up.
	let res: Response | undefined;
	for (let attempt = 1; ; attempt++) {
		res = await fetch(`${n8n.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).catch(
			(e: unknown) => {
				if (attempt >= 5) throw e;
				return undefined;
			},
		);
		if ((res && res.status !== 404) || attempt >= 5) break;
		await new Promise((r) => setTimeout(r, 5000));
	}
	if (!res?.ok) throw new Error(`webhook ${path} → ${res?.status}`);
	const runs = await n8n.api.waitForExecutions(id, run, timeoutMs);
	const last = runs[runs.length - 1];
	const exec = await n8n.api.execution(last.id);
	const out = exec.data.resultData.runData[name]?.[0];
	const error = exec.data.resultData.error;
	return {
		nodeMs: out?.executionTime ?? NaN,
		items: out?.data?.main?.[0]?.length ?? 0,
		first: out?.data?.main?.[0]?.[0]?.json,
		status: last.status,
		error: error ? `${error.message}${error.description ? ` (${error.description})` : ''}` : '',
	};
}

/**
 * Starts one n8n with the pack, creates and activates both workflows, and posts `payload` to the
 * node's then the Code node's, `rounds` times. A failed run stops the benchmark with n8n's error.
 */
export async function compareInN8n(o: {
	slug: string;
	field: string;
	name: string;
	node: NodeUnderTest;
	code: NodeUnderTest;
	payload: string;
	rounds: number;
	payloadMb: number;
	timeoutMs?: number;
}): Promise<Comparison> {
	const timeoutMs = o.timeoutMs ?? 1_800_000;
	const seconds = String(Math.ceil(timeoutMs / 1000));
	const n8n = await startN8n({
		env: {
			N8N_PAYLOAD_SIZE_MAX: String(o.payloadMb),
			// On a busy machine the task runner may take more than the default minute to pick a task up,
			// and a large Code node run more than its default 5 minutes.
			N8N_RUNNERS_TASK_REQUEST_TIMEOUT: seconds,
			N8N_RUNNERS_TASK_TIMEOUT: seconds,
			// A Code node scoring for minutes keeps the runner from answering heartbeats meanwhile.
			N8N_RUNNERS_HEARTBEAT_INTERVAL: seconds,
		},
	});
	try {
		const paths = { node: `bench-${o.slug}-node`, code: `bench-${o.slug}-code` };
		const node = await n8n.api.createWorkflow(splitOutWorkflow(paths.node, o.field, o.name, o.node));
		const code = await n8n.api.createWorkflow(splitOutWorkflow(paths.code, o.field, o.name, o.code));
		await n8n.api.activate(node.id, node.versionId);
		await n8n.api.activate(code.id, code.versionId);
		const result: Comparison = { node: [], code: [] };
		for (let r = 1; r <= o.rounds; r++) {
			const a = await runOnce(n8n, node.id, paths.node, o.name, o.payload, r, timeoutMs);
			const b = await runOnce(n8n, code.id, paths.code, o.name, o.payload, r, timeoutMs);
			if (a.status !== 'success' || b.status !== 'success')
				throw new Error(`a run failed: node ${a.status} ${a.error}; Code node ${b.status} ${b.error}`);
			result.node.push(a);
			result.code.push(b);
		}
		return result;
	} finally {
		await n8n.stop();
	}
}
