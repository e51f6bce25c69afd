import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { todayIn } from '../../../lib/digest/dates';
import { fetchHttp } from '../../../lib/http/fetchHttp';
import { RobotSender } from '../../../lib/wecom/robot';
import { Digest } from '../../../nodes/Digest/Digest.node';
import calendar from '../../fixtures/digest/calendar.json';
import fixture from '../../fixtures/digest/entries.json';
import { runNode } from '../../helpers/runNode';
import { useSandbox } from '../../helpers/sandbox';
import { bytes } from './helpers';

const node = new Digest();
const base: IDataObject = { date: '2025-03-03', groups: 'martech-6 | MarTech 6群\nsaas-2', knowledgeCalendar: JSON.stringify(calendar) };
const run = (parameters: IDataObject, items: IDataObject[] = fixture as IDataObject[], continueOnFail = false) =>
	runNode(node, { parameters: { ...base, ...parameters }, items, continueOnFail });
const json = (items: INodeExecutionData[]) => items.map((i) => i.json);
const everyItemPaired = (outputs: INodeExecutionData[][], inputs: number) => {
	for (const item of outputs.flat()) {
		const pairs = ([] as Array<{ item: number }>).concat(item.pairedItem as { item: number });
		expect(pairs.length).toBeGreaterThan(0);
		for (const p of pairs) expect(p.item).toBeLessThan(inputs);
	}
};

