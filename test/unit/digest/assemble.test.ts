import { DigestOptionsError, assembleDigests } from '../../../lib/digest/assemble';
import { knowledgeCalendarSchema } from '../../../lib/digest/calendar';
import { defaultSections } from '../../../lib/digest/sections';
import calendar from '../../fixtures/digest/calendar.json';
import { bytes, entries, fixtureEntries, options } from './helpers';

const points = knowledgeCalendarSchema.parse(calendar);
const byGroup = (r: ReturnType<typeof assembleDigests>, g: string) => r.digests.find((d) => d.group === g)!;
const text = (r: ReturnType<typeof assembleDigests>, g: string) =>
	byGroup(r, g)
		.messages.map((m) => m.content)
		.join('\n');

describe('assembleDigests on a real morning', () => {
	const r = assembleDigests(fixtureEntries(), options({ calendar: { points, order: 'inOrder', startDate: '2025-03-03' } }));

	it('builds one digest per group with a stable key (group + date)', () => {
		expect(r.digests.map((d) => d.key)).toEqual(['digest:2025-03-03:martech-6', 'digest:2025-03-03:saas-2']);
		expect(byGroup(r, 'martech-6').title).toBe('营销早报 · 2025-03-03 周一');
		expect(assembleDigests(fixtureEntries(), options({ calendar: { points, order: 'inOrder', startDate: '2025-03-03' } }))).toEqual(r);
	});

	it('puts sections in the configured order, with their headings', () => {
		const t = text(r, 'martech-6');
		const order = ['📚 今日知识点', '📅 活动预告', '🎉 客户喜报', '💼 招聘', '🙋 求职', '🤝 找供应商', '📌 其他'].map((h) =>
			t.indexOf(`### ${h}`),
		);
		expect(order.every((at) => at > 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		const reversed = assembleDigests(fixtureEntries(), options({ sections: [...defaultSections('zh')].reverse() }));
		const t2 = text(reversed, 'martech-6');
		expect(t2.indexOf('### 📌 其他')).toBeLessThan(t2.indexOf('### 📅 活动预告'));
	});

	it('addresses targeted entries only to their groups', () => {
		expect(text(r, 'martech-6')).toContain('私域线索培育实操');
		expect(text(r, 'saas-2')).not.toContain('私域线索培育实操');
		expect(text(r, 'saas-2')).toContain('SDR 销售开发代表');
		expect(byGroup(r, 'saas-2').entryIds).not.toContain('ev-2');
	});

	it('merges the forwarded summit announcement into one entry', () => {
		const t = text(r, 'martech-6');
		expect(t.match(/MarTech ?增长峰会/g)).toHaveLength(1);
		expect(byGroup(r, 'martech-6').entryIds).toEqual(expect.arrayContaining(['ev-1', 'ev-3']));
		expect(r.report.merged).toBe(1);
	});

	it('leaves entries dated after the day for their day, and counts custom types in the "*" section', () => {
		expect(r.report.notYetDue).toEqual(['sr-2']);
		expect(text(r, 'martech-6')).not.toContain('短视频代运营');
		expect(text(r, 'martech-6')).toContain('群规提醒');
	});

	it("adds the knowledge calendar's point for the day", () => {
		expect(byGroup(r, 'martech-6').knowledge).toEqual({ id: 'k-aida', title: points[0].title, index: 0, round: 0 });
		expect(text(r, 'saas-2')).toContain('AIDA 模型');
		const next = assembleDigests(
			fixtureEntries(),
			options({ date: '2025-03-04', calendar: { points, order: 'inOrder', startDate: '2025-03-03' } }),
		);
		expect(byGroup(next, 'martech-6').knowledge!.id).toBe('k-mql');
		expect(text(next, 'martech-6')).toContain('[MQL 与 SQL 的区别](https://example.com/kb/mql-sql)');
	});
});

describe('caps and overflow', () => {
	const jobs = (n: number, extra: Record<string, unknown> = {}) =>
		Array.from({ length: n }, (_, i) => ({ id: `j${i}`, type: 'jobPost', title: `招聘岗位 ${i} 号`, date: '2025-03-02', ...extra }));
	const sections = (overflow: 'carry' | 'more', moreUrl?: string) => [{ type: 'jobPost', heading: '💼 招聘', cap: 3, overflow, moreUrl }];

	it('shows the highest priority, then the oldest, up to the cap', () => {
		const list = [
			...jobs(4),
			{ id: 'old', type: 'jobPost', title: '老需求', date: '2025-02-27' },
			{ id: 'vip', type: 'jobPost', title: '置顶', priority: 9, date: '2025-03-03' },
		];
		const r = assembleDigests(entries(list), options({ sections: sections('carry') }));
		expect(byGroup(r, 'saas-2').entryIds).toEqual(['vip', 'old', 'j0']);
		expect(text(r, 'saas-2')).toMatch(/1\. \*\*置顶\*\*[\s\S]*2\. \*\*老需求\*\*[\s\S]*3\. \*\*招聘岗位 0 号\*\*/);
	});

	it('carries the overflow to tomorrow, for the groups it missed only', () => {
		const list = [...jobs(4), { id: 'only6', type: 'jobPost', title: '只发 6 群', groups: ['martech-6'], date: '2025-03-02' }];
		const r = assembleDigests(entries(list), options({ sections: sections('carry') }));
		expect(byGroup(r, 'martech-6').entryIds).toEqual(['j0', 'j1', 'j2']);
		const carried = Object.fromEntries(r.carried.map((c) => [c.entry.id, c]));
		expect(Object.keys(carried).sort()).toEqual(['j3', 'only6']);
		// j3 was for every group and missed them all: it stays for every group.
		expect(carried.j3).toMatchObject({ groups: [], carriedOver: 1, carriedFrom: '2025-03-03' });
		expect(carried.only6.groups).toEqual(['martech-6']);
		// Shown in one group but over the cap in the other: it comes back for that one only.
		const mixed = assembleDigests(
			entries([...jobs(3, { groups: ['martech-6'] }), { id: 'all', type: 'jobPost', title: '全员可见', date: '2025-03-02' }]),
			options({ sections: sections('carry') }),
		);
		expect(mixed.carried.map((c) => [c.entry.id, c.groups])).toEqual([['all', ['martech-6']]]);
		expect(byGroup(mixed, 'saas-2').entryIds).toEqual(['all']);
		expect(byGroup(r, 'martech-6').sections[0]).toMatchObject({ shown: 3, carried: 2, more: 0 });
	});

	it('carried entries come back first the next day (they are older)', () => {
		const today = assembleDigests(entries(jobs(5)), options({ sections: sections('carry') }));
		const stored = today.carried.map((c) => ({
			id: c.entry.id,
			type: c.entry.type,
			title: c.entry.title,
			date: c.entry.date,
			groups: c.groups,
			carriedOver: c.carriedOver,
		}));
		const fresh = [{ id: 'new', type: 'jobPost', title: '今天的新需求', date: '2025-03-04' }];
		const tomorrow = assembleDigests(entries([...fresh, ...stored]), options({ date: '2025-03-04', sections: sections('carry') }));
		expect(byGroup(tomorrow, 'saas-2').entryIds).toEqual(['j3', 'j4', 'new']);
	});

	it('links the overflow as "more" instead, with the count', () => {
		const r = assembleDigests(entries(jobs(7)), options({ sections: sections('more', 'https://example.com/jobs') }));
		expect(r.carried).toEqual([]);
		expect(text(r, 'saas-2')).toContain('<font color="comment">…还有 4 条</font> [查看全部](https://example.com/jobs)');
		expect(byGroup(r, 'saas-2').moreEntryIds).toEqual(['j3', 'j4', 'j5', 'j6']);
		const plain = assembleDigests(entries(jobs(7)), options({ format: 'text', language: 'en', sections: sections('more') }));
		expect(text(plain, 'saas-2')).toContain('…and 4 more');
	});

	it('cap 0 means no cap', () => {
		const r = assembleDigests(entries(jobs(30)), options({ sections: [{ type: 'jobPost', heading: 'H', cap: 0, overflow: 'carry' }] }));
		expect(byGroup(r, 'saas-2').entryIds).toHaveLength(30);
	});

	it("a submitted knowledge point takes the calendar's place when the cap is reached", () => {
		const list = [{ type: 'knowledge', title: '今天专门讲：ABM 账户制营销' }];
		const r = assembleDigests(entries(list), options({ calendar: { points, order: 'inOrder', startDate: '2025-03-03' } }));
		expect(text(r, 'saas-2')).toContain('ABM 账户制营销');
		expect(text(r, 'saas-2')).not.toContain('AIDA');
		expect(byGroup(r, 'saas-2').knowledge).toBeUndefined();
	});
});

describe('days, groups and formats', () => {
	it('drops entries older than the max age and reports them', () => {
		const list = [
			{ id: 'stale', type: 'jobPost', title: '旧的招聘', date: '2025-02-20' },
			{ id: 'ok', type: 'jobPost', title: '新的招聘', date: '2025-02-28T23:30:00+08:00' },
		];
		const r = assembleDigests(entries(list), options({ maxAgeDays: 3 }));
		expect(r.report.expired).toEqual(['stale']);
		expect(byGroup(r, 'saas-2').entryIds).toEqual(['ok']);
	});

	it('decides "which day" in the time zone: 00:30 in Shanghai is already the next day', () => {
		const list = [{ id: 'late', type: 'event', title: '晚上提交的活动', date: '2025-03-03T16:30:00Z' }];
		expect(assembleDigests(entries(list), options({ date: '2025-03-03' })).report.notYetDue).toEqual(['late']);
		expect(
			assembleDigests(entries(list, 'America/New_York'), options({ date: '2025-03-03', timeZone: 'America/New_York' })).report.notYetDue,
		).toEqual([]);
	});

	it('derives the groups from the entries when no list is given', () => {
		const list = [
			{ type: 'event', title: '全员活动' },
			{ type: 'event', title: '只给 A', groups: ['A'] },
			{ type: 'jobPost', title: '给 B 和 C', groups: ['B', 'C'] },
		];
		const r = assembleDigests(entries(list), options({ groups: undefined }));
		expect(r.digests.map((d) => d.group)).toEqual(['A', 'B', 'C']);
		expect(text(r, 'C')).toContain('全员活动');
		expect(text(r, 'C')).not.toContain('只给 A');
	});

	it('reports entries addressed only to unknown groups, and builds nothing for an empty group', () => {
		const list = [{ id: 'x', type: 'event', title: '给别的群', groups: ['other'] }];
		const r = assembleDigests(entries(list), options());
		expect(r.report.unknownGroup).toEqual(['x']);
		expect(r.digests).toEqual([]);
		expect(r.report.emptyGroups).toEqual(['martech-6', 'saas-2']);
	});

	it('renders markdown_v2, text and HTML', () => {
		const v2 = text(assembleDigests(fixtureEntries(), options({ format: 'markdown_v2' })), 'martech-6');
		expect(v2).toContain('*— 张三*');
		expect(v2).not.toContain('<font');
		const t = text(assembleDigests(fixtureEntries(), options({ format: 'text', titleLine: '{group} 早报 {date}' })), 'martech-6');
		expect(t.split('\n')[0]).toBe('MarTech 6群 早报 2025-03-03');
		expect(t).toContain('【💼 招聘】');
		expect(t).toContain('https://example.com/live/0305');
		const html = assembleDigests(
			entries([{ type: 'event', title: '<b>峰会</b> & 论坛', link: 'https://example.com/a?x=1&y=2' }]),
			options({ format: 'html', footer: '退订请回复 TD' }),
		);
		const doc = byGroup(html, 'saas-2').messages[0].content;
		expect(doc).toContain('<a href="https://example.com/a?x=1&amp;y=2">&lt;b&gt;峰会&lt;/b&gt; &amp; 论坛</a>');
		expect(doc).toContain('退订请回复 TD');
		expect(byGroup(html, 'saas-2').messages).toHaveLength(1);
	});

	it('splits a big day within the limit, numbered, for text (2048) and markdown (4096)', () => {
		const list = Array.from({ length: 80 }, (_, i) => ({
			type: i % 2 ? 'jobPost' : 'supplierRequest',
			title: `需求 ${i}：寻找靠谱的 B2B 内容营销伙伴 🤝`,
			body: '预算充足，长期合作，欢迎私聊详谈。'.repeat(3),
			author: `会员${i}`,
		}));
		const sections = defaultSections('zh').map((s) => ({ ...s, cap: 0 }));
		for (const [format, limit] of [
			['text', 2048],
			['markdown', 4096],
		] as const) {
			const d = byGroup(assembleDigests(entries(list), options({ format, sections })), 'saas-2');
			expect(d.messages.length).toBeGreaterThan(2);
			for (const m of d.messages) {
				expect(bytes(m.content)).toBeLessThanOrEqual(limit);
				expect(m.content).toContain(`(${m.part}/${d.messages.length})`);
			}
			expect(d.messages.flatMap((m) => m.entryIds)).toEqual(d.entryIds);
		}
	});

	it('rejects bad options by name', () => {
		expect(() => assembleDigests([], options({ timeZone: 'Mars/Olympus' }))).toThrow(DigestOptionsError);
		expect(() => assembleDigests([], options({ date: '2025-02-30' }))).toThrow(/date/);
		expect(() => assembleDigests([], options({ format: 'text', maxBytes: 4096 }))).toThrow(/maxBytes: must be between 256 and 2048/);
		expect(() =>
			assembleDigests([], options({ sections: [...defaultSections(), { type: 'job_post', heading: 'x', cap: 1, overflow: 'carry' }] })),
		).toThrow(/two sections/);
	});
});
