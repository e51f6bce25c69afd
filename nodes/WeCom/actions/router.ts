import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { mapItems } from '../../shared/items';
import { otherRobot, robotWebhook, weComClient } from '../transport';
import * as appChat from './appChat';
import * as appMessage from './appMessage';
import { itemError } from './common';
import * as contactWay from './contactWay';
import * as customer from './customer';
import * as customerGroup from './customerGroup';
import * as joinWay from './joinWay';
import * as massSend from './massSend';
import * as referral from './referral';
import * as robotMessage from './robotMessage';
import * as tag from './tag';
import type { Operation, OperationContext } from './types';
import * as welcomeMessage from './welcomeMessage';
import * as welcomeTemplate from './welcomeTemplate';

/** Every resource and its operations; the node's description is built from the same map. */
export const resources: Record<string, { operations: Record<string, Operation>; description: INodeProperties[] }> = {
	robotMessage,
	appMessage,
	customerGroup,
	massSend,
	joinWay,
	contactWay,
	welcomeTemplate,
	welcomeMessage,
	customer,
	tag,
	appChat,
	referral,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// One client per execution: the token and the robot pacer then span all items.
	let wecom: ReturnType<typeof weComClient> | undefined;
	let webhook: ReturnType<typeof robotWebhook> | undefined;
	const ops: OperationContext = {
		wecom: () => (wecom ??= weComClient(this)),
		robotWebhook: async (override) => {
			const credential = await (webhook ??= robotWebhook(this));
			return override ? otherRobot(override, credential) : credential;
		},
	};
	// Resource and operation cannot come from expressions, so item 0 names them for all items.
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = resources[resource]?.operations[operation];
	if (!op) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known`);
	if (op.executeAll) return [await op.executeAll.call(this, ops)];
	const out = await mapItems(this, async (i) => {
		try {
			return await op.execute.call(this, i, ops);
		} catch (error) {
			throw itemError(this, error, i);
		}
	});
	return [out];
}
