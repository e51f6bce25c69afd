import { cstDayStart, secToCstDate } from '../../../lib/wecom/groupStatistics';
import { useSandbox } from '../../helpers/sandbox';
import { bodies, calls, json, paired, runWeCom } from './support';

const ctx = useSandbox();
const LIST = '/cgi-bin/externalcontact/groupchat/list';
const GET = '/cgi-bin/externalcontact/groupchat/get';
const DAY = 86400;
const cg = (operation: string, extra: Record<string, unknown>) => ({ resource: 'customerGroup', operation, ...extra });
const nowSec = () => Math.floor(Date.now() / 1000);
const daysAgo = (n: number) => secToCstDate(cstDayStart(nowSec()) - n * DAY);

describe('customer group: get many', () => {
	it('follows cursors to the end with pages of 1000', async () => {
		await ctx.control.reset({ groups: 2500 });
		const out = await runWeCom(ctx, cg('getAll', { status: 'all', ownerUserIds: '', returnAll: true, limit: 50, includeDetails: false }));
		expect(out[0]).toHaveLength(2500);
		const sent = await bodies(ctx, LIST);
		expect(sent).toEqual([
			{ status_filter: 0, limit: 1000 },
			{ status_filter: 0, limit: 1000, cursor: expect.any(String) },
			{ status_filter: 0, limit: 1000, cursor: expect.any(String) },
		]);
		expect(new Set(json(out).map((g) => g.chat_id)).size).toBe(2500);
	});

	it('stops at the limit, asking no more than needed', async () => {
		await ctx.control.reset({ groups: 30 });
		const out = await runWeCom(ctx, cg('getAll', { status: 'all', ownerUserIds: '', returnAll: false, limit: 7, includeDetails: false }));
		expect(out[0]).toHaveLength(7);
		expect(await bodies(ctx, LIST)).toEqual([{ status_filter: 0, limit: 7 }]);
	});

	it('filters by owner and by status (owner left = 1)', async () => {
		const byOwner = await runWeCom(
			ctx,
			cg('getAll', { status: 'all', ownerUserIds: 'wangwu', returnAll: true, limit: 50, includeDetails: false }),
		);
		expect(json(byOwner).map((g) => g.chat_id)).toEqual(['wrSANDBOX000001', 'wrSANDBOX000007']);
		const left = await runWeCom(
			ctx,
			cg('getAll', { status: 'ownerLeft', ownerUserIds: '', returnAll: true, limit: 50, includeDetails: false }),
		);
		expect(json(left)).toEqual([{ chat_id: 'wrSANDBOX000011', status: 1 }]);
		expect(await bodies(ctx, LIST)).toEqual([
			{ status_filter: 0, owner_filter: { userid_list: ['wangwu'] }, limit: 1000 },
			{ status_filter: 1, limit: 1000 },
		]);
	});

	it('asks for more than 100 owners in batches of 100', async () => {
		const owners = Array.from({ length: 150 }, (_v, n) => `u${n}`).join(',');
		await runWeCom(ctx, cg('getAll', { status: 'all', ownerUserIds: owners, returnAll: true, limit: 50, includeDetails: false }));
		expect((await bodies(ctx, LIST)).map((b) => b.owner_filter.userid_list.length)).toEqual([100, 50]);
	});

	it('includes details: name, members with join scene, inviter, state and counts', async () => {
		const out = await runWeCom(
			ctx,
			cg('getAll', { status: 'all', ownerUserIds: 'zhangsan', returnAll: false, limit: 2, includeDetails: true }),
		);
		expect(await bodies(ctx, GET)).toEqual([
			{ chat_id: 'wrSANDBOX000000', need_name: 1 },
			{ chat_id: 'wrSANDBOX000002', need_name: 1 },
		]);
		const g = json(out)[0];
		expect(g).toMatchObject({ chat_id: 'wrSANDBOX000000', owner: 'zhangsan', status: 0, name: 'MarTech 交流 1群 #0' });
		expect(g.member_count).toBe((g.member_list as unknown[]).length);
	});
});

describe('customer group: get', () => {
	it('returns members with join scene, inviter, state, names and per-state counts', async () => {
		const out = await runWeCom(ctx, cg('get', { chatId: 'wrSANDBOX000003', needName: true }));
		expect(await bodies(ctx, GET)).toEqual([{ chat_id: 'wrSANDBOX000003', need_name: 1 }]);
		const g = json(out)[0] as any;
		const customer = g.member_list.find((m: any) => m.type === 2 && m.state);
		expect(customer).toMatchObject({
			type: 2,
			join_scene: 3,
			join_scene_name: 'qrCode',
			invitor: { userid: expect.any(String) },
			state: 'wechat_article_0612',
			name: expect.stringMatching(/^客户3-/),
		});
		expect(g.joins_by_state.wechat_article_0612).toBe(g.member_list.filter((m: any) => m.state === 'wechat_article_0612').length);
		expect(g.customer_count + g.staff_count).toBe(g.member_count);
	});

	it('reports an unknown chat with the errcode and a hint; Continue On Fail keeps going', async () => {
		const out = await runWeCom(ctx, (i) => cg('get', { chatId: i === 0 ? 'wrNOPE' : 'wrSANDBOX000000', needName: false }), {
			items: [{}, {}],
			continueOnFail: true,
		});
		expect(json(out)[0].error).toMatch(/WeCom error 701008/);
		expect(json(out)[1].chat_id).toBe('wrSANDBOX000000');
		expect(paired(out)).toEqual([0, 1]);
	});
});

