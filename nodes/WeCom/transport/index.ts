import type { IExecuteFunctions } from 'n8n-workflow';
import type { RobotWebhook } from '../../../lib/wecom/robot';
import { parseRobotWebhook } from '../../../lib/wecom/robot';
import { NamedRobots } from '../../../lib/wecom/namedRobots';
export { clientFor, weComClient } from '../../shared/wecom/client';
export type { WeComAppCredentials } from '../../shared/wecom/client';

export interface WeComRobotCredentials {
	webhook: string;
	baseUrl?: string;
}

/** The webhook of WeCom Group Robot credential data. */
export function webhookFor(c: WeComRobotCredentials): RobotWebhook {
	return parseRobotWebhook(String(c.webhook), String(c.baseUrl || ''));
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
