import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import type { HttpFn } from '../../../lib/http/types';
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

export interface WeComRobotCredentials {
	webhook: string;
	baseUrl?: string;
}

/** The WeCom API client for WeCom App credential data (also used by the credential test). */
export function clientFor(c: WeComAppCredentials, http: HttpFn): WeComClient {
	return new WeComClient({ corpId: String(c.corpId), secret: String(c.secret), baseUrl: String(c.baseUrl || ''), http });
}

/** The webhook of WeCom Group Robot credential data. */
export function webhookFor(c: WeComRobotCredentials): RobotWebhook {
	return parseRobotWebhook(String(c.webhook), String(c.baseUrl || ''));
}

/** The WeCom API client for the node's WeCom App credential (token cached per process). */
export async function weComClient(ctx: IExecuteFunctions | ILoadOptionsFunctions): Promise<WeComClient & { agentId: number }> {
	const c = (await ctx.getCredentials('wecomAppApi')) as unknown as WeComAppCredentials;
	return Object.assign(clientFor(c, httpFnFrom(ctx)), { agentId: Number(c.agentId ?? 0) });
}

/** The webhook of the node's WeCom Group Robot credential. */
export async function robotWebhook(ctx: IExecuteFunctions): Promise<RobotWebhook> {
	return webhookFor((await ctx.getCredentials('wecomRobotApi')) as unknown as WeComRobotCredentials);
}

/** Another robot for one item: its webhook URL or bare key, on the credential's base URL. */
export function otherRobot(override: string, credential: RobotWebhook): RobotWebhook {
	return parseRobotWebhook(override, credential.baseUrl);
}

/** The robot credential's Named Robots, resolved by name at send time. */
export async function namedRobots(ctx: IExecuteFunctions): Promise<NamedRobots> {
	const c = (await ctx.getCredentials('wecomRobotApi')) as unknown as { robots?: string; baseUrl?: string };
	return new NamedRobots(String(c.robots ?? ''), c.baseUrl);
}
