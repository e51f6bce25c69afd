// Node ships full ICU; a small-ICU build without Segmenter still cuts between code points.
const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : undefined;

/**
 * Offsets (UTF-16) where text may be cut: between graphemes, so an emoji with a skin tone, a
 * family emoji joined by ZWJ or a flag is never split, let alone a surrogate pair.
 */
export function graphemeBoundaries(text: string): number[] {
	const out: number[] = [];
	if (segmenter) for (const s of segmenter.segment(text)) out.push(s.index);
	else for (let i = 0; i < text.length; i += text.codePointAt(i)! > 0xffff ? 2 : 1) out.push(i);
	out.push(text.length);
	return out;
}

/** Markdown links, HTML tags and bare URLs: cutting inside one breaks the message. */
const UNCUTTABLE = /!?\[[^\]\n]*\]\([^)\s]*\)|<[^<>\n]+>|https?:\/\/[^\s<>()\[\]"']+/g;

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
