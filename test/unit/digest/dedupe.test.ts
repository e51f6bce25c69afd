import { dedupeEntries, dice, normaliseLink, normaliseTitle, titleTokens } from '../../../lib/digest/dedupe';
import type { Entry } from '../../../lib/digest/entry';
import { typeKey } from '../../../lib/digest/entry';
import { entries } from './helpers';

const run = (list: Array<Record<string, unknown>>, titleSimilarity = 0.85) => dedupeEntries(entries(list), { titleSimilarity });

describe('normalising', () => {
	it('treats share and tracking variants of a link as one page', () => {
		const a = normaliseLink('https://www.Example.com/events/summit/?utm_source=wecom&b=2&a=1#top');
		expect(normaliseLink('http://example.com/events/summit?a=1&b=2')).toBe(a);
		expect(normaliseLink('https://mp.weixin.qq.com/s?__biz=Mz&mid=1&idx=1&sn=ab&chksm=zz&scene=21')).toBe(
			normaliseLink('https://mp.weixin.qq.com/s?__biz=Mz&mid=1&idx=1&sn=ab'),
		);
		expect(normaliseLink('https://example.com/events/other')).not.toBe(a);
	});

	it('folds width, case, punctuation, spaces and emoji out of titles', () => {
		expect(normaliseTitle('【招聘】市场经理（上海）🎉')).toBe(normaliseTitle('招聘：市场经理 上海'));
		expect(normaliseTitle('ＭａｒＴｅｃｈ Summit!')).toBe('martechsummit');
	});
});

describe('dedupeEntries', () => {
	it('merges the same link across types, keeping the first by priority and age', () => {
		const r = run([
			{ id: 'a', type: 'goodNews', title: '客户案例：某车企', link: 'https://example.com/case/1?utm_medium=x', date: '2025-03-02' },
			{
				id: 'b',
				type: 'event',
				title: '完全不同的标题',
				link: 'https://example.com/case/1',
				date: '2025-03-01',
				priority: 2,
				groups: ['g1'],
			},
		]);
		expect(r.merged).toBe(1);
		expect(r.entries).toHaveLength(1);
		expect(r.entries[0]).toMatchObject({ id: 'b', mergedIds: ['a'], sourceItems: [1, 0], groups: [], priority: 2 });
	});

	it('merges near-same titles of one type and takes the longer body and missing fields', () => {
		const r = run([
			{ id: 'a', type: 'event', title: '3月8日 MarTech 增长峰会（上海）报名开启 🎉', body: '短' },
			{
				id: 'b',
				type: 'Event',
				title: '3月8日MarTech增长峰会(上海)报名开启啦',
				body: '更长的一段介绍文字',
				author: '活动组',
				link: 'https://example.com/s',
			},
		]);
		expect(r.entries).toHaveLength(1);
		expect(r.entries[0]).toMatchObject({
			id: 'a',
			body: '更长的一段介绍文字',
			author: '活动组',
			link: 'https://example.com/s',
			mergedIds: ['b'],
		});
	});

	it('keeps apart similar titles with different links or authors, of different types, or below the threshold', () => {
		expect(
			run([
				{ type: 'jobPost', title: '招聘销售', link: 'https://a.example.com/1' },
				{ type: 'jobPost', title: '招聘销售', link: 'https://b.example.com/2' },
			]).entries,
		).toHaveLength(2);
		expect(
			run([
				{ type: 'jobPost', title: '产品经理 上海' },
				{ type: 'jobSeeker', title: '产品经理 上海' },
			]).entries,
		).toHaveLength(2);
		expect(
			run([
				{ type: 'jobPost', title: '招聘销售 2 名', author: '张三' },
				{ type: 'jobPost', title: '招聘销售 2 名！', author: '李四' },
			]).entries,
		).toHaveLength(2);
		expect(
			run([
				{ type: 'jobPost', title: '招聘销售 2 名', author: '张三' },
				{ type: 'jobPost', title: '招聘销售 2 名！', author: '张三' },
			]).entries,
		).toHaveLength(1);
		expect(
			run([
				{ type: 'event', title: '3月5日 私域直播' },
				{ type: 'event', title: '3月12日 私域直播' },
			]).entries,
		).toHaveLength(2);
		expect(
			run(
				[
					{ type: 'event', title: '3月5日 私域直播' },
					{ type: 'event', title: '3月5日 私域直播!' },
				],
				0,
			).entries,
		).toHaveLength(2);
	});

	it('unions the target groups, and "every group" wins', () => {
		const targeted = run([
			{ type: 'event', title: '直播', groups: ['g1'] },
			{ type: 'event', title: '直播', groups: ['g2', 'g1'] },
		]);
		expect(targeted.entries[0].groups).toEqual(['g1', 'g2']);
		expect(
			run([
				{ type: 'event', title: '直播', groups: ['g1'] },
				{ type: 'event', title: '直播' },
			]).entries[0].groups,
		).toEqual([]);
	});

	it('finds exactly the pairs a brute-force comparison finds (prefix filter loses nothing)', () => {
		const words = ['招聘', '市场', '经理', '上海', '北京', '销售', '峰会', '直播', 'SaaS', '增长', '线索', '内容', '运营', '活动', '报名'];
		let seed = 7;
		const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		const pick = () => words[Math.floor(rand() * words.length)];
		const list = Array.from({ length: 600 }, (_, i) => ({
			id: `e${i}`,
			type: rand() < 0.5 ? 'jobPost' : 'event',
			title: Array.from({ length: 2 + Math.floor(rand() * 4) }, pick).join(rand() < 0.5 ? ' ' : ''),
		}));
		for (const t of [0.6, 0.85, 1]) {
			const fast = dedupeEntries(entries(list), { titleSimilarity: t });
			expect(fast.entries.map((e) => e.id)).toEqual(bruteForce(entries(list), t));
			expect(fast.merged).toBeGreaterThan(0);
		}
	});

	it('computes Dice on bigrams', () => {
		expect(dice(titleTokens('abcd'), titleTokens('abcd'))).toBe(1);
		expect(dice(titleTokens('abcd'), titleTokens('abce'))).toBeCloseTo(4 / 6);
		expect(dice(titleTokens('ab'), titleTokens('xy'))).toBe(0);
	});
});

/** The survivors' ids by the rule stated plainly, comparing every pair. */
function bruteForce(list: Entry[], t: number): string[] {
	const kept: Array<{ e: Entry; tokens: string[] }> = [];
	for (const e of list) {
		const tokens = titleTokens(normaliseTitle(e.title));
		const dup = kept.find((k) => typeKey(k.e.type) === typeKey(e.type) && dice(tokens, k.tokens) >= t);
		if (!dup) kept.push({ e, tokens });
	}
	return kept.map((k) => k.e.id);
}
