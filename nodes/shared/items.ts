import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { toNodeError } from './errors';

/**
 * Runs `fn` once per input item; output items carry pairedItem. With Continue On Fail a failing
 * item becomes `{ error }` paired to its input instead of stopping the run.
 */
export async function mapItems(
	ctx: IExecuteFunctions,
	fn: (itemIndex: number, item: INodeExecutionData) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const result = await fn(i, items[i]);
			for (const json of Array.isArray(result) ? result : [result]) out.push({ json, pairedItem: { item: i } });
		} catch (error) {
			const nodeError = toNodeError(ctx.getNode(), error, i);
			if (ctx.continueOnFail()) {
				out.push({ json: { error: nodeError.message, description: nodeError.description ?? undefined }, pairedItem: { item: i } });
				continue;
			}
			throw nodeError;
		}
	}
	return out;
}
