import { ROBOT_MARKDOWN_MAX_BYTES, ROBOT_TEXT_MAX_BYTES } from '../common/robotLimits';
import { utf8Bytes } from '../common/bytes';
import type { CalendarOptions, KnowledgePoint } from './calendar';
import { pickKnowledge, pointKey } from './calendar';
import type { Day } from './dates';
import { daysBetween, isDay, isTimeZone, weekdayOf } from './dates';
import { dedupeEntries, dice, normaliseLink, normaliseTitle, titleTokens } from './dedupe';
import type { Entry } from './entry';
import { compareEntries, typeKey } from './entry';
import type { DigestFormat, EntryView, HtmlSection } from './render';
import { blockRenderer, renderHtml } from './render';
import type { SectionConfig } from './sections';
import { duplicateSectionType, sectionFinder } from './sections';
import type { PackSection, PackedMessage, PlacedEntry } from './split';
import { packMessages } from './split';
import type { SentLog } from './sentLog';
import { alreadySent } from './sentLog';
import type { Language } from './texts';
import { TEXTS, fill } from './texts';

export interface DigestGroup {
	id: string;
	/** Shown in the title line as {group}; defaults to the id. */
	name?: string;
}

export interface DigestOptions {
	/** The day the digest is for (YYYY-MM-DD, in timeZone). */
	date: Day;
	timeZone: string;
	/** The groups to build for; undefined = every group some entry names. */
	groups?: DigestGroup[];
	sections: SectionConfig[];
	format: DigestFormat;
	language: Language;
	/** Placeholders {date}, {weekday}, {group}; default per language. */
	titleLine?: string;
	footer?: string;
	calendar?: { points: KnowledgePoint[] } & CalendarOptions;
	/** Near-same titles merge at this similarity (0 = links only). */
	titleSimilarity: number;
	/** Entries older than this many days are dropped; 0 = kept until shown. */
	maxAgeDays: number;
	/** Per message; at most WeCom's limit for the format (the default). */
	maxBytes?: number;
	/** What each group already had (a sent log): skipped in that group, never carried for it. */
	sent?: SentLog;
}

export interface DigestMessage extends PackedMessage {
	part: number;
	parts: number;
}

export interface DigestSectionSummary {
	type: string;
	heading: string;
	shown: number;
	carried: number;
	more: number;
}

export interface GroupDigest {
	group: string;
	groupName: string;
	date: Day;
	/** Stable per group and day: the same on every re-run, so a send can be made once. */
	key: string;
	format: DigestFormat;
	title: string;
	messages: DigestMessage[];
	/** Input entry ids shown (duplicates merged into them included). */
	entryIds: string[];
	/** Input entry ids counted in a "…and N more" line instead. */
	moreEntryIds: string[];
	sections: DigestSectionSummary[];
	knowledge?: { id: string; title: string; index: number; round: number };
	sourceItems: number[];
}

export interface CarriedEntry {
	entry: Entry;
	/** The groups it did not reach today: tomorrow it is for those only ([] = every group still). */
	groups: string[];
	carriedOver: number;
	carriedFrom: Day;
}

export interface DigestReport {
	entries: number;
	due: number;
	merged: number;
	/** Dated after the digest day: left for their day. */
	notYetDue: string[];
	/** Older than maxAgeDays: dropped. */
	expired: string[];
	/** No section takes their type (and there is no "*" section). */
	unsectioned: string[];
	/** Addressed only to groups that are not in the group list. */
	unknownGroup: string[];
	/** Groups with nothing to say today: no message is built for them. */
	emptyGroups: string[];
	/** Entry-in-group pairs skipped because the sent log says that group had them. */
	alreadySent: number;
}

export interface DigestResult {
	digests: GroupDigest[];
	carried: CarriedEntry[];
	report: DigestReport;
}

/** Bad options (not bad entries): the node turns it into an error naming the parameter. */
export class DigestOptionsError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(`${field}: ${message}`);
		this.name = 'DigestOptionsError';
	}
}

export function byteLimitOf(format: DigestFormat): number | undefined {
	if (format === 'html') return undefined;
	return format === 'text' ? ROBOT_TEXT_MAX_BYTES : ROBOT_MARKDOWN_MAX_BYTES;
}

export const digestKey = (group: string, date: Day) => `digest:${date}:${group}`;

const CALENDAR_PRIORITY = Number.MAX_SAFE_INTEGER;

/** One section of one group's digest: what shows, what is counted as "more", how many carry. */
interface Placed {
	shown: Entry[];
	more: Entry[];
	carried: number;
}

/**
 * Builds one digest per group for the day from all entries: filters by day, merges duplicates,
 * sorts into sections with caps and overflow, adds the knowledge calendar's point, renders and
 * splits within WeCom's byte limit. Pure: the same entries and options give the same output.
 */
