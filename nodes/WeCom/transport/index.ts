import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { WeComClient } from '../../../lib/wecom/client';
import type { RobotWebhook } from '../../../lib/wecom/robot';
import { parseRobotWebhook } from '../../../lib/wecom/robot';
import { NamedRobots } from '../../../lib/wecom/namedRobots';
import { httpFnFrom } from '../../shared/http';

export interface WeComAppCredentials {
	corpId: string;
	secret: string;
	agentId?: number;
	baseUrl?: string;
}

/** The WeCom API client for the node's WeCom App credential (token cached per process). */
export async function weComClient(ctx: IExecuteFunctions | ILoadOptionsFunctions): Promise<WeComClient & { agentId: number }> {
	const c = (await ctx.getCredentials('wecomAppApi')) as unknown as WeComAppCredentials;
	const client = new WeComClient({ corpId: c.corpId, secret: c.secret, baseUrl: c.baseUrl, http: httpFnFrom(ctx) });
	return Object.assign(client, { agentId: Number(c.agentId ?? 0) });
}

/** The webhook of the node's WeCom Group Robot credential. */
export async function robotWebhook(ctx: IExecuteFunctions): Promise<RobotWebhook> {
	const c = (await ctx.getCredentials('wecomRobotApi')) as unknown as { webhook: string; baseUrl?: string };
	return parseRobotWebhook(c.webhook, c.baseUrl);
}

/** The robot credential's Named Robots, resolved by name at send time. */
export async function namedRobots(ctx: IExecuteFunctions): Promise<NamedRobots> {
	const c = (await ctx.getCredentials('wecomRobotApi')) as unknown as { robots?: string; baseUrl?: string };
	return new NamedRobots(String(c.robots ?? ''), c.baseUrl);
}
