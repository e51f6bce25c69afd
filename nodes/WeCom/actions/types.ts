import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { WeComClient } from '../../../lib/wecom/client';
import type { RobotSender } from '../../../lib/wecom/robot';

/** Clients shared by all items of one execution (created on first use). */
export interface OperationContext {
	wecom(): Promise<WeComClient & { agentId: number }>;
	robot(): Promise<RobotSender>;
}

export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	ops: OperationContext,
) => Promise<IDataObject | IDataObject[]>;

/** One operation: its editor fields and what it does for one item. */
export interface Operation {
	description: INodeProperties[];
	execute: OperationExecute;
}

/** Restricts fields to one resource+operation in the editor. */
export function showFor(resource: string, operation: string | string[], props: INodeProperties[]): INodeProperties[] {
	return props.map((p) => ({
		...p,
		displayOptions: {
			...(p.displayOptions ?? {}),
			show: { ...(p.displayOptions?.show ?? {}), resource: [resource], operation: Array.isArray(operation) ? operation : [operation] },
		},
	}));
}
