import type { WeComClient } from './client';
import { WeComInputError } from './inputError';

/**
 * Group join ways (客户群「加入群聊」, 进群方式): a QR code (scene 2) or mini-program button
 * (scene 1) that leads into up to 5 groups, with `state` for source attribution — the state is
 * echoed on the member in groupchat/get and in the member-joined callback.
 */
export const JOIN_WAY_MAX_CHATS = 5;
export const JOIN_WAY_STATE_MAX_CHARS = 30;
export const JOIN_WAY_REMARK_MAX_CHARS = 30;
export const JOIN_WAY_ROOM_BASE_NAME_MAX_CHARS = 40;

export interface JoinWayInput {
	scene: 1 | 2;
	chatIds: string[];
	state?: string;
	remark?: string;
	/** When the last group is full, WeCom creates a new one (default on). */
	autoCreateRoom: boolean;
	roomBaseName?: string;
	roomBaseId?: number;
}

const chars = (s: string) => [...s].length;

export function checkJoinWay(j: JoinWayInput): void {
	if (j.chatIds.length < 1 || j.chatIds.length > JOIN_WAY_MAX_CHATS) {
		throw new WeComInputError(`a join way leads into 1 to ${JOIN_WAY_MAX_CHATS} customer groups, got ${j.chatIds.length}`);
	}
	// WeCom truncates these silently; refuse instead, so attribution never breaks unnoticed.
	if (j.state && chars(j.state) > JOIN_WAY_STATE_MAX_CHARS)
		throw new WeComInputError(`state is ${chars(j.state)} characters; WeCom allows ${JOIN_WAY_STATE_MAX_CHARS}`);
	if (j.remark && chars(j.remark) > JOIN_WAY_REMARK_MAX_CHARS)
		throw new WeComInputError(`remark is ${chars(j.remark)} characters; WeCom allows ${JOIN_WAY_REMARK_MAX_CHARS}`);
	if (j.roomBaseName && chars(j.roomBaseName) > JOIN_WAY_ROOM_BASE_NAME_MAX_CHARS) {
		throw new WeComInputError(
			`the new-group name prefix is ${chars(j.roomBaseName)} characters; WeCom allows ${JOIN_WAY_ROOM_BASE_NAME_MAX_CHARS}`,
		);
	}
}

function body(j: JoinWayInput): Record<string, unknown> {
	return {
		scene: j.scene,
		...(j.remark ? { remark: j.remark } : {}),
		auto_create_room: j.autoCreateRoom ? 1 : 0,
		...(j.autoCreateRoom && j.roomBaseName ? { room_base_name: j.roomBaseName } : {}),
		...(j.autoCreateRoom && j.roomBaseId !== undefined ? { room_base_id: j.roomBaseId } : {}),
		chat_id_list: j.chatIds,
		...(j.state ? { state: j.state } : {}),
	};
}

/** Creates the join way and reads it back, so the caller gets the QR code URL at once. */
export async function createJoinWay(client: WeComClient, j: JoinWayInput): Promise<Record<string, unknown>> {
	checkJoinWay(j);
	const res = await client.post<{ config_id: string }>('/cgi-bin/externalcontact/groupchat/add_join_way', body(j));
	return getJoinWay(client, String(res.config_id));
}

export async function getJoinWay(client: WeComClient, configId: string): Promise<Record<string, unknown>> {
	const res = await client.post<{ join_way: Record<string, unknown> }>('/cgi-bin/externalcontact/groupchat/get_join_way', {
		config_id: configId,
	});
	return res.join_way;
}

/** update_join_way replaces the whole configuration: unchanged fields are read first and sent again. */
export async function updateJoinWay(
	client: WeComClient,
	configId: string,
	changes: Partial<JoinWayInput>,
): Promise<Record<string, unknown>> {
	const cur = await getJoinWay(client, configId);
	const merged: JoinWayInput = {
		scene: (changes.scene ?? Number(cur.scene)) as 1 | 2,
		chatIds: changes.chatIds ?? ((cur.chat_id_list as string[]) || []),
		state: changes.state ?? (cur.state as string | undefined),
		remark: changes.remark ?? (cur.remark as string | undefined),
		autoCreateRoom: changes.autoCreateRoom ?? Number(cur.auto_create_room ?? 1) === 1,
		roomBaseName: changes.roomBaseName ?? (cur.room_base_name as string | undefined),
		roomBaseId: changes.roomBaseId ?? (cur.room_base_id as number | undefined),
	};
	checkJoinWay(merged);
	await client.post('/cgi-bin/externalcontact/groupchat/update_join_way', { config_id: configId, ...body(merged) });
	return getJoinWay(client, configId);
}

export async function deleteJoinWay(client: WeComClient, configId: string): Promise<{ config_id: string; deleted: true }> {
	await client.post('/cgi-bin/externalcontact/groupchat/del_join_way', { config_id: configId });
	return { config_id: configId, deleted: true };
}
