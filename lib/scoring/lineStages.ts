import { slugId } from './formModel';
import type { FormStage } from './formModel';
import { assignment, cellText, nameKey, rowsOf, splitList, storedId } from './lineRows';
import type { LineRows } from './lineRows';
import { ScoringModelError } from './model';
import type { ScoringModel } from './types';

/**
 * Version 4's stages: "stage → min engagement score" rows, lowest first, with the stages' other
 * settings (min fit score, the hand-off gate) in lists keyed by stage name; then the stages sales
 * outcomes set, one row per outcome in a fixed order, so the row's place says which outcome it is.
 */
export interface LineStages {
	/** Stages reached by scores, lowest first: stage → min engagement score. */
	stages?: LineRows;
	/** Stage → min fit score. */
	stageMinFit?: LineRows;
	/** Stages that also need the hand-off gate (comma-separated names). */
	gateStages?: string;
	/** Stages set by sales outcomes only, in order accepted, opportunity, won: stage → outcome event types. */
	outcomeStages?: LineRows;
}

/** The forward sales outcomes, in the order of the outcome stage rows. */
export const OUTCOME_KINDS = ['accepted', 'opportunity', 'won'] as const;

/** The stages, scored ones then outcome ones; undefined when both lists are empty (the playbook's stay). */
export function stagesFromLines(f: LineStages): FormStage[] | undefined {
	const scored = rowsOf(f.stages).filter((r) => cellText(r.name));
	const outcome = rowsOf(f.outcomeStages).filter((r) => cellText(r.name));
	if (!scored.length && !outcome.length) return undefined;
	const gate = new Set(splitList(f.gateStages).map(nameKey));
	const minFit = new Map(rowsOf(f.stageMinFit).map((r) => [nameKey(cellText(r.name)), Number(r.value ?? 0)]));
	const names = new Set(scored.map((r) => nameKey(cellText(r.name))));
	for (const name of [...gate, ...minFit.keys()].filter((n) => n && !names.has(n)))
		throw new ScoringModelError([`"${name}" is named in Min Fit Score or Stages Needing the Gate but is not one of the Stages`]);
	return [
		...scored.map((r) => ({
			...(storedId(r.id) ? { id: storedId(r.id) } : {}),
			label: cellText(r.name),
			reachedBy: gate.has(nameKey(cellText(r.name))) ? ('scoreAndGate' as const) : ('score' as const),
			minEngagement: Number(r.value ?? 0),
			minFit: minFit.get(nameKey(cellText(r.name))) ?? 0,
		})),
		...outcome.map((r) => ({ ...(storedId(r.id) ? { id: storedId(r.id) } : {}), label: cellText(r.name), reachedBy: 'outcome' as const })),
	];
}

/**
 * The outcome stages' event types, in order accepted, opportunity, won (each moves a lead to its
 * row's stage); undefined when the list is empty (the base model's outcomes stay).
 */
export function outcomesFromLines(f: LineStages, stages: FormStage[] | undefined): ScoringModel['outcomes'] | undefined {
	const rows = rowsOf(f.outcomeStages).filter((r) => cellText(r.name));
	if (!rows.length || !stages) return undefined;
	if (rows.length !== OUTCOME_KINDS.length)
		throw new ScoringModelError([
			`Sales Outcome Stages → needs ${OUTCOME_KINDS.length} rows, in order: accepted by sales, opportunity, won (has ${rows.length})`,
		]);
	const outcomeStages = stages.filter((s) => s.reachedBy === 'outcome');
	const idOf = (i: number) => String(outcomeStages[i].id ?? '').trim() || slugId(outcomeStages[i].label ?? '', `stage_${i + 1}`);
	const out: Record<string, { events: string[]; stage: string }> = {};
	OUTCOME_KINDS.forEach((kind, i) => (out[kind] = { events: splitList(rows[i].value), stage: idOf(i) }));
	return out as unknown as ScoringModel['outcomes'];
}

/** Stages as version 4's lists; the outcome stages must come in the order of OUTCOME_KINDS. */
export function stagesToLines(stages: FormStage[], outcomes: ScoringModel['outcomes']): Required<LineStages> {
	const scored = stages.filter((s) => s.reachedBy !== 'outcome');
	const outcomeStageIds = OUTCOME_KINDS.map((k) => outcomes[k].stage);
	const outcomeRows = stages.filter((s) => s.reachedBy === 'outcome');
	if (outcomeRows.map((s) => s.id).join() !== outcomeStageIds.join())
		throw new ScoringModelError(['outcome stages → version 4 lists them in order accepted, opportunity, won']);
	return {
		stages: { assignments: scored.map((s) => assignment(s.id, s.label ?? '', s.minEngagement ?? 0, 'number')) },
		stageMinFit: {
			assignments: scored.filter((s) => (s.minFit ?? 0) > 0).map((s) => assignment(`${s.id}_fit`, s.label ?? '', s.minFit, 'number')),
		},
		gateStages: scored
			.filter((s) => s.reachedBy === 'scoreAndGate')
			.map((s) => s.label)
			.join(', '),
		outcomeStages: {
			assignments: outcomeRows.map((s, i) => assignment(s.id, s.label ?? '', outcomes[OUTCOME_KINDS[i]].events.join(', '), 'string')),
		},
	};
}
