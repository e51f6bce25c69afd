/**
 * Exactly-once intake on n8n's own data tables. Each request first inserts its row (the durable
 * record), then reads today's rows that share its key, phone, email or client IP, oldest first.
 * Row IDs are handed out in insert order, so every concurrent execution sees the same order and
 * the same verdict: the oldest live row for a key is processed, later ones are repeats. Limits
 * count the rows before one's own, so two requests can never both take the last free slot.
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

export function decideIntake(ownId: number, rows: IntakeRow[], limits: IntakeLimits): IntakeVerdict {
	const own = rows.find((r) => Number(r.id) === ownId);
	if (!own) {
		// Not among the rows read (the read is capped): far more requests than any limit allows.
		return { decision: 'limited', reason: 'too many requests today', sendSms: false, rowId: ownId };
	}
	const earlier = rows.filter((r) => Number(r.id) < ownId && !DROPPED_STATUSES.includes(String(r.status ?? '')));
	const claim = earlier.find((r) => r.key === own.key);
	if (claim) return { decision: 'repeat', reason: 'already received today', sendSms: false, rowId: ownId, claimedBy: Number(claim.id) };

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
