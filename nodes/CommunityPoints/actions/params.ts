import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { GroupDetails } from '../../../lib/community/awards';
import type { Level } from '../../../lib/community/ladder';
import { DEFAULT_LADDER, checkLadder } from '../../../lib/community/ladder';
import type { LedgerRow } from '../../../lib/community/ledger';

/** An error from lib/ as a node error naming the item and the field. */
export function fieldError(ctx: IExecuteFunctions, error: unknown, item: number, field?: string): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	const message = error instanceof Error ? error.message : String(error);
	const f = field ?? (error as { field?: string })?.field;
	return new NodeOperationError(ctx.getNode(), `Item ${item + 1}: ${f && !message.startsWith(f) ? `${f}: ` : ''}${message}`, {
		itemIndex: item,
	});
}

export const str = (ctx: IExecuteFunctions, name: string, i = 0, fallback = '') =>
	String(ctx.getNodeParameter(name, i, fallback) ?? '').trim();
export const num = (ctx: IExecuteFunctions, name: string, i = 0, fallback = 0) => Number(ctx.getNodeParameter(name, i, fallback));

/** A JSON parameter given as a list (an expression) or as JSON text. */
export function jsonList(ctx: IExecuteFunctions, name: string, i = 0): IDataObject[] {
	const raw = ctx.getNodeParameter(name, i, []) as unknown;
	let value = raw;
	if (typeof raw === 'string') {
		try {
			value = raw.trim() ? JSON.parse(raw) : [];
		} catch {
			throw new NodeOperationError(
				ctx.getNode(),
				`Item ${i + 1}: ${name} is not valid JSON: give a list, e.g. {{ $('Read Ledger').all().map(i => i.json) }}`,
			);
		}
	}
	if (!Array.isArray(value)) throw new NodeOperationError(ctx.getNode(), `Item ${i + 1}: ${name} must be a list of rows`);
	return value.filter((v) => v && typeof v === 'object') as IDataObject[];
}

export function ledgerFrom(rows: IDataObject[]): LedgerRow[] {
	return rows as unknown as LedgerRow[];
}

/** The ladder from the Levels parameter (points_levels rows, or camelCase fields); empty: the playbook's. */
export function ladderFrom(ctx: IExecuteFunctions, i = 0): Level[] {
	const rows = jsonList(ctx, 'levels', i);
	if (!rows.length) return DEFAULT_LADDER;
	try {
		return checkLadder(
			rows.map((r) => ({
				name: String(r.level ?? r.name ?? ''),
				minPoints: r.from_points ?? r.minPoints,
				targetPercent: r.target_percent ?? r.targetPercent ?? 0,
			})) as Array<Partial<Level>>,
		);
	} catch (error) {
		throw fieldError(ctx, error, i, 'levels');
	}
}

/** Input items that are groups (WeCom → Customer Group → Get): those with a chat_id. */
export function groupsFrom(items: Array<{ json: IDataObject }>): Array<{ index: number; group: GroupDetails }> {
	return items
		.map((it, index) => ({ index, group: it.json as unknown as GroupDetails }))
		.filter((g) => typeof g.group.chat_id === 'string' && g.group.chat_id);
}
