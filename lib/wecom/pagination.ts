/** One page from a cursor API: its rows and the cursor of the next page ('' or absent: the end). */
export interface CursorPage<T> {
	items: T[];
	nextCursor?: string;
}

/**
 * Follows WeCom's `cursor`/`next_cursor` until the end or until `max` rows, asking for no more
 * than `pageSize` (the API's ceiling) and no more than still needed.
 */
export async function followCursor<T>(
	fetchPage: (cursor: string, limit: number) => Promise<CursorPage<T>>,
	o: { max: number; pageSize: number },
): Promise<T[]> {
	const out: T[] = [];
	let cursor = '';
	do {
		const limit = Math.min(o.pageSize, o.max - out.length);
		const page = await fetchPage(cursor, limit);
		out.push(...page.items.slice(0, o.max - out.length));
		const next = page.nextCursor ?? '';
		// A cursor that does not move would loop for ever.
		if (next === cursor) break;
		cursor = next;
	} while (cursor && out.length < o.max);
	return out;
}

/** Splits a list into chunks of at most `size` (WeCom's per-call list limits). */
export function chunk<T>(list: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}
