import { compileModel } from '../../../lib/scoring/compile';
import { scoreLead } from '../../../lib/scoring/engine';
import { resolveModel } from '../../../lib/scoring/resolve';
import type { LeadEvent, LeadInput, LeadProfile, LeadResult, ScoringModel } from '../../../lib/scoring/types';

export const DAY = 86_400_000;
/** A fixed "now": every test is deterministic. */
export const NOW = Date.parse('2025-06-12T02:00:00Z');

let n = 0;
/** An event `daysAgo` before NOW; IDs are unique unless given. */
export function ev(type: string, daysAgo = 0, extra: Partial<LeadEvent> & Record<string, unknown> = {}): LeadEvent {
	const { id, attributes, ...data } = extra;
	const time = NOW - daysAgo * DAY;
	return {
		id: (id as string | undefined) ?? `ev-${++n}`,
		type,
		time,
		data: { type, ...data },
		...(attributes ? { attributes: attributes as Record<string, unknown> } : {}),
	};
}

/** The playbook with some keys replaced (partial JSON semantics). */
export const model = (partial: Partial<ScoringModel> | Record<string, unknown> = {}) => compileModel(resolveModel(partial));

export function score(m: ReturnType<typeof model>, events: LeadEvent[], opts: Partial<LeadInput> = {}): LeadResult {
	return scoreLead(m, { events, now: NOW, ...opts });
}

/** Runs batches in sequence, feeding each run's profile (through JSON, as a workflow stores it) to the next. */
export function runs(
	m: ReturnType<typeof model>,
	batches: Array<{ events: LeadEvent[]; now?: number; attributes?: Record<string, unknown> }>,
): LeadResult[] {
	let profile: LeadProfile | null = null;
	return batches.map((b) => {
		const r = scoreLead(m, { events: b.events, now: b.now ?? NOW, profile, ...(b.attributes ? { attributes: b.attributes } : {}) });
		profile = JSON.parse(JSON.stringify(r.profile)) as LeadProfile;
		return r;
	});
}

/** A fit-qualified marketer at a mid-size software company. */
export const GOOD_FIT = { title: '市场总监', company: 'Acme 软件', email: 'li@acme.cn', companySize: 300, industry: 'SaaS' };

export const pointsOf = (r: LeadResult, rule: string) => r.explanation.engagement.find((s) => s.rule === rule)?.points ?? 0;
