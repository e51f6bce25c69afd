import { fieldsToRead, toOutcomeEvent } from './events';
import type { EventContext, OutcomeEvent } from './events';
import type { ChangedPage, ChangedQuery, OutcomeFields, OutcomeRule } from './types';

/**
 * What a polling trigger remembers between polls (n8n's workflow static data): the cursor and the
 * last outcome emitted per record. Records are re-read with an overlap (CRMs index changes a little
 * late), so the memory, not the cursor, decides what is new: a record emits again only when its
 * outcome changes.
 */
export interface PollState {
	/** Modification time (ms) of the newest record read. */
	since: number;
	/** "r<record id>" → the outcome last emitted (insertion order = oldest first, for trimming). */
	last: Record<string, string>;
	/** The last poll stopped at Max Records: continue from the cursor itself, without the overlap. */
	resume?: boolean;
}

export interface PollOptions {
	now: number;
	/** First poll: read changes from this time (default: now, so history is not replayed). */
	startAt?: number;
	/** Re-read this far behind the cursor (default 5 minutes). */
	overlapMs?: number;
	/** Records read per poll at most (default 2,000). */
	maxRecords?: number;
	/** Records remembered at most (default 50,000; the oldest are forgotten). */
	memory?: number;
}

export interface PollResult {
	events: OutcomeEvent[];
	state: PollState;
	read: number;
	/** Records in an outcome state without a lead ID (neither field set). */
	withoutLeadId: string[];
	more: boolean;
}

export function initialState(o: PollOptions): PollState {
	return { since: o.startAt ?? o.now, last: {} };
}

/** The changed-since query of the next poll. */
export function nextQuery(state: PollState, rules: OutcomeRule[], f: OutcomeFields, o: PollOptions): ChangedQuery {
	return {
		since: Math.max(0, state.since - (state.resume ? 0 : (o.overlapMs ?? 5 * 60_000))),
		fields: fieldsToRead(rules, f),
		rules,
		maxRecords: o.maxRecords ?? 2000,
	};
}

/** Turns a page of changed records into new outcome events and the state to save. */
export function applyPage(
	crm: string,
	state: PollState,
	page: ChangedPage,
	rules: OutcomeRule[],
	f: OutcomeFields,
	o: PollOptions,
	cx: EventContext = {},
): PollResult {
	const last = { ...state.last };
	let since = state.since;
	const events: OutcomeEvent[] = [];
	const withoutLeadId: string[] = [];
	const records = [...page.records].sort((a, b) => a.modifiedAt - b.modifiedAt || (a.id < b.id ? -1 : 1));
	for (const r of records) {
		since = Math.max(since, r.modifiedAt);
		const res = toOutcomeEvent(crm, r, rules, f, cx);
		if ('skip' in res) {
			if (res.skip === 'no-lead-id') withoutLeadId.push(r.id);
			continue;
		}
		const key = `r${r.id}`;
		if (last[key] === res.event.outcome) continue;
		delete last[key];
		last[key] = res.event.outcome;
		events.push(res.event);
	}
	const keys = Object.keys(last);
	const max = o.memory ?? 50_000;
	for (let i = 0; i < keys.length - max; i++) delete last[keys[i]];
	return { events, state: { since, last, ...(page.more ? { resume: true } : {}) }, read: records.length, withoutLeadId, more: page.more };
}