export function assembleDigests(entries: Entry[], o: DigestOptions): DigestResult {
	checkOptions(o);
	const texts = TEXTS[o.language];
	const report: DigestReport = {
		entries: entries.length,
		due: 0,
		merged: 0,
		notYetDue: [],
		expired: [],
		unsectioned: [],
		unknownGroup: [],
		emptyGroups: [],
		alreadySent: 0,
	};

	const due: Entry[] = [];
	for (const e of entries) {
		if (e.day && e.day > o.date) report.notYetDue.push(e.id);
		else if (e.day && o.maxAgeDays > 0 && daysBetween(e.day, o.date) > o.maxAgeDays) report.expired.push(e.id);
		else due.push(e);
	}
	report.due = due.length;
	const deduped = dedupeEntries(due, { titleSimilarity: o.titleSimilarity });
	report.merged = deduped.merged;
	const sorted = deduped.entries.sort(compareEntries);

	const groups = o.groups ?? groupsNamedIn(sorted);
	const known = new Set(groups.map((g) => g.id));
	const sectionOf = sectionFinder(o.sections);
	const buckets = o.sections.map(() => new SectionBucket());
	sorted.forEach((e, rank) => {
		const s = sectionOf(e);
		if (s === undefined) report.unsectioned.push(e.id);
		else buckets[s].add(e, rank);
		if (e.groups.length && !e.groups.some((g) => known.has(g))) report.unknownGroup.push(e.id);
	});

	const knowledgeSection = o.sections.findIndex((s) => typeKey(s.type) === 'knowledge');
	const pick = o.calendar && knowledgeSection >= 0 ? pickKnowledge(o.calendar.points, o.date, o.calendar) : undefined;
	const calendarEntry = pick ? calendarAsEntry(pick.point) : undefined;

	const carried = new Map<string, CarriedEntry>();
	const digests: GroupDigest[] = [];
	for (const g of groups) {
		const placed: Placed[] = o.sections.map((s, si) => {
			const p: Placed = { shown: [], more: [], carried: 0 };
			for (const e of buckets[si].entriesFor(g.id)) {
				if (o.sent && alreadySent(o.sent, g.id, [e.id, ...e.mergedIds])) {
					report.alreadySent++;
					continue;
				}
				if (s.cap === 0 || p.shown.length < s.cap) p.shown.push(e);
				else if (s.overflow === 'more') p.more.push(e);
				else {
					carry(carried, e, g.id, o.date);
					p.carried++;
				}
			}
			if (
				si === knowledgeSection &&
				calendarEntry &&
				(s.cap === 0 || p.shown.length < s.cap) &&
				!duplicates(calendarEntry, p.shown, o.titleSimilarity)
			) {
				p.shown.push(calendarEntry);
			}
			return p;
		});
		if (placed.every((p) => !p.shown.length && !p.more.length)) {
			report.emptyGroups.push(g.id);
			continue;
		}
		digests.push(
			buildDigest(g, o, texts, placed, pick && calendarEntry && placed[knowledgeSection]?.shown.includes(calendarEntry) ? pick : undefined),
		);
	}
	// Missed everywhere and meant for everyone: still for everyone (including groups added tomorrow).
	for (const c of carried.values()) if (!c.entry.groups.length && c.groups.length === groups.length) c.groups = [];
	return { digests, carried: [...carried.values()], report };
}

function buildDigest(
	g: DigestGroup,
	o: DigestOptions,
	texts: (typeof TEXTS)[Language],
	placed: Placed[],
	pick: ReturnType<typeof pickKnowledge>,
): GroupDigest {
	const groupName = g.name || g.id;
	const title = fill(o.titleLine || texts.defaultTitle, { date: o.date, weekday: texts.weekdays[weekdayOf(o.date) - 1], group: groupName });
	const packSections: PackSection[] = [];
	placed.forEach((p, si) => {
		if (!p.shown.length && !p.more.length) return;
		const s = o.sections[si];
		packSections.push({
			heading: s.heading,
			entries: p.shown.map((e, j): PlacedEntry => ({
				n: j + 1,
				view: viewOf(e),
				ids: e.priority === CALENDAR_PRIORITY ? [] : [e.id, ...e.mergedIds],
				sourceItems: e.sourceItems,
			})),
			more: p.more.length ? { text: fill(texts.more, { count: p.more.length }), url: s.moreUrl, label: texts.moreLink } : undefined,
		});
	});
	let messages: DigestMessage[];
	if (o.format === 'html') {
		const html = renderHtml(
			title,
			packSections.map((s): HtmlSection => ({ heading: s.heading, entries: s.entries, more: s.more })),
			o.footer,
		);
		const all = packSections.flatMap((s) => s.entries);
		messages = [
			{
				content: html,
				bytes: utf8Bytes(html),
				entryIds: all.flatMap((e) => e.ids),
				sourceItems: [...new Set(all.flatMap((e) => e.sourceItems))],
				shortened: 0,
				part: 1,
				parts: 1,
			},
		];
	} else {
		// A section with only a "more" line (cap reached by nothing shown) cannot happen: cap ≥ 1.
		const packed = packMessages({
			renderer: blockRenderer(o.format),
			title,
			sections: packSections.filter((s) => s.entries.length),
			footer: o.footer || undefined,
			maxBytes: o.maxBytes ?? byteLimitOf(o.format)!,
			continued: texts.continued,
			shortened: texts.shortened,
		});
		messages = packed.map((m, i) => ({ ...m, part: i + 1, parts: packed.length }));
	}
	const idsOf = (list: Entry[]) => list.filter((e) => e.priority !== CALENDAR_PRIORITY).flatMap((e) => [e.id, ...e.mergedIds]);
	return {
		group: g.id,
		groupName,
		date: o.date,
		key: digestKey(g.id, o.date),
		format: o.format,
		title,
		messages,
		entryIds: placed.flatMap((p) => idsOf(p.shown)),
		moreEntryIds: placed.flatMap((p) => idsOf(p.more)),
		sections: placed.map((p, si) => ({
			type: o.sections[si].type,
			heading: o.sections[si].heading,
			shown: p.shown.length,
			carried: p.carried,
			more: p.more.length,
		})),
		knowledge: pick ? { id: pointKey(pick.point), title: pick.point.title, index: pick.index, round: pick.round } : undefined,
		sourceItems: [...new Set(placed.flatMap((p) => [...p.shown, ...p.more].flatMap((e) => e.sourceItems)))].sort((a, b) => a - b),
	};
}

