/**
 * An event without an ID gets one derived from its content (type, time and fields), so that
 * replaying the same event is still recognised. Two genuinely different events with identical
 * content and time are then one event: give events an ID when that can happen.
 */

/** JSON with sorted keys, so field order does not change the ID. */
export function canonicalJson(v: unknown): string {
	if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
	if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
	const rec = v as Record<string, unknown>;
	return `{${Object.keys(rec)
		.sort()
		.filter((k) => rec[k] !== undefined)
		.map((k) => `${JSON.stringify(k)}:${canonicalJson(rec[k])}`)
		.join(',')}}`;
}

/** Two independent 32-bit FNV-1a hashes → 16 hex characters (pure JS: also runs in a Code node). */
export function hash64(s: string): string {
	let a = 0x811c9dc5;
	let b = 0x01000193 ^ 0x5bd1e995;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		a = Math.imul(a ^ c, 0x01000193);
		b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
	}
	return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** From the event as given (its time field included, not a defaulted time: re-runs must agree). */
export function derivedEventId(type: string, data: Record<string, unknown>): string {
	return `~${hash64(`${type}|${canonicalJson(data)}`)}`;
}
