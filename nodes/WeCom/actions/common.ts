import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { WeComInputError } from '../../../lib/wecom/inputError';
import type { MediaFile } from '../../../lib/wecom/media';
import { idsFrom } from '../../shared/wecom/locators';

/** lib's input errors become NodeOperationError naming the item (1-based). */
export function itemError(ctx: IExecuteFunctions, error: unknown, i: number): unknown {
	if (error instanceof WeComInputError) {
		return new NodeOperationError(ctx.getNode(), `Item ${i + 1}: ${error.message}`, {
			itemIndex: i,
			description: 'Fix this item or the node parameters.',
		});
	}
	return error;
}

/** IDs from a multi-select, or "a, b c|d" typed by hand or mapped from an expression (parameters saved before the pickers). */
export const list = idsFrom;

/** Reads a binary property of the item as a file for upload. */
export async function binaryFile(ctx: IExecuteFunctions, i: number, property: string): Promise<MediaFile> {
	const meta = ctx.helpers.assertBinaryData(i, property);
	const data = await ctx.helpers.getBinaryDataBuffer(i, property);
	return { filename: meta.fileName ?? property, data, contentType: meta.mimeType };
}

/** Unix seconds from an n8n date/time parameter (ISO string or seconds). */
export function toUnixSeconds(value: unknown): number {
	if (typeof value === 'number') return value > 1e12 ? Math.floor(value / 1000) : value;
	const t = Date.parse(String(value));
	return Number.isNaN(t) ? NaN : Math.floor(t / 1000);
}

export const returnAllFields = (max: number): INodeProperties[] => [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: max },
		default: 50,
		displayOptions: { show: { returnAll: [false] } },
		description: 'Max number of results to return',
	},
];

/** A notice shown under the operation: what the WeCom server API cannot do, and what to do instead. */
export const CUSTOMER_GROUP_LIMITS_NOTICE =
	"WeCom's server API cannot rename a customer group, remove its members or read its messages (reading needs WeCom's paid chat archive, 会话内容存档). Do those in the WeCom client: send the owner a task with an App Message, and use a Join Way QR code with a revival state to move responders to a new group.";
