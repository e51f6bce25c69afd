import { getPath, pathGetter } from './path';
import type { Condition, Match } from './types';

/** A compiled test on an object (event or lead attributes). */
export type Matcher = (obj: Record<string, unknown>) => boolean;

export { getPath };

const NO_WORDS = new Set(['', 'false', 'no', 'n', '0', 'none', 'null', 'off', '否', '无', '没有', '不']);

/** "Yes-like": true, a non-zero number, or text that is not empty/no/false/0/否/无. */
export function isYes(v: unknown): boolean {
	if (v === undefined || v === null) return false;
	if (typeof v === 'boolean') return v;
	if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
	if (typeof v === 'string') return !NO_WORDS.has(v.trim().toLowerCase());
	if (Array.isArray(v)) return v.length > 0;
	return true;
}

const isEmpty = (v: unknown) =>
	v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** Numbers from numbers or text ("120", "100-499 人" → 100). */
export function toNumber(v: unknown): number {
	if (typeof v === 'number') return v;
	if (typeof v === 'string') return parseFloat(v.replace(/,/g, ''));
	if (typeof v === 'boolean') return v ? 1 : 0;
	return NaN;
}

const text = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)).toLowerCase();

/** Arrays in the data match when any element matches (tags: ["pricing", "vip"]). */
function anyOf(v: unknown, test: (x: unknown) => boolean): boolean {
	if (!Array.isArray(v)) return test(v);
	// A loop, not `some`: the same answer (holes skipped), without a call per element through a builtin.
	for (let k = 0; k < v.length; k++) if (k in v && test(v[k])) return true;
	return false;
}

/** How many distinct strings one text test remembers (more are tested again after the memo is cleared). */
const MEMO_SIZE = 256;

/**
 * A text test that remembers its answers per string: histories and lead lists repeat values (the
 * same URL, title, industry or channel over and over), and the test is pure, so a repeat costs a
 * lookup instead of lower-casing (a new string) and searching again. The memo is bounded: a stream
 * of distinct values clears it now and then, it never grows with the data.
 */
function rememberLast(test: (x: unknown) => boolean): (x: unknown) => boolean {
	let last: string | undefined;
	let answer = false;
	const memo = new Map<string, boolean>();
	return (x) => {
		if (typeof x !== 'string') return test(x);
		if (x === last) return answer;
		let a = memo.get(x);
		if (a === undefined) {
			a = test(x);
			if (memo.size >= MEMO_SIZE) memo.clear();
			memo.set(x, a);
		}
		last = x;
		answer = a;
		return a;
	};
}

/** "总监, VP, head of" or a list → lower-cased terms. */
function termList(want: unknown): string[] {
	const parts = Array.isArray(want) ? want.map(String) : String(want ?? '').split(/[,，、\n]/);
	return parts.map((s) => s.trim().toLowerCase()).filter(Boolean);
}

const LATIN_TERM = /^[a-z0-9][a-z0-9 .&+-]*$/;

/**
 * "Contains any of": Latin words and numbers match whole words ("it" is not found in "digital",
 * "cto" is found in "CTO, co-founder"); other text (Chinese) matches anywhere. The Latin terms
 * are one regular expression (an alternation finds a match exactly when one of the terms does),
 * so a value is lower-cased and searched once, not once per term.
 */
function anyTermMatcher(terms: string[]): (text: string) => boolean {
	const words = terms.filter((t) => LATIN_TERM.test(t)).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
	const others = terms.filter((t) => !LATIN_TERM.test(t));
	const re = words.length ? new RegExp(`(^|[^a-z0-9])(?:${words.join('|')})($|[^a-z0-9])`) : null;
	return (t) => {
		for (let k = 0; k < others.length; k++) if (t.includes(others[k])) return true;
		return re !== null && re.test(t);
	};
}

/** Compiles one condition; throws a plain Error for a bad regular expression. Text compares ignore case. */
export function compileCondition(c: Condition): Matcher {
	const field = c.field;
	const get = pathGetter(field);
	const want = c.value;
	switch (c.op) {
		case 'exists':
			return (o) => !isEmpty(get(o));
		case 'notExists':
			return (o) => isEmpty(get(o));
		case 'isTrue':
			return (o) => isYes(get(o));
		case 'equals': {
			const w = text(want);
			const test = rememberLast((x) => text(x) === w);
			return (o) => anyOf(get(o), test);
		}
		case 'notEquals': {
			const w = text(want);
			const test = rememberLast((x) => text(x) === w);
			return (o) => !anyOf(get(o), test);
		}
		case 'contains': {
			const w = text(want);
			const test = rememberLast((x) => text(x).includes(w));
			return (o) => anyOf(get(o), test);
		}
		case 'containsAny': {
			const matches = anyTermMatcher(termList(want));
			const test = rememberLast((x) => matches(text(x)));
			return (o) => anyOf(get(o), test);
		}
		case 'notContains': {
			const w = text(want);
			const test = rememberLast((x) => text(x).includes(w));
			return (o) => !anyOf(get(o), test);
		}
		case 'startsWith': {
			const w = text(want);
			const test = rememberLast((x) => text(x).startsWith(w));
			return (o) => anyOf(get(o), test);
		}
		case 'endsWith': {
			const w = text(want);
			const test = rememberLast((x) => text(x).endsWith(w));
			return (o) => anyOf(get(o), test);
		}
		case 'matches': {
			const re = new RegExp(String(want ?? ''), 'i');
			const test = (x: unknown) => x !== undefined && x !== null && re.test(typeof x === 'object' ? JSON.stringify(x) : String(x));
			return (o) => anyOf(get(o), test);
		}
		case 'in': {
			const set = new Set(
				(Array.isArray(want) ? want : String(want ?? '').split(',')).map((s) => text(typeof s === 'string' ? s.trim() : s)),
			);
			const test = rememberLast((x) => set.has(text(x)));
			return (o) => anyOf(get(o), test);
		}
		case 'gt':
		case 'gte':
		case 'lt':
		case 'lte': {
			const w = toNumber(want);
			const cmp = { gt: (a: number) => a > w, gte: (a: number) => a >= w, lt: (a: number) => a < w, lte: (a: number) => a <= w }[c.op];
			// Made once here, not per call (the test runs per event and per lead).
			const test = (x: unknown) => !isEmpty(x) && cmp(toNumber(x));
			return (o) => anyOf(get(o), test);
		}
	}
}

/** All (or any) of the conditions; no conditions always match. */
export function compileConditions(conditions: Condition[] | undefined, match: Match = 'all'): Matcher {
	const ms = (conditions ?? []).map(compileCondition);
	if (ms.length === 0) return () => true;
	if (ms.length === 1) return ms[0];
	// Loops rather than `some`/`every` with a closure: nothing is allocated per test.
	if (match === 'any')
		return (o) => {
			for (let k = 0; k < ms.length; k++) if (ms[k](o)) return true;
			return false;
		};
	return (o) => {
		for (let k = 0; k < ms.length; k++) if (!ms[k](o)) return false;
		return true;
	};
}
