import { ScoringModelError } from './model';

/**
 * Version 4's rows are n8n's assignment rows (name → value, the Set node's), which n8n draws on one
 * line. These helpers read their cells and the short texts marketers type in them ("Name: event
 * types", "10 per 7 days"), and write rows back.
 */

/** One row of n8n's assignment list (`assignmentCollection`): its ID stays hidden and stable. */
export interface LineRow {
	id?: string;
	name?: string;
	value?: unknown;
	type?: string;
}
export interface LineRows {
	assignments?: LineRow[];
}

/** "a, b，c" or one per line → ["a", "b", "c"] (Chinese commas too: marketers type both). */
export const splitList = (s: unknown) =>
	String(s ?? '')
		.split(/[,，\n]/)
		.map((x) => x.trim())
		.filter(Boolean);
export const rowsOf = (r: LineRows | undefined) => r?.assignments ?? [];
export const cellText = (v: unknown) => (v === undefined || v === null ? '' : String(v)).trim();
/** Names match without case or surrounding spaces: "MQL" in one list is "mql " in another. */
export const nameKey = (s: string) => s.trim().toLowerCase();
/** n8n gives new rows a random UUID: such a row's ID comes from its name, as in version 3. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const storedId = (id: string | undefined) => (id && !UUID.test(id) ? id : undefined);

/** A row as n8n stores it (no `id` key when there is none, so the playbook's rows stay as saved). */
export const assignment = (id: string | undefined, name: string, value: unknown, type: 'number' | 'string'): LineRow => ({
	...(id ? { id } : {}),
	name,
	value,
	type,
});

/** "Clicked a tracked link: link_clicked, link_opened" → name and event types (no colon: the event types name the rule). */
export function splitRuleName(raw: string): { name: string; events: string } {
	const at = Math.max(raw.lastIndexOf(':'), raw.lastIndexOf('：'));
	if (at < 0) return { name: raw.trim(), events: raw.trim() };
	return { name: raw.slice(0, at).trim(), events: raw.slice(at + 1).trim() };
}

/** "10 per 7 days", "10/7", "10 in 7 days" → { times: 10, days: 7 }. */
export function parsePerDays(raw: string, where: string): { n: number; days: number } {
	const m = /^(\d+(?:\.\d+)?)\s*(?:points?\s*)?(?:\/|per|in|every|每)\s*(\d+)\s*(?:d|days?|天)?$/i.exec(raw.trim());
	if (!m) throw new ScoringModelError([`${where} → "${raw}" should look like "10 per 7 days"`]);
	return { n: Number(m[1]), days: Number(m[2]) };
}
export const perDays = (n: number, days: number, word: 'per' | 'in') => `${n} ${word} ${days} ${days === 1 ? 'day' : 'days'}`;
