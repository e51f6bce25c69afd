import { SANDBOX_CORP } from '../../../sandbox/wecom/data';
import { useSandbox } from '../../helpers/sandbox';
import { bodies, calls, json, paired, runWeCom } from './support';

const ctx = useSandbox();
const SEND = '/cgi-bin/message/send';
const am = (extra: Record<string, unknown>) => ({
	resource: 'appMessage',
	operation: 'send',
	toUsers: 'wangwu',
	toParties: '',
	toTags: '',
	appMessageType: 'text',
	appContent: '新试用申请：张经理',
	appOversize: 'split',
	options: {},
	...extra,
});

describe('app message (应用消息)', () => {
	it('sends text to staff with the agentid; unknown users are reported, not fatal', async () => {
		const out = await runWeCom(ctx, am({ toUsers: 'wangwu, ghost', toParties: '2', options: { duplicateCheckSec: 600 } }), {
			secret: 'app',
		});
		expect(await bodies(ctx, SEND)).toEqual([
			{
				touser: 'wangwu|ghost',
				toparty: '2',
				agentid: SANDBOX_CORP.agentId,
				msgtype: 'text',
				text: { content: '新试用申请：张经理' },
				enable_duplicate_check: 1,
				duplicate_check_interval: 600,
			},
		]);
		expect(json(out)[0]).toMatchObject({
			sent: true,
			msgid: expect.any(String),
			invalidUsers: ['ghost'],
			invalidParties: [],
			part: 1,
			parts: 1,
		});
	});

	it('sends a text card', async () => {
		await runWeCom(
			ctx,
			am({
				appMessageType: 'textcard',
				cardTitle: '新线索',
				cardDescription: '<div class="highlight">MQL</div>',
				cardUrl: 'https://crm.example.com/lead/1',
				cardButton: '查看',
			}),
			{ secret: 'app' },
		);
		expect((await bodies(ctx, SEND))[0]).toEqual({
			touser: 'wangwu',
			agentid: SANDBOX_CORP.agentId,
			msgtype: 'textcard',
			textcard: { title: '新线索', description: '<div class="highlight">MQL</div>', url: 'https://crm.example.com/lead/1', btntxt: '查看' },
		});
	});

	it('splits markdown over 2048 bytes, or refuses it when asked', async () => {
		const content = Array.from({ length: 40 }, (_v, n) => `> 第${n}条：${'线索'.repeat(12)}`).join('\n');
		const out = await runWeCom(ctx, am({ appMessageType: 'markdown', appContent: content }), { secret: 'app' });
		const sent = await bodies(ctx, SEND);
		expect(sent.length).toBeGreaterThan(1);
		expect(sent.every((b) => Buffer.byteLength(b.markdown.content) <= 2048)).toBe(true);
		expect(json(out).map((j) => j.parts)).toEqual(sent.map(() => sent.length));
		const err = await runWeCom(ctx, am({ appMessageType: 'markdown', appContent: content, appOversize: 'error' }), { secret: 'app' }).catch(
			(e) => e,
		);
		expect(err.message).toMatch(/Item 1: the content is \d+ bytes; WeCom allows 2048/);
	});

	it('needs a recipient, and says so naming the field', async () => {
		const err = await runWeCom(ctx, am({ toUsers: '' }), { secret: 'app' }).catch((e) => e);
		expect(err.message).toMatch(/Item 1: invalid parameters — toUsers: give at least one user, department or tag/);
	});

	it('with the Customer Contact secret WeCom refuses (48002); all-invalid recipients are 81013', async () => {
		expect((await runWeCom(ctx, am({}), { secret: 'contact' }).catch((e) => e)).message).toMatch(/WeCom error 48002/);
		expect((await runWeCom(ctx, am({ toUsers: 'ghost' }), { secret: 'app' }).catch((e) => e)).message).toMatch(/WeCom error 81013/);
	});

	it('pairs each item and continues on fail', async () => {
		const out = await runWeCom(ctx, (i) => am({ toUsers: i === 0 ? 'ghost' : 'wangwu' }), {
			secret: 'app',
			items: [{}, {}],
			continueOnFail: true,
		});
		expect(paired(out)).toEqual([0, 1]);
		expect(json(out)[0].error).toMatch(/81013/);
		expect(json(out)[1].sent).toBe(true);
	});
});

describe('app chat (群聊会话)', () => {
	const ac = (operation: string, extra: Record<string, unknown>) => ({ resource: 'appChat', operation, ...extra });

	it('creates, renames, adds and removes members, gets, and sends', async () => {
		const created = json(
			await runWeCom(ctx, ac('create', { name: '线索跟进群', userIds: 'zhangsan,lisi,wangwu', owner: 'lisi', chatId: 'leads01' }), {
				secret: 'app',
			}),
		)[0];
		expect(created).toEqual({ chatid: 'leads01' });
		expect(await bodies(ctx, '/cgi-bin/appchat/create')).toEqual([
			{ name: '线索跟进群', owner: 'lisi', userlist: ['zhangsan', 'lisi', 'wangwu'], chatid: 'leads01' },
		]);

		const updated = json(
			await runWeCom(
				ctx,
				ac('update', { chatId: 'leads01', name: 'SQL 跟进群', owner: '', addUserIds: 'zhaoliu', removeUserIds: 'wangwu' }),
				{ secret: 'app' },
			),
		)[0];
		expect(await bodies(ctx, '/cgi-bin/appchat/update')).toEqual([
			{ chatid: 'leads01', name: 'SQL 跟进群', add_user_list: ['zhaoliu'], del_user_list: ['wangwu'] },
		]);
		expect(updated).toMatchObject({ chatid: 'leads01', name: 'SQL 跟进群', owner: 'lisi', userlist: ['zhangsan', 'lisi', 'zhaoliu'] });
		expect((await calls(ctx, '/cgi-bin/appchat/get'))[0].query.chatid).toBe('leads01');

		const sent = json(
			await runWeCom(
				ctx,
				ac('send', { chatId: 'leads01', appMessageType: 'text', appContent: '今天新增 3 个 SQL', appOversize: 'split' }),
				{ secret: 'app' },
			),
		);
		expect(sent).toEqual([{ sent: true, chatid: 'leads01', messageType: 'text', part: 1, parts: 1 }]);
		expect(await bodies(ctx, '/cgi-bin/appchat/send')).toEqual([
			{ chatid: 'leads01', msgtype: 'text', text: { content: '今天新增 3 个 SQL' } },
		]);
	});

	it('checks members (2–2000) and chat ID format before calling', async () => {
		expect(
			(await runWeCom(ctx, ac('create', { name: 'x', userIds: 'zhangsan', owner: '', chatId: '' }), { secret: 'app' }).catch((e) => e))
				.message,
		).toMatch(/Item 1: invalid parameters — userIds: an app chat needs at least 2 members/);
		expect(
			(
				await runWeCom(ctx, ac('create', { name: 'x', userIds: 'zhangsan,lisi', owner: '', chatId: 'bad-id!' }), { secret: 'app' }).catch(
					(e) => e,
				)
			).message,
		).toMatch(/chatId: letters and digits/);
		expect(await calls(ctx, '/cgi-bin/appchat/create')).toHaveLength(0);
	});

	it('an unknown chat is WeCom error 86003', async () => {
		expect(
			(
				await runWeCom(ctx, ac('send', { chatId: 'nochat', appMessageType: 'text', appContent: 'x', appOversize: 'split' }), {
					secret: 'app',
				}).catch((e) => e)
			).message,
		).toMatch(/WeCom error 86003/);
	});
});
