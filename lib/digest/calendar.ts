import { createHash } from 'crypto';
import { z } from 'zod';
import { daysBetween } from './dates';
import { httpUrl } from './entry';
import type { Day } from './dates';

/** One reusable knowledge point (知识点) of the knowledge calendar. */
export const knowledgePointSchema = z.union([
	z
		.string()
		.trim()
		.min(1, 'is empty')
		.transform((title) => ({ title }) as KnowledgePoint),
	z.object({
		id: z
			.union([z.string().trim().min(1), z.number()])
			.transform(String)
			.optional(),
		title: z.string({ required_error: 'is required' }).trim().min(1, 'is empty'),
		body: z.string().optional(),
		link: z.preprocess((v) => (v === '' || v === null ? undefined : v), httpUrl.optional()),
		author: z.string().optional(),
	}),
]);
export const knowledgeCalendarSchema = z.array(knowledgePointSchema);

export interface KnowledgePoint {
	id?: string;
	title: string;
	body?: string;
	link?: string;
	author?: string;
}

export interface CalendarOptions {
	/** shuffled: a fresh deterministic order each round; inOrder: the list as written. */
	order: 'shuffled' | 'inOrder';
	/** Day 1 of round 1. With inOrder, point 1 is shown on this day. */
	startDate: Day;
	/**
	 * Optional history, oldest first: ids (or titles) shown recently. Only needed when the list is
	 * edited mid-round; the newest (list length − 1) are skipped.
	 */
	recentlyUsed?: string[];
}

export interface CalendarPick {
	point: KnowledgePoint;
	/** 0-based position in the list. */
	index: number;
	/** Round number (0-based): every point appears once per round. */
	round: number;
}

export const pointKey = (p: KnowledgePoint) => p.id ?? p.title;

/**
 * The knowledge point for a day, derived from the day and the list alone (stateless, so every
 * n8n worker and every re-run picks the same one): day d of the calendar is slot d mod n of round
 * ⌊d / n⌋, and each round is a permutation of the list seeded by the list and the round number.
 * No point repeats within a round, and a round never starts with the point that ended the last.
 */
export function pickKnowledge(list: KnowledgePoint[], day: Day, o: CalendarOptions): CalendarPick | undefined {
	const n = list.length;
	if (!n) return undefined;
	const d = daysBetween(o.startDate, day);
	const at = (step: number) => {
		const round = Math.floor(step / n);
		const slot = step - round * n;
		return { index: orderOf(list, round, o.order)[slot], round };
	};
	const recent = new Set((o.recentlyUsed ?? []).slice(-(n - 1)).filter(Boolean));
	for (let k = 0; k < n; k++) {
		const { index, round } = at(d + k);
		if (!recent.has(pointKey(list[index]))) return { point: list[index], index, round };
	}
	const { index, round } = at(d);
	return { point: list[index], index, round };
}

const orderCache = new Map<string, number[]>();

/** The order of round `round`; cached (the cache is only an optimisation). */
function orderOf(list: KnowledgePoint[], round: number, order: CalendarOptions['order']): number[] {
	const n = list.length;
	// Two points can only alternate; shuffling could show one twice in a row.
	if (order === 'inOrder' || n <= 2) return Array.from({ length: n }, (_, i) => i);
	const fingerprint = createHash('sha256').update(list.map(pointKey).join('\u0000')).digest('hex');
	const key = `${fingerprint}:${round}`;
	const cached = orderCache.get(key);
	if (cached) return cached;
	const perm = shuffled(n, `${fingerprint}:${round}`);
	const previousLast = shuffled(n, `${fingerprint}:${round - 1}`)[n - 1];
	if (perm[0] === previousLast) [perm[0], perm[1]] = [perm[1], perm[0]];
	if (orderCache.size > 1000) orderCache.clear();
	orderCache.set(key, perm);
	return perm;
}

/** Fisher–Yates with a PRNG seeded from text: the same seed always gives the same order. */
function shuffled(n: number, seed: string): number[] {
	const random = mulberry32(createHash('sha256').update(seed).digest().readUInt32LE(0));
	const a = Array.from({ length: n }, (_, i) => i);
	for (let i = n - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[a[i], a[j]] = [a[j], a[i]];
	}
	return a;
}

function mulberry32(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
