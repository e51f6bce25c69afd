import type { EventRow, GroupRow, ProfileRow } from './metrics';

/**
 * Reads the rows the dashboard is given, whatever mix the workflow merged: `lead_events` rows
 * (an `event` column holding the recorded event as JSON), `lead_profiles` rows (`lead_id` and
 * `stage`) and WeCom customer groups (`chat_id`). Anything else is counted as unknown.
 */

type Raw = Record<string, unknown>;

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
const obj = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});

/** Epoch ms from an ISO time, epoch seconds or milliseconds; NaN if unreadable. */
export function timeOf(v: unknown): number {
	if (typeof v === 'number') return Number.isFinite(v) ? (Math.abs(v) < 1e11 ? v * 1000 : v) : NaN;
	if (v instanceof Date) return v.getTime();
	const s = text(v);
	if (/^\d{9,13}$/.test(s)) return timeOf(Number(s));
	return s ? Date.parse(s) : NaN;
}

/** A number from a number or a numeric string ("12,000.50" too); undefined otherwise. */
export function amountOf(v: unknown): number | undefined {
	if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
	const s = text(v).replace(/[,\s¥$￥]/g, '');
	if (!s || !/^-?\d+(\.\d+)?$/.test(s)) return undefined;
	return Number(s);
}

export function eventRow(row: Raw, amountField: string): EventRow {
	let e: Raw = obj(row.event);
	if (typeof row.event === 'string') {
		try {
			e = obj(JSON.parse(row.event));
		} catch {
			e = {};
		}
	}
	const lead = obj(e.lead);
	const amount = [e, obj(e.data), obj(e.attributes), lead].map((x) => amountOf(x[amountField])).find((a) => a !== undefined);
	return {
		leadId: text(row.lead_id) || text(e.leadId),
		type: text(row.type) || text(e.type),
		time: timeOf(e.time ?? row.createdAt),
		state: text(e.state) || text(lead.state) || text(e.campaign) || undefined,
		chatId: text(e.chatId) || text(lead.groupId) || undefined,
		groupName: text(lead.groupName) || undefined,
		sdr: text(lead.sdrUserId) || text(e.sdrUserId) || undefined,
		amount,
	};
}

export function profileRow(row: Raw): ProfileRow {
	const updated = timeOf(row.updated_at ?? row.updatedAt);
	return {
		leadId: text(row.lead_id),
		stage: text(row.stage) || undefined,
		state: text(row.source_state) || undefined,
		name: text(row.name) || undefined,
		updatedAt: Number.isFinite(updated) ? updated : undefined,
	};
}

export function groupRow(row: Raw): GroupRow {
	const members = row.member_count ?? row.memberCount;
	return {
		chatId: text(row.chat_id),
		name: text(row.name) || undefined,
		members: typeof members === 'number' ? members : amountOf(members),
		owner: text(row.owner) || undefined,
		ownerName: text(row.owner_name) || undefined,
	};
}

export type RowKind = 'event' | 'profile' | 'group' | 'unknown';

export function kindOf(row: Raw): RowKind {
	if ('event' in row && ('lead_id' in row || 'event_id' in row)) return 'event';
	if (typeof row.chat_id === 'string') return 'group';
	if ('lead_id' in row && 'stage' in row) return 'profile';
	return 'unknown';
}

export interface SortedRows {
	events: EventRow[];
	profiles: ProfileRow[];
	groups: GroupRow[];
	unknown: number[];
}

/** Sorts mixed rows by kind; `unknown` lists the indexes of rows of no known kind. */
export function sortRows(rows: Raw[], amountField = 'amount'): SortedRows {
	const out: SortedRows = { events: [], profiles: [], groups: [], unknown: [] };
	rows.forEach((row, i) => {
		const kind = kindOf(row);
		if (kind === 'event') out.events.push(eventRow(row, amountField));
		else if (kind === 'profile') out.profiles.push(profileRow(row));
		else if (kind === 'group') out.groups.push(groupRow(row));
		else if (Object.keys(row).length) out.unknown.push(i);
	});
	return out;
}
