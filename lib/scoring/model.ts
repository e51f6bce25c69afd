import { z } from 'zod';
import { messageOf } from '../common/outcome';
import { BANT_CRITERIA, RECYCLED, REJECTED } from './names';

/** The model as the schemas below define it: the one source of the model's types (types.ts). */
type ScoringModel = z.infer<typeof modelSchema>;

/** A model that cannot be used; every message names the rule, stage or setting and the field. */
export class ScoringModelError extends Error {
	constructor(readonly issues: string[]) {
		super(`Invalid scoring model — ${issues.join('; ')}`);
		this.name = 'ScoringModelError';
	}
}

/** Whatever building a model threw, as a ScoringModelError (a plain error's message becomes its issue). */
export function asModelError(error: unknown): ScoringModelError {
	return error instanceof ScoringModelError ? error : new ScoringModelError([messageOf(error)]);
}

export const CONDITION_OPS = [
	'equals',
	'notEquals',
	'contains',
	'containsAny',
	'notContains',
	'startsWith',
	'endsWith',
	'matches',
	'in',
	'gt',
	'gte',
	'lt',
	'lte',
	'exists',
	'notExists',
	'isTrue',
] as const;
const NO_VALUE = new Set(['exists', 'notExists', 'isTrue']);
const NUMERIC = new Set(['gt', 'gte', 'lt', 'lte']);

const id = z
	.string()
	.trim()
	.regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'use 1–64 letters, digits or _ . : -');
const days = z.number().positive('must be more than 0').max(3650, 'must be at most 3650 days');
const match = z.enum(['all', 'any']);

export const conditionSchema = z
	.object({
		field: z.string().trim().min(1, 'is required'),
		op: z.enum(CONDITION_OPS),
		value: z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]).optional(),
	})
	.strict()
	.superRefine((c, ctx) => {
		if (NO_VALUE.has(c.op)) return;
		if (c.value === undefined || c.value === '') ctx.addIssue({ code: 'custom', path: ['value'], message: `is required for "${c.op}"` });
		else if (NUMERIC.has(c.op) && Number.isNaN(Number(c.value)))
			ctx.addIssue({ code: 'custom', path: ['value'], message: `must be a number for "${c.op}"` });
		else if (c.op === 'matches') {
			try {
				new RegExp(String(c.value), 'i');
			} catch (e) {
				ctx.addIssue({ code: 'custom', path: ['value'], message: `is not a valid regular expression (${(e as Error).message})` });
			}
		}
	});

export const engagementRule = z
	.object({
		id,
		name: z.string().max(200).optional(),
		events: z.array(z.string().trim().min(1, 'must not be empty')).min(1, 'needs at least one event type'),
		points: z.number().finite().min(-1000).max(1000),
		group: z.string().trim().min(1).max(64).optional(),
		once: z.boolean().optional(),
		conditions: z.array(conditionSchema).optional(),
		match: match.optional(),
		cap: z
			.object({ points: z.number().positive('must be more than 0'), days })
			.strict()
			.optional(),
		count: z
			.object({ times: z.number().int().min(1).max(1000), days })
			.strict()
			.optional(),
		marks: z.enum(BANT_CRITERIA).optional(),
	})
	.strict();

export const fitRule = z
	.object({
		id,
		name: z.string().max(200).optional(),
		points: z.number().finite().min(-1000).max(1000),
		group: z.string().trim().min(1).max(64).optional(),
		conditions: z.array(conditionSchema).min(1, 'needs at least one condition on the lead'),
		match: match.optional(),
	})
	.strict();

export const stage = z
	.object({
		id,
		label: z.string().max(100).optional(),
		minEngagement: z.number().min(0).optional(),
		minFit: z.number().min(0).optional(),
		gate: z.boolean().optional(),
		outcomeOnly: z.boolean().optional(),
	})
	.strict();

export const decay = z.discriminatedUnion('mode', [
	z.object({ mode: z.literal('none') }).strict(),
	z.object({ mode: z.literal('halfLife'), halfLifeDays: days }).strict(),
	z
		.object({
			mode: z.literal('linear'),
			percent: z.number().gt(0, 'must be more than 0').max(100),
			periodDays: z.number().int().min(1).max(3650),
		})
		.strict(),
]);

export const criterion = z.object({ conditions: z.array(conditionSchema), match: match.optional() }).strict();
const eventList = z.array(z.string().trim().min(1));
const forward = z.object({ events: eventList, stage: id }).strict();

