/**
 * The Customer Contact change events (客户联系变更回调) the trigger offers, and their
 * normalisation from WeCom's XML fields to clean camelCase JSON.
 * Event formats: WeCom "事件格式" (change_external_chat / change_external_contact / change_external_tag).
 */
import type { XmlFields } from './xml';

export interface TriggerEventDefinition {
	/** The node's option value. */
	value: string;
	name: string;
	description: string;
	/** The XML field values that identify the event (compared case-insensitively). */
	match: { Event: string; ChangeType: string | string[]; UpdateDetail?: string };
}

const chat = 'change_external_chat';
const contact = 'change_external_contact';
const tag = 'change_external_tag';

export const TRIGGER_EVENTS: readonly TriggerEventDefinition[] = [
	{
		value: 'groupCreated',
		name: 'Customer Group Created (客户群创建)',
		description: 'A staff member created a customer group',
		match: { Event: chat, ChangeType: 'create' },
	},
	{
		value: 'groupMemberJoined',
		name: 'Customer Group Member Joined (成员入群)',
		description: 'Someone joined a customer group (update / add_member), with the join scene',
		match: { Event: chat, ChangeType: 'update', UpdateDetail: 'add_member' },
	},
	{
		value: 'groupMemberLeft',
		name: 'Customer Group Member Left (成员退群)',
		description: 'Someone left or was removed from a customer group (update / del_member)',
		match: { Event: chat, ChangeType: 'update', UpdateDetail: 'del_member' },
	},
	{
		value: 'groupRenamed',
		name: 'Customer Group Renamed (群名变更)',
		description: 'The group name changed (update / change_name)',
		match: { Event: chat, ChangeType: 'update', UpdateDetail: 'change_name' },
	},
	{
		value: 'groupOwnerChanged',
		name: 'Customer Group Owner Changed (群主变更)',
		description: 'The group owner changed (update / change_owner)',
		match: { Event: chat, ChangeType: 'update', UpdateDetail: 'change_owner' },
	},
	{
		value: 'groupNoticeChanged',
		name: 'Customer Group Notice Changed (群公告变更)',
		description: 'The group notice was published or changed (update / change_notice)',
		match: { Event: chat, ChangeType: 'update', UpdateDetail: 'change_notice' },
	},
	{
		value: 'groupDismissed',
		name: 'Customer Group Dismissed (客户群解散)',
		description: 'The owner dismissed the group',
		match: { Event: chat, ChangeType: 'dismiss' },
	},
	{
		value: 'customerAdded',
		name: 'Customer Added (添加企业客户)',
		description: 'A staff member added a customer; carries the join-way State and the WelcomeCode',
		match: { Event: contact, ChangeType: 'add_external_contact' },
	},
	{
		value: 'customerAddedHalf',
		name: 'Customer Added Without Verification (免验证添加)',
		description: 'A customer added a staff member who skips verification; carries State and WelcomeCode',
		match: { Event: contact, ChangeType: 'add_half_external_contact' },
	},
	{
		value: 'customerEdited',
		name: 'Customer Edited (编辑企业客户)',
		description: "A staff member changed a customer's remark or corp tags",
		match: { Event: contact, ChangeType: 'edit_external_contact' },
	},
	{
		value: 'customerDeleted',
		name: 'Customer Deleted (删除企业客户)',
		description:
			'A staff member deleted a customer (del_external_contact) or the customer deleted the staff member (del_follow_user); see deletedBy',
		match: { Event: contact, ChangeType: ['del_external_contact', 'del_follow_user'] },
	},
	{
		value: 'tagCreated',
		name: 'Tag Created (标签创建)',
		description: 'A corp customer tag or tag group was created',
		match: { Event: tag, ChangeType: 'create' },
	},
	{
		value: 'tagUpdated',
		name: 'Tag Updated (标签变更)',
		description: 'A corp customer tag or tag group was renamed or changed',
		match: { Event: tag, ChangeType: 'update' },
	},
	{
		value: 'tagDeleted',
		name: 'Tag Deleted (标签删除)',
		description: 'A corp customer tag or tag group was deleted',
		match: { Event: tag, ChangeType: 'delete' },
	},
	{
		value: 'tagShuffled',
		name: 'Tags Reordered (标签重排)',
		description: 'Tags or tag groups were reordered',
		match: { Event: tag, ChangeType: 'shuffle' },
	},
];

