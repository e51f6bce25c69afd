import type { Router } from '../core/router';
import type { WeComEmulator } from './emulator';

/** WeCom's cap on a customer group's members. */
const GROUP_MAX_MEMBERS = 500;

/**
 * What people do in the WeCom client, which no server API can do: a customer scans a join-way QR
 * code, an owner renames a group, edits its notice or removes members. Tests (and users of the
 * local run) drive the flows with these, then send the matching callback with the callback sender.
 * Control routes, under /_sandbox: never part of WeCom's API.
 */
export function registerClientActions(router: Router, wecom: WeComEmulator): void {
	// What staff received as app messages (message/send), with WeCom's msgid.
	router.get('/_sandbox/wecom/app-messages', () => ({
		json: [...wecom.store('appMessages').entries()].map(([msgid, m]) => ({ msgid, ...m })),
	}));

	router.post('/_sandbox/wecom/join-way/scan', (req) => {
		const b = req.body ?? {};
		const way = wecom.store('joinWays').get(String(b.config_id ?? ''));
		if (!way) return { status: 404, json: { error: `no join way ${b.config_id}` } };
		const ids: string[] = Array.isArray(b.external_userids) ? b.external_userids.map(String) : [];
		if (!ids.length) return { status: 400, json: { error: 'external_userids is required' } };
		// Like WeCom, the first listed group with room takes the newcomers.
		const group = (way.chat_id_list as string[])
			.map((id) => wecom.findGroup(id))
			.find((g) => g && g.member_list.length + ids.length <= GROUP_MAX_MEMBERS);
		if (!group) return { status: 409, json: { error: 'every group of this join way is full' } };
		const joinTime = Math.floor(wecom.state.now() / 1000);
		const names: string[] = Array.isArray(b.names) ? b.names.map(String) : [];
		ids.forEach((userid, i) => {
			if (group.member_list.some((m) => m.userid === userid)) return;
			group.member_list.push({
				userid,
				type: 2,
				join_time: joinTime,
				join_scene: 3,
				group_nickname: '',
				name: names[i] ?? userid,
				unionid: `oUNION_${userid}`,
				...(way.state ? { state: String(way.state) } : {}),
			});
		});
		return { json: { chat_id: group.chat_id, state: way.state ?? '', joined: ids, member_count: group.member_list.length } };
	});

	router.post('/_sandbox/wecom/groups/:chatId/edit', (req) => {
		const group = wecom.findGroup(req.params.chatId);
		if (!group) return { status: 404, json: { error: `no customer group ${req.params.chatId}` } };
		const b = req.body ?? {};
		if (typeof b.name === 'string') group.name = b.name;
		if (typeof b.notice === 'string') group.notice = b.notice;
		const remove: string[] = Array.isArray(b.remove) ? b.remove.map(String) : [];
		const removed = remove.filter((id) => group.member_list.some((m) => m.userid === id && m.type === 2));
		group.member_list = group.member_list.filter((m) => !removed.includes(m.userid));
		return { json: { chat_id: group.chat_id, name: group.name, notice: group.notice, removed, member_count: group.member_list.length } };
	});
}
