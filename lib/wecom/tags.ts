import type { WeComClient } from './client';
import { WeComInputError } from './inputError';

/** Corp customer tags (企业客户标签): names up to 30 characters, at most 3000 tags per corp. */
export const TAG_NAME_MAX_CHARS = 30;

export async function listCorpTags(
	client: WeComClient,
	o: { tagIds?: string[]; groupIds?: string[] } = {},
): Promise<Array<Record<string, unknown>>> {
	const res = await client.post<{ tag_group?: Array<Record<string, unknown>> }>('/cgi-bin/externalcontact/get_corp_tag_list', {
		...(o.tagIds?.length ? { tag_id: o.tagIds } : {}),
		...(o.groupIds?.length ? { group_id: o.groupIds } : {}),
	});
	return res.tag_group ?? [];
}

/**
 * add_corp_tag: tags into an existing group (groupId) or a group by name (created if new).
 * Returns the group with the new tags' IDs.
 */
export async function createCorpTags(
	client: WeComClient,
	o: { groupId?: string; groupName?: string; groupOrder?: number; tags: Array<{ name: string; order?: number }> },
): Promise<Record<string, unknown>> {
	if (!o.groupId && !o.groupName) throw new WeComInputError('give the tag group ID or a tag group name');
	if (!o.tags.length) throw new WeComInputError('no tag names (WeCom does not create empty tag groups)');
	for (const name of [o.groupName, ...o.tags.map((t) => t.name)]) {
		if (name !== undefined && [...name].length > TAG_NAME_MAX_CHARS)
			throw new WeComInputError(`"${name}" is longer than ${TAG_NAME_MAX_CHARS} characters`);
		if (name !== undefined && !name.trim()) throw new WeComInputError('a tag name is empty');
	}
	const res = await client.post<{ tag_group: Record<string, unknown> }>('/cgi-bin/externalcontact/add_corp_tag', {
		...(o.groupId ? { group_id: o.groupId } : { group_name: o.groupName }),
		...(o.groupOrder !== undefined && !o.groupId ? { order: o.groupOrder } : {}),
		tag: o.tags.map((t) => ({ name: t.name, ...(t.order !== undefined ? { order: t.order } : {}) })),
	});
	return res.tag_group;
}
