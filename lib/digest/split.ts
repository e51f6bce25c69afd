import { utf8Bytes } from '../common/bytes';
import type { BlockRenderer, EntryView } from './render';
import { largestFitting, safePrefixes } from './shorten';

/** An entry as placed in one group's digest. */
export interface PlacedEntry {
	/** Its number in the section, for this group. */
	n: number;
	view: EntryView;
	/** The entry's id and the ids merged into it. */
	ids: string[];
	sourceItems: number[];
}

export interface PackSection {
	heading: string;
	entries: PlacedEntry[];
	more?: { text: string; url?: string; label: string };
}

export interface PackInput {
	renderer: BlockRenderer;
	title: string;
	sections: PackSection[];
	footer?: string;
	maxBytes: number;
	/** Appended to a section heading repeated at the top of the next message. */
	continued: string;
	/** Ends a shortened entry. */
	shortened: string;
}

export interface PackedMessage {
	content: string;
	bytes: number;
	entryIds: string[];
	sourceItems: number[];
	shortened: number;
}

/** The digest's limits cannot hold even one shortened entry: the title line or a heading is too long. */
export class DigestLimitError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DigestLimitError';
	}
}

interface Unit {
	section?: number;
	entry?: PlacedEntry;
	withHeading: boolean;
	withMore: boolean;
}

interface Part {
	texts: string[];
	bytes: number;
	section?: number;
	entryIds: string[];
	sourceItems: number[];
	shortened: number;
	hasContent: boolean;
}

/**
 * Packs a digest into messages of at most maxBytes UTF-8 bytes, splitting only between entries.
 * Several messages are numbered " (1/2)" in the title line, and the numbering is counted: the
 * packing reserves room for the widest number of that many digits and repacks if the count grows
 * a digit. A section that continues in the next message repeats its heading. An entry too large
 * for a message on its own is shortened to fit, ending with a marker.
 */
export function packMessages(input: PackInput): PackedMessage[] {
	const single = packWith(input, '');
	if (single.length === 1) return finish(input, single);
	for (let digits = 1; ; digits++) {
		const nines = '9'.repeat(digits);
		const parts = packWith(input, ` (${nines}/${nines})`);
		if (String(parts.length).length <= digits) return finish(input, parts);
	}
}

function finish(input: PackInput, parts: Part[]): PackedMessage[] {
	const { renderer: r, title } = input;
	return parts.map((p, i) => {
		const numbering = parts.length > 1 ? ` (${i + 1}/${parts.length})` : '';
		const content = [r.header(title, numbering), ...p.texts].join(r.sep);
		const bytes = utf8Bytes(content);
		// The packing guarantees this; a failure here is a bug, never a message WeCom refuses.
		if (bytes > input.maxBytes) throw new Error(`digest part ${i + 1} is ${bytes} bytes, over ${input.maxBytes}`);
		return { content, bytes, entryIds: p.entryIds, sourceItems: [...new Set(p.sourceItems)], shortened: p.shortened };
	});
}

