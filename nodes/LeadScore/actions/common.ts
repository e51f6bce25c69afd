import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { fromJsonText, isObj } from '../../../lib/scoring/read';

/** One Lead Score operation: its fields (shown for it only) and what it does. */
export interface LeadScoreOperation {
	/** The option in the Operation list (router.ts holds its name and description). */
	value: string;
	properties: INodeProperties[];
	/** Output branches: one, or the event log's two (all leads, stage changed). */
	execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]>;
}

export const showFor = (operation: string, properties: INodeProperties[]): INodeProperties[] =>
	properties.map((p) => ({
		...p,
		displayOptions: { ...(p.displayOptions ?? {}), show: { ...(p.displayOptions?.show ?? {}), operation: [operation] } },
	}));

/** A JSON parameter: an object from an expression, or JSON text typed in the field. */
export function objectParam(ctx: IExecuteFunctions, name: string, label: string, i: number): Record<string, unknown> {
	const raw = ctx.getNodeParameter(name, i, {}) as unknown;
	const v = fromJsonText(raw);
	if (!v.ok || (v.value !== undefined && !isObj(v.value)))
		throw new NodeOperationError(ctx.getNode(), `Item ${i + 1}: ${label} must be an object (JSON)`, {
			itemIndex: i,
			description: `Map ${label} to the item that holds it, e.g. {{ $json }}.`,
		});
	return (v.value as IDataObject | undefined) ?? {};
}
