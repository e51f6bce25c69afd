/** UTF-8 byte helpers: WeCom limits are in bytes, and Chinese text is 3 bytes a character. */

export function utf8Bytes(s: string): number {
	return Buffer.byteLength(s, 'utf8');
}

/** The longest prefix of `s` within `maxBytes`, never cutting a character (or surrogate pair). */
export function truncateToBytes(s: string, maxBytes: number): string {
	if (utf8Bytes(s) <= maxBytes) return s;
	let bytes = 0;
	let out = '';
	for (const ch of s) {
		const b = utf8Bytes(ch);
		if (bytes + b > maxBytes) break;
		bytes += b;
		out += ch;
	}
	return out;
}

/**
 * Splits text into chunks of at most `maxBytes`, on line boundaries. A single line longer than
 * the limit is split between characters (never inside one).
 */
export function splitByBytes(text: string, maxBytes: number): string[] {
	if (maxBytes < 4) throw new Error('maxBytes must be at least 4');
	const chunks: string[] = [];
	let current = '';
	const push = () => {
		if (current.length) chunks.push(current);
		current = '';
	};
	for (const line of text.split('\n')) {
		const candidate = current.length ? `${current}\n${line}` : line;
		if (utf8Bytes(candidate) <= maxBytes) {
			current = candidate;
			continue;
		}
		push();
		let rest = line;
		while (utf8Bytes(rest) > maxBytes) {
			const head = truncateToBytes(rest, maxBytes);
			chunks.push(head);
			rest = rest.slice(head.length);
		}
		current = rest;
	}
	push();
	return chunks.length ? chunks : [''];
}
