import type { WeComClient } from './client';
import { WeComInputError } from './inputError';
import { chunk } from './pagination';

/**
 * 群聊数据统计: WeCom keeps 180 days; day_begin_time and day_end_time are China-time midnights
 * from yesterday back to 180 days ago; one query spans at most 30 days; owner_filter ≤100 owners.
 */
export const STAT_RETENTION_DAYS = 180;
export const STAT_MAX_SPAN_DAYS = 30;
export const STAT_OWNER_FILTER_MAX = 100;
export const STAT_PAGE_MAX = 1000;
const DAY = 86400;
/** WeCom's days start at 00:00 China Standard Time (UTC+8). */
const CST_OFFSET = 8 * 3600;

export interface GroupStatData {
	/** New customer groups that day (range: summed). */
	new_chat_cnt: number;
	/** Customer groups in total. */
	chat_total: number;
	/** Groups in which someone spoke. */
	chat_has_msg: number;
	new_member_cnt: number;
	member_total: number;
	/** Members who spoke. */
	member_has_msg: number;
	msg_total: number;
	/** Education industry only. */
	migrate_trainee_chat_cnt?: number;
}

/** The China-time midnight (seconds) of the day containing `sec`. */
export function cstDayStart(sec: number): number {
	return Math.floor((sec + CST_OFFSET) / DAY) * DAY - CST_OFFSET;
}

/** `2026-05-01` (China date) → that day's midnight in seconds. */
export function cstDateToSec(date: string): number {
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date.trim());
	if (!m) throw new WeComInputError(`"${date}" is not a date (YYYY-MM-DD)`);
	return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 1000 - CST_OFFSET;
}

export function secToCstDate(sec: number): string {
	return new Date((sec + CST_OFFSET) * 1000).toISOString().slice(0, 10);
}

/** Checks a [begin, end] day range against WeCom's rules (Infinity: any span, for callers that slice it). */
export function validateStatRange(begin: number, end: number, nowSec: number, maxSpanDays = STAT_MAX_SPAN_DAYS): void {
	const today = cstDayStart(nowSec);
	const yesterday = today - DAY;
	const oldest = today - STAT_RETENTION_DAYS * DAY;
	const b = cstDayStart(begin);
	const e = cstDayStart(end);
	if (e > yesterday)
		throw new WeComInputError(
			`the range ends on ${secToCstDate(e)}; WeCom has statistics up to yesterday (${secToCstDate(yesterday)}) only`,
		);
	if (b < oldest)
		throw new WeComInputError(
			`the range starts on ${secToCstDate(b)}; WeCom keeps statistics for ${STAT_RETENTION_DAYS} days (from ${secToCstDate(oldest)})`,
		);
	if (e < b) throw new WeComInputError('the range ends before it starts');
	const span = (e - b) / DAY + 1;
	if (span > maxSpanDays) {
		throw new WeComInputError(`the range covers ${span} days; one WeCom statistics query covers at most ${maxSpanDays} days`);
	}
}

/** Splits [begin, end] into consecutive ranges of at most 30 days. */
export function splitRange(begin: number, end: number, spanDays = STAT_MAX_SPAN_DAYS): Array<[number, number]> {
	const out: Array<[number, number]> = [];
	for (let b = cstDayStart(begin); b <= cstDayStart(end); b += spanDays * DAY)
		out.push([b, Math.min(cstDayStart(end), b + (spanDays - 1) * DAY)]);
	return out;
}

export interface OwnerStatsOptions {
	dayBegin: number;
	dayEnd: number;
	owners: string[];
	/** 1 new groups, 2 total groups, 3 new members, 4 total members. */
	orderBy?: 1 | 2 | 3 | 4;
	orderAsc?: boolean;
	nowSec: number;
}

/**
 * groupchat/statistic (per owner), every page (offset/next_offset). Owners are asked 100 at a time;
 * with no owners WeCom returns every owner the app can see (81017 beyond 1,000 visible staff).
 */
export async function groupStatsByOwner(client: WeComClient, o: OwnerStatsOptions): Promise<Array<{ owner: string; data: GroupStatData }>> {
	validateStatRange(o.dayBegin, o.dayEnd, o.nowSec);
	const out: Array<{ owner: string; data: GroupStatData }> = [];
	const batches = o.owners.length ? chunk(o.owners, STAT_OWNER_FILTER_MAX) : [undefined];
	for (const owners of batches) {
		let offset = 0;
		for (;;) {
			const res = await client.post<{ total?: number; next_offset?: number; items?: Array<{ owner: string; data: GroupStatData }> }>(
				'/cgi-bin/externalcontact/groupchat/statistic',
				{
					day_begin_time: cstDayStart(o.dayBegin),
					day_end_time: cstDayStart(o.dayEnd),
					...(owners ? { owner_filter: { userid_list: owners } } : {}),
					order_by: o.orderBy ?? 1,
					order_asc: o.orderAsc ? 1 : 0,
					offset,
					limit: STAT_PAGE_MAX,
				},
			);
			const items = res.items ?? [];
			out.push(...items);
			const next = Number(res.next_offset ?? offset + items.length);
			if (!items.length || next <= offset || next >= Number(res.total ?? 0)) break;
			offset = next;
		}
	}
	return out;
}

/**
 * groupchat/statistic_group_by_day: one row per day for the given owners together (≤100).
 * Ranges over 30 days are asked in 30-day slices and joined.
 */
export async function groupStatsByDay(
	client: WeComClient,
	o: { dayBegin: number; dayEnd: number; owners: string[]; nowSec: number },
): Promise<Array<{ stat_time: number; data: GroupStatData }>> {
	validateStatRange(o.dayBegin, o.dayEnd, o.nowSec, Infinity);
	if (o.owners.length > STAT_OWNER_FILTER_MAX)
		throw new WeComInputError(`WeCom takes at most ${STAT_OWNER_FILTER_MAX} owners per statistics query, got ${o.owners.length}`);
	const out: Array<{ stat_time: number; data: GroupStatData }> = [];
	for (const [b, e] of splitRange(o.dayBegin, o.dayEnd)) {
		const res = await client.post<{ items?: Array<{ stat_time: number; data: GroupStatData }> }>(
			'/cgi-bin/externalcontact/groupchat/statistic_group_by_day',
			{ day_begin_time: b, day_end_time: e, ...(o.owners.length ? { owner_filter: { userid_list: o.owners } } : {}) },
		);
		out.push(...(res.items ?? []));
	}
	return out;
}
