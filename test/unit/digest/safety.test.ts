import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { escapeMarkdown } from '../../../lib/digest/render';
import { Digest } from '../../../nodes/Digest/Digest.node';
import fixture from '../../fixtures/digest/entries.json';
import { runNode } from '../../helpers/runNode';

const node = new Digest();
const base: IDataObject = { date: '2025-03-03', groups: 'martech-6 | MarTech 6群' };
const run = (items: IDataObject[], parameters: IDataObject = {}) => runNode(node, { parameters: { ...base, ...parameters }, items });
const contents = (out: INodeExecutionData[][]) => out[0].map((i) => String(i.json.content)).join('\n');
const good = fixture as IDataObject[];

describe('Digest: entry text never speaks markdown', () => {
	const hostile = {
		id: 'bad-1',
		type: 'event',
		title: '限时 <@zhangsan> <@all>\n# 紧急通知 **立即** [点我](https://evil.example/x) `code` <font color="warning">红</font>',
		body: '## 公司公告\n> 引用\n| a | b |\n- 列表\n1. 编号\n请访问 [官网](https://evil.example/login) 或 <@lisi>',
		author: '管理员\n### 假标题',
	};

	it.each(['markdown', 'markdown_v2'])('escapes mentions, headings, links, bold, code and tags in %s', async (format) => {
		const out = await run([...good.slice(0, 3), hostile], { format });
		const text = contents(out);
		expect(text).not.toMatch(/<@\w+>/);
		expect(text).not.toContain('](https://evil.example');
		expect(text).not.toContain('<font color="warning">');
		expect(text).not.toContain('**立即**');
		// Headings only come from the report's own sections.
		const headings = text.split('\n').filter((l) => /^\s*#/.test(l) || /^>\s*#/.test(l));
		expect(headings.every((l) => /^### /.test(l) && !/紧急|公司公告|假标题/.test(l))).toBe(true);
		// The words are still there, readable.
		expect(text).toContain('紧急通知');
		expect(text).toContain('公司公告');
	});

	it.each([
		['mention', '<@zhangsan>'],
		['heading', '# 标题'],
		['link', '[x](https://evil.example)'],
		['bold', '**x**'],
		['code', '`x`'],
		['quote', '> x'],
		['table', '| a |'],
		['font tag', '<font color="info">x</font>'],
	])('escapeMarkdown neutralises a %s', (_what, text) => {
		expect(escapeMarkdown(text)).not.toMatch(/[<>[\]*`|#]/);
	});

	it('keeps allowed bare links tappable and defuses ambiguous ones', () => {
		expect(escapeMarkdown('见 https://example.com/a_b?x=1 谢谢')).toBe('见 https://example.com/a_b?x=1 谢谢');
		expect(escapeMarkdown('见 https://example.com@evil.example/ 谢谢')).not.toContain('https://');
	});
});

describe('Digest: caps and bad entries', () => {
	it('refuses an absurd priority instead of letting it push everyone else to tomorrow', async () => {
		const out = await run([...good, { id: 'pushy', type: 'event', title: '插队', priority: 1e308 }]);
		expect(contents(out)).not.toContain('插队');
		expect(out[0][0].json.report).toMatchObject({
			skipped: [expect.objectContaining({ id: 'pushy', error: expect.stringContaining('priority: must be between -100 and 100') })],
		});
	});

	it.each([
		['an over-long title', { title: '长'.repeat(301) }, 'title: is longer than 300 characters'],
		['an over-long body', { body: '文'.repeat(20_001) }, 'body: is longer than 20000 characters'],
		['an over-long author', { author: '名'.repeat(101) }, 'author: is longer than 100 characters'],
		['a link with user info', { link: 'https://example.com@evil.example/' }, 'link: must not contain a user name or password'],
		['a javascript: link', { link: 'javascript:alert(1)' }, 'link: must be a URL starting with http:// or https://'],
		[
			'a link with a backslash',
			{ link: 'https://evil.example\\@example.com/' },
			'link: contains spaces, control characters or backslashes',
		],
	])('skips %s and reports it; the day goes out', async (_what, extra, message) => {
		const out = await run([...good, { id: 'odd', type: 'event', title: '问题条目', ...extra }]);
		expect(out[0].length).toBeGreaterThan(0);
		expect(contents(out)).toContain('MarTech');
		const report = out[0][0].json.report as IDataObject;
		expect(report.skipped).toEqual([expect.objectContaining({ id: 'odd', error: expect.stringContaining(message) })]);
	});

	it('applies the allowed link hosts, and puts the parsed link in the message', async () => {
		const out = await run(
			[
				{ id: 'a', type: 'event', title: '允许', link: 'HTTPS://Example.com/a' },
				{ id: 'b', type: 'event', title: '不允许', link: 'https://other.example/' },
			],
			{ options: { allowedLinkHosts: 'example.com' } },
		);
		const text = contents(out);
		expect(text).toContain('(https://example.com/a)');
		expect(text).not.toContain('不允许');
		expect((out[0][0].json.report as IDataObject).skipped).toEqual([
			expect.objectContaining({ id: 'b', error: expect.stringContaining('not an allowed host') }),
		]);
	});

	it('names a bad allowed-host entry as a parameter error', async () => {
		await expect(run(good, { options: { allowedLinkHosts: 'example.com, bad/host' } })).rejects.toThrow('not a host: bad/host');
	});
});