describe('customer group: statistics', () => {
	it('per owner: real field names, China-midnight day range, one page', async () => {
		const out = await runWeCom(
			ctx,
			cg('getStatistics', { groupBy: 'owner', dateFrom: daysAgo(7), dateTo: daysAgo(1), ownerUserIds: 'zhangsan,wangwu', orderBy: 2 }),
		);
		const [body] = await bodies(ctx, '/cgi-bin/externalcontact/groupchat/statistic');
		expect(body).toEqual({
			day_begin_time: cstDayStart(nowSec()) - 7 * DAY,
			day_end_time: cstDayStart(nowSec()) - DAY,
			owner_filter: { userid_list: ['zhangsan', 'wangwu'] },
			order_by: 2,
			order_asc: 0,
			offset: 0,
			limit: 1000,
		});
		const rows = json(out);
		expect(rows.map((r) => r.owner)).toEqual(['zhangsan', 'wangwu']);
		expect(Object.keys(rows[0]).sort()).toEqual(
			[
				'owner',
				'from',
				'to',
				'new_chat_cnt',
				'chat_total',
				'chat_has_msg',
				'new_member_cnt',
				'member_total',
				'member_has_msg',
				'msg_total',
				'migrate_trainee_chat_cnt',
			].sort(),
		);
		expect(rows[1]).toMatchObject({ owner: 'wangwu', chat_total: 2, chat_has_msg: 0, msg_total: 0 });
	});

	it('per day: one row per day; 45 days are asked as 30 + 15', async () => {
		const out = await runWeCom(
			ctx,
			cg('getStatistics', { groupBy: 'day', dateFrom: daysAgo(45), dateTo: daysAgo(1), ownerUserIds: 'lisi' }),
		);
		const sent = await bodies(ctx, '/cgi-bin/externalcontact/groupchat/statistic_group_by_day');
		expect(sent.map((b) => (b.day_end_time - b.day_begin_time) / DAY + 1)).toEqual([30, 15]);
		expect(sent[0].owner_filter).toEqual({ userid_list: ['lisi'] });
		expect(out[0]).toHaveLength(45);
		// Derived from the seeds: a group idle for k days had messages on days at least k days ago.
		const lisi = ctx.sb.wecom.groups.filter((g) => g.owner === 'lisi');
		expect(json(out)[44]).toMatchObject({
			date: daysAgo(1),
			chat_total: lisi.length,
			chat_has_msg: lisi.filter((g) => g.idleDays <= 1).length,
		});
		// 45 days ago none of lisi's groups existed yet (created 30 to 41 days ago).
		expect(json(out)[0]).toMatchObject({ date: daysAgo(45), chat_total: 0, chat_has_msg: 0 });
	});

	it('refuses ranges WeCom refuses: today, older than 180 days, over 30 days per owner', async () => {
		const run = (dateFrom: string, dateTo: string) =>
			runWeCom(ctx, cg('getStatistics', { groupBy: 'owner', dateFrom, dateTo, ownerUserIds: 'lisi', orderBy: 1 })).catch((e) => e.message);
		expect(await run(daysAgo(2), daysAgo(0))).toMatch(/Item 1: .*up to yesterday/);
		expect(await run(daysAgo(181), daysAgo(170))).toMatch(/keeps statistics for 180 days/);
		expect(await run(daysAgo(40), daysAgo(1))).toMatch(/covers 40 days; one WeCom statistics query covers at most 30/);
		expect(await calls(ctx, '/cgi-bin/externalcontact/groupchat/statistic')).toHaveLength(0);
	});

	it('the emulator answers 600018 for a range ending today, like WeCom', async () => {
		const today = cstDayStart(nowSec());
		const res = await fetch(`${ctx.sb.url}/cgi-bin/gettoken?corpid=${ctx.appCredentials.corpId}&corpsecret=sandbox-contact-secret`).then(
			(r) => r.json() as Promise<{ access_token: string }>,
		);
		const stat = await fetch(`${ctx.sb.url}/cgi-bin/externalcontact/groupchat/statistic_group_by_day?access_token=${res.access_token}`, {
			method: 'POST',
			body: JSON.stringify({ day_begin_time: today, day_end_time: today }),
			headers: { 'content-type': 'application/json' },
		}).then((r) => r.json() as Promise<{ errcode: number }>);
		expect(stat.errcode).toBe(600018);
	});
});

