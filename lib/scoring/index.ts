/** Lead Score engine: rules → engagement and fit points (caps, decay) → stage, BANT gate, profile. */
export * from './types';
export { PLAYBOOK_MODEL } from './playbook';
export { ScoringModelError, validateModel } from './model';
export { resolveModel } from './resolve';
export { modelFromUi, modelToUi, parseGroupCaps } from './uiModel';
export type { UiEngagementRule, UiFitRule, UiOptions, UiStage } from './uiModel';
export { parseConditionLine, parseConditions, conditionsToText } from './conditionText';
export { compileModel } from './compile';
export type { CompiledModel } from './compile';
export { scoreLead } from './engine';
export { scoreItems } from './batch';
export { parseTime, isZone } from './time';
export { DEFAULT_EVENT_FIELDS, fieldList } from './read';