describe('Digest node', () => {
	it('with "Only Entries Shown in Some Groups", returns only carried entries whose groups change', async () => {
		// Cap 1 job post: the oldest shows everywhere; jp-2 is missed by every group (no change to store).
		const sections = {
			section: [
				{ type: 'jobPost', heading: '', cap: 1, overflow: 'carry' },
				{ type: '*', heading: '', cap: 0, overflow: 'carry' },
			],
		};
		expect(json((await run({ sections }))[1]).map((c) => c.id)).toEqual(['jp-2']);
		expect(await run({ sections, options: { carriedOutput: 'partlyShown' } }).then((o) => o[1])).toEqual([]);
		// An entry for one group takes the only place there: the post for everyone is shown in the other group only.
		const items = [
			{ id: 'all', type: 'jobPost', title: '招聘：内容运营', date: '2025-03-02' },
			{ id: 'six', type: 'jobPost', title: '招聘：只在 6 群', date: '2025-03-01', groups: 'martech-6' },
		];
		const out = await run({ sections, options: { carriedOutput: 'partlyShown' } }, items);
		expect(json(out[1])).toEqual([expect.objectContaining({ id: 'all', groups: ['martech-6'] })]);
	});

	it('with "Already Sent", skips in each group what its sent-log lines name, and counts them in the report', async () => {
		const sections = { section: [{ type: 'jobPost', heading: '', cap: 1, overflow: 'carry' }] };
		const items = [
			{ id: '1', type: 'jobPost', title: '招聘：内容运营', date: '2025-03-01' },
			{ id: '2', type: 'jobPost', title: '招聘：销售总监', date: '2025-03-02' },
		];
		const out = await run({ sections, options: { alreadySent: 'martech-6 | 1\nsaas-2 | 1, 2' } }, items);
		expect(json(out[0]).map((m) => [m.group, m.entryIds])).toEqual([['martech-6', ['2']]]);
		expect(json(out[0])[0].report).toMatchObject({ alreadySent: 3, emptyGroups: ['saas-2'] });
		expect(out[1]).toEqual([]);
	});

	it('outputs one item per message per group, keyed by group and date, and the carried entries', async () => {
		const out = await run({
			sections: {
				section: [
					{ type: 'jobPost', heading: '', cap: 1, overflow: 'carry' },
					{ type: '*', heading: '', cap: 0, overflow: 'carry' },
				],
			},
		});
		expect(out).toHaveLength(2);
		const digests = json(out[0]);
		expect(digests.map((d) => d.key)).toEqual(['digest:2025-03-03:martech-6:1', 'digest:2025-03-03:saas-2:1']);
		expect(digests[0]).toMatchObject({
			digestKey: 'digest:2025-03-03:martech-6',
			group: 'martech-6',
			groupName: 'MarTech 6群',
			date: '2025-03-03',
			msgtype: 'markdown',
			part: 1,
			parts: 1,
		});
		expect(digests[0].message).toEqual({ msgtype: 'markdown', markdown: { content: digests[0].content } });
		expect(digests[0].content).toContain('### 💼 招聘');
		// jobPost cap 1: the older post shows, the other waits for tomorrow in the groups it missed.
		const carried = json(out[1]);
		expect(carried).toEqual([
			expect.objectContaining({
				id: 'jp-2',
				title: '招聘：SDR 销售开发代表 2 名（北京）',
				groups: ['martech-6', 'saas-2'],
				carriedOver: 1,
				carriedFrom: '2025-03-03',
			}),
		]);
		expect(out[1][0].pairedItem).toEqual([{ item: 5 }]);
		everyItemPaired(out, fixture.length);
	});

	it('pairs each message with the input items it shows', async () => {
		const out = await run({});
		const first = out[0][0];
		const shown = (first.json.entryIds as string[]).filter((id) => !id.startsWith('calendar:'));
		const expected = fixture.map((f, i) => (shown.includes(f.id) ? i : -1)).filter((i) => i >= 0);
		expect((first.pairedItem as Array<{ item: number }>).map((p) => p.item).sort((a, b) => a - b)).toEqual(expected);
	});

	it('leaves a bad entry out of the report and names the item and the field, never blocking the day', async () => {
		const items = [...(fixture as IDataObject[]).slice(0, 2), { type: 'event', title: '坏链接', link: 'www.example.com' }];
		const [digests] = await run({}, items);
		expect(digests.length).toBeGreaterThan(0);
		expect(digests.every((d) => !d.json.error)).toBe(true);
		expect(digests[0].json.report).toMatchObject({
			rejected: 1,
			skipped: [{ item: 3, error: 'Item 3: invalid entry — link: must be a URL starting with http:// or https://' }],
		});
		expect(digests.map((d) => d.json.content).join('\n')).not.toContain('坏链接');
	});

	it('with Continue On Fail skips bad entries, reports them and still builds the digests', async () => {
		const items = [{ title: '没有类型' }, ...(fixture as IDataObject[]), { type: 'event', title: 'x', date: '下周一' }];
		const out = await run({}, items, true);
		const errors = out[0].filter((i) => i.json.error);
		expect(errors.map((i) => [String(i.json.error).match(/^Item (\d+):/)?.[1], i.pairedItem])).toEqual([
			['1', { item: 0 }],
			['12', { item: 11 }],
		]);
		expect(errors[0].json.description).toMatch(/Fix the named fields/);
		expect(errors[0].json.error).toMatch(/^Item 1: invalid entry — type: is required/);
		const digests = out[0].filter((i) => !i.json.error);
		expect(digests).toHaveLength(2);
		expect(digests[0].json.report).toMatchObject({ entries: 12, rejected: 2, merged: 1, notYetDue: 1 });
	});

	it('builds a knowledge-only report from the empty item "Always Output Data" sends', async () => {
		const out = await run({}, [{}]);
		expect(out[0]).toHaveLength(2);
		expect(out[0][0].json.content).toContain('### 📚 今日知识点');
		expect(out[0][0].json.knowledge).toMatchObject({ round: expect.any(Number) });
		expect(out[0][0].pairedItem).toEqual([{ item: 0 }]);
	});

	it('one item per group puts the parts in an array; HTML gives a subject and a document', async () => {
		const [grouped] = await run({ outputMode: 'group', format: 'text' });
		expect(grouped[0].json).toMatchObject({ key: 'digest:2025-03-03:martech-6', msgtype: 'text', parts: 1 });
		expect((grouped[0].json.messages as IDataObject[])[0]).toMatchObject({ part: 1, message: { msgtype: 'text' } });
		const [html] = await run({ format: 'html', titleLine: '{group} 营销早报' });
		expect(html[0].json).toMatchObject({ key: 'digest:2025-03-03:martech-6', subject: 'MarTech 6群 营销早报' });
		expect(html[0].json.html).toMatch(/^<!DOCTYPE html>/);
	});

	it('defaults the date to today in the time zone', async () => {
		const before = todayIn('Asia/Shanghai');
		const [out] = await run({ date: '' });
		expect([before, todayIn('Asia/Shanghai')]).toContain(out[0].json.date);
	});

	it('names bad parameters', async () => {
		await expect(run({ timeZone: 'Beijing' })).rejects.toThrow('timeZone: is not a time zone');
		await expect(run({ date: '3/3/2025' })).rejects.toThrow('date: must be a date like 2025-03-03');
		await expect(run({ groups: '  ' })).rejects.toThrow('groups: list at least one group');
		await expect(run({ knowledgeCalendar: '[{"title": ' })).rejects.toThrow(/Knowledge Calendar \(JSON\) is not valid JSON/);
		await expect(run({ knowledgeCalendar: '[{"body": "x"}]' })).rejects.toThrow(/knowledgeCalendar\.0/);
		await expect(run({ format: 'text', options: { maxBytes: 4096 } })).rejects.toThrow('options.maxBytes: must be at most 2048');
		await expect(
			run({ sections: { section: [{ type: 'event', heading: '', cap: 1, overflow: 'more', moreUrl: 'nope' }] } }),
		).rejects.toThrow('sections.0.moreUrl');
		await expect(run({ groupsSource: 'entries' }, [{ type: 'event', title: 'x' }])).rejects.toThrow(/No group to build a report for/);
	});

	it('works with the parameters n8n resolves from its declared defaults (versions 1 and 2)', async () => {
		const resolvedFor = (typeVersion: number, values: IDataObject) =>
			NodeHelpers.getNodeParameters(
				node.description.properties,
				values as INodeParameters,
				true,
				false,
				{ typeVersion, parameters: values } as unknown as INode,
				node.description,
			) as IDataObject;
		const v2 = resolvedFor(2, { date: '2025-03-03', groupList: { group: [{ group: { __rl: true, mode: 'id', value: 'martech-6' } }] } });
		expect(v2.groups).toBeUndefined();
		const [outV2] = await runNode(node, { typeVersion: 2, parameters: v2, items: fixture as IDataObject[] });
		expect(outV2[0].json).toMatchObject({ key: 'digest:2025-03-03:martech-6:1' });
		const resolved = resolvedFor(1, { date: '2025-03-03', groups: 'martech-6' });
		expect(((resolved.sections as IDataObject).section as IDataObject[]).map((s) => s.type)).toEqual([
			'knowledge',
			'event',
			'goodNews',
			'jobPost',
			'jobSeeker',
			'supplierRequest',
			'*',
		]);
		const [out] = await runNode(node, { parameters: resolved, items: fixture as IDataObject[] });
		expect(out[0].json).toMatchObject({ key: 'digest:2025-03-03:martech-6:1', msgtype: 'markdown', title: '营销早报 · 2025-03-03 周一' });
		expect(out[0].json.content).toContain('### 📅 活动预告');
	});

	it('uses built-in English headings and title when asked', async () => {
		const [out] = await run({ options: { language: 'en' } });
		expect(out[0].json.title).toBe('Morning Report · 2025-03-03 Mon');
		expect(out[0].json.content).toContain('### 💼 Job Posts');
	});
});

