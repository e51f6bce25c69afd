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

/**
 * Corp tag IDs for tag names, as marketers write them in a list ("海报" or "渠道/海报" to name the
 * group too). Names WeCom does not know are created in `createInGroup` when given, else refused;
 * a name found in several groups must say which ("group/name").
 */
export async function tagIdsByName(
	client: WeComClient,
	names: string[],
	o: { createInGroup?: string } = {},
): Promise<Array<{ id: string; name: string; group: string }>> {
	const wanted = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
	if (!wanted.length) return [];
	const all = (await listCorpTags(client)).flatMap((g) =>
		((g.tag as Array<{ id: string; name: string; deleted?: boolean }> | undefined) ?? [])
			.filter((t) => !t.deleted)
			.map((t) => ({ id: String(t.id), name: String(t.name), group: String(g.group_name ?? '') })),
	);
	const found: Array<{ id: string; name: string; group: string }> = [];
	const missing: string[] = [];
	for (const w of wanted) {
		const slash = w.indexOf('/');
		const [group, name] = slash > 0 ? [w.slice(0, slash).trim(), w.slice(slash + 1).trim()] : [undefined, w];
		const hits = all.filter((t) => t.name === name && (group === undefined || t.group === group));
		if (hits.length > 1)
			throw new WeComInputError(`the tag "${name}" is in several groups (${hits.map((h) => h.group).join(', ')}): write "group/${name}"`);
		if (hits.length === 1) found.push(hits[0]);
		else missing.push(name);
	}
	if (missing.length && !o.createInGroup?.trim())
		throw new WeComInputError(
			`no corp tag named ${missing.map((m) => `"${m}"`).join(', ')}: create it (Tag → Create) or set a group for new tags`,
		);
	if (missing.length) {
		const g = await createCorpTags(client, { groupName: o.createInGroup!.trim(), tags: missing.map((name) => ({ name })) });
		const created = (g.tag as Array<{ id: string; name: string }> | undefined) ?? [];
		for (const t of created)
			if (missing.includes(String(t.name))) found.push({ id: String(t.id), name: String(t.name), group: String(g.group_name ?? '') });
	}
	return found;
}