describe('customer group: transfer owner', () => {
	it('transfers groups of a departed owner (groupchat/transfer) and reports per-group failures', async () => {
		const out = await runWeCom(
			ctx,
			cg('transferOwner', { chatIds: 'wrSANDBOX000011, wrSANDBOX000000, wrNOPE', newOwner: 'lisi', ownerStatus: 'resigned' }),
		);
		expect(await bodies(ctx, '/cgi-bin/externalcontact/groupchat/transfer')).toEqual([
			{ chat_id_list: ['wrSANDBOX000011', 'wrSANDBOX000000', 'wrNOPE'], new_owner: 'lisi' },
		]);
		expect(json(out)[0]).toEqual({
			newOwner: 'lisi',
			requested: 3,
			transferred: ['wrSANDBOX000011'],
			failed: [
				{ chat_id: 'wrSANDBOX000000', errcode: 90500, errmsg: 'the owner of this chat is not resigned' },
				{ chat_id: 'wrNOPE', errcode: 90501, errmsg: 'chat is not external group chat' },
			],
		});
		expect(ctx.sb.wecom.findGroup('wrSANDBOX000011')).toMatchObject({ owner: 'lisi', status: 3 });
	});

	it('uses onjob_transfer for current staff, 100 chat IDs per call', async () => {
		await ctx.control.reset({ groups: 150 });
		const ids = Array.from({ length: 150 }, (_v, n) => `wrSANDBOX${String(n).padStart(6, '0')}`).join(',');
		const out = await runWeCom(ctx, cg('transferOwner', { chatIds: ids, newOwner: 'zhaoliu', ownerStatus: 'employed' }));
		const sent = await bodies(ctx, '/cgi-bin/externalcontact/groupchat/onjob_transfer');
		expect(sent.map((b) => b.chat_id_list.length)).toEqual([100, 50]);
		expect(sent[0].new_owner).toBe('zhaoliu');
		expect(json(out)[0]).toMatchObject({ requested: 150, failed: [] });
	});

	it('an unknown new owner is a WeCom error (40003)', async () => {
		const err = await runWeCom(ctx, cg('transferOwner', { chatIds: 'wrSANDBOX000011', newOwner: 'nobody', ownerStatus: 'resigned' })).catch(
			(e) => e,
		);
		expect(err.message).toMatch(/WeCom error 40003/);
	});
});

describe('customer group: find inactive', () => {
	it('finds every group of an owner whose groups were all silent (certain), from the statistics API', async () => {
		const out = await runWeCom(ctx, cg('findInactive', { days: 30, ownerUserIds: '', includePossible: false }));
		const groups = json(out);
		expect(groups.map((g) => g.chat_id).sort()).toEqual(['wrSANDBOX000001', 'wrSANDBOX000007']);
		expect(groups.every((g) => g.inactive === 'certain' && g.owner === 'wangwu')).toBe(true);
		expect(groups[0].owner_activity).toMatchObject({ owner: 'wangwu', groups_total: 2, messages: 0, verdict: 'certain', days: 30 });
		expect(groups[0].reason).toMatch(/No messages in any of wangwu's 2 groups/);
		// The owners come from yesterday's per-owner statistics; each owner's days from statistic_group_by_day.
		const byDay = await bodies(ctx, '/cgi-bin/externalcontact/groupchat/statistic_group_by_day');
		expect(byDay.map((b) => b.owner_filter.userid_list[0]).sort()).toEqual(['lisi', 'wangwu', 'zhangsan']);
		for (const b of byDay) {
			expect(b.day_end_time).toBe(cstDayStart(nowSec()) - DAY);
			expect(b.day_begin_time).toBe(cstDayStart(nowSec()) - 30 * DAY);
		}
	});

	it('adds owners with some silent groups as "possible" when asked', async () => {
		const out = await runWeCom(ctx, cg('findInactive', { days: 30, ownerUserIds: 'zhangsan,lisi,wangwu', includePossible: true }));
		const groups = json(out);
		const possible = groups.filter((g) => g.inactive === 'possible');
		expect(possible.length).toBeGreaterThan(0);
		expect(new Set(possible.map((g) => g.owner))).toEqual(new Set(['zhangsan']));
		expect(possible[0].reason).toMatch(/At most 2 of zhangsan's \d+ groups were silent/);
		// Certain ones come first.
		expect(groups[0].inactive).toBe('certain');
		// lisi's groups all spoke: none of them is listed.
		expect(groups.some((g) => g.owner === 'lisi')).toBe(false);
	});

	it('a shorter window than the silence still finds them; a window over 180 days is refused', async () => {
		const out = await runWeCom(ctx, cg('findInactive', { days: 7, ownerUserIds: 'wangwu', includePossible: false }));
		expect(out[0]).toHaveLength(2);
		const err = await runWeCom(ctx, cg('findInactive', { days: 200, ownerUserIds: '', includePossible: false })).catch((e) => e);
		expect(err.message).toMatch(/Item 1: invalid parameters — days: WeCom keeps 180 days of statistics/);
	});
});
