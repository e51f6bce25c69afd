import { SCORE_GROUPS } from './compactForm';
import type { ScoreGroup } from './compactForm';
import type { FormEngagementRule, FormFitRule } from './formModel';
import { conditionsFromFilter, filterFromConditions, matchFromFilter } from './lineFilter';
import type { FilterValue } from './lineFilter';
import { addRuleSettingRows, applyRuleSettings, emptyRuleSettings } from './lineRuleSettings';
import type { LineRuleSettings, RuleKeys } from './lineRuleSettings';
import { assignment, cellText, nameKey, rowsOf, splitRuleName, storedId } from './lineRows';
import type { LineRows } from './lineRows';
import { ScoringModelError } from './model';

/**
 * Version 4's rules. An engagement rule is one assignment row, "name: event types" → points, in
 * its score group's list (its other settings are keyed by its name: lineRuleSettings.ts); a fit
 * rule is a name, points and a filter field.
 */

export interface LineEngagementRules extends LineRuleSettings {
	/** Engagement rules by score group: "Name: event types" → points. */
	points?: Partial<Record<ScoreGroup, LineRows>>;
}

export interface LineFitRule {
	id?: string;
	name?: string;
	points?: number;
	conditions?: FilterValue;
}

/** The engagement rules of the points rows with their settings; undefined when there are no rows. */
export function engagementRulesFromLines(f: LineEngagementRules): FormEngagementRule[] | undefined {
	const rows = SCORE_GROUPS.flatMap((group) => rowsOf(f.points?.[group]).map((row) => ({ row, group })));
	// Like versions 2 and 3: a form with no rules at all keeps the playbook's.
	if (!rows.length) return undefined;
	const rules: FormEngagementRule[] = rows.map(({ row, group }, i) => {
		const { name, events } = splitRuleName(cellText(row.name));
		if (!events) throw new ScoringModelError([`engagement rule #${i + 1} (${group}) → has no event types (name: event types)`]);
		const id = storedId(row.id);
		return { ...(id ? { id } : {}), name, events, points: Number(row.value ?? 0), group, limit: 'none' };
	});
	// Settings rows key a rule by its name or its event types, so no two rules may share either.
	const ruleKeys: RuleKeys = new Map();
	rules.forEach((r, i) => {
		for (const k of new Set([nameKey(r.name), nameKey(r.events)])) {
			if (ruleKeys.has(k) && ruleKeys.get(k) !== i)
				throw new ScoringModelError([`engagement rule "${r.name}" → another rule has the same name; names must differ`]);
			ruleKeys.set(k, i);
		}
	});
	applyRuleSettings(f, rules, ruleKeys);
	return rules;
}

/** A fit rule row: a name, points and a filter field. */
export function fitRuleFromLine(r: LineFitRule): FormFitRule {
	const id = storedId(r.id);
	return {
		...(id ? { id } : {}),
		name: cellText(r.name),
		points: Number(r.points ?? 0),
		conditions: { condition: conditionsFromFilter(r.conditions, `fit rule "${cellText(r.name)}"`) },
		match: matchFromFilter(r.conditions),
	};
}

/** Engagement rules as points rows by score group and keyed settings rows, rule by rule. */
export function engagementRulesToLines(rules: FormEngagementRule[]): Required<LineEngagementRules> {
	const points: LineEngagementRules['points'] = {};
	const settings = emptyRuleSettings();
	for (const r of rules) {
		const group = r.group as ScoreGroup;
		if (!SCORE_GROUPS.includes(group))
			throw new ScoringModelError([`engagement rule "${r.name}" → group "${r.group}" has no list in version 4`]);
		(points[group] ??= { assignments: [] }).assignments!.push(assignment(r.id, `${r.name}: ${r.events}`, r.points, 'number'));
		addRuleSettingRows(settings, r);
	}
	return { points, ...settings };
}

/** A fit rule as a row (one with text conditions or its own score group has no one-line form). */
export function fitRuleToLine(r: FormFitRule): LineFitRule {
	if (r.more?.conditionsText || r.more?.group) throw new ScoringModelError([`fit rule "${r.name}" has no one-line form`]);
	return {
		id: r.id,
		name: r.name,
		points: r.points,
		conditions: filterFromConditions(r.conditions?.condition ?? [], r.match ?? 'all', `${r.id}_if`),
	};
}
