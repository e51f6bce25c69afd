/**
 * Exactly-once intake on n8n's own data tables. Each request first inserts its row (the durable
 * record, status `received`), then marks every other `received` row of its key with a HIGHER ID as
 * `repeat` (one UPDATE), then reads today's rows that share its key, phone, email or client IP.
 * The verdict comes from `decideIntake`; a `process` verdict is then confirmed with a conditional
 * UPDATE (`status = 'claimed' WHERE id = own AND status = 'received'`), and only the execution whose
 * confirm changed its row sends the notice, the SMS and the email.
 *
 * Why the two UPDATEs: in PostgreSQL a row's ID is taken at insert but the row becomes visible when
 * its transaction commits, so a lower ID can appear after a higher one was read ("the oldest row
 * wins" alone lets two copies both win). Every row is committed before its execution reads, so of
 * two copies at least one sees the other; the stop of later copies and the confirm act on the same
 * row atomically (one statement each), so a later copy is either stopped before it confirms or seen
 * as claimed by the earlier one: at most one copy goes on, and the lowest one is never stopped
 * (lib/intake/eventClaim.ts is the same protocol for event keys). Limits count the live rows before
 * one's own: they are daily budgets, not claims.
 */
export interface IntakeRow {
	id: number;
	key?: string;
	phone_day?: string;
	email_day?: string;
	ip_day?: string;
	status?: string;
}

export interface IntakeLimits {
	/** Signups accepted per phone number per day (0: no limit). */
	perPhone: number;
	perEmail: number;
	perIp: number;
	/** SMS receipts per phone number per day (0: no limit). */
	smsPerPhone: number;
}

export type IntakeDecision = 'process' | 'repeat' | 'limited';

export interface IntakeVerdict {
	decision: IntakeDecision;
	reason: string;
	/** Whether this signup may send an SMS (the phone's daily SMS budget). */
	sendSms: boolean;
	rowId: number;
	/** The row that holds the claim for this key (own row when processed). */
	claimedBy?: number;
}

/** Rows of requests that were refused: they neither claim a key nor use a limit. */
export const DROPPED_STATUSES = ['limited', 'repeat'];
/** A row inserted but not yet claimed by its execution. Any other live status holds the claim. */
export const PENDING_STATUS = 'received';

export function decideIntake(ownId: number, rows: IntakeRow[], limits: IntakeLimits): IntakeVerdict {
	const own = rows.find((r) => Number(r.id) === ownId);
	if (!own) {
		// Not among the rows read (the read is capped): far more requests than any limit allows.
		return { decision: 'limited', reason: 'too many requests today', sendSms: false, rowId: ownId };
	}
	const live = (r: IntakeRow) => !DROPPED_STATUSES.includes(String(r.status ?? ''));
	const repeat = (by?: IntakeRow): IntakeVerdict => ({
		decision: 'repeat',
		reason: 'already received today',
		sendSms: false,
		rowId: ownId,
		...(by ? { claimedBy: Number(by.id) } : {}),
	});
	// Stopped by an earlier copy (its row was marked `repeat` after this one was inserted).
	if (!live(own)) return repeat();
	const sameKey = rows.filter((r) => Number(r.id) !== ownId && r.key === own.key && live(r));
	// A copy that already holds the claim, whatever its ID (it may have committed first).
	const claimed = sameKey.find((r) => String(r.status ?? PENDING_STATUS) !== PENDING_STATUS);
	if (claimed) return repeat(claimed);
	// An earlier copy still deciding: it goes first (it is never stopped by this one).
	const pendingEarlier = sameKey.filter((r) => Number(r.id) < ownId).sort((a, b) => Number(a.id) - Number(b.id))[0];
	if (pendingEarlier) return repeat(pendingEarlier);

	const earlier = rows.filter((r) => Number(r.id) < ownId && live(r));
	const count = (field: 'phone_day' | 'email_day' | 'ip_day') => (own[field] ? earlier.filter((r) => r[field] === own[field]).length : 0);
	const phone = count('phone_day');
	const checks: Array<[number, number, string]> = [
		[limits.perPhone, phone, 'daily limit for this phone number reached'],
		[limits.perEmail, count('email_day'), 'daily limit for this email reached'],
		[limits.perIp, count('ip_day'), 'daily limit for this network reached'],
	];
	for (const [limit, used, reason] of checks) {
		if (limit > 0 && used >= limit) return { decision: 'limited', reason, sendSms: false, rowId: ownId };
	}
	return {
		decision: 'process',
		reason: 'new signup',
		sendSms: limits.smsPerPhone <= 0 || phone < limits.smsPerPhone,
		rowId: ownId,
		claimedBy: ownId,
	};
}