describe('Digest node → sandbox group robot', () => {
	const ctx = useSandbox();

	it('every part of a big day is accepted by the robot, which receives each exactly once', async () => {
		const many = Array.from({ length: 120 }, (_, i) => ({
			id: `req-${i}`,
			type: ['jobPost', 'jobSeeker', 'supplierRequest'][i % 3],
			title: `会员需求 ${i}：${'寻找华南区域 B2B 内容营销合作伙伴'.slice(0, 8 + (i % 9))} 👩‍💻`,
			body: '长期合作，预算充足，欢迎私聊。🇨🇳'.repeat(1 + (i % 6)),
			author: `会员${i}`,
			link: `https://example.com/req/${i}`,
		}));
		const sections = {
			section: ['jobPost', 'jobSeeker', 'supplierRequest'].map((type) => ({ type, heading: '', cap: 0, overflow: 'carry' })),
		};
		const key = '8f7d2c1a-4b5e-4c3d-9a8b-1c2d3e4f5a6b';
		// Pacing waits pass on the sandbox's clock, so 20-a-minute holds without real minutes.
		let now = Date.now();
		const sleep = async (ms: number) => {
			now += ms;
			await ctx.control.advanceClock(ms);
		};
		const sender = new RobotSender({ webhook: { baseUrl: ctx.sb.url, key }, http: fetchHttp, now: () => now, sleep });
		for (const format of ['text', 'markdown', 'markdown_v2'] as const) {
			await ctx.control.reset();
			const [out] = await run({ format, sections, groups: 'martech-6' }, many);
			expect(out.length).toBeGreaterThan(2);
			for (const item of out) {
				expect(bytes(item.json.content as string)).toBeLessThanOrEqual(format === 'text' ? 2048 : 4096);
				await sender.send(item.json.message as { msgtype: string });
			}
			const received = await ctx.control.robotMessages(key);
			expect(received.map((r) => r.message)).toEqual(out.map((i) => i.json.message));
			expect(new Set(out.map((i) => i.json.key)).size).toBe(out.length);
		}
	});
});
