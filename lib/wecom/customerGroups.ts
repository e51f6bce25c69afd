import type { WeComClient } from './client';

export interface ListGroupsOptions {
	status: 'normal' | 'ownerLeft';
	ownerUserIds?: string[];
	/** Stop after this many groups (Infinity: all). */
	max: number;
	includeDetails?: boolean;
	/** Details fetched in parallel; WeCom answers 45033 above its concurrency limit. */
	concurrency?: number;
}

/** WeCom's page size ceiling for groupchat/list. */
export const GROUPCHAT_LIST_MAX_LIMIT = 1000;

/** Lists customer groups, following next_cursor until the end or `max`. */
export async function listCustomerGroups(client: WeComClient, o: ListGroupsOptions): Promise<Array<Record<string, unknown>>> {
	const out: Array<Record<string, unknown>> = [];
	let cursor = '';
	do {
		const limit = Math.min(GROUPCHAT_LIST_MAX_LIMIT, o.max - out.length);
		const res = await client.post<{ group_chat_list: Array<{ chat_id: string; status: number }>; next_cursor?: string }>(
			'/cgi-bin/externalcontact/groupchat/list',
			{
				status_filter: o.status === 'normal' ? 0 : 1,
				...(o.ownerUserIds?.length ? { owner_filter: { userid_list: o.ownerUserIds } } : {}),
				cursor: cursor || undefined,
				limit,
			},
		);
		out.push(...res.group_chat_list.slice(0, o.max - out.length));
		cursor = res.next_cursor ?? '';
	} while (cursor && out.length < o.max);
	if (!o.includeDetails) return out;
	return mapConcurrent(out, o.concurrency ?? 5, async (g) => ({ ...(await getCustomerGroup(client, String(g.chat_id), true)), status: g.status }));
}

export async function getCustomerGroup(client: WeComClient, chatId: string, needName: boolean): Promise<Record<string, unknown>> {
	const res = await client.post<{ group_chat: Record<string, unknown> }>('/cgi-bin/externalcontact/groupchat/get', {
		chat_id: chatId,
		need_name: needName ? 1 : 0,
	});
	return res.group_chat;
}

/** Maps with at most `limit` calls in flight, keeping order. */
export async function mapConcurrent<T, R>(items: T[], limit: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
	const out = new Array<R>(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const i = next++;
			out[i] = await fn(items[i], i);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
	return out;
}
