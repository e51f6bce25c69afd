import { PLAYBOOK_MODEL } from '../../lib/scoring/playbook';
import type { ScoringModel } from '../../lib/scoring/types';

/** The stages with MQL and SQL at 35 engagement points (the playbook: 25): the backtests' candidate bar. */
export function higherBarStages(stages: ScoringModel['stages'] = PLAYBOOK_MODEL.stages): ScoringModel['stages'] {
	return stages.map((s) => (s.id === 'mql' || s.id === 'sql' ? { ...s, minEngagement: 35 } : s));
}

/** Template 11's candidate: the playbook with MQL and SQL at 35 engagement points instead of 25. */
export function higherBarModel(): ScoringModel {
	return { ...PLAYBOOK_MODEL, stages: higherBarStages() };
}
