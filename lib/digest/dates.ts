import { DateTime, IANAZone } from 'luxon';

export const DEFAULT_DIGEST_TIME_ZONE = 'Asia/Shanghai';

/** A calendar day as YYYY-MM-DD, the unit the digest works in. */
export type Day = string;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isTimeZone(zone: string): boolean {
	return IANAZone.isValidZone(zone);
}

/** Today in the zone: "which day" is the operator's day, not the server's. */
export function todayIn(zone: string, now: Date = new Date()): Day {
	return DateTime.fromJSDate(now).setZone(zone).toISODate()!;
}

/**
 * The day an entry's date falls on, in the zone. Accepts ISO (with or without offset),
 * "YYYY-MM-DD HH:mm:ss", YYYY-MM-DD, and epoch milliseconds or seconds (seconds are ten digits
 * until 2286, milliseconds thirteen). Undefined if unreadable.
 */
export function dayOf(value: string | number, zone: string): Day | undefined {
	if (typeof value === 'number')
		return Number.isFinite(value) ? dayOfInstant(Math.abs(value) < 1e11 ? value * 1000 : value, zone) : undefined;
	const s = value.trim();
	// Fast paths (10,000 entries a run): a wall-clock time is already on its day; an instant
	// with an offset is placed by Intl. Anything else goes through luxon.
	const local = LOCAL_TIME.exec(s);
	if (local) return isDay(local[1]) && validTime(local) ? local[1] : undefined;
	if (ISO_WITH_OFFSET.test(s)) {
		const ms = Date.parse(s);
		if (!Number.isNaN(ms)) return dayOfInstant(ms, zone);
	}
	const dt = toDateTime(s, zone);
	return dt?.isValid ? dt.toISODate()! : undefined;
}

const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

function validTime(m: RegExpExecArray): boolean {
	return m[2] === undefined || (Number(m[2]) < 24 && Number(m[3]) < 60 && (m[4] === undefined || Number(m[4]) < 60));
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's calendar day of an instant; en-CA formats as YYYY-MM-DD. */
function dayOfInstant(ms: number, zone: string): Day | undefined {
	let f = dayFormats.get(zone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
		dayFormats.set(zone, f);
	}
	const d = new Date(ms);
	return Number.isNaN(d.getTime()) ? undefined : f.format(d);
}

function toDateTime(s: string, zone: string): DateTime | undefined {
	const iso = DateTime.fromISO(s, { zone });
	if (iso.isValid) return iso;
	const sql = DateTime.fromSQL(s, { zone });
	return sql.isValid ? sql : undefined;
}

/** Validates a YYYY-MM-DD day (a real date). */
export function isDay(value: string): boolean {
	return DAY.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

/** Whole days from `from` to `to` (negative if `to` is earlier). */
export function daysBetween(from: Day, to: Day): number {
	const a = DateTime.fromISO(from, { zone: 'UTC' });
	const b = DateTime.fromISO(to, { zone: 'UTC' });
	return Math.round(b.diff(a, 'days').days);
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function weekdayOf(day: Day): number {
	return DateTime.fromISO(day, { zone: 'UTC' }).weekday;
}
