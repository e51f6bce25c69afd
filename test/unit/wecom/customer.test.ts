import { useSandbox } from '../../helpers/sandbox';
import { bodies, calls, json, paired, runWeCom } from './support';

const ctx = useSandbox();
const cu = (operation: string, extra: Record<string, unknown>) => ({ resource: 'customer', operation, ...extra });

describe('customer (客户)', () => {
	it('gets a customer with every follower, their tags and state', async () => {
		const out = await runWeCom(ctx, cu('get', { externalUserId: 'wmCUST0000AAAA' }));
		const req = (await calls(ctx, '/cgi-bin/externalcontact/get'))[0];
		expect(req.method).toBe('GET');
		expect(req.query.external_userid).toBe('wmCUST0000AAAA');
		const c = json(out)[0] as any;
		expect(c).toMatchObject({ external_userid: 'wmCUST0000AAAA', name: '客户0', type: 1 });
		expect(c.follow_user.map((f: any) => f.userid)).toEqual(['zhangsan', 'lisi']);
		expect(c.follow_user[0]).toMatchObject({
			state: 'live_0612',
			tags: [{ group_name: '生命周期', tag_name: '首次接触', tag_id: 'etGRP_STAGE_T1', type: 1 }],
		});
	});

	it('an unknown customer is WeCom error 40096', async () => {
		expect((await runWeCom(ctx, cu('get', { externalUserId: 'wmNOPE' })).catch((e) => e)).message).toMatch(/WeCom error 40096/);
	});

	it("lists a staff member's customers with details via batch/get_by_user, following cursors", async () => {
		const out = await runWeCom(ctx, cu('getAll', { userIds: 'zhangsan,lisi', includeDetails: true, returnAll: true, limit: 50 }));
		const sent = await bodies(ctx, '/cgi-bin/externalcontact/batch/get_by_user');
		expect(sent[0]).toEqual({ userid_list: ['zhangsan', 'lisi'], limit: 100 });
		const rows = json(out) as any[];
		const expected = ctx.sb.wecom.customers.flatMap((c) => c.follow.filter((f) => f.userid === 'zhangsan' || f.userid === 'lisi')).length;
		expect(rows).toHaveLength(expected);
		expect(rows[0]).toMatchObject({ external_userid: expect.any(String), follow_info: { userid: 'zhangsan', tag_id: expect.any(Array) } });
	});

	it('pages batch/get_by_user at the limit asked (cursor carried)', async () => {
		const out = await runWeCom(ctx, cu('getAll', { userIds: 'zhangsan', includeDetails: true, returnAll: false, limit: 3 }));
		expect(out[0]).toHaveLength(3);
		expect(await bodies(ctx, '/cgi-bin/externalcontact/batch/get_by_user')).toEqual([{ userid_list: ['zhangsan'], limit: 3 }]);
	});

	it('lists IDs only with externalcontact/list; a staff member without customers is 84061', async () => {
		const out = await runWeCom(ctx, cu('getAll', { userIds: 'wangwu', includeDetails: false, returnAll: true, limit: 50 }));
		expect(json(out).every((r) => r.userid === 'wangwu' && String(r.external_userid).startsWith('wmCUST'))).toBe(true);
		expect((await calls(ctx, '/cgi-bin/externalcontact/list'))[0].query.userid).toBe('wangwu');
		ctx.sb.wecom.customers = ctx.sb.wecom.customers.filter((c) => !c.follow.some((f) => f.userid === 'zhaoliu'));
		const err = await runWeCom(ctx, cu('getAll', { userIds: 'zhaoliu', includeDetails: false, returnAll: true, limit: 50 })).catch(
			(e) => e,
		);
		expect(err.message).toMatch(/WeCom error 84061/);
	});

	it('marks tags: adds and removes, checked against the tag library', async () => {
		const out = await runWeCom(
			ctx,
			cu('markTags', {
				userid: 'zhangsan',
				externalUserId: 'wmCUST0000AAAA',
				addTagIds: 'etGRP_STAGE_T5, etGRP_SOURCE_T2',
				removeTagIds: 'etGRP_STAGE_T1',
			}),
		);
		expect(await bodies(ctx, '/cgi-bin/externalcontact/mark_tag')).toEqual([
			{
				userid: 'zhangsan',
				external_userid: 'wmCUST0000AAAA',
				add_tag: ['etGRP_STAGE_T5', 'etGRP_SOURCE_T2'],
				remove_tag: ['etGRP_STAGE_T1'],
			},
		]);
		expect(json(out)[0]).toEqual({
			userid: 'zhangsan',
			external_userid: 'wmCUST0000AAAA',
			added: ['etGRP_STAGE_T5', 'etGRP_SOURCE_T2'],
			removed: ['etGRP_STAGE_T1'],
		});
		expect(ctx.sb.wecom.customers[0].follow[0].tag_id).toEqual(['etGRP_STAGE_T5', 'etGRP_SOURCE_T2']);
	});

	it('mark tags: an unknown tag is 40068, a non-follower 84061, nothing given names the field', async () => {
		const run = (extra: Record<string, unknown>) =>
			runWeCom(
				ctx,
				cu('markTags', { userid: 'zhangsan', externalUserId: 'wmCUST0000AAAA', addTagIds: '', removeTagIds: '', ...extra }),
			).catch((e) => e.message);
		expect(await run({ addTagIds: 'etNOPE' })).toMatch(/WeCom error 40068/);
		expect(await run({ userid: 'wangwu', addTagIds: 'etGRP_STAGE_T5' })).toMatch(/WeCom error 84061/);
		expect(await run({})).toMatch(/Item 1: invalid parameters — addTagIds: give tags to add or to remove/);
	});

	it('marks tags by name (as a channel list holds them), creating unknown names in the given group', async () => {
		const run = (extra: Record<string, unknown>) =>
			runWeCom(ctx, cu('markTags', { userid: 'zhangsan', externalUserId: 'wmCUST0000AAAA', addTagIds: '', removeTagIds: '', ...extra }));
		const out = json(await run({ addTagNames: '直播, 生命周期/首次接触，海报', newTagGroup: '渠道' }))[0];
		const created = ctx.sb.wecom.tags.find((g) => g.group_name === '渠道')!;
		expect(created.tag.map((t) => t.name)).toEqual(['海报']);
		expect((await bodies(ctx, '/cgi-bin/externalcontact/mark_tag'))[0].add_tag).toEqual([
			'etGRP_SOURCE_T2',
			'etGRP_STAGE_T1',
			created.tag[0].id,
		]);
		expect(out).toMatchObject({ addedNames: ['直播', '首次接触', '海报'] });
		await expect(run({ addTagNames: '不存在的标签' })).rejects.toThrow(
			/Item 1: no corp tag named "不存在的标签": create it \(Tag → Create\) or set a group for new tags/,
		);
	});

	it('per-item errors with Continue On Fail stay paired', async () => {
		const out = await runWeCom(ctx, (i) => cu('get', { externalUserId: i === 1 ? 'wmNOPE' : 'wmCUST0001AAAA' }), {
			items: [{}, {}, {}],
			continueOnFail: true,
		});
		expect(paired(out)).toEqual([0, 1, 2]);
		expect(json(out)[1].error).toMatch(/40096/);
		expect(json(out)[2].external_userid).toBe('wmCUST0001AAAA');
	});
});

