import { useSandbox } from '../../helpers/sandbox';
import { bodies, calls, json, runWeCom } from './support';

const ctx = useSandbox();
const base = '/cgi-bin/externalcontact';
const cw = (operation: string, extra: Record<string, unknown>) => ({ resource: 'contactWay', operation, ...extra });
const personal = {
	type: 1,
	scene: 2,
	user: { mode: 'list', value: 'zhangsan' },
	state: 'poster_0612',
	remark: '海报 0612',
	skipVerify: true,
};

describe('contact way (联系我)', () => {
	it("creates a personal QR code with a state and returns it with its qr_code and the staff member's name", async () => {
		// The self-built app's secret may read the address book, so staff come with their names.
		const way = json(await runWeCom(ctx, cw('create', personal), { secret: 'app' }))[0];
		expect(await bodies(ctx, `${base}/add_contact_way`)).toEqual([
			{ type: 1, scene: 2, remark: '海报 0612', skip_verify: true, state: 'poster_0612', user: ['zhangsan'] },
		]);
		expect(way).toMatchObject({
			config_id: expect.any(String),
			type: 1,
			scene: 2,
			state: 'poster_0612',
			user: ['zhangsan'],
			skip_verify: true,
			qr_code: expect.stringMatching(/^https:\/\//),
			staff: [{ userid: 'zhangsan', name: '张三' }],
		});
	});

	it('creates a multi-person code for staff and departments; a mini-program button keeps its style', async () => {
		const way = json(
			await runWeCom(
				ctx,
				cw('create', { type: 2, scene: 1, style: 2, users: ['zhangsan', 'lisi'], parties: ['1'], state: 'web_footer', skipVerify: false }),
			),
		)[0];
		expect((await bodies(ctx, `${base}/add_contact_way`))[0]).toEqual({
			type: 2,
			scene: 1,
			style: 2,
			skip_verify: false,
			state: 'web_footer',
			user: ['zhangsan', 'lisi'],
			party: [1],
		});
		// The Customer Contact secret may not read the address book (48002): staff come without names.
		expect(way).toMatchObject({ type: 2, scene: 1, style: 2, party: [1], staff: [{ userid: 'zhangsan' }, { userid: 'lisi' }] });
		expect((way.staff as Array<{ name?: string }>)[0].name).toBeUndefined();
		expect(way.qr_code).toBeUndefined();
	});

	it('sends a temporary session with its validity and conclusion (text and a link)', async () => {
		await runWeCom(
			ctx,
			cw('create', {
				...personal,
				temp: {
					value: {
						expiresHours: 48,
						chatExpiresHours: 12,
						conclusionText: '感谢咨询，资料见下方链接',
						conclusionAttachment: { value: { type: 'link', title: '产品白皮书', url: 'https://example.com/wp' } },
					},
				},
			}),
		);
		expect((await bodies(ctx, `${base}/add_contact_way`))[0]).toMatchObject({
			is_temp: true,
			expires_in: 172800,
			chat_expires_in: 43200,
			conclusions: { text: { content: '感谢咨询，资料见下方链接' }, link: { title: '产品白皮书', url: 'https://example.com/wp' } },
		});
	});

	it('refuses before calling WeCom: no staff, a 31-character state, no staff on a multi-person code, temp on a multi-person code, a 400-hour QR code', async () => {
		const cases: Array<[Record<string, unknown>, RegExp]> = [
			[{ ...personal, user: '' }, /Item 1: a single-person code needs exactly one staff member, got 0/],
			[{ ...personal, state: 'x'.repeat(31) }, /state.*30/],
			[{ type: 2, scene: 2, users: [], parties: [] }, /Item 1: a multi-person code needs staff members or departments/],
			[{ type: 2, scene: 2, users: ['zhangsan'], temp: { value: { expiresHours: 1 } } }, /single-person codes only/],
			[{ ...personal, temp: { value: { expiresHours: 400 } } }, /QR code validity is 1440000 seconds; WeCom allows 1 to 1209600/],
		];
		for (const [params, message] of cases) await expect(runWeCom(ctx, cw('create', params))).rejects.toThrow(message);
		expect(await calls(ctx, `${base}/add_contact_way`)).toHaveLength(0);
	});

	it('updates only what is given: the state changes, staff and QR code stay', async () => {
		const created = json(await runWeCom(ctx, cw('create', personal)))[0];
		const out = json(
			await runWeCom(
				ctx,
				cw('update', {
					configId: created.config_id,
					user: '',
					users: [],
					parties: [],
					state: 'poster_0701',
					remark: '',
					skipVerifyChange: 'unchanged',
				}),
			),
		)[0];
		expect(await bodies(ctx, `${base}/update_contact_way`)).toEqual([
			{ config_id: created.config_id, remark: '海报 0612', skip_verify: true, state: 'poster_0701', user: ['zhangsan'] },
		]);
		expect(out).toMatchObject({ state: 'poster_0701', user: ['zhangsan'], qr_code: created.qr_code });
	});

	it('lists codes by creation time with details, paging with the cursor; refuses more than 90 days', async () => {
		for (const s of ['a', 'b', 'c']) await runWeCom(ctx, cw('create', { ...personal, state: `ch_${s}` }));
		const all = json(await runWeCom(ctx, cw('getAll', { returnAll: true, details: true, startTime: '', endTime: '' })));
		expect(all.map((w) => w.state)).toEqual(['ch_a', 'ch_b', 'ch_c']);
		const two = json(await runWeCom(ctx, cw('getAll', { returnAll: false, limit: 2, details: false, startTime: '', endTime: '' })));
		expect(two).toEqual([{ config_id: all[0].config_id }, { config_id: all[1].config_id }]);
		await expect(
			runWeCom(ctx, cw('getAll', { returnAll: true, details: false, startTime: '2026-01-01T00:00:00Z', endTime: '2026-06-01T00:00:00Z' })),
		).rejects.toThrow(/over 90 days/);
	});

	it('deletes a code; getting it afterwards is a WeCom error (40058) with Continue On Fail naming the item', async () => {
		const created = json(await runWeCom(ctx, cw('create', personal)))[0];
		expect(json(await runWeCom(ctx, cw('delete', { configId: created.config_id })))).toEqual([
			{ config_id: created.config_id, deleted: true },
		]);
		const out = json(await runWeCom(ctx, cw('get', { configId: { mode: 'id', value: created.config_id } }), { continueOnFail: true }));
		expect(out[0].error).toMatch(/40058/);
	});
});