export const modelSchema = z
	.object({
		engagementRules: z.array(engagementRule),
		fitRules: z.array(fitRule),
		groupCaps: z.record(z.string().trim().min(1), z.number().positive('must be more than 0')),
		engagementCap: z.number().positive(),
		fitCap: z.number().positive(),
		decay,
		stages: z.array(stage).min(1, 'needs at least one stage'),
		gate: z
			.object({
				required: z.number().int().min(0).max(4),
				criteria: z.object({ budget: criterion, authority: criterion, need: criterion, timing: criterion }).strict(),
			})
			.strict(),
		handoffStage: id,
		outcomes: z
			.object({
				accepted: forward,
				opportunity: forward,
				won: forward,
				disqualified: z.object({ events: eventList }).strict(),
				resetEngagement: z.boolean(),
				requalifyStage: id,
			})
			.strict(),
		replay: z.object({ windowDays: days, maxIds: z.number().int().min(10).max(100000) }).strict(),
	})
	.strict()
	.superRefine((m, ctx) => {
		const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
		const seen = new Map<string, string>();
		for (const [list, rules] of [
			['engagementRules', m.engagementRules],
			['fitRules', m.fitRules],
		] as const) {
			rules.forEach((r, i) => {
				if (seen.has(r.id))
					issue(
						[list, i, 'id'],
						`"${r.id}" is already used by ${seen.get(r.id)}; rule IDs must be unique (the profile stores points by rule ID)`,
					);
				else seen.set(r.id, `${list}[${i}]`);
			});
		}
		const stageIds = new Set<string>();
		m.stages.forEach((s, i) => {
			if (s.id === REJECTED || s.id === RECYCLED) issue(['stages', i, 'id'], `"${s.id}" is reserved for the sales outcome state`);
			if (stageIds.has(s.id)) issue(['stages', i, 'id'], `"${s.id}" appears twice`);
			stageIds.add(s.id);
		});
		if (m.stages[0]?.outcomeOnly)
			issue(['stages', 0, 'outcomeOnly'], 'the first stage is where every lead starts; it cannot be outcome-only');
		const known = (path: (string | number)[], sid: string) => {
			if (!stageIds.has(sid)) issue(path, `"${sid}" is not one of the stages (${[...stageIds].join(', ')})`);
		};
		known(['handoffStage'], m.handoffStage);
		known(['outcomes', 'requalifyStage'], m.outcomes.requalifyStage);
		if (m.stages.find((s) => s.id === m.outcomes.requalifyStage)?.outcomeOnly)
			issue(['outcomes', 'requalifyStage'], `"${m.outcomes.requalifyStage}" is reached only by outcomes, so a lead could never requalify`);
		const outcomeOf = new Map<string, string>();
		for (const kind of ['accepted', 'opportunity', 'won', 'disqualified'] as const) {
			if (kind !== 'disqualified') known(['outcomes', kind, 'stage'], m.outcomes[kind].stage);
			m.outcomes[kind].events.forEach((e, i) => {
				const key = e.trim().toLowerCase();
				if (outcomeOf.has(key)) issue(['outcomes', kind, 'events', i], `"${e}" is already the ${outcomeOf.get(key)} outcome`);
				outcomeOf.set(key, kind);
			});
		}
	});

/** Names a zod path the way a marketer reads it: the rule's ID, the stage, the setting. */
function where(raw: unknown, path: (string | number)[]): string {
	const [list, index, ...rest] = path;
	const field = rest.length ? ` → ${rest.join('.')}` : '';
	if ((list === 'engagementRules' || list === 'fitRules' || list === 'stages') && typeof index === 'number') {
		const item = (raw as Record<string, unknown[]> | undefined)?.[list]?.[index] as { id?: unknown } | undefined;
		const kind = list === 'engagementRules' ? 'engagement rule' : list === 'fitRules' ? 'fit rule' : 'stage';
		const name = typeof item?.id === 'string' && item.id ? `"${item.id}" ` : '';
		return `${kind} ${name}(${list}[${index}])${field}`;
	}
	return path.length ? path.join('.') : '(model)';
}

export function validateModel(raw: unknown): ScoringModel {
	const r = modelSchema.safeParse(raw);
	if (r.success) return r.data;
	throw new ScoringModelError(r.error.issues.map((i) => `${where(raw, i.path)}: ${i.message}`));
}
