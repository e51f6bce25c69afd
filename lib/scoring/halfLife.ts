/**
 * Half-life decay factors, 2^(−age / half-life), remembered per age. Math.pow costs about 100 ns,
 * more than the rest of scoring an event; a backtest scores the same history under two models
 * whose ledgers mostly age alike, so the second model finds most factors already worked out.
 * The value is Math.pow's own (computed by the same expression, then looked up), so scores stay
 * exact to the last digit. A direct-mapped table: fixed size, a collision just computes again.
 */
const BITS = 12;
/** 2^-32: a product by it is exact, as the division by 2^32 is, and cheaper. */
const TWO_TO_MINUS_32 = 1 / 4294967296;

export class HalfLifeFactors {
	private readonly ages = new Float64Array(1 << BITS).fill(NaN);
	private readonly factors = new Float64Array(1 << BITS);

	/** `halfLifeMs`: the half-life in ms as decay.ts `worth` computes it (Infinity: no decay). */
	constructor(readonly halfLifeMs: number) {}

	/** What a point is worth `age` ms (> 0) after it was awarded: `worth` for half-life decay. */
	at(age: number): number {
		// Low and high 32 bits of the age mixed (ages are whole ms, often beyond 2^32).
		const slot = Math.imul((age | 0) ^ ((age * TWO_TO_MINUS_32) | 0), 0x9e3779b1) >>> (32 - BITS);
		if (this.ages[slot] === age) return this.factors[slot];
		const f = Math.pow(2, -age / this.halfLifeMs);
		this.ages[slot] = age;
		this.factors[slot] = f;
		return f;
	}
}
