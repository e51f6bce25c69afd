import type { Condition, ConditionOp } from './types';
import { messageOf, outcomeOfSync } from '../common/outcome';

/**
 * Conditions as marketers type them in the node, one per line: `field operator value`, e.g.
 *   url contains /pricing
 *   companySize >= 100
 *   title matches 总监|Director
 *   budget is true
 */

const SYMBOLS: Array<[string, ConditionOp]> = [
	['>=', 'gte'],
	['<=', 'lte'],
	['!=', 'notEquals'],
	['==', 'equals'],
	['=', 'equals'],
	['>', 'gt'],
	['<', 'lt'],
	['~', 'matches'],
];

// Longest first, so "is not set" wins over "is".
const WORDS: Array<[string, ConditionOp]> = (
	[
		['does not contain', 'notContains'],
		['not contains', 'notContains'],
		['is not set', 'notExists'],
		['not exists', 'notExists'],
		['is empty', 'notExists'],
		['starts with', 'startsWith'],
		['ends with', 'endsWith'],
		['not equals', 'notEquals'],
		['is not', 'notEquals'],
		['is true', 'isTrue'],
		['is yes', 'isTrue'],
		['is set', 'exists'],
		['contains any of', 'containsAny'],
		['contains', 'contains'],
		['matches', 'matches'],
		['equals', 'equals'],
		['exists', 'exists'],
		['is', 'equals'],
		['in', 'in'],
	] as Array<[string, ConditionOp]>
).sort((a, b) => b[0].length - a[0].length);

const TEXT_OF: Record<ConditionOp, string> = {
	equals: '=',
	notEquals: '!=',
	contains: 'contains',
	containsAny: 'contains any of',
	notContains: 'not contains',
	startsWith: 'starts with',
	endsWith: 'ends with',
	matches: 'matches',
	in: 'in',
	gt: '>',
	gte: '>=',
	lt: '<',
	lte: '<=',
	exists: 'exists',
	notExists: 'not exists',
	isTrue: 'is true',
};

const NO_VALUE = new Set<ConditionOp>(['exists', 'notExists', 'isTrue']);
const NUMERIC = new Set<ConditionOp>(['gt', 'gte', 'lt', 'lte']);

function unquote(s: string): string {
	const t = s.trim();
	return t.length >= 2 && ((t[0] === '"' && t.endsWith('"')) || (t[0] === "'" && t.endsWith("'"))) ? t.slice(1, -1) : t;
}

/** Parses one line; throws an Error whose message says what is wrong with it. */
export function parseConditionLine(line: string): Condition {
	const s = line.trim();
	const field = /^\S+?(?=\s|[=!<>~]|$)/.exec(s)?.[0] ?? '';
	if (!field) throw new Error('starts with no field name');
	let rest = s.slice(field.length).trimStart();
	let op: ConditionOp | undefined;
	for (const [sym, o] of SYMBOLS) {
		if (rest.startsWith(sym)) {
			op = o;
			rest = rest.slice(sym.length);
			break;
		}
	}
	if (!op) {
		const lower = rest.toLowerCase();
		for (const [word, o] of WORDS) {
			if (lower.startsWith(word) && (lower.length === word.length || /\s/.test(lower[word.length]))) {
				op = o;
				rest = rest.slice(word.length);
				break;
			}
		}
	}
	if (!op)
		throw new Error(
			`has no known operator after "${field}" (use =, !=, >, >=, <, <=, contains, contains any of, not contains, starts with, ends with, matches, in, exists, not exists, is true)`,
		);
	const raw = unquote(rest);
	if (NO_VALUE.has(op)) {
		if (raw) throw new Error(`"${TEXT_OF[op]}" takes no value, but "${raw}" follows it`);
		return { field, op };
	}
	if (!raw) throw new Error(`needs a value after "${TEXT_OF[op]}"`);
	if (NUMERIC.has(op)) {
		const n = Number(raw);
		if (Number.isNaN(n)) throw new Error(`compares with "${raw}", which is not a number`);
		return { field, op, value: n };
	}
	if (op === 'in' || op === 'containsAny')
		return {
			field,
			op,
			value: raw
				.split(',')
				.map((v) => unquote(v))
				.filter(Boolean),
		};
	return { field, op, value: raw };
}

/** One condition per non-empty line; `where` names the rule in errors. */
export function parseConditions(text: string | undefined, where: string): Condition[] {
	const out: Condition[] = [];
	(text ?? '').split(/\r?\n/).forEach((line, i) => {
		if (!line.trim()) return;
		const parsed = outcomeOfSync(() => parseConditionLine(line));
		if (!parsed.ok) throw new Error(`${where} → conditions line ${i + 1} "${line.trim()}" ${messageOf(parsed.error)}`);
		out.push(parsed.value);
	});
	return out;
}

export function conditionToText(c: Condition): string {
	if (NO_VALUE.has(c.op)) return `${c.field} ${TEXT_OF[c.op]}`;
	const v = Array.isArray(c.value) ? c.value.join(', ') : String(c.value ?? '');
	return `${c.field} ${TEXT_OF[c.op]} ${v}`;
}

export const conditionsToText = (cs: Condition[] | undefined) => (cs ?? []).map(conditionToText).join('\n');
