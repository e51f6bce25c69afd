import type { LeadProfile, LedgerEntry } from './types';

export function newProfile(leadId?: string): LeadProfile {
	return {
		v: 1,
		...(leadId ? { leadId } : {}),
		stage: null,
		stageSince: null,
		acceptedAt: null,
		attributes: {},
		ledger: {},
		caps: {},
		hits: {},
		once: [],
		marked: {},
		seen: { since: null, ids: [] },
		updatedAt: null,
	};
}

const obj = <T>(v: unknown, fallback: T): T => (v && typeof v === 'object' && !Array.isArray(v) ? (v as T) : fallback);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const entries = (v: unknown): LedgerEntry[] =>
	Array.isArray(v) ? v.filter((e) => Array.isArray(e) && e.length === 2).map((e) => [Number(e[0]), Number(e[1])] as LedgerEntry) : [];

/**
 * A private, complete copy of a stored profile: the engine never changes its input, and a profile
 * from an older version or with missing parts still loads.
 */
export function copyProfile(raw: Partial<LeadProfile>): LeadProfile {
	const ledger: LeadProfile['ledger'] = {};
	for (const [rule, l] of Object.entries(obj<Record<string, { awarded?: number; entries?: unknown; sig?: unknown }>>(raw.ledger, {}))) {
		ledger[rule] = {
			awarded: Number(l?.awarded ?? 0),
			entries: entries(l?.entries),
			...(typeof l?.sig === 'string' ? { sig: l.sig } : {}),
		};
	}
	const caps: LeadProfile['caps'] = {};
	for (const [rule, e] of Object.entries(obj<Record<string, unknown>>(raw.caps, {}))) caps[rule] = entries(e);
	const hits: LeadProfile['hits'] = {};
	for (const [rule, h] of Object.entries(obj<Record<string, unknown>>(raw.hits, {}))) hits[rule] = Array.isArray(h) ? h.map(Number) : [];
	const seen = obj<Partial<LeadProfile['seen']>>(raw.seen, {});
	return {
		v: 1,
		...(typeof raw.leadId === 'string' && raw.leadId ? { leadId: raw.leadId } : {}),
		stage: typeof raw.stage === 'string' && raw.stage ? raw.stage : null,
		stageSince: num(raw.stageSince),
		acceptedAt: num(raw.acceptedAt),
		attributes: { ...obj<Record<string, unknown>>(raw.attributes, {}) },
		ledger,
		caps,
		hits,
		once: Array.isArray(raw.once) ? raw.once.map(String) : [],
		marked: { ...obj<LeadProfile['marked']>(raw.marked, {}) },
		seen: {
			since: num(seen.since),
			ids: Array.isArray(seen.ids)
				? seen.ids.filter((e) => Array.isArray(e) && e.length === 2).map(([id, t]) => [String(id), Number(t)] as [string, number])
				: [],
		},
		updatedAt: num(raw.updatedAt),
	};
}
