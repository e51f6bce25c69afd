import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { HttpFn } from '../../../lib/http/types';
import { WeComClient } from '../../../lib/wecom/client';
import { httpFnFrom } from '../http';

/** The WeCom App credential (`wecomAppApi`), shared by every node that calls the WeCom API. */
export interface WeComAppCredentials {
	corpId: string;
	secret: string;
	agentId?: number;
	baseUrl?: string;
}

export const WECOM_APP_CREDENTIAL = 'wecomAppApi';

/** The WeCom API client for WeCom App credential data (also used by the credential test). */
export function clientFor(c: WeComAppCredentials, http: HttpFn): WeComClient {
	return new WeComClient({ corpId: String(c.corpId), secret: String(c.secret), baseUrl: String(c.baseUrl || ''), http });
}

/**
 * The WeCom API client for the node's WeCom App credential (token cached per process). The
 * credential is optional where only pickers use it (robot mentions, Lead Intake's SDR), so a
 * missing one is said in words, not as n8n's "Node does not require credentials".
 */
export async function weComClient(ctx: IExecuteFunctions | ILoadOptionsFunctions): Promise<WeComClient & { agentId: number }> {
	let c: WeComAppCredentials;
	try {
		c = (await ctx.getCredentials(WECOM_APP_CREDENTIAL)) as unknown as WeComAppCredentials;
	} catch (e) {
		throw new NodeOperationError(ctx.getNode(), 'No WeCom App credential selected', {
			description: `Select a WeCom App credential (corp ID and secret) at the top of the node. (${(e as Error).message})`,
		});
	}
	return Object.assign(clientFor(c, httpFnFrom(ctx)), { agentId: Number(c.agentId ?? 0) });
}

/** Whether the node has a WeCom App credential selected (an optional one may be absent). */
export function hasWeComApp(ctx: ILoadOptionsFunctions): boolean {
	return Boolean(ctx.getNode().credentials?.[WECOM_APP_CREDENTIAL]);
}
