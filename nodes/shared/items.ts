import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { toNodeError } from './errors';

/**
 * Continue On Fail, the same in every node. A failed item is always
 *   `{ error: <message naming the item and field>, description?: <what to do>, ...context }`
 * paired to the input item(s) it came from. `context` carries what identifies the failure in the
 * node's own terms (a CRM result's status and matchValue, a lead's leadId), never a second error.
 */
export function failedItem(node: INode, error: unknown, item: number | number[], context: IDataObject = {}): INodeExecutionData {
	const items = Array.isArray(item) ? item : [item];
	const e = toNodeError(node, error, items[0]);
	const json: IDataObject = { ...context, error: e.message };
	if (e.description) json.description = e.description;
	return { json, pairedItem: Array.isArray(item) ? items.map((i) => ({ item: i })) : { item } };
}

/** Without Continue On Fail: throws the node error (naming the item). With it: the failed item. */
export function failOrContinue(ctx: IExecuteFunctions, error: unknown, item: number | number[], context?: IDataObject): INodeExecutionData {
	if (!ctx.continueOnFail()) throw toNodeError(ctx.getNode(), error, Array.isArray(item) ? item[0] : item);
	return failedItem(ctx.getNode(), error, item, context);
}

/**
 * Per-item operations: runs `fn` once per input item; output items carry pairedItem. A failing item
 * stops the run, or with Continue On Fail becomes a failed item.
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
			out.push(failOrContinue(ctx, error, i));
		}
	}
	return out;
}

/**
 * Batch operations, first step: reads and validates every input item before anything is sent.
 * Valid items come back with their index; each invalid one stops the run, or with Continue On
 * Fail becomes a failed item at its index (`failed[i]`), so the batch goes on without it.
 */
export async function readItems<T>(
	ctx: IExecuteFunctions,
	fn: (itemIndex: number, item: INodeExecutionData) => T | Promise<T>,
	opts: { skip?: (item: INodeExecutionData) => boolean } = {},
): Promise<{ valid: Array<{ index: number; value: T }>; failed: Array<INodeExecutionData | undefined> }> {
	const items = ctx.getInputData();
	const valid: Array<{ index: number; value: T }> = [];
	const failed: Array<INodeExecutionData | undefined> = new Array(items.length);
	for (let i = 0; i < items.length; i++) {
		if (opts.skip?.(items[i])) continue;
		try {
			valid.push({ index: i, value: await fn(i, items[i]) });
		} catch (error) {
			failed[i] = failOrContinue(ctx, error, i);
		}
	}
	return { valid, failed };
}
