import { fillPlaceholders, safeName } from '../liveStream/message';

/**
 * The daily leaderboard (社群影响力天梯): referrers ranked by counted invites. Ties go to who reached
 * the count first (the lower row ID of their latest counted invite), so a rank never depends on
 * the order rows were read. Names are the members' WeCom names, cleaned of links and markup.
 */
export interface CountedInvite {
	id: number | string;
	referrer?: unknown;
	referrer_name?: unknown;
	added_at?: unknown;
}

export interface LeaderboardEntry {
	rank: number;
	referrer: string;
	name: string;
	invites: number;
	/** Invites counted since `since` (today). */
	today: number;
}

export const LEADERBOARD_TOP_MAX = 50;

export class LeaderboardError extends Error {}

export function rankReferrers(rows: CountedInvite[], o: { top: number; since?: number }): LeaderboardEntry[] {
	if (!Number.isInteger(o.top) || o.top < 1 || o.top > LEADERBOARD_TOP_MAX)
		throw new LeaderboardError(`top must be a whole number from 1 to ${LEADERBOARD_TOP_MAX}, got ${o.top}`);
	const by = new Map<string, { name: unknown; invites: number; today: number; last: number }>();
	for (const r of rows) {
		const referrer = String(r.referrer ?? '').trim();
		if (!referrer) continue;
		const e = by.get(referrer) ?? { name: '', invites: 0, today: 0, last: 0 };
		e.invites += 1;
		if (r.referrer_name) e.name = r.referrer_name;
		e.last = Math.max(e.last, Number(r.id) || 0);
		const at = Date.parse(String(r.added_at ?? ''));
		if (o.since !== undefined && Number.isFinite(at) && at >= o.since) e.today += 1;
		by.set(referrer, e);
	}
	return [...by.entries()]
		.sort(([, a], [, b]) => b.invites - a.invites || a.last - b.last)
		.slice(0, o.top)
		.map(([referrer, e], i) => ({
			rank: i + 1,
			referrer,
			name: safeName(e.name, 'text', 30, '匿名成员'),
			invites: e.invites,
			today: e.today,
		}));
}

export interface LeaderboardWording {
	/** First line, with {date} and {total} (all counted invites). */
	title: string;
	/** One line per referrer: {rank} {name} {invites} {today}. */
	line: string;
	/** Last line (optional), with {date} and {total}. */
	footer?: string;
}

export function renderLeaderboard(entries: LeaderboardEntry[], w: LeaderboardWording, v: { date: string; total: number }): string {
	const common = { date: v.date, total: String(v.total) };
	const lines = [fillPlaceholders(w.title, common, 'the title')];
	for (const e of entries)
		lines.push(
			fillPlaceholders(w.line, { rank: String(e.rank), name: e.name, invites: String(e.invites), today: String(e.today) }, 'the line'),
		);
	if (w.footer?.trim()) lines.push(fillPlaceholders(w.footer, common, 'the footer'));
	return lines.join('\n');
}