export const TRIGGER_EVENT_VALUES = TRIGGER_EVENTS.map((e) => e.value);

const lower = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : '');

/** The trigger event a callback is, or undefined for anything the node does not offer. */
export function classifyEvent(fields: XmlFields): string | undefined {
	const event = lower(fields.Event);
	const changeType = lower(fields.ChangeType);
	const detail = lower(fields.UpdateDetail);
	for (const def of TRIGGER_EVENTS) {
		if (def.match.Event !== event) continue;
		const types = Array.isArray(def.match.ChangeType) ? def.match.ChangeType : [def.match.ChangeType];
		if (!types.includes(changeType)) continue;
		if (def.match.UpdateDetail && def.match.UpdateDetail !== detail) continue;
		return def.value;
	}
	return undefined;
}

/** WeCom field → output name, where plain camelCase would read badly. */
const RENAMES: Record<string, string> = {
	ToUserName: 'corpId',
	UserID: 'userId',
	ExternalUserID: 'externalUserId',
	AgentID: 'agentId',
	ChatId: 'chatId',
	MemChangeCnt: 'memChangeCnt',
	MemChangeList: 'memChangeList',
	LastMemVer: 'lastMemVer',
	CurMemVer: 'curMemVer',
};

const NUMERIC = new Set(['CreateTime', 'JoinScene', 'QuitScene', 'MemChangeCnt', 'AgentID']);

/** JoinScene: 0 invited by a member (directly or through an invite link), 3 scanned the group QR code. */
const JOIN_METHODS: Record<number, string> = { 0: 'memberInvite', 3: 'qrCode' };
/** QuitScene: 0 left by themselves, 1 removed by the owner or an admin. */
const QUIT_METHODS: Record<number, string> = { 0: 'left', 1: 'removedByAdmin' };

export type NormalizedEvent = Record<string, unknown>;

function camel(name: string): string {
	const n = name.replace(/ID$/, 'Id');
	return n.charAt(0).toLowerCase() + n.slice(1);
}

/** Both MemChangeList forms: `<Item>` children, or the older single comma-separated text. */
export function memberList(value: string | string[] | undefined): string[] | undefined {
	if (value === undefined) return undefined;
	const items = Array.isArray(value) ? value : value.split(',');
	return items.map((s) => s.trim()).filter(Boolean);
}

/** Clean JSON for one decrypted event: camelCase names, numbers as numbers, member lists as arrays. */
export function normalizeEvent(fields: XmlFields): NormalizedEvent {
	const out: NormalizedEvent = {};
	const event = lower(fields.Event);
	for (const [key, raw] of Object.entries(fields)) {
		if (key === 'MemChangeList') {
			out.memChangeList = memberList(raw);
			continue;
		}
		// A tag event's <Id> is the tag (or tag group) ID.
		const name = key === 'Id' && event === tag ? 'tagId' : (RENAMES[key] ?? camel(key));
		out[name] = NUMERIC.has(key) && typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
	}
	if (typeof out.createTime === 'number') out.createdAt = new Date(out.createTime * 1000).toISOString();
	if (typeof out.joinScene === 'number') out.joinMethod = JOIN_METHODS[out.joinScene] ?? 'other';
	if (typeof out.quitScene === 'number') out.quitMethod = QUIT_METHODS[out.quitScene] ?? 'other';
	const changeType = lower(fields.ChangeType);
	if (changeType === 'del_external_contact') out.deletedBy = 'staff';
	if (changeType === 'del_follow_user') out.deletedBy = 'customer';
	return out;
}
