import { blockRenderer } from '../../../lib/digest/render';
import { graphemeBoundaries } from '../../../lib/digest/shorten';
import type { PackInput, PackSection, PlacedEntry } from '../../../lib/digest/split';
import { DigestLimitError, packMessages } from '../../../lib/digest/split';
import { bytes } from './helpers';

const MARKER = '…（内容过长，已截断）';
const place = (n: number, title: string, extra: Partial<PlacedEntry['view']> = {}, id = `e${n}`): PlacedEntry => ({
	n,
	view: { title, ...extra },
	ids: [id],
	sourceItems: [n],
});
const section = (heading: string, titles: string[]): PackSection => ({
	heading,
	entries: titles.map((t, i) => place(i + 1, t, {}, `${heading}-${i + 1}`)),
});
const input = (over: Partial<PackInput>): PackInput => ({
	renderer: blockRenderer('markdown'),
	title: '营销早报 · 2025-03-03 周一',
	sections: [],
	maxBytes: 4096,
	continued: '（续）',
	shortened: MARKER,
	...over,
});
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('packMessages: byte-exact splitting', () => {
	it('keeps one message without numbering when everything fits', () => {
		const parts = packMessages(input({ sections: [section('💼 招聘', ['招聘：市场经理', '招聘：SDR'])] }));
		expect(parts).toHaveLength(1);
		expect(parts[0].content.split('\n')[0]).toBe('**营销早报 · 2025-03-03 周一**');
		expect(parts[0].bytes).toBe(bytes(parts[0].content));
	});

	it('counts the "(1/2)" numbering toward the limit', () => {
		const r = blockRenderer('text');
		const titles = Array.from({ length: 8 }, (_, i) => `招聘岗位${i}号：内容营销经理🚀`);
		const sec = section('招聘', titles);
		const entryBytes = sec.entries.map((e) => bytes(r.sep) + bytes(r.entry(e.n, e.view)));
		// Exactly the heading and four entries without numbering; the numbering must push one out.
		const max = bytes(r.header('T', '')) + bytes(r.sep) + bytes(r.heading('招聘')) + entryBytes.slice(0, 4).reduce((a, b) => a + b, 0);
		const parts = packMessages(input({ renderer: r, title: 'T', sections: [sec], maxBytes: max }));
		expect(parts[0].entryIds).toHaveLength(3);
		expect(parts[0].content.startsWith(`T (1/${parts.length})\n`)).toBe(true);
		for (const p of parts) expect(p.bytes).toBeLessThanOrEqual(max);
	});

	it('splits Chinese and emoji entries only between entries, each part within the limit, in order', () => {
		let seed = 11;
		const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		const pieces = ['线索', '增长', '👩‍💻', '🇨🇳', '私域', 'SaaS', '👍🏽', '直播', '，', 'B2B'];
		const text = (n: number) => Array.from({ length: n }, () => pieces[Math.floor(rand() * pieces.length)]).join('');
		for (const format of ['markdown', 'markdown_v2', 'text'] as const) {
			for (const max of [300, 700, 2048]) {
				const sections: PackSection[] = ['📅 活动预告', '💼 招聘', '🤝 找供应商'].map((h, s) => ({
					heading: h,
					entries: Array.from({ length: 6 + s * 5 }, (_, i) =>
						place(
							i + 1,
							text(3 + (i % 5)),
							{ body: text(10 + Math.floor(rand() * 30)), link: `https://example.com/${s}/${i}`, author: text(2) },
							`${s}-${i}`,
						),
					),
				}));
				const parts = packMessages(input({ renderer: blockRenderer(format), sections, maxBytes: max, footer: '需求请私信群助手' }));
				const n = parts.length;
				expect(n).toBeGreaterThan(1);
				parts.forEach((p, i) => {
					expect(bytes(p.content)).toBeLessThanOrEqual(max);
					expect(p.content).toContain(`(${i + 1}/${n})`);
					expect(p.content).not.toMatch(LONE_SURROGATE);
				});
				// Every entry whole in exactly one part, in order; the shortened ones excepted.
				const order = parts.flatMap((p) => p.entryIds);
				expect(order).toEqual(sections.flatMap((s, si) => s.entries.map((e) => `${si}-${e.n - 1}`)));
				const r = blockRenderer(format);
				for (const s of sections) {
					for (const e of s.entries) {
						const rendered = r.entry(e.n, e.view);
						const holders = parts.filter((p) => p.content.includes(rendered));
						const shortened = parts.reduce((sum, p) => sum + p.shortened, 0);
						if (!shortened) expect(holders).toHaveLength(1);
					}
				}
				expect(parts[n - 1].content.endsWith(r.footer('需求请私信群助手'))).toBe(true);
			}
		}
	});

	it('numbers ten or more parts with the wider numbering still inside the limit', () => {
		const titles = Array.from({ length: 60 }, (_, i) => `第${i + 1}条需求：寻找华东地区的展会搭建供应商 🏗️`);
		const parts = packMessages(input({ sections: [section('🤝 找供应商', titles)], maxBytes: 300 }));
		expect(parts.length).toBeGreaterThanOrEqual(10);
		parts.forEach((p, i) => {
			expect(p.bytes).toBeLessThanOrEqual(300);
			expect(p.content.split('\n')[0]).toBe(`**营销早报 · 2025-03-03 周一 (${i + 1}/${parts.length})**`);
		});
	});

	it('repeats a section heading, marked as continued, in the next message', () => {
		const titles = Array.from({ length: 30 }, (_, i) => `招聘：岗位 ${i + 1}`);
		const parts = packMessages(input({ sections: [section('💼 招聘', titles), section('🙋 求职', ['求职：运营'])], maxBytes: 400 }));
		expect(parts[0].content).toContain('### 💼 招聘\n');
		expect(parts[1].content).toContain('### 💼 招聘（续）\n');
		// The "continued" heading is only for a section already begun.
		const last = parts[parts.length - 1].content;
		expect(last).toContain('### 🙋 求职');
		expect(last).not.toContain('### 🙋 求职（续）');
	});
});