describe('tag (客户标签)', () => {
	it('lists the tag library as groups or as flat tags, filtered by group', async () => {
		const groups = json(await runWeCom(ctx, { resource: 'tag', operation: 'getAll', groupIds: '', tagIds: '', output: 'groups' }));
		expect(groups.map((g) => g.group_name)).toEqual(['生命周期', '来源渠道', '行业']);
		const flat = json(await runWeCom(ctx, { resource: 'tag', operation: 'getAll', groupIds: 'etGRP_SOURCE', tagIds: '', output: 'tags' }));
		expect(flat.map((t) => t.name)).toEqual(['公众号文章', '直播', '招聘帖', '线下活动']);
		expect(flat[0]).toMatchObject({ id: 'etGRP_SOURCE_T1', group_id: 'etGRP_SOURCE', group_name: '来源渠道' });
		expect(await bodies(ctx, '/cgi-bin/externalcontact/get_corp_tag_list')).toEqual([{}, { group_id: ['etGRP_SOURCE'] }]);
	});

	it('creates tags in a new group by name, then refuses a duplicate name (40071)', async () => {
		const out = await runWeCom(ctx, { resource: 'tag', operation: 'create', groupName: '活动', groupId: '', names: '直播 0612, 线下沙龙' });
		expect(await bodies(ctx, '/cgi-bin/externalcontact/add_corp_tag')).toEqual([
			{ group_name: '活动', tag: [{ name: '直播 0612' }, { name: '线下沙龙' }] },
		]);
		const g = json(out)[0] as any;
		expect(g.group_name).toBe('活动');
		expect(g.tag.map((t: any) => t.name)).toEqual(['直播 0612', '线下沙龙']);
		const err = await runWeCom(ctx, { resource: 'tag', operation: 'create', groupName: '', groupId: g.group_id, names: '线下沙龙' }).catch(
			(e) => e,
		);
		expect(err.message).toMatch(/WeCom error 40071/);
	});

	it('names the field for a too-long tag name', async () => {
		const err = await runWeCom(ctx, { resource: 'tag', operation: 'create', groupName: '活动', groupId: '', names: 'x'.repeat(31) }).catch(
			(e) => e,
		);
		expect(err.message).toMatch(/Item 1: invalid parameters — names\.0: WeCom allows 30 characters/);
	});
});
