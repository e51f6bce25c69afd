import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { WeComClient } from '../../../lib/wecom/client';
import type { RobotWebhook } from '../../../lib/wecom/robot';

/** Clients shared by all items of one execution (created on first use). */
export interface OperationContext {
	wecom(): Promise<WeComClient & { agentId: number }>;
	/** The robot credential's webhook (key and base URL), or `override` (another robot's URL or key). */
	robotWebhook(override?: string): Promise<RobotWebhook>;
}

export type OperationExecute = (this: IExecuteFunctions, itemIndex: number, ops: OperationContext) => Promise<IDataObject | IDataObject[]>;

/** One operation: its editor fields and what it does for one item. */
export interface Operation {
	description: INodeProperties[];
	execute: OperationExecute;
	/**
	 * Optional: handles all items at once (robot sends pace across items). Must honour Continue
	 * On Fail and set pairedItem on every output item itself.
	 */
	executeAll?: (this: IExecuteFunctions, ops: OperationContext) => Promise<INodeExecutionData[]>;
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
