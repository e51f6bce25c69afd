import { createHash } from 'crypto';
import { useRobotClock } from '../../../lib/wecom/robot';
import { SANDBOX_ROBOT_KEYS } from '../../../sandbox/wecom/data';
import { useSandbox } from '../../helpers/sandbox';
import { PNG, bodies, calls, json, paired, runWeCom } from './support';
import { redactedRef } from '../../../sandbox/core/redact';

const ctx = useSandbox();
const SEND = '/cgi-bin/webhook/send';
let restoreClock: () => void;

// The pacer and the sandbox share one clock: sleeping moves the sandbox's clock forward.
beforeEach(() => {
	restoreClock = useRobotClock({
		now: () => ctx.sb.state.now(),
		sleep: async (ms) => {
			ctx.sb.state.clockOffsetMs += ms;
		},
	});
});
afterEach(() => restoreClock());

const robot = (extra: Record<string, unknown>) => ({ resource: 'robotMessage', operation: 'send', ...extra });

describe('robot message: content types', () => {
	it('sends text with @userid and @mobile mentions, field by field', async () => {
		const out = await runWeCom(
			ctx,
			robot({
				messageType: 'text',
				content: '今日早报',
				mentionedUserIds: 'zhangsan, @all',
				mentionedMobiles: '13800001111',
				oversize: 'split',
			}),
		);
		expect(await bodies(ctx, SEND)).toEqual([
			{ msgtype: 'text', text: { content: '今日早报', mentioned_list: ['zhangsan', '@all'], mentioned_mobile_list: ['13800001111'] } },
		]);
		const req = (await calls(ctx, SEND))[0];
		// The log shows a fingerprint of the key, never the key.
		expect(req.query.key).toBe(redactedRef(SANDBOX_ROBOT_KEYS[0]));
		expect(JSON.stringify(req)).not.toContain(SANDBOX_ROBOT_KEYS[0]);
		expect(json(out)).toEqual([
			{
				sent: true,
				delivered: true,
				messageKey: expect.stringMatching(/^robot:[0-9a-f]{12}:[0-9a-f]{20}$/),
				messageType: 'text',
				part: 1,
				parts: 1,
				robot: '…0001',
				bytes: 12,
			},
		]);
	});

	it('splits markdown over 4096 bytes on line boundaries, never cutting it', async () => {
		const line = '营销知识点：'.padEnd(100, '好');
		const content = Array.from({ length: 60 }, (_v, n) => `${n} ${line}`).join('\n');
		const out = await runWeCom(ctx, robot({ messageType: 'markdown', content, oversize: 'split' }));
		const sent = await bodies(ctx, SEND);
		expect(sent.length).toBeGreaterThan(1);
		for (const b of sent) expect(Buffer.byteLength(b.markdown.content)).toBeLessThanOrEqual(4096);
		expect(sent.map((b) => b.markdown.content).join('\n')).toBe(content);
		expect(json(out).map((j) => j.part)).toEqual(sent.map((_b, n) => n + 1));
	});

	it('mentions only in the first part of a split text', async () => {
		const content = Array.from({ length: 30 }, () => '这是一行很长的早报内容，用来测试按行拆分的行为'.repeat(2)).join('\n');
		await runWeCom(ctx, robot({ messageType: 'text', content, mentionedUserIds: 'lisi', oversize: 'split' }));
		const sent = await bodies(ctx, SEND);
		expect(sent.length).toBeGreaterThan(1);
		expect(sent[0].text.mentioned_list).toEqual(['lisi']);
		expect(sent.slice(1).every((b) => b.text.mentioned_list === undefined)).toBe(true);
	});

	it('refuses oversize content with a clear error when asked to, and sends nothing', async () => {
		const err = await runWeCom(ctx, robot({ messageType: 'text', content: '字'.repeat(700), oversize: 'error' })).catch((e) => e);
		expect(err.message).toMatch(/Item 1: content is 2100 bytes; WeCom allows 2048 bytes/);
		expect(await calls(ctx, SEND)).toHaveLength(0);
	});

	it('sends markdown_v2', async () => {
		await runWeCom(ctx, robot({ messageType: 'markdown_v2', content: '| 渠道 | 线索 |\n|---|---|\n| 直播 | 12 |', oversize: 'split' }));
		expect(await bodies(ctx, SEND)).toEqual([
			{ msgtype: 'markdown_v2', markdown_v2: { content: '| 渠道 | 线索 |\n|---|---|\n| 直播 | 12 |' } },
		]);
	});

	it('sends news articles', async () => {
		await runWeCom(
			ctx,
			robot({
				messageType: 'news',
				articles: {
					article: [
						{ title: '直播回放', description: 'B2B 增长', url: 'https://example.com/replay', picurl: 'https://example.com/a.png' },
						{ title: '报名', url: 'https://example.com/s' },
					],
				},
			}),
		);
		expect(await bodies(ctx, SEND)).toEqual([
			{
				msgtype: 'news',
				news: {
					articles: [
						{ title: '直播回放', description: 'B2B 增长', url: 'https://example.com/replay', picurl: 'https://example.com/a.png' },
						{ title: '报名', url: 'https://example.com/s' },
					],
				},
			},
		]);
	});

	it('sends an image from binary data as base64 with the md5 of the raw bytes', async () => {
		await runWeCom(ctx, robot({ messageType: 'image', binaryProperty: 'poster' }), { binary: { poster: PNG } });
		expect(await bodies(ctx, SEND)).toEqual([
			{ msgtype: 'image', image: { base64: PNG.toString('base64'), md5: createHash('md5').update(PNG).digest('hex') } },
		]);
	});

	it('uploads a file with upload_media, then sends its media_id', async () => {
		const out = await runWeCom(ctx, robot({ messageType: 'file', binaryProperty: 'data' }), {
			binary: { data: Buffer.from('%PDF-1.4 brochure') },
		});
		const upload = await calls(ctx, '/cgi-bin/webhook/upload_media');
		expect(upload).toHaveLength(1);
		expect(upload[0].query).toMatchObject({ key: redactedRef(SANDBOX_ROBOT_KEYS[0]), type: 'file' });
		expect(String(upload[0].headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
		const mediaId = (upload[0].response as { media_id: string }).media_id;
		expect(await bodies(ctx, SEND)).toEqual([{ msgtype: 'file', file: { media_id: mediaId } }]);
		expect(json(out)[0]).toMatchObject({ sent: true, messageType: 'file', mediaId });
	});

	it('sends a text notice template card', async () => {
		await runWeCom(
			ctx,
			robot({
				messageType: 'template_card',
				cardType: 'text_notice',
				sourceDescription: '营销早报',
				cardTitle: '本周线索',
				cardDescription: '较上周',
				emphasisTitle: '+32%',
				emphasisDescription: 'MQL',
				subTitle: '',
				imageUrl: '',
				cardUrl: 'https://example.com/report',
				cardExtra: '{"jump_list":[{"type":1,"title":"看板","url":"https://example.com/b"}]}',
			}),
		);
		expect(await bodies(ctx, SEND)).toEqual([
			{
				msgtype: 'template_card',
				template_card: {
					card_type: 'text_notice',
					source: { desc: '营销早报' },
					main_title: { title: '本周线索', desc: '较上周' },
					card_action: { type: 1, url: 'https://example.com/report' },
					emphasis_content: { title: '+32%', desc: 'MQL' },
					jump_list: [{ type: 1, title: '看板', url: 'https://example.com/b' }],
				},
			},
		]);
	});
});

describe('robot message: validation, errors, Continue On Fail', () => {
	it('names the item and the field when a parameter is invalid, before sending anything', async () => {
		const err = await runWeCom(ctx, (i) => robot({ messageType: 'text', content: i === 1 ? '  ' : 'ok', oversize: 'split' }), {
			items: [{}, {}],
		}).catch((e) => e);
		expect(err.message).toMatch(/Item 2: invalid parameters — content: is empty/);
		expect(await calls(ctx, SEND)).toHaveLength(0);
	});

	it('with Continue On Fail, a bad item becomes an error item paired to it and the others are sent', async () => {
		const out = await runWeCom(
			ctx,
			(i) =>
				robot({
					messageType: 'news',
					articles: { article: i === 1 ? [{ title: 'x', url: 'not a url' }] : [{ title: 'ok', url: 'https://e.com' }] },
				}),
			{
				items: [{}, {}, {}],
				continueOnFail: true,
			},
		);
		expect(paired(out)).toEqual([0, 1, 2]);
		expect(json(out)[1].error).toMatch(/Item 2: .*articles\.0\.url: must be a URL/);
		expect(json(out)[0]).toMatchObject({ sent: true });
		expect(await calls(ctx, SEND)).toHaveLength(2);
	});

	it('maps WeCom errors (93000 bad key) to an API error with a hint, without the key', async () => {
		const err = await runWeCom(
			ctx,
			robot({ messageType: 'text', content: 'x', oversize: 'split', webhookOverride: 'not-a-valid-key' }),
		).catch((e) => e);
		expect(err.constructor.name).toBe('NodeApiError');
		expect(err.message).toMatch(/WeCom error 93000/);
		expect(err.description).toMatch(/webhook key is invalid/);
		expect(JSON.stringify(err)).not.toContain('not-a-valid-key');
	});
});

describe('robot message: a failure midway, and repeating the run', () => {
	const items = Array.from({ length: 5 }, () => ({}));
	const params = (badAt?: number) => (i: number) =>
		robot({ messageType: 'text', content: `第${i}条`, oversize: 'split', ...(i === badAt ? { webhookOverride: 'not-a-valid-key' } : {}) });

	it('says which messages went out before the failure, and a repeat with those keys sends only the rest', async () => {
		const err = await runWeCom(ctx, params(2), { items }).catch((e) => e);
		expect(err.message).toMatch(/WeCom error 93000/);
		expect(err.description).toMatch(/2 message\(s\) were delivered before this failure/);
		const deliveredKeys = /their keys: ([^.]*)\./.exec(err.description)![1].split(', ');
		expect(deliveredKeys).toHaveLength(2);
		const delivered = async () =>
			(await calls(ctx, SEND)).filter((r) => (r.response as { errcode: number }).errcode === 0).map((r) => (r.body as any).text.content);
		expect(await delivered()).toEqual(['第0条', '第1条']);

		const again = await runWeCom(ctx, (i) => ({ ...params()(i), alreadyDelivered: deliveredKeys.join('\n') }), { items });
		expect(json(again).map((j) => [j.skipped ?? false, j.delivered])).toEqual([
			[true, true],
			[true, true],
			[false, true],
			[false, true],
			[false, true],
		]);
		// Each message delivered exactly once across both runs.
		expect(await delivered()).toEqual(['第0条', '第1条', '第2条', '第3条', '第4条']);
	});

	it('with Continue On Fail gives one result per item: delivered, failed, or delivered to other robots', async () => {
		const out = await runWeCom(ctx, params(2), { items, continueOnFail: true });
		expect(json(out).map((j) => j.delivered)).toEqual([true, true, false, true, true]);
		expect(json(out)[2]).toMatchObject({
			sent: false,
			delivered: false,
			partsDelivered: 0,
			messageKey: expect.any(String),
			error: expect.stringMatching(/93000/),
		});
		expect(paired(out)).toEqual([0, 1, 2, 3, 4]);
	});

	it('derives the same message key for the same robot and content in every run', async () => {
		const a = json(await runWeCom(ctx, params(), { items })).map((j) => j.messageKey);
		const b = json(await runWeCom(ctx, params(), { items })).map((j) => j.messageKey);
		expect(a).toEqual(b);
		expect(new Set(a).size).toBe(5);
		const given = json(await runWeCom(ctx, (i) => ({ ...params()(i), messageKey: `digest:2025-03-03:g${i}` }), { items })).map(
			(j) => j.messageKey,
		);
		expect(given).toEqual([
			'digest:2025-03-03:g0',
			'digest:2025-03-03:g1',
			'digest:2025-03-03:g2',
			'digest:2025-03-03:g3',
			'digest:2025-03-03:g4',
		]);
	});
});

describe('robot message: robots by name from the credential', () => {
	it('sends through the named robot; the output names it and holds no key', async () => {
		const out = await runWeCom(
			ctx,
			(i) => robot({ messageType: 'text', content: `m${i}`, oversize: 'split', robotName: i ? 'MarTech 2群' : 'MarTech 1群' }),
			{ items: [{}, {}] },
		);
		expect((await calls(ctx, SEND)).map((r) => r.query.key)).toEqual([
			redactedRef(SANDBOX_ROBOT_KEYS[1]),
			redactedRef(SANDBOX_ROBOT_KEYS[2]),
		]);
		expect(json(out).map((o) => o.robot)).toEqual(['MarTech 1群', 'MarTech 2群']);
		expect(JSON.stringify(out)).not.toMatch(/0000000[23]/);
	});

	it('refuses an unknown name before anything is sent, naming the item and the robot', async () => {
		const err = await runWeCom(
			ctx,
			(i) => robot({ messageType: 'text', content: 'x', oversize: 'split', robotName: i ? 'MarTech 9群' : 'MarTech 1群' }),
			{ items: [{}, {}] },
		).catch((e) => e);
		expect(err.message).toMatch(/No robot named "MarTech 9群"/);
		expect(JSON.stringify(err)).not.toContain(SANDBOX_ROBOT_KEYS[1]);
		expect(await calls(ctx, SEND)).toHaveLength(0);
	});
});

describe('robot message: pacing 20 per minute per key across items', () => {
	it('sends 25 items on one key with no 45009: the 21st waits for the window', async () => {
		const out = await runWeCom(ctx, robot({ messageType: 'text', content: '早报', oversize: 'split' }), {
			items: Array.from({ length: 25 }, () => ({})),
		});
		expect(out[0]).toHaveLength(25);
		const sent = await calls(ctx, SEND);
		expect(sent.map((r) => (r.response as { errcode: number }).errcode)).toEqual(Array(25).fill(0));
		expect(sent[20].at - sent[0].at).toBeGreaterThanOrEqual(60_000);
		expect(sent[19].at - sent[0].at).toBeLessThan(60_000);
	});

	it('feeds several groups from one node with the key override; each key has its own window', async () => {
		const keys = SANDBOX_ROBOT_KEYS;
		const out = await runWeCom(
			ctx,
			(i) =>
				robot({
					messageType: 'text',
					content: `第${i}条`,
					oversize: 'split',
					webhookOverride: `${ctx.sb.url}/cgi-bin/webhook/send?key=${keys[i % 5]}`,
				}),
			{
				items: Array.from({ length: 100 }, () => ({})),
			},
		);
		expect(out[0]).toHaveLength(100);
		expect(paired(out)).toEqual(Array.from({ length: 100 }, (_v, i) => i));
		const sent = await calls(ctx, SEND);
		expect(sent.every((r) => (r.response as { errcode: number }).errcode === 0)).toBe(true);
		// 20 per key fit in one window: no waiting at all.
		expect(sent[99].at - sent[0].at).toBeLessThan(60_000);
		for (const k of keys) expect(sent.filter((r) => r.query.key === redactedRef(k))).toHaveLength(20);
		// Messages of one key keep item order.
		expect(sent.filter((r) => r.query.key === redactedRef(keys[2])).map((r) => (r.body as any).text.content)).toEqual(
			Array.from({ length: 20 }, (_v, n) => `第${n * 5 + 2}条`),
		);
	});

	it('while one key waits, other keys keep sending', async () => {
		const keys = SANDBOX_ROBOT_KEYS;
		// 30 items for key 1 first, then 10 for key 2: key 2 must not wait behind key 1's window.
		await runWeCom(
			ctx,
			(i) => robot({ messageType: 'text', content: `m${i}`, oversize: 'split', webhookOverride: i < 30 ? keys[0] : keys[1] }),
			{
				items: Array.from({ length: 40 }, () => ({})),
			},
		);
		const sent = await calls(ctx, SEND);
		const first = sent[0].at;
		const key2 = sent.filter((r) => r.query.key === redactedRef(keys[1]));
		expect(key2).toHaveLength(10);
		expect(Math.max(...key2.map((r) => r.at)) - first).toBeLessThan(60_000);
	});

	it('backs off after a 45009 caused by another sender of the key, then delivers', async () => {
		await ctx.control.fault({ pathPrefix: SEND, body: { errcode: 45009, errmsg: 'api freq out of limit' }, times: 1 });
		const out = await runWeCom(ctx, robot({ messageType: 'text', content: 'x', oversize: 'split' }));
		expect(json(out)[0]).toMatchObject({ sent: true });
		const sent = await calls(ctx, SEND);
		expect(sent.map((r) => (r.response as { errcode: number }).errcode)).toEqual([45009, 0]);
		expect(sent[1].at - sent[0].at).toBeGreaterThanOrEqual(60_000);
	});
});
