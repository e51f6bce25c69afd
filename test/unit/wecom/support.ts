import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { WeCom } from '../../../nodes/WeCom/WeCom.node';
import { SANDBOX_CORP, SANDBOX_ROBOT_KEYS } from '../../../sandbox/wecom/data';
import { runNode } from '../../helpers/runNode';
import type { RunNodeOptions } from '../../helpers/runNode';
import type { useSandbox } from '../../helpers/sandbox';

export type SandboxRef = ReturnType<typeof useSandbox>;

/** Runs the WeCom node against the sandbox with both credentials filled in. */
export function runWeCom(
	ctx: SandboxRef,
	parameters: IDataObject | ((i: number) => IDataObject),
	o: Omit<RunNodeOptions, 'parameters'> & { secret?: 'app' | 'contact' } = {},
): Promise<INodeExecutionData[][]> {
	const { secret, ...rest } = o;
	return runNode(new WeCom(), {
		parameters,
		credentials: {
			wecomAppApi: { ...ctx.appCredentials, secret: secret === 'app' ? SANDBOX_CORP.appSecret : SANDBOX_CORP.contactSecret } as IDataObject,
			wecomRobotApi: {
				webhook: SANDBOX_ROBOT_KEYS[0],
				robots: `MarTech 1群 = ${SANDBOX_ROBOT_KEYS[1]}\nMarTech 2群 = ${ctx.sb.url}/cgi-bin/webhook/send?key=${SANDBOX_ROBOT_KEYS[2]}`,
				baseUrl: ctx.sb.url,
			},
		},
		...rest,
	});
}

/** The JSON bodies of recorded requests to exactly this path, in order. */
export async function bodies(ctx: SandboxRef, path: string): Promise<any[]> {
	return (await ctx.control.requests(path)).filter((r) => r.path === path).map((r) => r.body);
}

/** Recorded requests to exactly this path. */
export async function calls(ctx: SandboxRef, path: string) {
	return (await ctx.control.requests(path)).filter((r) => r.path === path);
}

export const json = (out: INodeExecutionData[][]) => out[0].map((o) => o.json);
export const paired = (out: INodeExecutionData[][]) => out[0].map((o) => (o.pairedItem as { item: number }).item);

/** A tiny valid PNG (1×1). */
export const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
	'base64',
);
