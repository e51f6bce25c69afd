import type { FormEngagementRule } from './formModel';
import { filterFromConditions, conditionsFromFilter, matchFromFilter } from './lineFilter';
import type { FilterValue } from './lineFilter';
import { assignment, cellText, nameKey, parsePerDays, perDays, rowsOf } from './lineRows';
import type { LineRow, LineRows } from './lineRows';
import { ScoringModelError } from './model';
import { BANT_CRITERIA } from './types';
import type { BantCriterion } from './types';

/**
 * An engagement rule's settings beyond its points (limit, repeats, hand-off criterion, event
 * conditions) do not fit on its one-line row: each is a list of its own, one row per rule that
 * sets it, keyed by the rule's name. Rules that do not set one have no row there.
 */
export interface LineRuleSettings {
	/** Rule name → "10 per 7 days" or "once". */
	ruleLimits?: LineRows;
	/** Rule name → "3 in 7 days": scores only when that many matching events fall in the window. */
	repeats?: LineRows;
	/** Rule name → budget, authority, need or timing. */
	bantMarks?: LineRows;
	/** Conditions on an engagement rule's events, keyed by rule name. */
	eventConditions?: { rule?: Array<{ rule?: string; conditions?: FilterValue }> };
}

/** Rule names (and event types, the name of a rule without one) → the rule's index. */
export type RuleKeys = Map<string, number>;

/** Rows keyed by rule name: each key must name one engagement rule. */
function keyedRows(rows: LineRow[], what: string, ruleKeys: RuleKeys): Array<{ rule: number; value: string }> {
	return rows
		.filter((r) => cellText(r.name))
		.map((r) => {
			const rule = ruleKeys.get(nameKey(cellText(r.name)));
			if (rule === undefined)
				throw new ScoringModelError([`${what} → "${cellText(r.name)}" is not the name of an engagement rule (the text before the colon)`]);
			return { rule, value: cellText(r.value) };
		});
}

/** Sets each rule's settings from the keyed lists (rules were read from the points rows). */
export function applyRuleSettings(f: LineRuleSettings, rules: FormEngagementRule[], ruleKeys: RuleKeys): void {
	const more = (i: number) => (rules[i].more ??= {});
	for (const { rule, value } of keyedRows(rowsOf(f.ruleLimits), 'Rule Limits', ruleKeys)) {
		if (!value || /^(none|no limit)$/i.test(value)) continue;
		if (/^(once|once per lead|1x)$/i.test(value)) rules[rule].limit = 'once';
		else {
			const { n, days } = parsePerDays(value, `Rule Limits "${rules[rule].name}"`);
			Object.assign(rules[rule], { limit: 'custom', limitPoints: n, limitDays: days });
		}
	}
	for (const { rule, value } of keyedRows(rowsOf(f.repeats), 'Repeats Needed', ruleKeys)) {
		if (!value) continue;
		const { n, days } = parsePerDays(value, `Repeats Needed "${rules[rule].name}"`);
		Object.assign(more(rule), { countTimes: n, countDays: days });
	}
	for (const { rule, value } of keyedRows(rowsOf(f.bantMarks), 'Meets BANT Criterion', ruleKeys)) {
		const criterion = nameKey(value) as BantCriterion;
		if (!value) continue;
		if (!BANT_CRITERIA.includes(criterion))
			throw new ScoringModelError([`Meets BANT Criterion "${rules[rule].name}" → "${value}" should be budget, authority, need or timing`]);
		more(rule).bant = criterion;
	}
	const withConditions = (f.eventConditions?.rule ?? []).map((r) => ({ name: cellText(r.rule), value: r.conditions }));
	for (const { name, value } of withConditions.filter((r) => r.name)) {
		const rule = ruleKeys.get(nameKey(name));
		if (rule === undefined)
			throw new ScoringModelError([`Event Conditions → "${name}" is not the name of an engagement rule (the text before the colon)`]);
		const where = `engagement rule "${rules[rule].name}"`;
		Object.assign(more(rule), {
			conditions: { condition: conditionsFromFilter(value, where) },
			...(matchFromFilter(value) === 'any' ? { match: 'any' } : {}),
		});
	}
}

/** Empty keyed lists, filled rule by rule by `addRuleSettingRows`. */
export function emptyRuleSettings(): Required<LineRuleSettings> {
	return { ruleLimits: { assignments: [] }, repeats: { assignments: [] }, bantMarks: { assignments: [] }, eventConditions: { rule: [] } };
}

/** Adds a rule's settings to the keyed lists (row IDs from the rule's, so they stay stable). */
export function addRuleSettingRows(lists: Required<LineRuleSettings>, r: FormEngagementRule): void {
	const add = (list: LineRows, row: LineRow) => list.assignments!.push(row);
	if (r.limit === 'once') add(lists.ruleLimits, assignment(`${r.id}_limit`, r.name, 'once', 'string'));
	else if (r.limit && r.limit !== 'none') {
		const [p, d] = r.limit === 'custom' ? [r.limitPoints!, r.limitDays!] : r.limit.split('/').map(Number);
		add(lists.ruleLimits, assignment(`${r.id}_limit`, r.name, perDays(p, d, 'per'), 'string'));
	}
	const more = r.more ?? {};
	if (more.countTimes)
		add(lists.repeats, assignment(`${r.id}_repeats`, r.name, perDays(more.countTimes, more.countDays ?? 7, 'in'), 'string'));
	if (more.bant && more.bant !== 'none') add(lists.bantMarks, assignment(`${r.id}_bant`, r.name, more.bant, 'string'));
	if (more.conditionsText) throw new ScoringModelError([`engagement rule "${r.name}" → a condition has no one-line form`]);
	if (more.conditions?.condition?.length)
		lists.eventConditions.rule!.push({
			rule: r.name,
			conditions: filterFromConditions(more.conditions.condition, more.match ?? 'all', `${r.id}_if`),
		});
}
