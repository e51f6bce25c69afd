import { confirmMassSend } from '../../../sandbox/wecom/massSend';
import { useSandbox } from '../../helpers/sandbox';
import { PNG, bodies, calls, json, paired, runWeCom } from './support';

const ctx = useSandbox();
const ADD = '/cgi-bin/externalcontact/add_msg_template';
const ms = (operation: string, extra: Record<string, unknown>) => ({ resource: 'massSend', operation, ...extra });
const createToGroups = (extra: Record<string, unknown> = {}) =>
	ms('create', {
		chatType: 'group',
		sender: 'wangwu',
		chatIds: 'wrSANDBOX000001,wrSANDBOX000007',
		text: '本群将不再运营，扫码加入新群',
		allowSelect: false,
		...extra,
	});

describe('mass-send: create', () => {
	it('queues a mass-send to customer groups with link and image attachments, uploading the image', async () => {
		const out = await runWeCom(
			ctx,
			createToGroups({
				attachments: {
					attachment: [
						{ type: 'link', title: '新群二维码', url: 'https://example.com/join', desc: '扫码入群', picurl: 'https://example.com/qr.png' },
						{ type: 'image', binaryProperty: 'poster', picUrl: '' },
					],
				},
			}),
			{ binary: { poster: PNG } },
		);
		const upload = await calls(ctx, '/cgi-bin/media/upload');
		expect(upload).toHaveLength(1);
		expect(upload[0].query.type).toBe('image');
		const mediaId = (upload[0].response as { media_id: string }).media_id;
		expect(await bodies(ctx, ADD)).toEqual([
			{
				chat_type: 'group',
				sender: 'wangwu',
				text: { content: '本群将不再运营，扫码加入新群' },
				attachments: [
					{
						msgtype: 'link',
						link: { title: '新群二维码', url: 'https://example.com/join', picurl: 'https://example.com/qr.png', desc: '扫码入群' },
					},
					{ msgtype: 'image', image: { media_id: mediaId } },
				],
				chat_id_list: ['wrSANDBOX000001', 'wrSANDBOX000007'],
			},
		]);
		expect(json(out)[0]).toMatchObject({
			msgid: expect.stringMatching(/^msg/),
			status: 'awaitingSenderConfirmation',
			failedCustomerIds: [],
		});
		expect(String(json(out)[0].note)).toMatch(/confirm/);
	});

	it('to customers: IDs, tag filter and allow_select; unknown customers come back as failed', async () => {
		const out = await runWeCom(
			ctx,
			ms('create', {
				chatType: 'single',
				sender: 'zhangsan',
				externalUserIds: 'wmCUST0000AAAA, wmNOBODY',
				tagIds: 'etGRP_STAGE_T5',
				text: '试用反馈',
				allowSelect: true,
			}),
		);
		expect(await bodies(ctx, ADD)).toEqual([
			{
				chat_type: 'single',
				sender: 'zhangsan',
				text: { content: '试用反馈' },
				external_userid: ['wmCUST0000AAAA', 'wmNOBODY'],
				tag_filter: { group_list: [{ tag_list: ['etGRP_STAGE_T5'] }] },
				allow_select: true,
			},
		]);
		expect(json(out)[0].failedCustomerIds).toEqual(['wmNOBODY']);
	});

	it('checks WeCom limits before calling: sender for groups, 9 attachments, 4000 bytes', async () => {
		const run = (extra: Record<string, unknown>) => runWeCom(ctx, createToGroups(extra)).catch((e) => e.message);
		expect(await run({ sender: '' })).toMatch(/Item 1: a mass-send to customer groups needs the sender/);
		expect(await run({ text: '字'.repeat(1400) })).toMatch(/4200 bytes; WeCom allows 4000/);
		const ten = Array.from({ length: 10 }, () => ({ type: 'link', title: 't', url: 'https://e.com' }));
		expect(await run({ attachments: { attachment: ten } })).toMatch(/9 attachments per mass-send, got 10/);
		expect(await run({ text: '', attachments: {} })).toMatch(/needs text or at least one attachment/);
		expect(await calls(ctx, ADD)).toHaveLength(0);
	});
});