describe('packMessages: an entry too large for one message', () => {
	const family = '👨‍👩‍👧‍👦';
	const longBody = Array.from({ length: 400 }, (_, i) => (i % 7 === 0 ? family : i % 5 === 0 ? '🇨🇳' : '私域线索培育')).join('');

	it('is shortened with a marker, never cut inside a character or an emoji sequence', () => {
		for (const max of [512, 1000, 2048, 4096]) {
			for (const format of ['markdown', 'markdown_v2', 'text'] as const) {
				const e = place(1, '一条很长的需求', { body: longBody, link: 'https://example.com/req/1' });
				const parts = packMessages(
					input({ renderer: blockRenderer(format), sections: [{ heading: '需求', entries: [e] }], maxBytes: max }),
				);
				expect(parts).toHaveLength(1);
				const p = parts[0];
				expect(p.bytes).toBeLessThanOrEqual(max);
				expect(p.shortened).toBe(1);
				expect(p.content).toContain(MARKER);
				expect(p.content).not.toMatch(LONE_SURROGATE);
				expect(p.content).toContain('https://example.com/req/1');
				// What is left of the body is a prefix of it ending on a grapheme boundary.
				const kept = p.content.slice(0, p.content.indexOf(MARKER)).split('\n').pop()!.replace(/^> /, '');
				expect(longBody.startsWith(kept)).toBe(true);
				expect(graphemeBoundaries(longBody)).toContain(kept.length);
				// It uses the room: within one long grapheme (a family emoji is 25 bytes) of the limit.
				expect(max - p.bytes).toBeLessThan(40);
			}
		}
	});

	it('never cuts a link or URL inside the body: it is kept whole or left out', () => {
		const url = 'https://example.com/events/martech-summit/register?utm_source=wecom&utm_campaign=2025-spring';
		const body = `${'活动介绍，'.repeat(60)}报名：[点此报名](${url}) 或复制 ${url} ，${'更多内容'.repeat(200)}`;
		for (let max = 300; max <= 1200; max += 7) {
			const parts = packMessages(input({ sections: [{ heading: '活动', entries: [place(1, '峰会', { body })] }], maxBytes: max }));
			const content = parts[0].content;
			expect(bytes(content)).toBeLessThanOrEqual(max);
			const starts = [...content.matchAll(/https:\/\//g)].map((m) => m.index!);
			for (const s of starts) expect(content.slice(s, s + url.length)).toBe(url);
			if (content.includes('[点此报名')) expect(content).toContain(`[点此报名](${url})`);
		}
	});

	it("shortens the title and then drops the entry's link whole when even that does not fit", () => {
		const link = `https://example.com/${'x'.repeat(180)}`;
		const e = place(1, '超长标题'.repeat(80), { link, body: '正文' });
		const [p] = packMessages(
			input({ renderer: blockRenderer('text'), title: 'T', sections: [{ heading: 'H', entries: [e] }], maxBytes: 300 }),
		);
		expect(p.bytes).toBeLessThanOrEqual(300);
		expect(p.content).toContain(link);
		expect(p.content).toMatch(/\n1\. 超长标题[^\n]*…\n/);
		const [q] = packMessages(
			input({
				renderer: blockRenderer('text'),
				title: 'T',
				sections: [{ heading: 'H', entries: [{ ...e, view: { ...e.view, link: `https://example.com/${'y'.repeat(400)}` } }] }],
				maxBytes: 300,
			}),
		);
		expect(q.bytes).toBeLessThanOrEqual(300);
		expect(q.content).not.toContain('https://');
		expect(q.content).toContain(MARKER);
	});

	it('fails clearly when the title line leaves no room at all', () => {
		expect(() => packMessages(input({ title: '长'.repeat(200), sections: [section('H', ['x'])], maxBytes: 300 }))).toThrow(
			DigestLimitError,
		);
	});
});
