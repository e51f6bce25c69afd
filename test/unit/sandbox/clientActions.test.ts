import { decodeMimeWords } from '../../../sandbox/messaging/smtp';
import { useSandbox } from '../../helpers/sandbox';

const ctx = useSandbox();

async function wecom(path: string, body: unknown): Promise<any> {
	const t = (await (
		await fetch(`${ctx.sb.url}/cgi-bin/gettoken?corpid=${ctx.appCredentials.corpId}&corpsecret=${ctx.appCredentials.secret}`)
	).json()) as { access_token: string };
	const r = await fetch(`${ctx.sb.url}${path}?access_token=${t.access_token}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return r.json();
}

describe('sandbox: what people do in the WeCom client', () => {
	it("a scan of a join code adds the customer to the first group with room, with the code's state (as groupchat/get then shows)", async () => {
		const { config_id } = await wecom('/cgi-bin/externalcontact/groupchat/add_join_way', {
			scene: 2,
			chat_id_list: ['wrSANDBOX000003', 'wrSANDBOX000000'],
			state: 'rv_abc',
		});
		// Group #3 is a large seeded group (260+): with room, it takes the newcomer first.
		const scan = await ctx.control.scanJoinWay(config_id, ['wmNEW1'], ['新朋友']);
		expect(scan).toMatchObject({ chat_id: 'wrSANDBOX000003', state: 'rv_abc', joined: ['wmNEW1'] });
		const { group_chat } = await wecom('/cgi-bin/externalcontact/groupchat/get', { chat_id: 'wrSANDBOX000003', need_name: 1 });
		expect(group_chat.member_list.find((m: { userid: string }) => m.userid === 'wmNEW1')).toMatchObject({
			type: 2,
			join_scene: 3,
			state: 'rv_abc',
			name: '新朋友',
		});
	});

	it('refuses a scan when every group of the code is full, and an unknown code', async () => {
		const { config_id } = await wecom('/cgi-bin/externalcontact/groupchat/add_join_way', { scene: 2, chat_id_list: ['wrSANDBOX000003'] });
		const crowd = Array.from({ length: 300 }, (_, i) => `wmCROWD${i}`);
		await expect(ctx.control.scanJoinWay(config_id, crowd)).rejects.toThrow(/409.*full/);
		await expect(ctx.control.scanJoinWay('nope', ['wmX'])).rejects.toThrow(/404/);
	});

	it('an owner renames a group, edits its notice and removes customers (never staff)', async () => {
		const before = (await wecom('/cgi-bin/externalcontact/groupchat/get', { chat_id: 'wrSANDBOX000001' })).group_chat;
		const customer = before.member_list.find((m: { type: number }) => m.type === 2).userid;
		const r = await ctx.control.editGroup('wrSANDBOX000001', {
			name: 'MarTech 营销交流群',
			notice: '新群规',
			remove: [customer, before.owner],
		});
		expect(r).toMatchObject({
			name: 'MarTech 营销交流群',
			notice: '新群规',
			removed: [customer],
			member_count: before.member_list.length - 1,
		});
		const after = (await wecom('/cgi-bin/externalcontact/groupchat/get', { chat_id: 'wrSANDBOX000001' })).group_chat;
		expect([after.name, after.notice, after.member_list.some((m: { userid: string }) => m.userid === customer)]).toEqual([
			'MarTech 营销交流群',
			'新群规',
			false,
		]);
	});

	it('lists the app messages WeCom accepted', async () => {
		const appSecret = { ...ctx.appCredentials };
		const t = (await (await fetch(`${ctx.sb.url}/cgi-bin/gettoken?corpid=${appSecret.corpId}&corpsecret=sandbox-app-secret`)).json()) as {
			access_token: string;
		};
		await fetch(`${ctx.sb.url}/cgi-bin/message/send?access_token=${t.access_token}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ touser: 'lisi', msgtype: 'text', agentid: appSecret.agentId, text: { content: '你好' } }),
		});
		expect(await ctx.control.appMessages()).toEqual([
			expect.objectContaining({ msgid: 'appmsg_1', message: expect.objectContaining({ touser: 'lisi' }) }),
		]);
	});
});

describe('sandbox SMTP: subjects as mail clients write them', () => {
	it('joins adjacent encoded words (RFC 2047) so long Chinese subjects read whole', () => {
		const a = Buffer.from('5 分钟后开播：', 'utf8').toString('base64');
		const b = Buffer.from('B2B 私域增长实战', 'utf8').toString('base64');
		expect(decodeMimeWords(`=?UTF-8?B?${a}?= =?UTF-8?B?${b}?=`)).toBe('5 分钟后开播：B2B 私域增长实战');
		expect(decodeMimeWords('Re: =?UTF-8?Q?caf=C3=A9?= ok')).toBe('Re: café ok');
	});
});
