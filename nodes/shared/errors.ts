import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';
import { ZodError } from 'zod';
import type { z, ZodTypeAny } from 'zod';
import { redactSecrets } from '../../lib/common/redact';
import { WeComApiError } from '../../lib/wecom/errors';

/** Turns any error from lib/ into the n8n error type users expect, without secrets. */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof WeComApiError) {
		return new NodeApiError(node, { errcode: error.errcode, errmsg: error.errmsg, path: error.path } as JsonObject, {
			message: `WeCom error ${error.errcode}: ${error.errmsg}`,
			description: error.hint,
			httpCode: String(error.errcode),
			itemIndex,
		});
	}
	if (error instanceof ApiError) {
		return new NodeApiError(node, (error.details ?? {}) as JsonObject, {
			message: error.message,
			description: error.hint,
			httpCode: error.status ? String(error.status) : undefined,
			itemIndex,
		});
	}
	const message = redactSecrets(error instanceof Error ? error.message : String(error));
	return new NodeOperationError(node, message, { itemIndex });
}

/** A non-WeCom API error from lib/ (CRMs): status, a hint and safe details. */
export class ApiError extends Error {
	constructor(
		message: string,
		readonly status?: number,
		readonly hint?: string,
		readonly details?: Record<string, unknown>,
	) {
		super(redactSecrets(message));
		this.name = 'ApiError';
	}
}

/**
 * Validates with zod; the error names the item (1-based, as the editor shows it) and each field.
 */
export function parseInput<S extends ZodTypeAny>(
	node: INode,
	schema: S,
	value: unknown,
	itemIndex: number,
	what = 'parameters',
): z.infer<S> {
	try {
		return schema.parse(value);
	} catch (e) {
		if (e instanceof ZodError) {
			const issues = e.issues.map((i) => `${i.path.length ? i.path.join('.') : '(value)'}: ${i.message}`).join('; ');
			throw new NodeOperationError(node, `Item ${itemIndex + 1}: invalid ${what} — ${issues}`, {
				itemIndex,
				description: 'Fix the named fields in this item or the node parameters.',
			});
		}
		throw toNodeError(node, e, itemIndex);
	}
}
