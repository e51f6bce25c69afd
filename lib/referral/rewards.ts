import { decideEventClaim } from '../intake/eventClaim';
import type { EventClaimRow, EventClaimVerdict } from '../intake/eventClaim';
import { messageOf, outcomeOfSync } from '../common/outcome';
import { fillPlaceholders, safeName } from '../liveStream/message';

/**
 * Rewards at invite thresholds (裂变奖励), e.g. 1 friend → the material pack, 3 → the course unlock
 * link. A message line with {next} or {toNext} is left out once no reward is left to reach. A reward is due once the referrer's counted invites reach its threshold; each (referrer,
 * threshold) is a key claimed exactly once on the rewards table, so two invites judged at the same
 * time never send a reward twice, and a referrer who drops below a threshold (a friend left) and
 * climbs again does not get it again.
 */
export interface RewardRule {
	invites: number;
	reward: string;
	/** The message with {placeholders}: {name} {invites} {reward} {link} {next} {toNext}. */
	message: string;
	link?: string;
}

export interface DueReward {
	rewardKey: string;
	referrer: string;
	referrerName: string;
	threshold: number;
	reward: string;
	link: string;
	message: string;
	invites: number;
}

export const REWARD_PLACEHOLDERS = ['name', 'invites', 'reward', 'link', 'next', 'toNext'];
export const NAME_MAX_CHARS = 30;

export class RewardRuleError extends Error {}

/** Sorted by threshold; every rule checked, errors name the rule. */
export function checkRewardRules(rules: RewardRule[]): RewardRule[] {
	if (!rules.length) throw new RewardRuleError('no rewards: add at least one (invites and message)');
	const seen = new Set<number>();
	rules.forEach((r, i) => {
		const where = `reward ${i + 1}${r.reward ? ` ("${r.reward}")` : ''}`;
		if (!Number.isInteger(r.invites) || r.invites < 1)
			throw new RewardRuleError(`${where}: invites must be a whole number of at least 1, got ${r.invites}`);
		if (seen.has(r.invites)) throw new RewardRuleError(`${where}: another reward has the same ${r.invites} invites`);
		seen.add(r.invites);
		if (!String(r.message ?? '').trim()) throw new RewardRuleError(`${where}: the message is empty`);
		if (r.link && !/^https?:\/\//i.test(r.link)) throw new RewardRuleError(`${where}: the link must start with https:// or http://`);
		const blank = Object.fromEntries(REWARD_PLACEHOLDERS.map((k) => [k, '']));
		const filled = outcomeOfSync(() => fillPlaceholders(r.message, blank, `${where}'s message`));
		if (!filled.ok) throw new RewardRuleError(messageOf(filled.error));
	});
	return [...rules].sort((a, b) => a.invites - b.invites);
}

export function rewardKey(referrer: string, threshold: number): string {
	return `${referrer}#${threshold}`;
}

/** The rewards a referrer with `invites` counted invites is due and has not been given (`given`: thresholds). */
export function dueRewards(o: {
	referrer: string;
	referrerName: unknown;
	invites: number;
	given: number[];
	rules: RewardRule[];
}): DueReward[] {
	const referrer = String(o.referrer ?? '').trim();
	if (!referrer) throw new RewardRuleError('the referrer is empty');
	const rules = checkRewardRules(o.rules);
	const given = new Set(o.given.map(Number));
	const name = safeName(o.referrerName, 'text', NAME_MAX_CHARS, '朋友');
	const next = rules.find((r) => r.invites > o.invites);
	return rules
		.filter((r) => r.invites <= o.invites && !given.has(r.invites))
		.map((r) => ({
			rewardKey: rewardKey(referrer, r.invites),
			referrer,
			referrerName: name,
			threshold: r.invites,
			reward: r.reward,
			link: r.link ?? '',
			invites: o.invites,
			message: fillPlaceholders(
				next ? r.message : withoutNextLines(r.message),
				{
					name,
					invites: String(o.invites),
					reward: r.reward,
					link: r.link ?? '',
					next: next?.reward ?? '',
					toNext: next ? String(next.invites - o.invites) : '0',
				},
				`the message of the ${r.invites}-invite reward`,
			),
		}));
}

/** Past the last reward, a line about the next one ({next}, {toNext}) would read "0 more for nothing": it is left out. */
function withoutNextLines(message: string): string {
	return message
		.split('\n')
		.filter((line) => !/\{(next|toNext)\}/.test(line))
		.join('\n');
}

export interface RewardRow extends EventClaimRow {
	threshold?: unknown;
}

/** Claim Event's verdict for each of this execution's reward rows (one per key), among all rows of the referrer. */
export function claimRewards(ownIds: number[], rows: RewardRow[]): EventClaimVerdict[] {
	return ownIds.map((id) => {
		const own = rows.find((r) => Number(r.id) === id);
		const key = String(own?.event_key ?? '');
		return decideEventClaim(
			id,
			rows.filter((r) => Number(r.id) === id || (key && String(r.event_key ?? '') === key)),
		);
	});
}
