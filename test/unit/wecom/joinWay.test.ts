import { useSandbox } from '../../helpers/sandbox';
import { bodies, calls, json, runWeCom } from './support';

const ctx = useSandbox();
const base = '/cgi-bin/externalcontact/groupchat';
const jw = (operation: string, extra: Record<string, unknown>) => ({ resource: 'joinWay', operation, ...extra });
const createParams = {
	chatIds: 'wrSANDBOX000000,wrSANDBOX000002',
	state: 'revival_martech',
	remark: 'MarTech 复活',
	scene: 2,
	autoCreateRoom: true,
	roomBaseName: 'MarTech 交流',
	roomBaseId: 10,
};

describe('join way (进群方式)', () => {
	it('creates a QR code with state and auto-create options, and returns it with its qr_code', async () => {
		const out = await runWeCom(ctx, jw('create', createParams));
		expect(await bodies(ctx, `${base}/add_join_way`)).toEqual([
			{
				scene: 2,
				remark: 'MarTech 复活',
				auto_create_room: 1,
				room_base_name: 'MarTech 交流',
				room_base_id: 10,
				chat_id_list: ['wrSANDBOX000000', 'wrSANDBOX000002'],
				state: 'revival_martech',
			},
		]);
		const way = json(out)[0];
		expect(await bodies(ctx, `${base}/get_join_way`)).toEqual([{ config_id: way.config_id }]);
		expect(way).toMatchObject({
			scene: 2,
			state: 'revival_martech',
			chat_id_list: ['wrSANDBOX000000', 'wrSANDBOX000002'],
			qr_code: expect.stringMatching(/^https:\/\//),
		});
	});

	it('updates only what is given, re-sending the rest (update_join_way replaces the whole config)', async () => {
		const created = json(await runWeCom(ctx, jw('create', createParams)))[0];
		const out = await runWeCom(
			ctx,
			jw('update', {
				configId: created.config_id,
				chatIds: '',
				state: 'revival_v2',
				remark: '',
				scene: 2,
				autoCreateRoom: true,
				roomBaseName: '',
				roomBaseId: 0,
			}),
		);
		expect(await bodies(ctx, `${base}/update_join_way`)).toEqual([
			{
				config_id: created.config_id,
				scene: 2,
				remark: 'MarTech 复活',
				auto_create_room: 1,
				room_base_name: 'MarTech 交流',
				room_base_id: 10,
				chat_id_list: ['wrSANDBOX000000', 'wrSANDBOX000002'],
				state: 'revival_v2',
			},
		]);
		expect(json(out)[0]).toMatchObject({ state: 'revival_v2', qr_code: created.qr_code });
	});

	it('gets and deletes; a deleted config is gone', async () => {
		const created = json(await runWeCom(ctx, jw('create', createParams)))[0];
		expect(json(await runWeCom(ctx, jw('delete', { configId: created.config_id })))[0]).toEqual({
			config_id: created.config_id,
			deleted: true,
		});
		const err = await runWeCom(ctx, jw('get', { configId: created.config_id })).catch((e) => e);
		expect(err.message).toMatch(/WeCom error 40058/);
	});

	it('refuses more than 5 groups and a state over 30 characters instead of letting WeCom cut it', async () => {
		const six = Array.from({ length: 6 }, (_v, n) => `wrSANDBOX00000${n}`).join(',');
		expect((await runWeCom(ctx, jw('create', { ...createParams, chatIds: six })).catch((e) => e)).message).toMatch(
			/Item 1: invalid parameters — chatIds: WeCom allows at most 5/,
		);
		expect((await runWeCom(ctx, jw('create', { ...createParams, state: 's'.repeat(31) })).catch((e) => e)).message).toMatch(
			/state: WeCom allows 30 characters/,
		);
		expect((await runWeCom(ctx, jw('create', { ...createParams, chatIds: '' })).catch((e) => e)).message).toMatch(
			/Item 1: a join way leads into 1 to 5 customer groups, got 0/,
		);
		expect(await calls(ctx, `${base}/add_join_way`)).toHaveLength(0);
	});

	it('without auto-create the room options are not sent', async () => {
		await runWeCom(ctx, jw('create', { ...createParams, autoCreateRoom: false }));
		const [b] = await bodies(ctx, `${base}/add_join_way`);
		expect(b.auto_create_room).toBe(0);
		expect(b).not.toHaveProperty('room_base_name');
		expect(b).not.toHaveProperty('room_base_id');
	});
});
