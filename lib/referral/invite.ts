import { decideEventClaim } from '../intake/eventClaim';
import type { EventClaimRow } from '../intake/eventClaim';

/**
 * Whether an invite counts (裂变邀请判定). Every add through a member's personal code is one row of
 * the invites table with `event_key` = the invitee's external_userid, so the invitee, not the
 * callback, is what is claimed: the first row of an invitee (Claim Event's protocol, see
 * lib/intake/eventClaim.ts) is judged once and keeps the invitee; every later row of the same
 * person (WeCom's retry, a second code, leaving and adding again) is a repeat and never counts.
 *
 * The first row counts unless it is a self-invite, or the invitee was already a customer (WeCom
 * still lists an older relation with a staff member) or already in the campaign (had a personal
 * code before this event).
 */
export const INVITE_STATUS = {
	pending: 'pending',
	duplicate: 'duplicate',
	repeat: 'repeat',
	counted: 'counted',
	rejected: 'rejected',
	/** A counted friend who deleted the staff member later: no longer counts, and never again. */
	left: 'left',
} as const;

/** Statuses that hold the invitee: the judged first row. */
const TAKEN = new Set<string>([INVITE_STATUS.counted, INVITE_STATUS.rejected, INVITE_STATUS.left]);

/** A relation with a staff member added this many seconds before the event is older than the event (clock skew). */
export const SAME_EVENT_SECONDS = 60;

export interface InviteRow {
	id: number | string;
	event_key?: unknown;
	event_id?: unknown;
	referrer?: unknown;
	referrer_name?: unknown;
	status?: unknown;
}

export interface InviteFacts {
	invitee: string;
	referrer: string;
	/** The add_external_contact event's CreateTime (unix seconds). */
	eventTime: number;
	/** The invitee's relations (Get Customer's follow_user): staff and when each was added (unix seconds). */
	followUsers?: Array<{ userid?: unknown; createtime?: unknown }>;
	/** When the invitee got a personal code of this campaign, if they had one before this event (unix seconds). */
	memberSince?: number;
}

export type InviteDecision = 'count' | 'reject' | 'repeat';

export interface InviteVerdict {
	decision: InviteDecision;
	/** The status to write on the own row (only while it is still pending). */
	status: string;
	reason: string;
	rowId: number;
	invitee: string;
	referrer: string;
	/** The row that holds the invitee, when it is another one. */
	heldBy?: number;
}

export class InviteError extends Error {}

const iso = (unix: number) => new Date(unix * 1000).toISOString().replace('.000Z', 'Z');

export function judgeInvite(ownId: number, rows: InviteRow[], facts: InviteFacts): InviteVerdict {
	const invitee = String(facts.invitee ?? '').trim();
	const referrer = String(facts.referrer ?? '').trim();
	if (!invitee) throw new InviteError('the invitee (external_userid) is empty');
	if (!referrer) throw new InviteError('the referrer is empty: map the member of the code the invitee scanned');
	const own = rows.find((r) => Number(r.id) === ownId);
	if (!own)
		throw new InviteError(
			`row ${ownId} is not among the ${rows.length} input rows: read the invitee's rows after inserting this execution's row`,
		);
	if (String(own.event_key ?? '') !== invitee)
		throw new InviteError(
			`row ${ownId} is for invitee "${String(own.event_key ?? '')}", not "${invitee}": the row's event_key must be the invitee`,
		);
	const base = { rowId: ownId, invitee, referrer };
	// Claim Event's verdict on the invitee: a judged row holds it like a claimed one.
	const claimRows: EventClaimRow[] = rows
		.filter((r) => String(r.event_key ?? '') === invitee)
		.map((r) => ({ id: r.id, event_key: r.event_key, status: TAKEN.has(String(r.status)) ? 'claimed' : r.status }));
	const claim = decideEventClaim(ownId, claimRows);
	if (claim.decision === 'repeat') {
		const holder = rows.find((r) => Number(r.id) === claim.claimedBy);
		return {
			...base,
			decision: 'repeat',
			status: INVITE_STATUS.repeat,
			reason: repeatReason(own, holder),
			...(claim.claimedBy ? { heldBy: claim.claimedBy } : {}),
		};
	}
	if (invitee === referrer)
		return {
			...base,
			decision: 'reject',
			status: INVITE_STATUS.rejected,
			reason: 'self-invite: the member added the staff member through their own code',
		};
	const older = (facts.followUsers ?? [])
		.map((f) => ({ userid: String(f.userid ?? ''), at: Number(f.createtime) }))
		.filter((f) => Number.isFinite(f.at) && f.at > 0 && f.at < facts.eventTime - SAME_EVENT_SECONDS)
		.sort((a, b) => a.at - b.at)[0];
	if (older)
		return {
			...base,
			decision: 'reject',
			status: INVITE_STATUS.rejected,
			reason: `already a customer: added ${older.userid} at ${iso(older.at)}, before this invite`,
		};
	if (facts.memberSince !== undefined && facts.memberSince < facts.eventTime - SAME_EVENT_SECONDS)
		return {
			...base,
			decision: 'reject',
			status: INVITE_STATUS.rejected,
			reason: `already in the campaign: has had a personal code since ${iso(facts.memberSince)}`,
		};
	return { ...base, decision: 'count', status: INVITE_STATUS.counted, reason: 'counted: a new friend' };
}

function repeatReason(own: InviteRow, holder: InviteRow | undefined): string {
	if (!holder) return 'an earlier copy of this invite is being judged';
	if (String(holder.event_id ?? '') && String(holder.event_id) === String(own.event_id ?? ''))
		return 'the same event again (a retried callback)';
	if (holder.status === INVITE_STATUS.left) return 'left and came back: an invitee counts once, and not after leaving';
	const by = String(holder.referrer_name ?? '') || String(holder.referrer ?? '');
	const verdict = holder.status === INVITE_STATUS.counted ? 'already counted' : 'already judged (not counted)';
	return `${verdict} for ${by}: an invitee counts once`;
}
