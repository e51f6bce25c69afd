import { randomBytes } from 'crypto';
import type { Router } from '../core/router';
import type { TagGroup } from './data';
import type { WeComEmulator } from './emulator';
import { err, ok } from './answers';

/** 企业客户标签: list (by tag or group ID) and add. */
export function registerTags(router: Router, wecom: WeComEmulator): void {
	const live = (g: TagGroup) => ({ ...g, tag: g.tag.filter((t) => !t.deleted) });

	router.post('/cgi-bin/externalcontact/get_corp_tag_list', (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const tagIds: string[] = Array.isArray(req.body?.tag_id) ? req.body.tag_id.map(String) : [];
		const groupIds: string[] = Array.isArray(req.body?.group_id) ? req.body.group_id.map(String) : [];
		let groups = wecom.tags.filter((g) => !g.tag.every((t) => t.deleted)).map(live);
		// group_id wins over tag_id, as WeCom documents.
		if (groupIds.length) groups = groups.filter((g) => groupIds.includes(g.group_id));
		else if (tagIds.length)
			groups = groups.map((g) => ({ ...g, tag: g.tag.filter((t) => tagIds.includes(t.id)) })).filter((g) => g.tag.length);
		return ok({ tag_group: groups });
	});

	router.post('/cgi-bin/externalcontact/add_corp_tag', (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		const b = req.body ?? {};
		const tags: Array<{ name: string; order?: number }> = Array.isArray(b.tag) ? b.tag : [];
		if (!tags.length) return err(40058, 'tag required');
		const names = [...new Set(tags.map((t) => String(t?.name ?? '')))];
		if (names.some((n) => !n.trim() || [...n].length > 30)) return err(40058, 'invalid tag name');
		const now = Math.floor(wecom.state.now() / 1000);
		let group = b.group_id
			? wecom.tags.find((g) => g.group_id === String(b.group_id))
			: wecom.tags.find((g) => g.group_name === String(b.group_name ?? ''));
		if (b.group_id && !group) return err(40068, 'invalid tag group id');
		if (!group) {
			if (!b.group_name || [...String(b.group_name)].length > 30) return err(40058, 'invalid group_name');
			group = {
				group_id: `etGRP_${randomBytes(6).toString('hex')}`,
				group_name: String(b.group_name),
				create_time: now,
				order: Number(b.order ?? 0),
				tag: [],
			};
			wecom.tags.push(group);
		}
		if (names.some((n) => group!.tag.some((t) => !t.deleted && t.name === n))) return err(40071, 'UserTag Name Already Exist');
		const created = names.map((name) => {
			const tag = {
				id: `${group!.group_id}_T${randomBytes(4).toString('hex')}`,
				name,
				create_time: now,
				order: Number(tags.find((t) => t.name === name)?.order ?? 0),
			};
			group!.tag.push(tag);
			return tag;
		});
		return ok({
			tag_group: {
				group_id: group.group_id,
				group_name: group.group_name,
				create_time: group.create_time,
				order: group.order,
				tag: created,
			},
		});
	});
}
