import type { Entry } from './entry';
import { compareEntries, typeKey } from './entry';

/** Share and tracking parameters that do not change what a link points to. */
const TRACKING_PARAM = /^(utm_\w+|from|isappinstalled|scene|chksm|spm|share_?\w*|sharer_\w+|clicktime|enterid)$/i;

/** Same page → same string: scheme, case, www., fragment, tracking parameters and order ignored. */
export function normaliseLink(link: string): string {
	try {
		const u = new URL(link);
		const params = [...u.searchParams.entries()].filter(([k]) => !TRACKING_PARAM.test(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		const query = params.map(([k, v]) => `${k}=${v}`).join('&');
		const host = u.host.toLowerCase().replace(/^www\./, '');
		const path = u.pathname.replace(/\/+$/, '');
		return `${host}${path}${query ? `?${query}` : ''}`;
	} catch {
		return link.trim().toLowerCase();
	}
}

/** Letters and digits only, width- and case-folded: "【招聘】市场经理（上海）" ≈ "招聘：市场经理 上海". */
export function normaliseTitle(title: string): string {
	return title
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Character bigrams of a normalised title (a one-character title is its own token). */
export function titleTokens(normalised: string): string[] {
	const chars = [...normalised];
	if (chars.length < 2) return chars.length ? [chars[0]] : [];
	const set = new Set<string>();
	for (let i = 0; i + 1 < chars.length; i++) set.add(chars[i] + chars[i + 1]);
	return [...set];
}

/** Dice coefficient of two token sets: 1 = same bigrams, 0 = none shared. */
export function dice(a: string[], b: string[]): number {
	if (!a.length && !b.length) return 1;
	const small = a.length <= b.length ? a : b;
	const large = new Set(a.length <= b.length ? b : a);
	let shared = 0;
	for (const t of small) if (large.has(t)) shared++;
	return (2 * shared) / (a.length + b.length);
}

export interface DedupeOptions {
	/** Titles of the same type at or above this Dice similarity merge (0 or less: only links). */
	titleSimilarity: number;
}

export interface DedupeResult {
	entries: Entry[];
	/** How many input entries were merged into another. */
	merged: number;
}

interface Kept {
	order: number;
	entry: Entry;
	type: string;
	tokens: string[];
	/** The entry's normalised link, kept current as merges fill it in. */
	link?: string;
	/** The last entry (by position) that probed this one: dedupes candidates without a Set. */
	probedBy: number;
}

/**
 * Merges duplicates: the same link (any type), or a near-same title of the same type whose links
 * and authors do not differ (two members' job posts titled "招聘销售" stay apart; one member
 * posting twice, or an announcement forwarded without an author, merges). The entry that sorts
 * first (priority, then age) survives and absorbs the others.
 *
 * Near-same titles are found with a prefix-filtered token index, so 10,000 entries are not
 * compared pairwise: two sets with Dice ≥ t share at least ⌈t·|A|/(2−t)⌉ tokens, hence share a
 * token among the rarest |A| − that + 1 of each.
 */
export function dedupeEntries(input: Entry[], o: DedupeOptions): DedupeResult {
	const sorted = [...input].sort(compareEntries);
	const t = o.titleSimilarity;
	const byLink = new Map<string, Kept>();
	const index = new Map<string, Kept[]>();
	const kept: Kept[] = [];
	let merged = 0;

	const tokensOf = sorted.map((e) => (t > 0 ? titleTokens(normaliseTitle(e.title)) : []));
	const freq = new Map<string, number>();
	for (const ts of tokensOf) for (const tok of ts) freq.set(tok, (freq.get(tok) ?? 0) + 1);
	// One global order, rarest first (ties by text), as the prefix filter requires.
	const rank = new Map([...freq.keys()].sort((a, b) => freq.get(a)! - freq.get(b)! || (a < b ? -1 : 1)).map((tok, i) => [tok, i]));
	const prefixOf = (tokens: string[]) => {
		const minShared = Math.ceil((t * tokens.length) / (2 - t) - 1e-9);
		return [...tokens].sort((a, b) => rank.get(a)! - rank.get(b)!).slice(0, Math.max(1, tokens.length - minShared + 1));
	};

	sorted.forEach((entry, i) => {
		const type = typeKey(entry.type);
		const tokens = tokensOf[i];
		const link = entry.link ? normaliseLink(entry.link) : undefined;
		let target = link ? byLink.get(link) : undefined;
		const prefix = t > 0 && tokens.length ? prefixOf(tokens) : [];
		if (!target && t > 0) {
			for (const tok of prefix) {
				for (const cand of index.get(`${type}\u0000${tok}`) ?? []) {
					if (cand.probedBy === i) continue;
					cand.probedBy = i;
					if (link && cand.link && cand.link !== link) continue;
					if (entry.author && cand.entry.author && entry.author !== cand.entry.author) continue;
					if (dice(tokens, cand.tokens) >= t && (!target || cand.order < target.order)) target = cand;
				}
			}
		}
		if (target) {
			mergeInto(target.entry, entry);
			target.link ??= link;
			if (link && !byLink.has(link)) byLink.set(link, target);
			merged++;
			return;
		}
		const copy = { ...entry, groups: [...entry.groups], sourceItems: [...entry.sourceItems], mergedIds: [...entry.mergedIds] };
		const k: Kept = { order: kept.length, entry: copy, type, tokens, link, probedBy: -1 };
		kept.push(k);
		if (link) byLink.set(link, k);
		for (const tok of prefix) {
			const key = `${type}\u0000${tok}`;
			const list = index.get(key);
			if (list) list.push(k);
			else index.set(key, [k]);
		}
	});
	return { entries: kept.map((k) => k.entry), merged };
}

/** The survivor keeps its title; it gains what the duplicate adds (audience, link, longer body). */
function mergeInto(primary: Entry, dup: Entry): void {
	primary.groups = primary.groups.length && dup.groups.length ? [...new Set([...primary.groups, ...dup.groups])] : [];
	primary.link ??= dup.link;
	primary.author ??= dup.author;
	if ((dup.body?.length ?? 0) > (primary.body?.length ?? 0)) primary.body = dup.body;
	primary.priority = Math.max(primary.priority, dup.priority);
	primary.carriedOver = Math.max(primary.carriedOver, dup.carriedOver);
	if (dup.day && (!primary.day || dup.day < primary.day)) primary.day = dup.day;
	primary.sourceItems.push(...dup.sourceItems);
	primary.mergedIds.push(dup.id, ...dup.mergedIds);
}
