import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { WeComApiError } from '../../../lib/wecom/errors';
import { toNodeError } from '../errors';
import { idFrom } from './locators';

/**
 * A list WeCom refused shows why in the picker (not an empty list): address-book reads need the
 * app's visible range, Customer Contact lists need the app in Customer Contact's allowed apps.
 */
export async function listOrExplain<T>(ctx: ILoadOptionsFunctions, what: string, fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof WeComApiError) {
			throw new NodeOperationError(ctx.getNode(), `WeCom would not list ${what} (error ${e.errcode}): ${e.hint}`, {
				description: `${e.hint} You can still enter the ID with "By ID" or an expression.`,
			});
		}
		throw toNodeError(ctx.getNode(), e);
	}
}

/** The ID in another parameter of the node; '' when absent or still an expression. */
export function currentId(ctx: ILoadOptionsFunctions, name: string): string {
	let raw: unknown;
	try {
		raw = ctx.getCurrentNodeParameter(name);
	} catch {
		return '';
	}
	const id = idFrom(raw);
	return id.startsWith('=') ? '' : id;
}
