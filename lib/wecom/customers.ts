import type { WeComClient } from './client';
import { WeComInputError } from './inputError';
import { chunk, followCursor } from './pagination';

/** batch/get_by_user: 1–100 staff per call, 1–100 customers per page. */
export const BATCH_USERS_MAX = 100;
export const BATCH_PAGE_MAX = 100;

/**
 * externalcontact/get: the customer and every staff member following them (follow_user, with
 * their remark, tags, add_way and `state`). follow_user pages past 500 followers are followed.
 */
export async function getCustomer(client: WeComClient, externalUserId: string): Promise<Record<string, unknown>> {
	if (!externalUserId) throw new WeComInputError('the customer ID (external_userid) is empty');
	let cursor = '';
	let contact: Record<string, unknown> = {};
	const followers: Array<Record<string, unknown>> = [];
	do {
		const res = await client.get<{
			external_contact: Record<string, unknown>;
			follow_user?: Array<Record<string, unknown>>;
			next_cursor?: string;
		}>('/cgi-bin/externalcontact/get', { external_userid: externalUserId, ...(cursor ? { cursor } : {}) });
		contact = res.external_contact;
		followers.push(...(res.follow_user ?? []));
		cursor = res.next_cursor && res.next_cursor !== cursor ? res.next_cursor : '';
	} while (cursor);
	return { ...contact, follow_user: followers };
}

/** externalcontact/list: the external_userid of every customer a staff member added. */
export async function listCustomerIds(client: WeComClient, userid: string): Promise<string[]> {
	const res = await client.get<{ external_userid?: string[] }>('/cgi-bin/externalcontact/list', { userid });
	return res.external_userid ?? [];
}

/** batch/get_by_user: customers of up to 100 staff per call with the follow relation, following cursors. */
export async function listCustomersWithDetails(
	client: WeComClient,
	userids: string[],
	max: number,
): Promise<Array<Record<string, unknown>>> {
	if (!userids.length) throw new WeComInputError('no staff user IDs');
	const out: Array<Record<string, unknown>> = [];
	for (const ids of chunk(userids, BATCH_USERS_MAX)) {
		if (out.length >= max) break;
		const rows = await followCursor(
			async (cursor, limit) => {
				const res = await client.post<{
					external_contact_list?: Array<{ external_contact: Record<string, unknown>; follow_info: Record<string, unknown> }>;
					next_cursor?: string;
				}>('/cgi-bin/externalcontact/batch/get_by_user', { userid_list: ids, ...(cursor ? { cursor } : {}), limit });
				return { items: res.external_contact_list ?? [], nextCursor: res.next_cursor };
			},
			{ max: max - out.length, pageSize: BATCH_PAGE_MAX },
		);
		out.push(...rows.map((r) => ({ ...r.external_contact, follow_info: r.follow_info })));
	}
	return out;
}

/** mark_tag: adds and removes corp tags a staff member set on a customer. */
export async function markCustomerTags(
	client: WeComClient,
	o: { userid: string; externalUserId: string; add: string[]; remove: string[] },
): Promise<Record<string, unknown>> {
	if (!o.add.length && !o.remove.length) throw new WeComInputError('give tags to add or to remove');
	await client.post('/cgi-bin/externalcontact/mark_tag', {
		userid: o.userid,
		external_userid: o.externalUserId,
		...(o.add.length ? { add_tag: o.add } : {}),
		...(o.remove.length ? { remove_tag: o.remove } : {}),
	});
	return { userid: o.userid, external_userid: o.externalUserId, added: o.add, removed: o.remove };
}
