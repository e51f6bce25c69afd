import type { FormCondition } from './formModel';
import { ScoringModelError } from './model';
import { cellText, splitList } from './lineRows';
import type { ConditionOp } from './types';

/**
 * Version 4 shows conditions (fit rules, the hand-off gate's tests, an engagement rule's event
 * conditions) in n8n's own filter field (field | operator | value, the If node's), which n8n draws
 * on one line. This maps its operators to the model's and back; n8n's regular-expression operators
 * have no counterpart, so they are refused with the ones that are offered.
 */

/** One condition of n8n's filter field (`filter`): left value | operator | right value. */
export interface FilterCondition {
	id?: string;
	leftValue?: unknown;
	rightValue?: unknown;
	operator?: { type?: string; operation?: string; singleValue?: boolean };
}
export interface FilterValue {
	conditions?: FilterCondition[];
	combinator?: 'and' | 'or';
	options?: Record<string, unknown>;
}

/** n8n's filter operators ↔ the model's (none needs a regular expression). */
const FROM_FILTER: Record<string, ConditionOp> = {
	'string:contains': 'containsAny',
	'string:notContains': 'notContains',
	'string:equals': 'equals',
	'string:notEquals': 'notEquals',
	'string:startsWith': 'startsWith',
	'string:exists': 'exists',
	'string:notEmpty': 'exists',
	'string:notExists': 'notExists',
	'string:empty': 'notExists',
	'number:equals': 'equals',
	'number:notEquals': 'notEquals',
	'number:gt': 'gt',
	'number:gte': 'gte',
	'number:lt': 'lt',
	'number:lte': 'lte',
	'number:exists': 'exists',
	'number:notExists': 'notExists',
	'boolean:true': 'isTrue',
	'boolean:exists': 'exists',
	'boolean:notExists': 'notExists',
	'any:exists': 'exists',
	'any:notExists': 'notExists',
};
const TO_FILTER: Partial<Record<ConditionOp, { type: string; operation: string }>> = {
	containsAny: { type: 'string', operation: 'contains' },
	notContains: { type: 'string', operation: 'notContains' },
	equals: { type: 'string', operation: 'equals' },
	in: { type: 'string', operation: 'equals' },
	notEquals: { type: 'string', operation: 'notEquals' },
	startsWith: { type: 'string', operation: 'startsWith' },
	exists: { type: 'string', operation: 'exists' },
	notExists: { type: 'string', operation: 'notExists' },
	gt: { type: 'number', operation: 'gt' },
	gte: { type: 'number', operation: 'gte' },
	lt: { type: 'number', operation: 'lt' },
	lte: { type: 'number', operation: 'lte' },
	isTrue: { type: 'boolean', operation: 'true' },
};
const NO_RIGHT_VALUE = new Set(['exists', 'notExists', 'empty', 'notEmpty', 'true', 'false']);

/** "title", "{{ $json.title }}", "={{ $json["lead"].title }}" → "title" / "lead.title". */
export function fieldOf(left: unknown): string {
	const raw = cellText(left).replace(/^=/, '').trim();
	const expr = /^\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"]*"|'[^']*')\s*\])+)\s*\}\}$/.exec(raw);
	if (!expr) return raw;
	return [...expr[1].matchAll(/\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"]*)"|'([^']*)')\s*\]/g)].map((m) => m[1] ?? m[2] ?? m[3]).join('.');
}

function conditionOf(c: FilterCondition, where: string, n: number): FormCondition {
	const op = `${c.operator?.type ?? 'string'}:${c.operator?.operation ?? 'equals'}`;
	const field = fieldOf(c.leftValue);
	if (!field) throw new ScoringModelError([`${where} → condition ${n + 1} has no field`]);
	let operator = FROM_FILTER[op];
	if (!operator)
		throw new ScoringModelError([
			`${where} → condition ${n + 1} "${field}": the operator "${c.operator?.operation}" (${c.operator?.type}) is not offered here; use contains, is equal to, starts with, a number comparison, exists or is true`,
		]);
	if (NO_RIGHT_VALUE.has(c.operator?.operation ?? '')) return { field, operator };
	const value = cellText(c.rightValue);
	// "Is equal to" a comma-separated list: any of them (the model's "is one of").
	if (operator === 'equals' && op.startsWith('string') && splitList(value).length > 1) operator = 'in';
	return { field, operator, value };
}

/** A filter's conditions as the model's; `where` names the rule in errors. */
export const conditionsFromFilter = (f: FilterValue | undefined, where: string) =>
	(f?.conditions ?? []).map((c, n) => conditionOf(c, where, n));
/** The filter's AND / OR: the model's "all" / "any". */
export const matchFromFilter = (f: FilterValue | undefined) => (f?.combinator === 'or' ? ('any' as const) : ('all' as const));

/** The options n8n saves with a filter field: loose types, case ignored, as the model compares. */
const FILTER_OPTIONS = { caseSensitive: false, leftValue: '', typeValidation: 'loose', version: 2 };

/** The model's conditions as a filter; fixed IDs from `idPrefix`, so a default reads the same on every load. */
export function filterFromConditions(conditions: FormCondition[], match: 'all' | 'any', idPrefix: string): FilterValue {
	return {
		options: { ...FILTER_OPTIONS },
		combinator: match === 'any' ? 'or' : 'and',
		conditions: conditions.map((c, n) => {
			const operator = TO_FILTER[c.operator];
			if (!operator) throw new ScoringModelError([`${idPrefix} → the operator "${c.operator}" has no one-line form`]);
			return {
				id: `${idPrefix}_${n + 1}`,
				leftValue: c.field,
				rightValue: c.value ?? '',
				operator: { ...operator, ...(NO_RIGHT_VALUE.has(operator.operation) ? { singleValue: true } : {}) },
			};
		}),
	};
}
