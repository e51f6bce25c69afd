/**
 * Which inactive groups a revival may touch. WeCom reports activity per owner, so a "possible"
 * group (some of its owner's groups were silent, WeCom does not say which) may be alive: it goes
 * to the operator, and only a "yes" from them lets it into the revival. Group events recorded from
 * the WeCom Trigger (joins, renames, notice changes) are per group: a group with recent ones is
 * alive whatever the statistics say, and is neither proposed nor revived.
 * Pure functions: the node operation passes the data-table rows in.
 */

/** What the screening decides for one group. */
export type ScreeningDecision = 'revive' | 'confirm' | 'active' | 'declined';

/** A recorded group event: one data-table row per group and kind, with when it last happened. */
export interface GroupActivityRow {
	chat_id?: unknown;
	/** WeCom's UpdateDetail (add_member, del_member, change_name, change_notice) or a readable name. */
	kind?: unknown;
	/** ISO time of the latest event of this kind. */
	at?: unknown;
}

/** The operator's answer for a proposed group (a data-table row; `confirmed` is what they edit). */
export interface ConfirmationRow {
	chat_id?: unknown;
	confirmed?: unknown;
}

export interface ScreenedGroup {
	chat_id: string;
	inactive?: string;
	[key: string]: unknown;
}

export interface ScreeningOptions {
	activity: GroupActivityRow[];
	confirmations: ConfirmationRow[];
	/** A group with a counted event this recently (days) is alive. */
	recentDays: number;
	/** Which event kinds count as signs of life (see ACTIVITY_KINDS). */
	countedKinds: string[];
	nowMs: number;
}

export interface Screening {
	decision: ScreeningDecision;
	decision_reason: string;
	last_activity_at?: string;
	last_activity_kind?: string;
}

/** Event kinds from WeCom's group change callbacks, with the words a report shows. */
export const ACTIVITY_KINDS: Record<string, { value: string; label: string }> = {
	add_member: { value: 'joined', label: 'a member joined' },
	del_member: { value: 'left', label: 'a member left' },
	change_name: { value: 'renamed', label: 'the group was renamed' },
	change_notice: { value: 'notice', label: 'the notice changed' },
};
/** Joins and the owner's edits show someone runs the group; leaves alone do not. */
export const DEFAULT_COUNTED_KINDS = ['joined', 'renamed', 'notice'];

/** The readable kind of a WeCom group change ("add_member" → "joined"); undefined for other events. */
export function activityKind(updateDetail: unknown): string | undefined {
	return ACTIVITY_KINDS[String(updateDetail ?? '').toLowerCase()]?.value;
}

const YES = new Set(['yes', 'y', 'true', '1', '是', '好', '确认', 'ok', '✓', '✅']);
const NO = new Set(['no', 'n', 'false', '0', '否', '不', '不要', '❌', '✗']);

/** The operator's answer as typed in the table: yes, no, or not answered. */
export function confirmationAnswer(value: unknown): 'yes' | 'no' | undefined {
	const v = String(value ?? '')
		.trim()
		.toLowerCase();
	if (YES.has(v)) return 'yes';
	if (NO.has(v)) return 'no';
	return undefined;
}

const labelOf = (kind: string) => Object.values(ACTIVITY_KINDS).find((k) => k.value === kind)?.label ?? kind;
const DAY_MS = 86_400_000;

/** The latest counted event of each group. */
function latestActivity(rows: GroupActivityRow[], counted: Set<string>): Map<string, { at: number; kind: string }> {
	const latest = new Map<string, { at: number; kind: string }>();
	for (const r of rows) {
		const chatId = String(r.chat_id ?? '').trim();
		const raw = String(r.kind ?? '').trim();
		const kind = activityKind(raw) ?? raw;
		const at = Date.parse(String(r.at ?? ''));
		if (!chatId || !counted.has(kind) || Number.isNaN(at)) continue;
		const seen = latest.get(chatId);
		if (!seen || at > seen.at) latest.set(chatId, { at, kind });
	}
	return latest;
}

/**
 * The decision for each group, in input order: "active" when a counted event is recent, else
 * "revive" for a certain group or a possible one the operator said yes to, "declined" when they
 * said no, and "confirm" (ask the operator) for the other possible groups.
 */
export function screenRevivalCandidates<G extends ScreenedGroup>(groups: G[], o: ScreeningOptions): Array<G & Screening> {
	const latest = latestActivity(o.activity, new Set(o.countedKinds));
	const answers = new Map<string, 'yes' | 'no' | undefined>();
	for (const c of o.confirmations) {
		const chatId = String(c.chat_id ?? '').trim();
		if (chatId) answers.set(chatId, confirmationAnswer(c.confirmed));
	}
	return groups.map((g) => {
		const last = latest.get(g.chat_id);
		const signal = last ? { last_activity_at: new Date(last.at).toISOString(), last_activity_kind: last.kind } : {};
		if (last && o.nowMs - last.at < o.recentDays * DAY_MS) {
			const days = Math.max(0, Math.floor((o.nowMs - last.at) / DAY_MS));
			const when = days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
			return { ...g, decision: 'active', decision_reason: `Alive: ${labelOf(last.kind)} ${when}`, ...signal };
		}
		if (g.inactive !== 'possible')
			return { ...g, decision: 'revive', decision_reason: 'Inactive: none of the owner’s groups had a message', ...signal };
		const answer = answers.get(g.chat_id);
		if (answer === 'yes') return { ...g, decision: 'revive', decision_reason: 'Possibly inactive; the operator confirmed', ...signal };
		if (answer === 'no') return { ...g, decision: 'declined', decision_reason: 'Possibly inactive; the operator said no', ...signal };
		return { ...g, decision: 'confirm', decision_reason: 'Possibly inactive: waiting for the operator’s yes', ...signal };
	});
}
