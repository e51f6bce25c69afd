import { ScoringModelError, validateModel } from './model';
import { messageOf, outcomeOfSync } from '../common/outcome';
import { PLAYBOOK_MODEL } from './playbook';
import type { ScoringModel } from './types';

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * A model from partial JSON: keys left out keep the base (playbook) value. Lists (rules, stages)
 * and `groupCaps` replace the base entirely; `gate`, `gate.criteria`, `outcomes` and `replay`
 * merge key by key, so `{"gate": {"required": 3}}` keeps the playbook's criteria.
 */
export function resolveModel(partial: unknown, base: ScoringModel = PLAYBOOK_MODEL): ScoringModel {
	if (typeof partial === 'string') {
		const text = partial;
		const parsed = outcomeOfSync((): unknown => (text.trim() ? JSON.parse(text) : {}));
		if (!parsed.ok) throw new ScoringModelError([`the JSON cannot be read (${messageOf(parsed.error)})`]);
		partial = parsed.value;
	}
	if (!isObj(partial)) throw new ScoringModelError(['the model must be a JSON object']);
	const p = partial;
	const gate = isObj(p.gate) ? p.gate : {};
	const merged: Record<string, unknown> = {
		...base,
		...p,
		gate: { ...base.gate, ...gate, criteria: { ...base.gate.criteria, ...(isObj(gate.criteria) ? gate.criteria : {}) } },
		outcomes: { ...base.outcomes, ...(isObj(p.outcomes) ? p.outcomes : {}) },
		replay: { ...base.replay, ...(isObj(p.replay) ? p.replay : {}) },
	};
	// Wrong shapes are reported by validation, not silently merged away.
	for (const key of ['gate', 'outcomes', 'replay'] as const) if (key in p && !isObj(p[key])) merged[key] = p[key];
	if ('criteria' in gate && !isObj(gate.criteria)) (merged.gate as Record<string, unknown>).criteria = gate.criteria;
	return validateModel(merged);
}
