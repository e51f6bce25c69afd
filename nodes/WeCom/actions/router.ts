import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { mapItems } from '../../shared/items';
import { robotSender, weComClient } from '../transport';
import * as customerGroup from './customerGroup';
import * as robotMessage from './robotMessage';
import type { Operation, OperationContext } from './types';

/** Every resource and its operations; the node's description is built from the same map. */
export const resources: Record<string, { operations: Record<string, Operation> }> = {
	robotMessage,
	customerGroup,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// One client per execution: the robot pacer and token then span all items.
	let wecom: ReturnType<typeof weComClient> | undefined;
	let robot: ReturnType<typeof robotSender> | undefined;
	const ops: OperationContext = {
		wecom: () => (wecom ??= weComClient(this)),
		robot: () => (robot ??= robotSender(this)),
	};
	const out = await mapItems(this, async (i) => {
		const resource = this.getNodeParameter('resource', i) as string;
		const operation = this.getNodeParameter('operation', i) as string;
		const op = resources[resource]?.operations[operation];
		if (!op) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known`, { itemIndex: i });
		return op.execute.call(this, i, ops);
	});
	return [out];
}