/**
 * A section's entries split into those for every group and those for named groups, so each
 * group reads only its own (10,000 entries × 100 groups would otherwise be a million checks).
 */
class SectionBucket {
	private readonly everyone: Array<{ e: Entry; rank: number }> = [];
	private readonly byGroup = new Map<string, Array<{ e: Entry; rank: number }>>();

	add(e: Entry, rank: number): void {
		if (!e.groups.length) {
			this.everyone.push({ e, rank });
			return;
		}
		for (const g of e.groups) {
			const list = this.byGroup.get(g);
			if (list) list.push({ e, rank });
			else this.byGroup.set(g, [{ e, rank }]);
		}
	}

	/** The group's entries in sort order: a merge of two sorted lists. */
	*entriesFor(group: string): Generator<Entry> {
		const a = this.everyone;
		const b = this.byGroup.get(group) ?? [];
		let i = 0;
		let j = 0;
		while (i < a.length || j < b.length) {
			if (j >= b.length || (i < a.length && a[i].rank < b[j].rank)) yield a[i++].e;
			else yield b[j++].e;
		}
	}
}

function viewOf(e: Entry): EntryView {
	return { title: e.title, body: e.body, link: e.link, author: e.author };
}

function carry(map: Map<string, CarriedEntry>, e: Entry, group: string, date: Day): void {
	const c = map.get(e.id);
	if (c) c.groups.push(group);
	else map.set(e.id, { entry: e, groups: [group], carriedOver: e.carriedOver + 1, carriedFrom: date });
}

/** Every group some entry is addressed to, in order of first mention. */
function groupsNamedIn(entries: Entry[]): DigestGroup[] {
	const seen = new Set<string>();
	for (const e of entries) for (const g of e.groups) seen.add(g);
	return [...seen].map((id) => ({ id }));
}

function calendarAsEntry(p: KnowledgePoint): Entry {
	return {
		id: `calendar:${pointKey(p)}`,
		type: 'knowledge',
		title: p.title,
		body: p.body?.trim() || undefined,
		link: p.link,
		author: p.author,
		groups: [],
		priority: CALENDAR_PRIORITY,
		carriedOver: 0,
		sourceItems: [],
		mergedIds: [],
	};
}

/** A submitted knowledge point that is the calendar's pick already: show it once. */
function duplicates(candidate: Entry, shown: Entry[], similarity: number): boolean {
	const link = candidate.link ? normaliseLink(candidate.link) : undefined;
	const tokens = titleTokens(normaliseTitle(candidate.title));
	return shown.some(
		(e) =>
			(link && e.link && normaliseLink(e.link) === link) ||
			(similarity > 0 && dice(tokens, titleTokens(normaliseTitle(e.title))) >= similarity),
	);
}

function checkOptions(o: DigestOptions): void {
	if (!isTimeZone(o.timeZone))
		throw new DigestOptionsError('timeZone', `"${o.timeZone}" is not a time zone (use an IANA name like Asia/Shanghai)`);
	if (!isDay(o.date)) throw new DigestOptionsError('date', `"${o.date}" is not a date (use YYYY-MM-DD)`);
	if (!o.sections.length) throw new DigestOptionsError('sections', 'add at least one section');
	const dup = duplicateSectionType(o.sections);
	if (dup) throw new DigestOptionsError('sections', `the type "${dup}" has two sections; each type may appear once`);
	if (o.titleSimilarity > 1) throw new DigestOptionsError('titleSimilarity', 'must be between 0 and 1');
	const limit = byteLimitOf(o.format);
	if (o.maxBytes !== undefined && limit !== undefined && (o.maxBytes > limit || o.maxBytes < 256)) {
		throw new DigestOptionsError('maxBytes', `must be between 256 and ${limit} for ${o.format} (WeCom's limit)`);
	}
	if (o.calendar && !isDay(o.calendar.startDate))
		throw new DigestOptionsError('calendarStartDate', `"${o.calendar.startDate}" is not a date (use YYYY-MM-DD)`);
	if (o.groups && !o.groups.length) throw new DigestOptionsError('groups', 'list at least one group');
}
