/**
 * Event times as epoch milliseconds. Accepts epoch seconds (WeCom's CreateTime), epoch
 * milliseconds, and ISO 8601 text; text without an offset is read in `zone` (the workflow's
 * timezone) so that the same input gives the same result on any server.
 */

export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
	let f = formatters.get(zone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
		formatters.set(zone, f);
	}
	return f;
}

/** Offset of `zone` from UTC at instant `utcMs`, in ms. */
export function zoneOffsetMs(zone: string, utcMs: number): number {
	if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
	const parts: Record<string, number> = {};
	for (const p of formatter(zone).formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
	const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
	return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** True when `zone` is an IANA timezone this runtime knows. */
export function isZone(zone: string): boolean {
	try {
		formatter(zone);
		return true;
	} catch {
		return false;
	}
}

const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;
const HAS_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Epoch ms, or NaN when `value` is not a time. */
export function parseTime(value: unknown, zone = 'UTC'): number {
	if (value instanceof Date) return value.getTime();
	// n8n's $now and DateTime values (Luxon) without importing Luxon.
	if (value && typeof value === 'object' && typeof (value as { toMillis?: unknown }).toMillis === 'function')
		return Number((value as { toMillis: () => number }).toMillis());
	if (typeof value === 'number') return Number.isFinite(value) ? (Math.abs(value) < 1e11 ? value * 1000 : value) : NaN;
	if (typeof value !== 'string') return NaN;
	const s = value.trim();
	if (/^-?\d+(\.\d+)?$/.test(s)) return parseTime(Number(s), zone);
	if (HAS_OFFSET.test(s)) {
		const t = Date.parse(s);
		return Number.isNaN(t) ? NaN : t;
	}
	const m = ISO_LOCAL.exec(s);
	if (!m) return NaN;
	const [, y, mo, d, h = '0', mi = '0', sec = '0', ms = '0'] = m;
	const local = Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec, +ms.padEnd(3, '0'));
	// Date.UTC rolls over (month 13 → next year); a real date reads back the same.
	const back = new Date(local);
	if (
		back.getUTCMonth() !== +mo - 1 ||
		back.getUTCDate() !== +d ||
		back.getUTCHours() !== +h ||
		back.getUTCMinutes() !== +mi ||
		back.getUTCSeconds() !== +sec
	)
		return NaN;
	const guess = local - zoneOffsetMs(zone, local);
	return local - zoneOffsetMs(zone, guess);
}

export const iso = (ms: number) => new Date(ms).toISOString();
