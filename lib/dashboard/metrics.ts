import { DateTime } from 'luxon';

/**
 * The community dashboard's numbers, from what the pack already stores: rows of `lead_profiles`
 * (one per lead: stage, source state), rows of `lead_events` (every event a lead had, as recorded
 * by template 05: joins and leaves with the group, first contact with the inviting SDR, sales
 * outcomes) and the WeCom group list (names and member counts). Plain data in, plain data out.
 */

export interface ProfileRow {
	leadId: string;
	stage?: string;
	state?: string;
	name?: string;
	updatedAt?: number;
}

export interface EventRow {
	leadId: string;
	type: string;
	/** Epoch ms; NaN when the row has no readable time. */
	time: number;
	state?: string;
	chatId?: string;
	groupName?: string;
	sdr?: string;
	amount?: number;
}

export interface GroupRow {
	chatId: string;
	name?: string;
	members?: number;
	owner?: string;
	ownerName?: string;
}

export interface DashboardRules {
	/** The stage ladder in order (the Lead Score model's stage IDs). */
	ladder: string[];
	mqlStage: string;
	sqlStage: string;
	/** Events that mean sales accepted the lead (a won deal implies acceptance too). */
	acceptedEvents: string[];
	wonEvents: string[];
	joinEvents: string[];
	leaveEvents: string[];
	/** Stage of a lead sales returned after accepting it (counted as accepted), and of one rejected unaccepted (counted as MQL). */
	recycledStage: string;
	rejectedStage: string;
}

export const DEFAULT_RULES: DashboardRules = {
	ladder: ['firstContact', 'activated', 'engaged', 'mql', 'sql', 'sal', 'opportunity', 'customer'],
	mqlStage: 'mql',
	sqlStage: 'sql',
	acceptedEvents: ['sales_accepted', 'opportunity_created'],
	wonEvents: ['deal_won'],
	joinEvents: ['groupMemberJoined'],
	leaveEvents: ['groupMemberLeft'],
	recycledStage: 'recycled',
	rejectedStage: 'rejected',
};

export interface DashboardInput {
	profiles: ProfileRow[];
	events: EventRow[];
	groups: GroupRow[];
	/** The period, epoch ms: from (null = everything stored) to (inclusive). */
	from: number | null;
	to: number;
	timeZone: string;
	rules?: Partial<DashboardRules>;
	/** userid → name (staff names the caller knows; group owners' names are added from the group list). */
	staffNames?: Record<string, string>;
}

export interface FunnelCounts {
	leads: number;
	mql: number;
	sql: number;
	accepted: number;
	won: number;
	/** Sum of the amounts of won deals. */
	pipeline: number;
}

export interface GroupStats extends FunnelCounts {
	chatId: string;
	name: string;
	/** From the WeCom group list; undefined when the group is not in it (dismissed, or not listed). */
	members?: number;
	joins: number;
	leaves: number;
}

export interface StateStats extends FunnelCounts {
	state: string;
	joins: number;
	leaves: number;
	/** Joins minus leaves over everything stored: members the state brought who are still in. */
	members: number;
}

export interface SdrStats {
	userId: string;
	name: string;
	invites: number;
	sql: number;
	/** SQLs sales accepted. */
	acceptedSql: number;
	won: number;
	pipeline: number;
}

export interface WeekStats extends FunnelCounts {
	/** Monday of the week (YYYY-MM-DD, in the time zone). */
	week: string;
	joins: number;
	leaves: number;
}

export interface DashboardData {
	period: { from: string | null; to: string };
	totals: FunnelCounts & { members: number; groups: number; joins: number; leaves: number };
	groups: GroupStats[];
	states: StateStats[];
	sdrs: SdrStats[];
	weeks: WeekStats[];
	/** Rows left out, with why (unreadable time, no lead ID). */
	ignored: { events: number; profiles: number };
}

/** The label of leads without a join-code state (added by hand, a form without `state`). */
export const NO_STATE = '(none)';

interface LeadFacts {
	id: string;
	firstAt: number;
	state: string;
	sdr?: string;
	groups: Set<string>;
	mql: boolean;
	sql: boolean;
	accepted: boolean;
	won: boolean;
	pipeline: number;
}

