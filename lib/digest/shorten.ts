// Node ships full ICU; a small-ICU build without Segmenter still cuts between code points.
const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : undefined;

/**
 * Offsets (UTF-16) where text may be cut: between graphemes, so an emoji with a skin tone, a
 * family emoji joined by ZWJ or a flag is never split, let alone a surrogate pair.
 * V8's segmenter slows down more than linearly on long strings, so the text is segmented in
 * chunks cut where a grapheme boundary is certain: time stays linear in the text's length.
 */
export function graphemeBoundaries(text: string): number[] {
	const out: number[] = [];
	for (let start = 0; start < text.length;) {
		const end = chunkEnd(text, start);
		if (segmenter) for (const s of segmenter.segment(text.slice(start, end))) out.push(start + s.index);
		else for (let i = start; i < end; i += text.codePointAt(i)! > 0xffff ? 2 : 1) out.push(i);
		start = end;
	}
	out.push(text.length);
	return out;
}

const CHUNK = 1024;
/** Characters of grapheme break class "Other" (or LF): a boundary between two of them is certain. */
const plain = (c: number) => c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0x4e00 && c <= 0x9fff);
/** Combining marks, variation selectors, ZWJ, emoji modifiers and tags attach to what precedes. */
const attaches = (c: number) =>
	(c >= 0x0300 && c <= 0x036f) ||
	c === 0x200d ||
	(c >= 0xfe00 && c <= 0xfe0f) ||
	(c >= 0xdc00 && c <= 0xdfff) ||
	(c >= 0x1ab0 && c <= 0x1aff) ||
	(c >= 0x20d0 && c <= 0x20ff);

/** Where the chunk starting at `start` ends: at a certain boundary at or after start + CHUNK. */
function chunkEnd(text: string, start: number): number {
	const from = start + CHUNK;
	if (from >= text.length) return text.length;
	const limit = Math.min(text.length, from + 4 * CHUNK);
	for (let i = from; i < limit; i++) if (plain(text.charCodeAt(i - 1)) && plain(text.charCodeAt(i))) return i;
	// No plain pair nearby (a long run of emoji or another script): cut before a character that
	// starts a grapheme in all but exotic cases, never inside a surrogate pair or a ZWJ sequence.
	for (let i = from; i < limit; i++) {
		const prev = text.charCodeAt(i - 1);
		const c = text.charCodeAt(i);
		const next = text.codePointAt(i)!;
		const prevPoint = text.codePointAt(i - 2 >= 0 && prev >= 0xdc00 && prev <= 0xdfff ? i - 2 : i - 1)!;
		const regional = (p: number) => p >= 0x1f1e6 && p <= 0x1f1ff;
		if (
			!attaches(c) &&
			prev !== 0x200d &&
			!(next >= 0x1f3fb && next <= 0x1f3ff) &&
			!(next >= 0xe0020 && next <= 0xe007f) &&
			!regional(next) &&
			!regional(prevPoint)
		)
			return i;
	}
	return limit;
}

/** Markdown links, HTML tags and bare URLs: cutting inside one breaks the message. */
const UNCUTTABLE = /!?\[[^\]\n]*\]\([^)\s]*\)|<[^<>\n]+>|https?:\/\/[^\s<>()[\]"']+/g;

export function uncuttableSpans(text: string): Array<[number, number]> {
	const spans: Array<[number, number]> = [];
	for (const m of text.matchAll(UNCUTTABLE)) spans.push([m.index!, m.index! + m[0].length]);
	return spans;
}

/**
 * Prepares the cuts of `text` so that `prefix(k)` returns the longest safe prefix using at most
 * k graphemes: a cut that would land inside a link or URL moves to before it.
 */
export function safePrefixes(text: string): { count: number; prefix(k: number): string } {
	const bounds = graphemeBoundaries(text);
	const spans = uncuttableSpans(text);
	return {
		count: bounds.length - 1,
		prefix(k: number) {
			let cut = bounds[Math.max(0, Math.min(k, bounds.length - 1))];
			for (const [start, end] of spans) if (start < cut && cut < end) cut = start;
			return text.slice(0, cut).trimEnd();
		},
	};
}

/**
 * The largest k in [0, count] for which `fits(k)` holds, assuming fits is monotone (more text,
 * more bytes). -1 if even k = 0 does not fit.
 */
export function largestFitting(count: number, fits: (k: number) => boolean): number {
	if (!fits(0)) return -1;
	let lo = 0;
	let hi = count;
	while (lo < hi) {
		const mid = Math.ceil((lo + hi) / 2);
		if (fits(mid)) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}
