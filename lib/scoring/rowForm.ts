import { SCORE_GROUPS } from './compactForm';
import type { ScoreGroup } from './compactForm';
import { modelToForm } from './formModel';
import { modelFromLines, modelToLines } from './lineForm';
import type { LineForm } from './lineForm';
import { assignment, cellText, nameKey, parsePerDays, perDays, rowsOf, splitRuleName } from './lineRows';
import type { LineRow, LineRows } from './lineRows';
import { stagesFromLines } from './lineStages';
import { ScoringModelError } from './model';
import { PLAYBOOK_MODEL } from './playbook';
import { BANT_CRITERIA } from './types';
import type { BantCriterion, ScoringModel } from './types';

/**
 * Version 5 of the editor's form: one row per engagement rule carrying everything about the rule,
 * one row per stage carrying everything about the stage. Version 4 (lineForm.ts) keeps a rule's
 * limit, repeats and hand-off criterion, and a stage's min fit score and gate, in lists of their
 * own that repeat the rule's or stage's name; here they are short settings after the row's number:
 *
 *   "Pricing page 3 times in 7 days (多次访问报价页): page_viewed" → "15, needs 3 in 7 days, max 15 per 30 days"
 *   "SQL" → "25, fit 20, BANT gate"
 *
 * The rows are read into version 4's lists (canonical texts) and from there through version 4's
 * reader, so both versions score alike; the other fields (group limits, event conditions, fit
 * rules, outcome stages, the gate) are version 4's as they are.
 */
export type RowForm = Omit<LineForm, 'ruleLimits' | 'repeats' | 'bantMarks' | 'stageMinFit' | 'gateStages'>;

/** The lists' names in the editor (errors name them). */
const GROUP_LISTS: Record<ScoreGroup, string> = { community: 'Community Points', content: 'Content Points', intent: 'Intent Points' };
const STAGES_LIST = 'Stages';

export const RULE_VALUE_HELP =
	'points, then any of: once | max 20 per 30 days | needs 3 in 7 days | meets budget, authority, need or timing (comma-separated), e.g. "15, needs 3 in 7 days, max 15 per 30 days"';
export const STAGE_VALUE_HELP = 'min engagement score, then any of: fit 20 | BANT gate (comma-separated), e.g. "25, fit 20, BANT gate"';

/** An engagement rule's row value read: its points and the settings after them. */
export interface RuleValue {
	points: number;
	limit?: 'once' | { n: number; days: number };
	repeats?: { n: number; days: number };
	bant?: BantCriterion;
}

export interface StageValue {
	minEngagement: number;
	minFit?: number;
	gate?: boolean;
}

/** "a, b，c" → parts (Chinese commas too); a number cell is its one part. */
const partsOf = (v: unknown) =>
	cellText(v)
		.split(/[,，]/)
		.map((x) => x.trim());
const NUMBER = /^[-+]?\d+(?:\.\d+)?$/;

function fault(list: string, row: string, value: unknown, what: string, help: string): ScoringModelError {
	return new ScoringModelError([`${list} → "${row}" → "${cellText(value)}": ${what}. Expected ${help}`]);
}

/** "15, needs 3 in 7 days, max 15 per 30 days" (settings in any order, any case). */
export function parseRuleValue(value: unknown, list: string, row: string): RuleValue {
	const bad = (what: string) => fault(list, row, value, what, RULE_VALUE_HELP);
	const [first, ...settings] = partsOf(value);
	if (!NUMBER.test(first)) throw bad(first ? `"${first}" is not a number of points` : 'no points');
	const out: RuleValue = { points: Number(first) };
	const once = (key: keyof RuleValue, what: string) => {
		if (out[key] !== undefined) throw bad(`${what} is set twice`);
	};
	const window = (text: string, s: string) => {
		try {
			return parsePerDays(text.replace(/\s*(?:times?|points?|次|分)\s*/i, ' ').trim(), `${list} "${row}"`);
		} catch {
			throw bad(`"${s}" cannot be read`);
		}
	};
	for (const s of settings) {
		if (!s) continue;
		let m: RegExpExecArray | null;
		if (/^(?:once|once per lead|1x)$/i.test(s)) {
			once('limit', 'the limit');
			out.limit = 'once';
		} else if ((m = /^needs?\s+(.+)$/i.exec(s))) {
			once('repeats', '"needs"');
			out.repeats = window(m[1], s);
		} else if ((m = /^meets\s+(.+)$/i.exec(s))) {
			const c = nameKey(m[1]) as BantCriterion;
			if (!BANT_CRITERIA.includes(c)) throw bad(`"${m[1]}" is not budget, authority, need or timing`);
			once('bant', '"meets"');
			out.bant = c;
		} else if ((m = /^(?:max|at most|up to)\s+(.+)$/i.exec(s)) || /^\d+(?:\.\d+)?\s*(?:points?\s*)?(?:\/|per|每)/i.test(s)) {
			// "max 20 per 30 days", or version 4's "20 per 30 days".
			once('limit', 'the limit');
			out.limit = window(m ? m[1] : s, s);
		} else throw bad(`"${s}" is not a setting`);
	}
	return out;
}

