/**
 * Digest splitting benchmark: the time to fit one very long entry (body of 25k to 400k
 * characters, mixed Chinese, emoji, links and markdown-looking text) into 4096-byte robot
 * messages. The time should grow linearly with the size. Run after the build:
 * node dist/benchmarks/digestSplit.js
 */
import { performance } from 'perf_hooks';
import { assembleDigests } from '../lib/digest/assemble';
import { entrySchema, toEntry } from '../lib/digest/entry';
import { defaultSections } from '../lib/digest/sections';

const SIZES = [25_000, 50_000, 100_000, 200_000, 400_000];
const PIECES = [
	'私域运营',
	'MarTech 增长 ',
	'🚀',
	'👩‍💻',
	' https://example.com/a?b=1 ',
	'[链接',
	'<内容',
	'**加粗',
	'\n',
	'# 标题 ',
	'<@zhangsan> ',
];

function body(chars: number): string {
	let s = '';
	for (let i = 0; s.length < chars; i++) s += PIECES[(i * 7) % PIECES.length];
	return s.slice(0, chars);
}

export async function main(): Promise<void> {
	console.log(`Digest splitting: one entry with a long body into 4096-byte markdown messages (Node ${process.version})`);
	let previous: number | undefined;
	for (const size of SIZES) {
		const raw = [{ id: 'long', type: 'knowledge', title: '长文', body: body(size), link: 'https://example.com/long' }];
		const entries = raw.map((r, i) => toEntry(entrySchema('Asia/Shanghai').parse(r), i));
		const t0 = performance.now();
		const result = assembleDigests(entries, {
			date: '2025-03-03',
			timeZone: 'Asia/Shanghai',
			groups: [{ id: 'g1' }],
			sections: defaultSections('zh'),
			format: 'markdown',
			language: 'zh',
			titleSimilarity: 0.85,
			maxAgeDays: 0,
		});
		const ms = performance.now() - t0;
		const messages = result.digests.reduce((n, d) => n + d.messages.length, 0);
		const ratio = previous ? ` (×${(ms / previous).toFixed(1)} for ×2 size)` : '';
		console.log(`  body ${String(size).padStart(7)} chars: ${ms.toFixed(0).padStart(6)} ms, ${messages} message(s)${ratio}`);
		previous = ms;
	}
}

if (require.main === module) void main();
