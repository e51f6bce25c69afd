import { compact, text } from './compact';

/**
 * WeCom Trigger events → scoring events. A customer who adds a staff member (SDR, assistant)
 * through a join code makes first contact: the code's `state` names the channel and the staff
 * member is the inviting SDR. Customers who join or leave a customer group score per member: the
 * join code's state is on the member (groupchat/get), not in the event, and so is who invited them.
 */
export interface ScoringEvent {
	leadId: string;
	type: string;
	id: string;
	time: string;
	state?: string;
	chatId?: string;
	lead: Record<string, unknown>;
}

/** The WeCom Trigger's fields this needs (its output for a change_external_contact event). */
export interface ContactEvent {
	eventId?: unknown;
	createdAt?: unknown;
	userId?: unknown;
	externalUserId?: unknown;
	state?: unknown;
}

/** externalcontact/get's answer (the customer and the staff who follow them). */
export interface CustomerDetails {
	name?: string;
	corp_name?: string;
	corp_full_name?: string;
	position?: string;
	follow_user?: Array<{ userid?: string; remark_mobiles?: string[] }>;
}

export function contactEvent(e: ContactEvent, customer: CustomerDetails): ScoringEvent {
	const leadId = text(e.externalUserId);
	if (!leadId) throw new Error('externalUserId is missing: is this a customer-added event of the WeCom Trigger?');
	const sdr = text(e.userId);
	const follow = (customer.follow_user ?? []).find((f) => f.userid === sdr);
	const state = text(e.state);
	return {
		leadId,
		type: 'customerAdded',
		id: text(e.eventId),
		time: text(e.createdAt),
		state,
		lead: compact({
			externalUserId: leadId,
			name: customer.name,
			company: customer.corp_full_name || customer.corp_name,
			title: customer.position,
			phone: follow?.remark_mobiles?.[0],
			channel: 'wecom_contact',
			state,
			sdrUserId: sdr,
		}),
	};
}

export interface GroupChangeEvent {
	eventId?: unknown;
	createdAt?: unknown;
	updateDetail?: unknown;
	memChangeList?: unknown;
}

/** groupchat/get's answer (with member names). Member type 2: an external contact (a customer). */
export interface GroupDetails {
	chat_id?: string;
	name?: string;
	member_list?: Array<{ userid?: string; type?: number; name?: string; state?: string; invitor?: { userid?: string } }>;
}

export function groupEvents(e: GroupChangeEvent, group: GroupDetails): ScoringEvent[] {
	const joined = text(e.updateDetail) === 'add_member';
	const ids = Array.isArray(e.memChangeList) ? e.memChangeList.map(String) : [];
	const out: ScoringEvent[] = [];
	for (const id of ids) {
		const m = (group.member_list ?? []).find((x) => x.userid === id);
		// Staff members are not leads; a member who left is no longer listed.
		if (m && m.type !== 2) continue;
		if (joined && !m) continue;
		out.push({
			leadId: id,
			type: joined ? 'groupMemberJoined' : 'groupMemberLeft',
			id: `${text(e.eventId)}:${id}`,
			time: text(e.createdAt),
			chatId: text(group.chat_id),
			state: m?.state ?? '',
			lead: compact({
				externalUserId: id,
				name: m?.name,
				channel: 'wecom_group',
				groupId: group.chat_id,
				groupName: group.name,
				state: m?.state,
				sdrUserId: m?.invitor?.userid,
			}),
		});
	}
	return out;
}