/** "25, fit 20, BANT gate" (settings in any order, any case). */
export function parseStageValue(value: unknown, row: string): StageValue {
	const bad = (what: string) => fault(STAGES_LIST, row, value, what, STAGE_VALUE_HELP);
	const [first, ...settings] = partsOf(value);
	if (!NUMBER.test(first)) throw bad(first ? `"${first}" is not a min engagement score` : 'no min engagement score');
	const out: StageValue = { minEngagement: Number(first) };
	for (const s of settings) {
		if (!s) continue;
		let m: RegExpExecArray | null;
		if ((m = /^(?:min\s+)?fit(?:\s+score)?\s*(?::|>=|≥|of)?\s*(\d+(?:\.\d+)?)$/i.exec(s))) {
			if (out.minFit !== undefined) throw bad('the fit score is set twice');
			out.minFit = Number(m[1]);
		} else if (/^(?:needs\s+)?(?:the\s+)?(?:bant\s+)?(?:hand-?off\s+)?gate$/i.test(s) || /^bant$/i.test(s)) out.gate = true;
		else throw bad(`"${s}" is not a setting`);
	}
	return out;
}

const ruleText = (v: RuleValue) =>
	[
		String(v.points),
		...(v.repeats ? [`needs ${perDays(v.repeats.n, v.repeats.days, 'in')}`] : []),
		...(v.limit === 'once' ? ['once'] : v.limit ? [`max ${perDays(v.limit.n, v.limit.days, 'per')}`] : []),
		...(v.bant ? [`meets ${v.bant}`] : []),
	].join(', ');

const stageText = (v: StageValue) =>
	[String(v.minEngagement), ...(v.minFit ? [`fit ${v.minFit}`] : []), ...(v.gate ? ['BANT gate'] : [])].join(', ');

/** Version 5's rows as version 4's lists (points as numbers, settings in their keyed lists). */
export function rowsToLines(f: RowForm): LineForm {
	const ruleLimits: LineRow[] = [];
	const repeats: LineRow[] = [];
	const bantMarks: LineRow[] = [];
	const points: LineForm['points'] = {};
	for (const group of SCORE_GROUPS) {
		const rows = f.points?.[group];
		if (!rows) continue;
		points[group] = {
			assignments: rowsOf(rows).map((row) => {
				const name = cellText(row.name);
				// Settings are keyed by the rule's name, or its event types when it has no name (as version 4 reads them).
				const { name: ruleName, events } = splitRuleName(name);
				const rule = ruleName || events;
				const v = parseRuleValue(row.value, GROUP_LISTS[group], rule || name);
				if (v.limit) ruleLimits.push({ name: rule, value: v.limit === 'once' ? 'once' : perDays(v.limit.n, v.limit.days, 'per') });
				if (v.repeats) repeats.push({ name: rule, value: perDays(v.repeats.n, v.repeats.days, 'in') });
				if (v.bant) bantMarks.push({ name: rule, value: v.bant });
				return { ...row, value: v.points, type: 'number' };
			}),
		};
	}
	return {
		...f,
		points,
		ruleLimits: { assignments: ruleLimits },
		repeats: { assignments: repeats },
		bantMarks: { assignments: bantMarks },
		// Version 5's stage rows are read by stagesOfRows, never as version 4's.
		stages: undefined,
	};
}

/** The stages of version 5's rows: version 4's, with each row's fit score and gate from its value. */
function stagesOfRows(f: RowForm) {
	const scored = rowsOf(f.stages).filter((r) => cellText(r.name));
	const values = scored.map((r) => parseStageValue(r.value, cellText(r.name)));
	const stages = stagesFromLines({
		stages: { assignments: scored.map((r, i) => ({ ...r, value: values[i].minEngagement })) },
		outcomeStages: f.outcomeStages,
	});
	values.forEach((v, i) => {
		stages![i].minFit = v.minFit ?? 0;
		if (v.gate) stages![i].reachedBy = 'scoreAndGate';
	});
	return stages;
}

/** The model from version 5's fields; lists left empty keep the base's (the playbook), as in version 4. */
export function modelFromRows(f: RowForm, base: ScoringModel = PLAYBOOK_MODEL): ScoringModel {
	return modelFromLines(rowsToLines(f), base, stagesOfRows(f));
}

/** A model in version 5's shape: the playbook this way is what the form shows first. */
export function modelToRows(m: ScoringModel): Required<RowForm> {
	const lines = modelToLines(m);
	const byName = (rows: LineRows) => new Map(rowsOf(rows).map((r) => [nameKey(cellText(r.name)), cellText(r.value)]));
	const [limits, repeats, bant] = [byName(lines.ruleLimits), byName(lines.repeats), byName(lines.bantMarks)];
	const points: RowForm['points'] = {};
	for (const group of SCORE_GROUPS) {
		const rows = lines.points[group];
		if (!rows) continue;
		points[group] = {
			assignments: rowsOf(rows).map((row) => {
				const key = nameKey(splitRuleName(cellText(row.name)).name);
				const limit = limits.get(key);
				const repeat = repeats.get(key);
				const v: RuleValue = {
					points: Number(row.value),
					...(limit ? { limit: limit === 'once' ? 'once' : parsePerDays(limit, 'limit') } : {}),
					...(repeat ? { repeats: parsePerDays(repeat, 'repeats') } : {}),
					...(bant.get(key) ? { bant: bant.get(key) as BantCriterion } : {}),
				};
				return assignment(row.id, cellText(row.name), ruleText(v), 'string');
			}),
		};
	}
	const scored = modelToForm(m).stages.stage!.filter((s) => s.reachedBy !== 'outcome');
	return {
		points,
		eventConditions: lines.eventConditions,
		fit: lines.fit,
		outcomeStages: lines.outcomeStages,
		gate: lines.gate,
		gateRequired: lines.gateRequired,
		groupLimits: lines.groupLimits,
		stages: {
			assignments: scored.map((s) =>
				assignment(
					s.id,
					s.label ?? '',
					stageText({ minEngagement: s.minEngagement ?? 0, minFit: s.minFit, gate: s.reachedBy === 'scoreAndGate' }),
					'string',
				),
			),
		},
	};
}