describe('mass-send: results', () => {
	async function createTask(): Promise<string> {
		const out = await runWeCom(ctx, createToGroups());
		return String(json(out)[0].msgid);
	}

	it('lists tasks in a period with the real filters, following cursors', async () => {
		for (let n = 0; n < 3; n++) await createTask();
		const now = Date.now();
		const out = await runWeCom(
			ctx,
			ms('getAll', {
				chatType: 'group',
				startTime: new Date(now - 3600_000).toISOString(),
				endTime: new Date(now + 60_000).toISOString(),
				creator: '',
				creatorType: 'company',
				returnAll: true,
				limit: 50,
			}),
		);
		expect(out[0]).toHaveLength(3);
		const [body] = await bodies(ctx, '/cgi-bin/externalcontact/get_groupmsg_list_v2');
		expect(body).toEqual({
			chat_type: 'group',
			start_time: Math.floor((now - 3600_000) / 1000),
			end_time: Math.floor((now + 60_000) / 1000),
			filter_type: 0,
			limit: 100,
		});
		expect(json(out)[0]).toMatchObject({ creator: 'wangwu', create_type: 0, text: { content: '本群将不再运营，扫码加入新群' } });
	});

	it('shows per-sender tasks and per-group status before and after the sender confirms', async () => {
		const msgid = await createTask();
		const before = await runWeCom(ctx, ms('getTasks', { msgid, returnAll: true, limit: 50 }));
		expect(json(before)).toEqual([{ msgid, userid: 'wangwu', status: 0, status_name: 'notSent' }]);
		const results = await runWeCom(ctx, ms('getResults', { msgid, userid: '', returnAll: true, limit: 50 }));
		expect(json(results).map((r) => [r.chat_id, r.status_name])).toEqual([
			['wrSANDBOX000001', 'notSent'],
			['wrSANDBOX000007', 'notSent'],
		]);
		// Without a sender, the task's senders are read first, then each one's results.
		expect(await bodies(ctx, '/cgi-bin/externalcontact/get_groupmsg_send_result')).toEqual([{ msgid, userid: 'wangwu', limit: 1000 }]);

		confirmMassSend(ctx.sb.wecom, msgid, 'wangwu');
		const after = await runWeCom(ctx, ms('getResults', { msgid, userid: 'wangwu', returnAll: true, limit: 50 }));
		expect(json(after).every((r) => r.status === 1 && r.status_name === 'sent' && typeof r.send_time === 'number')).toBe(true);
	});

	it('a customer gets at most 4 company mass-sends a month: WeCom reports the 5th as status 3 and delivers it to nobody', async () => {
		const customer = ctx.sb.wecom.customers.find((c) => c.follow.some((f) => f.userid === 'zhangsan'))!.external_userid;
		const results: unknown[] = [];
		for (let k = 1; k <= 5; k++) {
			const created = await runWeCom(
				ctx,
				ms('create', { chatType: 'single', sender: 'zhangsan', externalUserIds: customer, text: `第 ${k} 条`, allowSelect: false }),
			);
			const msgid = String(json(created)[0].msgid);
			confirmMassSend(ctx.sb.wecom, msgid, 'zhangsan');
			const out = await runWeCom(ctx, ms('getResults', { msgid, userid: 'zhangsan', returnAll: true, limit: 50 }));
			results.push(json(out).map((r) => r.status_name)[0]);
		}
		expect(results).toEqual(['sent', 'sent', 'sent', 'sent', 'failedAlreadyReceivedAnotherMassSend']);
	});

	it('pages per-recipient results with the cursor (limit 1000)', async () => {
		await ctx.control.reset({ groups: 2400 });
		const ids = ctx.sb.wecom.groups
			.filter((g) => g.owner === 'zhangsan')
			.slice(0, 1100)
			.map((g) => g.chat_id);
		const created = await runWeCom(
			ctx,
			ms('create', { chatType: 'group', sender: 'zhangsan', chatIds: ids.join(','), text: '早报', allowSelect: false }),
		);
		const msgid = String(json(created)[0].msgid);
		const out = await runWeCom(ctx, ms('getResults', { msgid, userid: 'zhangsan', returnAll: true, limit: 50 }));
		expect(out[0]).toHaveLength(1100);
		expect((await bodies(ctx, '/cgi-bin/externalcontact/get_groupmsg_send_result')).map((b) => Boolean(b.cursor))).toEqual([false, true]);
	});

	it('an unknown msgid is a WeCom error; Continue On Fail pairs it', async () => {
		const out = await runWeCom(ctx, ms('getTasks', { msgid: 'msgNOPE', returnAll: true, limit: 50 }), { continueOnFail: true });
		expect(json(out)[0].error).toMatch(/WeCom error 40058/);
		expect(paired(out)).toEqual([0]);
	});
});