function packWith(input: PackInput, reserve: string): Part[] {
	const { renderer: r, maxBytes, sections } = input;
	const sepBytes = utf8Bytes(r.sep);
	const headerBytes = utf8Bytes(r.header(input.title, reserve));
	const units: Unit[] = [];
	sections.forEach((s, si) =>
		s.entries.forEach((entry, j) =>
			units.push({ section: si, entry, withHeading: j === 0, withMore: j === s.entries.length - 1 && !!s.more }),
		),
	);
	if (input.footer) units.push({ withHeading: false, withMore: false });

	const parts: Part[] = [];
	const newPart = (): Part => {
		const p: Part = { texts: [], bytes: headerBytes, entryIds: [], sourceItems: [], shortened: 0, hasContent: false };
		parts.push(p);
		return p;
	};
	let cur = newPart();

	// The unit's texts in `part`; `entryText` replaces the full entry when shortened.
	const textsOf = (u: Unit, part: Part, entryText?: string): string[] => {
		if (u.section === undefined) return [r.footer(input.footer!)];
		const s = sections[u.section];
		const out: string[] = [];
		if (u.withHeading) out.push(r.heading(s.heading));
		else if (part.section !== u.section) out.push(r.heading(`${s.heading}${input.continued}`));
		out.push(entryText ?? r.entry(u.entry!.n, u.entry!.view));
		if (u.withMore) out.push(r.more(s.more!.text, s.more!.url, s.more!.label));
		return out;
	};
	const size = (texts: string[]) => texts.reduce((sum, t) => sum + sepBytes + utf8Bytes(t), 0);
	const add = (part: Part, u: Unit, texts: string[], shortened: boolean) => {
		part.texts.push(...texts);
		part.bytes += size(texts);
		part.hasContent = true;
		if (u.section !== undefined) {
			part.section = u.section;
			part.entryIds.push(...u.entry!.ids);
			part.sourceItems.push(...u.entry!.sourceItems);
		}
		if (shortened) part.shortened++;
	};

	for (const u of units) {
		let texts = textsOf(u, cur);
		if (cur.bytes + size(texts) <= maxBytes) {
			add(cur, u, texts, false);
			continue;
		}
		if (cur.hasContent) {
			cur = newPart();
			texts = textsOf(u, cur);
			if (cur.bytes + size(texts) <= maxBytes) {
				add(cur, u, texts, false);
				continue;
			}
		}
		if (u.section === undefined)
			throw new DigestLimitError(`The footer does not fit in a ${maxBytes}-byte message with the title line; shorten it.`);
		// Alone in its message and still too large: shorten the entry to the room left.
		const others = textsOf(u, cur, '');
		const room = maxBytes - cur.bytes - size(others);
		const fitted = fitEntry(r, u.entry!, room, input.shortened);
		if (fitted === undefined) {
			throw new DigestLimitError(
				`The title line and the heading "${sections[u.section].heading}" leave no room for an entry in a ${maxBytes}-byte message; shorten them.`,
			);
		}
		add(cur, u, textsOf(u, cur, fitted), true);
	}
	return parts;
}

/**
 * The entry rendered within `budget` bytes, shortened step by step: the body is
 * cut (between graphemes, never inside a link) and ends with the marker; then the author goes
 * and the title is cut; last the link is dropped whole, never cut.
 */
export function fitEntry(r: BlockRenderer, e: PlacedEntry, budget: number, marker: string): string | undefined {
	const fits = (v: EntryView) => utf8Bytes(r.entry(e.n, v)) <= budget;
	const render = (v: EntryView) => r.entry(e.n, v);
	const v = e.view;
	if (fits(v)) return render(v);
	if (v.body) {
		const body = safePrefixes(within(v.body, budget));
		const withBody = (k: number): EntryView => ({ ...v, body: `${body.prefix(k)}${marker}` });
		const k = largestFitting(body.count, (k) => fits(withBody(k)));
		if (k >= 0) return render(withBody(k));
	}
	for (const link of [v.link, undefined]) {
		const title = safePrefixes(within(v.title, budget));
		const withTitle = (k: number): EntryView => ({ title: k < title.count ? `${title.prefix(k)}…` : v.title, body: marker, link });
		const k = largestFitting(title.count, (k) => fits(withTitle(k)));
		if (k >= 0) return render(withTitle(k));
	}
	return undefined;
}

/**
 * The part of `text` a cut within `budget` bytes can reach: every UTF-16 unit is at least one
 * UTF-8 byte, so nothing past `budget` units can fit. Kept to the end of that line, so links
 * and tags (which never span lines) are seen whole. Keeps shortening linear in the budget.
 */
function within(text: string, budget: number): string {
	const reach = Math.max(0, budget) + 1;
	if (text.length <= reach) return text;
	const eol = text.indexOf('\n', reach);
	return text.slice(0, eol >= 0 && eol - reach < 8192 ? eol : reach + 8192);
}
