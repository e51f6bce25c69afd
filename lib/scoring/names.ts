/** Names the engine and the model schema share (plain values: the Code-node bundle carries them). */
export const BANT_CRITERIA = ['budget', 'authority', 'need', 'timing'] as const;
export type BantCriterion = (typeof BANT_CRITERIA)[number];

/** States outside the ladder, reached only through outcomes (seed 004: two different returns). */
export const REJECTED = 'rejected';
export const RECYCLED = 'recycled';