const zero = (): FunnelCounts => ({ leads: 0, mql: 0, sql: 0, accepted: 0, won: 0, pipeline: 0 });

function add(c: FunnelCounts, l: LeadFacts) {
	c.leads++;
	if (l.mql) c.mql++;
	if (l.sql) c.sql++;
	if (l.accepted) c.accepted++;
	if (l.won) c.won++;
	c.pipeline += l.pipeline;
}

/**
 * The period of `days` calendar days ending with `endDay` (YYYY-MM-DD; empty: the day of `now`)
 * in the time zone, as epoch ms; days = 0: everything stored until then.
 */
export function periodOf(endDay: string, days: number, timeZone: string, now: number): { from: number | null; to: number } {
	const end = (endDay ? DateTime.fromISO(endDay, { zone: timeZone }) : DateTime.fromMillis(now, { zone: timeZone })).endOf('day');
	if (!end.isValid) throw new Error(`"${endDay}" is not a date like 2026-11-30`);
	return {
		from:
			days > 0
				? end
						.startOf('day')
						.minus({ days: days - 1 })
						.toMillis()
				: null,
		to: end.toMillis(),
	};
}

export function buildDashboard(input: DashboardInput): DashboardData {
	const rules: DashboardRules = { ...DEFAULT_RULES, ...input.rules };
	const rank = new Map(rules.ladder.map((s, i) => [s, i]));
	const mqlRank = rank.get(rules.mqlStage) ?? Infinity;
	const sqlRank = rank.get(rules.sqlStage) ?? Infinity;
	const accepted = new Set(rules.acceptedEvents);
	const won = new Set(rules.wonEvents);
	const joins = new Set(rules.joinEvents);
	const leaves = new Set(rules.leaveEvents);
	const since = input.from ?? -Infinity;
	const inPeriod = (t: number) => t >= since && t <= input.to;
	// Weeks per quarter hour (every zone's offset is a multiple of it): one luxon call per bucket, not per event.
	const weekCache = new Map<number, string>();
	const weekOf = (t: number) => {
		const bucket = Math.floor(t / 900_000);
		let w = weekCache.get(bucket);
		if (w === undefined) {
			w = DateTime.fromMillis(bucket * 900_000, { zone: input.timeZone })
				.startOf('week')
				.toISODate()!;
			weekCache.set(bucket, w);
		}
		return w;
	};

	const ignored = { events: 0, profiles: 0 };
	const events = input.events.filter((e) => {
		const ok = e.leadId !== '' && Number.isFinite(e.time);
		if (!ok) ignored.events++;
		return ok;
	});
	events.sort((a, b) => a.time - b.time);

	// One record per lead: what it did first (state, SDR), where it joined, how far it got.
	const leads = new Map<string, LeadFacts>();
	const facts = (id: string, t: number): LeadFacts => {
		let l = leads.get(id);
		if (!l) {
			l = { id, firstAt: t, state: '', groups: new Set(), mql: false, sql: false, accepted: false, won: false, pipeline: 0 };
			leads.set(id, l);
		}
		return l;
	};
	for (const e of events) {
		const l = facts(e.leadId, e.time);
		if (!l.state && e.state) l.state = e.state;
		if (!l.sdr && e.sdr) l.sdr = e.sdr;
		if (joins.has(e.type) && e.chatId) l.groups.add(e.chatId);
		if (accepted.has(e.type)) l.accepted = true;
		if (won.has(e.type)) {
			l.accepted = true;
			l.won = true;
			l.pipeline += e.amount ?? 0;
		}
	}
	for (const p of input.profiles) {
		if (!p.leadId) {
			ignored.profiles++;
			continue;
		}
		const l = facts(p.leadId, p.updatedAt ?? NaN);
		if (!l.state && p.state) l.state = p.state;
		const stage = p.stage ?? '';
		const r = rank.get(stage) ?? -1;
		// Sales only sees leads that were handed over: a rejected lead was at least MQL, a returned one was accepted.
		if (r >= mqlRank || stage === rules.rejectedStage) l.mql = true;
		if (r >= sqlRank) l.sql = true;
		if (stage === rules.recycledStage) l.accepted = true;
	}
	for (const l of leads.values()) {
		if (!l.state) l.state = NO_STATE;
		if (l.accepted) l.sql = true;
		if (l.sql) l.mql = true;
	}
	const counted = [...leads.values()].filter((l) => Number.isFinite(l.firstAt) && inPeriod(l.firstAt));

	// Per group: members from WeCom, joins and leaves in the period, and the leads who joined it.
	const groups = new Map<string, GroupStats>();
	const group = (chatId: string, name?: string) => {
		let g = groups.get(chatId);
		if (!g) {
			g = { chatId, name: name || chatId, joins: 0, leaves: 0, ...zero() };
			groups.set(chatId, g);
		} else if (name && g.name === chatId) g.name = name;
		return g;
	};
	for (const g of input.groups) Object.assign(group(g.chatId, g.name), g.members === undefined ? {} : { members: g.members });
	const states = new Map<string, StateStats>();
	const state = (s: string) => {
		let st = states.get(s);
		if (!st) {
			st = { state: s, joins: 0, leaves: 0, members: 0, ...zero() };
			states.set(s, st);
		}
		return st;
	};
	const weeks = new Map<string, WeekStats>();
	const week = (t: number) => {
		const w = weekOf(t);
		let ws = weeks.get(w);
		if (!ws) {
			ws = { week: w, joins: 0, leaves: 0, ...zero() };
			weeks.set(w, ws);
		}
		return ws;
	};
	const totals = { ...zero(), members: 0, groups: 0, joins: 0, leaves: 0 };
	for (const e of events) {
		const isJoin = joins.has(e.type);
		if (!isJoin && !leaves.has(e.type)) continue;
		const s = e.state || leads.get(e.leadId)?.state || NO_STATE;
		state(s).members += isJoin ? 1 : -1;
		if (!inPeriod(e.time)) continue;
		const key = isJoin ? 'joins' : 'leaves';
		if (e.chatId) group(e.chatId, e.groupName)[key]++;
		state(s)[key]++;
		week(e.time)[key]++;
		totals[key]++;
	}
	const sdrs = new Map<string, SdrStats>();
	const names = new Map(Object.entries(input.staffNames ?? {}));
	for (const g of input.groups) if (g.owner && g.ownerName && !names.has(g.owner)) names.set(g.owner, g.ownerName);
	for (const l of counted) {
		add(totals, l);
		for (const chatId of l.groups) add(group(chatId), l);
		add(state(l.state), l);
		add(week(l.firstAt), l);
		if (l.sdr) {
			let s = sdrs.get(l.sdr);
			if (!s) {
				s = { userId: l.sdr, name: names.get(l.sdr) || l.sdr, invites: 0, sql: 0, acceptedSql: 0, won: 0, pipeline: 0 };
				sdrs.set(l.sdr, s);
			}
			s.invites++;
			if (l.sql) s.sql++;
			if (l.accepted) s.acceptedSql++;
			if (l.won) s.won++;
			s.pipeline += l.pipeline;
		}
	}
	for (const g of groups.values()) totals.members += g.members ?? 0;
	totals.groups = input.groups.length;

	const byLeads = <T extends { leads: number }>(a: T, b: T) => b.leads - a.leads;
	return {
		period: {
			from: input.from === null ? null : DateTime.fromMillis(input.from, { zone: input.timeZone }).toISODate(),
			to: DateTime.fromMillis(input.to, { zone: input.timeZone }).toISODate()!,
		},
		totals,
		groups: [...groups.values()].sort((a, b) => byLeads(a, b) || (b.members ?? 0) - (a.members ?? 0) || a.name.localeCompare(b.name)),
		states: [...states.values()].sort((a, b) => byLeads(a, b) || b.joins - a.joins || a.state.localeCompare(b.state)),
		sdrs: [...sdrs.values()].sort((a, b) => b.acceptedSql - a.acceptedSql || b.invites - a.invites || a.name.localeCompare(b.name)),
		weeks: [...weeks.values()].sort((a, b) => a.week.localeCompare(b.week)),
		ignored,
	};
}
