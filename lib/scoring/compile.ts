import { compileConditions } from './conditions';
import type { Matcher } from './conditions';
import { ruleSignature } from './ruleIdentity';
import { BANT_CRITERIA } from './types';
import type { BantCriterion, EngagementRule, FitRule, ScoringModel, Stage } from './types';

export type OutcomeKind = 'accepted' | 'opportunity' | 'won' | 'disqualified';

export interface CompiledRule {
	rule: EngagementRule;
	test: Matcher;
}

/** The model, checked and indexed once per execution (conditions compiled, rules by event type). */
export interface CompiledModel {
	model: ScoringModel;
	byType: Map<string, CompiledRule[]>;
	anyType: CompiledRule[];
	fit: Array<{ rule: FitRule; test: Matcher }>;
	ladder: Stage[];
	rank: Map<string, number>;
	handoffRank: number;
	requalifyRank: number;
	outcomeByType: Map<string, OutcomeKind>;
	criteria: Array<[BantCriterion, Matcher]>;
	groupOf: Map<string, string>;
	ruleIds: Set<string>;
	/** Each engagement rule's signature, when renamed rules keep their points (version 2 forms). */
	signatures?: Map<string, string>;
}

export interface CompileOptions {
	/** Recognise a rule whose ID changed by what it scores, and keep its points (ruleIdentity.ts). */
	keepRenamedRules?: boolean;
}

export const eventKey = (type: string) => type.trim().toLowerCase();

export function compileModel(model: ScoringModel, options: CompileOptions = {}): CompiledModel {
	const byType = new Map<string, CompiledRule[]>();
	const anyType: CompiledRule[] = [];
	const groupOf = new Map<string, string>();
	for (const rule of model.engagementRules) {
		const compiled = { rule, test: compileConditions(rule.conditions, rule.match) };
		if (rule.group) groupOf.set(rule.id, rule.group);
		for (const type of rule.events) {
			if (type.trim() === '*') anyType.push(compiled);
			else {
				const key = eventKey(type);
				const list = byType.get(key) ?? [];
				if (!list.includes(compiled)) list.push(compiled);
				byType.set(key, list);
			}
		}
	}
	const outcomeByType = new Map<string, OutcomeKind>();
	for (const kind of ['accepted', 'opportunity', 'won', 'disqualified'] as const) {
		for (const type of model.outcomes[kind].events) outcomeByType.set(eventKey(type), kind);
	}
	const rank = new Map(model.stages.map((s, i) => [s.id, i]));
	return {
		model,
		byType,
		anyType,
		fit: model.fitRules.map((rule) => ({ rule, test: compileConditions(rule.conditions, rule.match) })),
		ladder: model.stages,
		rank,
		handoffRank: rank.get(model.handoffStage) ?? 0,
		requalifyRank: rank.get(model.outcomes.requalifyStage) ?? 0,
		outcomeByType,
		// A criterion without conditions is met only by rules that mark it.
		criteria: BANT_CRITERIA.map((c) => {
			const { conditions, match } = model.gate.criteria[c];
			return [c, conditions.length ? compileConditions(conditions, match ?? 'any') : () => false];
		}),
		groupOf,
		ruleIds: new Set(model.engagementRules.map((r) => r.id)),
		...(options.keepRenamedRules ? { signatures: new Map(model.engagementRules.map((r) => [r.id, ruleSignature(r)])) } : {}),
	};
}

/** Rules scoring this event type, in model order ("*" rules included). */
export function rulesFor(cm: CompiledModel, type: string): CompiledRule[] {
	const exact = cm.byType.get(eventKey(type));
	if (!cm.anyType.length) return exact ?? [];
	if (!exact) return cm.anyType;
	const order = new Map(cm.model.engagementRules.map((r, i) => [r.id, i]));
	return [...exact, ...cm.anyType].sort((a, b) => (order.get(a.rule.id) ?? 0) - (order.get(b.rule.id) ?? 0));
}
