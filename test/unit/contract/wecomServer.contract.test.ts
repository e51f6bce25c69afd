/**
 * The WeCom server API emulator against WeCom's documented request and response examples (WeCom has
 * no official Node client). Every path the pack calls (grep '/cgi-bin/' lib/wecom) is exercised once
 * with the documented request and checked for the documented response fields, and once with a
 * documented error. Pages (developer.work.weixin.qq.com/document/path/<id>): 获取access_token 91039,
 * 全局错误码 90313 (40014 invalid access_token, 41001 missing, 40058 invalid parameter, 93000 invalid
 * webhook url), 获取客户群列表 92120, 获取客户群详情 92122, 获取客户列表 92113, 获取客户详情 92114,
 * 批量获取客户详情 92994, 管理企业标签 92117, 编辑客户企业标签 92118, 发送应用消息 90236, 群聊会话
 * (appchat create/update/get/send) 90245-90248, 客户群「加入群聊」管理 92229, 入群欢迎语素材管理 92366,
 * 创建企业群发 92135, 获取群发记录列表/任务/成员执行结果 93338, 获取群聊数据统计 92133, 分配离职成员的客户群
 * 92127, 分配在职成员的客户群 95703, 上传临时素材 90253, 群机器人配置说明 91770; the editor's pickers:
 * 获取配置了客户联系功能的成员列表 92571, 获取部门成员 90200, 获取部门列表 90208, 获取标签列表 90216;
 * 配置客户联系「联系我」方式 92228 (add/get/list/update/del_contact_way), 发送新客户欢迎语 92137
 * (welcome_code: once, within 20 seconds; 41051 when already used).
 */
import { useSandbox } from '../../helpers/sandbox';
import { SANDBOX_CORP, SANDBOX_ROBOT_KEYS } from '../../../sandbox/wecom/data';

const ctx = useSandbox();
type J = Record<string, any>;

async function call(
	method: 'GET' | 'POST',
	path: string,
	token: string | undefined,
	body?: unknown,
	query: Record<string, string> = {},
): Promise<J> {
	const qs = new URLSearchParams({ ...(token !== undefined ? { access_token: token } : {}), ...query });
	const res = await fetch(`${ctx.sb.url}${path}?${qs}`, {
		method,
		...(body !== undefined && method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
	});
	expect(res.status).toBe(200); // WeCom answers HTTP 200 and reports errors in errcode.
	return (await res.json()) as J;
}
async function token(secret: string): Promise<string> {
	const r = await call('GET', '/cgi-bin/gettoken', undefined, undefined, { corpid: SANDBOX_CORP.corpId, corpsecret: secret });
	expect(r).toMatchObject({ errcode: 0, errmsg: 'ok', access_token: expect.any(String), expires_in: 7200 });
	return r.access_token;
}
const ok = (r: J, ...fields: string[]) => {
	expect(r).toMatchObject({ errcode: 0, errmsg: 'ok' });
	for (const f of fields) expect(r).toHaveProperty(f);
};
const refused = (r: J, errcode: number) => {
	expect(r.errcode).toBe(errcode);
	expect(r.errmsg).toMatch(/more info at https:\/\/open\.work\.weixin\.qq\.com\/devtool\/query\?e=\d+/);
};
async function upload(path: string, query: Record<string, string>, bytes = 64): Promise<J> {
	const form = new FormData();
	form.append('media', new Blob([Buffer.alloc(bytes, 1)]), 'brief.pdf');
	const res = await fetch(`${ctx.sb.url}${path}?${new URLSearchParams(query)}`, { method: 'POST', body: form });
	return (await res.json()) as J;
}

/** Every path the pack calls; the test below fails when one is not exercised. */
const PACK_PATHS = [
	'/cgi-bin/gettoken',
	'/cgi-bin/externalcontact/groupchat/list',
	'/cgi-bin/externalcontact/groupchat/get',
	'/cgi-bin/externalcontact/list',
	'/cgi-bin/externalcontact/get',
	'/cgi-bin/externalcontact/batch/get_by_user',
	'/cgi-bin/externalcontact/get_corp_tag_list',
	'/cgi-bin/externalcontact/add_corp_tag',
	'/cgi-bin/externalcontact/mark_tag',
	'/cgi-bin/message/send',
	'/cgi-bin/appchat/create',
	'/cgi-bin/appchat/update',
	'/cgi-bin/appchat/get',
	'/cgi-bin/appchat/send',
	'/cgi-bin/externalcontact/groupchat/add_join_way',
	'/cgi-bin/externalcontact/groupchat/get_join_way',
	'/cgi-bin/externalcontact/groupchat/update_join_way',
	'/cgi-bin/externalcontact/groupchat/del_join_way',
	'/cgi-bin/externalcontact/group_welcome_template/add',
	'/cgi-bin/externalcontact/group_welcome_template/get',
	'/cgi-bin/externalcontact/group_welcome_template/edit',
	'/cgi-bin/externalcontact/group_welcome_template/del',
	'/cgi-bin/externalcontact/add_msg_template',
	'/cgi-bin/externalcontact/get_groupmsg_list_v2',
	'/cgi-bin/externalcontact/get_groupmsg_task',
	'/cgi-bin/externalcontact/get_groupmsg_send_result',
	'/cgi-bin/externalcontact/groupchat/statistic',
	'/cgi-bin/externalcontact/groupchat/statistic_group_by_day',
	'/cgi-bin/externalcontact/groupchat/transfer',
	'/cgi-bin/externalcontact/groupchat/onjob_transfer',
	'/cgi-bin/media/upload',
	'/cgi-bin/webhook/send',
	'/cgi-bin/webhook/upload_media',
	'/cgi-bin/externalcontact/get_follow_user_list',
	'/cgi-bin/user/simplelist',
	'/cgi-bin/department/list',
	'/cgi-bin/tag/list',
	'/cgi-bin/externalcontact/add_contact_way',
	'/cgi-bin/externalcontact/get_contact_way',
	'/cgi-bin/externalcontact/list_contact_way',
	'/cgi-bin/externalcontact/update_contact_way',
	'/cgi-bin/externalcontact/del_contact_way',
	'/cgi-bin/externalcontact/send_welcome_msg',
];

describe('WeCom server API emulator against the documented examples', () => {
	it('gettoken: access_token and expires_in 7200; 40013 wrong corpid, 40001 wrong secret', async () => {
		await token(SANDBOX_CORP.contactSecret);
		refused(await call('GET', '/cgi-bin/gettoken', undefined, undefined, { corpid: 'wwnope', corpsecret: 'x' }), 40013);
		refused(await call('GET', '/cgi-bin/gettoken', undefined, undefined, { corpid: SANDBOX_CORP.corpId, corpsecret: 'x' }), 40001);
	});

	it('every token-guarded path answers 41001 without access_token and 40014 with an unknown one', async () => {
		for (const p of PACK_PATHS.filter((x) => !/gettoken|webhook/.test(x))) {
			const method =
				(/\/(get|list)$/.test(p) && !p.includes('groupchat') && !p.includes('welcome')) || /get_follow_user_list|simplelist/.test(p)
					? 'GET'
					: 'POST';
			refused(await call(method, p, undefined, {}), 41001);
			refused(await call(method, p, 'not-a-token', {}), 40014);
		}
	});

	it('customer groups, customers and tags (客户联系): documented fields, documented parameter errors', async () => {
		const t = await token(SANDBOX_CORP.contactSecret);
		const list = await call('POST', '/cgi-bin/externalcontact/groupchat/list', t, {
			status_filter: 0,
			owner_filter: { userid_list: ['zhangsan'] },
			cursor: '',
			limit: 10,
		});
		ok(list, 'group_chat_list');
		expect(list.group_chat_list[0]).toEqual({ chat_id: expect.any(String), status: expect.any(Number) });
		refused(await call('POST', '/cgi-bin/externalcontact/groupchat/list', t, { limit: 1001 }), 40058);
		const chatId = list.group_chat_list[0].chat_id;
		const detail = await call('POST', '/cgi-bin/externalcontact/groupchat/get', t, { chat_id: chatId, need_name: 1 });
		ok(
			detail,
			'group_chat.chat_id',
			'group_chat.name',
			'group_chat.owner',
			'group_chat.create_time',
			'group_chat.member_list',
			'group_chat.admin_list',
			'group_chat.member_version',
		);
		expect(detail.group_chat.member_list[0]).toMatchObject({
			userid: expect.any(String),
			type: expect.any(Number),
			join_time: expect.any(Number),
			join_scene: expect.any(Number),
		});
		refused(await call('POST', '/cgi-bin/externalcontact/groupchat/get', t, { chat_id: 'wrNOPE' }), 701008);

		const customers = await call('GET', '/cgi-bin/externalcontact/list', t, undefined, { userid: 'zhangsan' });
		ok(customers, 'external_userid');
		refused(await call('GET', '/cgi-bin/externalcontact/list', t, undefined, { userid: 'nobody' }), 40003);
		const ext = customers.external_userid[0];
		const one = await call('GET', '/cgi-bin/externalcontact/get', t, undefined, { external_userid: ext });
		ok(one, 'external_contact.external_userid', 'external_contact.name', 'external_contact.type', 'follow_user');
		refused(await call('GET', '/cgi-bin/externalcontact/get', t, undefined, { external_userid: 'wmNOPE' }), 40096);
		const batch = await call('POST', '/cgi-bin/externalcontact/batch/get_by_user', t, {
			userid_list: ['zhangsan'],
			cursor: '',
			limit: 100,
		});
		ok(batch, 'external_contact_list', 'next_cursor');
		expect(batch.external_contact_list[0]).toHaveProperty('follow_info.userid');
		refused(await call('POST', '/cgi-bin/externalcontact/batch/get_by_user', t, { userid_list: [] }), 40058);

		const tags = await call('POST', '/cgi-bin/externalcontact/get_corp_tag_list', t, {});
		ok(tags, 'tag_group');
		expect(tags.tag_group[0]).toMatchObject({ group_id: expect.any(String), group_name: expect.any(String) });
		expect(tags.tag_group[0].tag[0]).toMatchObject({
			id: expect.any(String),
			name: expect.any(String),
			create_time: expect.any(Number),
			order: expect.any(Number),
		});
		const added = await call('POST', '/cgi-bin/externalcontact/add_corp_tag', t, { group_name: '直播', tag: [{ name: '0612 到场' }] });
		ok(added, 'tag_group.group_id', 'tag_group.tag');
		refused(await call('POST', '/cgi-bin/externalcontact/add_corp_tag', t, { group_name: '直播', tag: [{ name: '0612 到场' }] }), 40071);
		const tagId = added.tag_group.tag[0].id;
		const followUser = one.follow_user[0].userid;
		ok(await call('POST', '/cgi-bin/externalcontact/mark_tag', t, { userid: followUser, external_userid: ext, add_tag: [tagId] }));
		refused(
			await call('POST', '/cgi-bin/externalcontact/mark_tag', t, { userid: followUser, external_userid: ext, add_tag: ['etNOPE'] }),
			40068,
		);
	});

	it('app messages and app chats (self-built app token): documented fields; 48002 with a contact token', async () => {
		const app = await token(SANDBOX_CORP.appSecret);
		const contact = await token(SANDBOX_CORP.contactSecret);
		const sent = await call('POST', '/cgi-bin/message/send', app, {
			touser: 'zhangsan|nobody',
			msgtype: 'text',
			agentid: SANDBOX_CORP.agentId,
			text: { content: '早报已生成' },
		});
		ok(sent, 'invaliduser');
		refused(
			await call('POST', '/cgi-bin/message/send', contact, {
				touser: 'zhangsan',
				msgtype: 'text',
				agentid: SANDBOX_CORP.agentId,
				text: { content: 'x' },
			}),
			48002,
		);
		refused(
			await call('POST', '/cgi-bin/message/send', app, { touser: 'zhangsan', msgtype: 'text', agentid: 1, text: { content: 'x' } }),
			40056,
		);
		const created = await call('POST', '/cgi-bin/appchat/create', app, {
			name: '市场部早报',
			owner: 'zhangsan',
			userlist: ['zhangsan', 'lisi'],
			chatid: 'MORNING01',
		});
		ok(created, 'chatid');
		expect(created.chatid).toBe('MORNING01');
		refused(await call('POST', '/cgi-bin/appchat/create', app, { userlist: ['zhangsan'] }), 40058);
		ok(await call('POST', '/cgi-bin/appchat/update', app, { chatid: 'MORNING01', add_user_list: ['wangwu'] }));
		refused(await call('POST', '/cgi-bin/appchat/update', app, { chatid: 'NOPE', name: 'x' }), 86003);
		const got = await call('GET', '/cgi-bin/appchat/get', app, undefined, { chatid: 'MORNING01' });
		ok(got, 'chat_info.chatid', 'chat_info.name', 'chat_info.owner', 'chat_info.userlist');
		ok(await call('POST', '/cgi-bin/appchat/send', app, { chatid: 'MORNING01', msgtype: 'text', text: { content: '早上好' }, safe: 0 }));
		refused(await call('POST', '/cgi-bin/appchat/send', app, { chatid: 'NOPE', msgtype: 'text', text: { content: 'x' } }), 86003);
	});

	it('join ways, welcome templates, mass-send, statistics and transfers: documented fields and errors', async () => {
		const t = await token(SANDBOX_CORP.contactSecret);
		const chatId = (await call('POST', '/cgi-bin/externalcontact/groupchat/list', t, { limit: 10 })).group_chat_list[0].chat_id;
		const way = await call('POST', '/cgi-bin/externalcontact/groupchat/add_join_way', t, {
			scene: 2,
			remark: '直播群',
			auto_create_room: 1,
			room_base_name: '直播群',
			room_base_id: 1,
			chat_id_list: [chatId],
			state: 'live0612',
		});
		ok(way, 'config_id');
		refused(await call('POST', '/cgi-bin/externalcontact/groupchat/add_join_way', t, { scene: 3, chat_id_list: [chatId] }), 40058);
		const got = await call('POST', '/cgi-bin/externalcontact/groupchat/get_join_way', t, { config_id: way.config_id });
		ok(got, 'join_way.config_id', 'join_way.scene', 'join_way.qr_code', 'join_way.chat_id_list', 'join_way.state');
		ok(
			await call('POST', '/cgi-bin/externalcontact/groupchat/update_join_way', t, {
				config_id: way.config_id,
				scene: 2,
				chat_id_list: [chatId],
				state: 'live0613',
			}),
		);
		ok(await call('POST', '/cgi-bin/externalcontact/groupchat/del_join_way', t, { config_id: way.config_id }));
		refused(await call('POST', '/cgi-bin/externalcontact/groupchat/get_join_way', t, { config_id: way.config_id }), 40058);

		const tpl = await call('POST', '/cgi-bin/externalcontact/group_welcome_template/add', t, {
			text: { content: '欢迎 %NICKNAME%' },
			notify: 1,
		});
		ok(tpl, 'template_id');
		refused(await call('POST', '/cgi-bin/externalcontact/group_welcome_template/add', t, {}), 40058);
		ok(await call('POST', '/cgi-bin/externalcontact/group_welcome_template/get', t, { template_id: tpl.template_id }), 'text.content');
		ok(
			await call('POST', '/cgi-bin/externalcontact/group_welcome_template/edit', t, {
				template_id: tpl.template_id,
				text: { content: '欢迎加入' },
			}),
		);
		ok(await call('POST', '/cgi-bin/externalcontact/group_welcome_template/del', t, { template_id: tpl.template_id }));
		refused(await call('POST', '/cgi-bin/externalcontact/group_welcome_template/del', t, { template_id: tpl.template_id }), 40058);

		const mass = await call('POST', '/cgi-bin/externalcontact/add_msg_template', t, {
			chat_type: 'group',
			sender: 'zhangsan',
			text: { content: '今晚 8 点直播' },
		});
		ok(mass, 'msgid', 'fail_list');
		refused(await call('POST', '/cgi-bin/externalcontact/add_msg_template', t, { chat_type: 'broadcast', text: { content: 'x' } }), 40058);
		const now = Math.floor(ctx.sb.state.now() / 1000);
		ok(
			await call('POST', '/cgi-bin/externalcontact/get_groupmsg_list_v2', t, {
				chat_type: 'group',
				start_time: now - 86400,
				end_time: now + 60,
				limit: 50,
			}),
			'group_msg_list',
		);
		refused(
			await call('POST', '/cgi-bin/externalcontact/get_groupmsg_list_v2', t, { chat_type: 'group', start_time: now, end_time: now - 10 }),
			40058,
		);
		ok(await call('POST', '/cgi-bin/externalcontact/get_groupmsg_task', t, { msgid: mass.msgid, limit: 100 }), 'task_list');
		refused(await call('POST', '/cgi-bin/externalcontact/get_groupmsg_task', t, { msgid: 'msgNOPE' }), 40058);
		ok(
			await call('POST', '/cgi-bin/externalcontact/get_groupmsg_send_result', t, { msgid: mass.msgid, userid: 'zhangsan', limit: 100 }),
			'send_list',
		);
		refused(await call('POST', '/cgi-bin/externalcontact/get_groupmsg_send_result', t, { msgid: mass.msgid }), 40058);

		const day = Math.floor(ctx.sb.state.now() / 86400000) * 86400 - 86400 * 2;
		const stat = await call('POST', '/cgi-bin/externalcontact/groupchat/statistic', t, {
			day_begin_time: day,
			day_end_time: day,
			owner_filter: { userid_list: ['zhangsan'] },
			order_by: 1,
			order_asc: 0,
			offset: 0,
			limit: 100,
		});
		ok(stat, 'total', 'next_offset', 'items');
		refused(await call('POST', '/cgi-bin/externalcontact/groupchat/statistic', t, { owner_filter: { userid_list: ['zhangsan'] } }), 40058);
		ok(
			await call('POST', '/cgi-bin/externalcontact/groupchat/statistic_group_by_day', t, {
				day_begin_time: day,
				day_end_time: day,
				owner_filter: { userid_list: ['zhangsan'] },
			}),
			'items',
		);
		refused(
			await call('POST', '/cgi-bin/externalcontact/groupchat/statistic_group_by_day', t, { owner_filter: { userid_list: ['zhangsan'] } }),
			40058,
		);

		const mine = (
			await call('POST', '/cgi-bin/externalcontact/groupchat/list', t, {
				status_filter: 0,
				owner_filter: { userid_list: ['zhangsan'] },
				limit: 10,
			})
		).group_chat_list;
		ok(
			await call('POST', '/cgi-bin/externalcontact/groupchat/onjob_transfer', t, { chat_id_list: [mine[0].chat_id], new_owner: 'lisi' }),
			'failed_chat_list',
		);
		refused(
			await call('POST', '/cgi-bin/externalcontact/groupchat/transfer', t, { chat_id_list: [mine[0].chat_id], new_owner: 'nobody' }),
			40003,
		);
		ok(
			await call('POST', '/cgi-bin/externalcontact/groupchat/transfer', t, { chat_id_list: [mine[0].chat_id], new_owner: 'lisi' }),
			'failed_chat_list',
		);
	});

	it('temporary media and group robots: documented fields; 40004 bad type, 93000 bad robot key', async () => {
		const app = await token(SANDBOX_CORP.appSecret);
		const media = await upload('/cgi-bin/media/upload', { access_token: app, type: 'file' });
		ok(media, 'type', 'media_id', 'created_at');
		refused(await upload('/cgi-bin/media/upload', { access_token: app, type: 'movie' }), 40004);
		const key = SANDBOX_ROBOT_KEYS[0];
		ok(await call('POST', '/cgi-bin/webhook/send', undefined, { msgtype: 'markdown', markdown: { content: '**早报**' } }, { key }));
		refused(
			await call('POST', '/cgi-bin/webhook/send', undefined, { msgtype: 'text', text: { content: 'x' } }, { key: 'not-a-key' }),
			93000,
		);
		const robotMedia = await upload('/cgi-bin/webhook/upload_media', { key, type: 'file' });
		ok(robotMedia, 'type', 'media_id', 'created_at');
		refused(await upload('/cgi-bin/webhook/upload_media', { key: 'not-a-key', type: 'file' }), 93000);
	});

	it('pickers: get_follow_user_list (userids), and the address book a self-built app may read (user/simplelist, department/list, tag/list); 48002 for the Customer Contact secret', async () => {
		const contact = await token(SANDBOX_CORP.contactSecret);
		const app = await token(SANDBOX_CORP.appSecret);
		const follow = await call('GET', '/cgi-bin/externalcontact/get_follow_user_list', contact);
		ok(follow, 'follow_user');
		expect(follow.follow_user.every((u: unknown) => typeof u === 'string')).toBe(true);
		refused(await call('GET', '/cgi-bin/externalcontact/get_follow_user_list', 'bad-token'), 40014);
		const users = await call('GET', '/cgi-bin/user/simplelist', app, undefined, { department_id: '1', fetch_child: '1' });
		ok(users, 'userlist');
		expect(users.userlist[0]).toMatchObject({ userid: expect.any(String), name: expect.any(String) });
		expect(Array.isArray(users.userlist[0].department)).toBe(true);
		refused(await call('GET', '/cgi-bin/user/simplelist', contact, undefined, { department_id: '1' }), 48002);
		refused(await call('GET', '/cgi-bin/user/simplelist', app, undefined, { department_id: '999999' }), 60003);
		const departments = await call('GET', '/cgi-bin/department/list', app);
		ok(departments, 'department');
		expect(departments.department[0]).toMatchObject({ id: expect.any(Number), name: expect.any(String), parentid: expect.any(Number) });
		refused(await call('GET', '/cgi-bin/department/list', contact), 48002);
		const tags = await call('GET', '/cgi-bin/tag/list', app);
		ok(tags, 'taglist');
		expect(tags.taglist[0]).toMatchObject({ tagid: expect.any(Number), tagname: expect.any(String) });
		refused(await call('GET', '/cgi-bin/tag/list', contact), 48002);
	});

	it('contact ways (联系我) and welcome messages: documented fields; 40058 bad type, 40003 unknown user, 41051 spent or late welcome code', async () => {
		const t = await token(SANDBOX_CORP.contactSecret);
		const added = await call('POST', '/cgi-bin/externalcontact/add_contact_way', t, {
			type: 1,
			scene: 2,
			style: 1,
			remark: '渠道客户',
			skip_verify: true,
			state: 'teststate',
			user: ['zhangsan'],
		});
		ok(added, 'config_id', 'qr_code');
		refused(await call('POST', '/cgi-bin/externalcontact/add_contact_way', t, { type: 3, scene: 2, user: ['zhangsan'] }), 40058);
		refused(await call('POST', '/cgi-bin/externalcontact/add_contact_way', t, { type: 1, scene: 2, user: ['nobody'] }), 40003);
		refused(
			await call('POST', '/cgi-bin/externalcontact/add_contact_way', t, { type: 2, scene: 2, user: ['zhangsan'], is_temp: true }),
			40058,
		);
		const got = await call('POST', '/cgi-bin/externalcontact/get_contact_way', t, { config_id: added.config_id });
		ok(got, 'contact_way');
		expect(got.contact_way).toMatchObject({
			config_id: added.config_id,
			type: 1,
			scene: 2,
			remark: '渠道客户',
			skip_verify: true,
			state: 'teststate',
			qr_code: added.qr_code,
			user: ['zhangsan'],
		});
		refused(await call('POST', '/cgi-bin/externalcontact/get_contact_way', t, { config_id: 'nope' }), 40058);
		const listed = await call('POST', '/cgi-bin/externalcontact/list_contact_way', t, { limit: 1000 });
		ok(listed, 'contact_way');
		expect(listed.contact_way).toEqual([{ config_id: added.config_id }]);
		refused(await call('POST', '/cgi-bin/externalcontact/list_contact_way', t, { start_time: 1, end_time: 1 + 91 * 86400 }), 40058);
		ok(await call('POST', '/cgi-bin/externalcontact/update_contact_way', t, { config_id: added.config_id, state: 'teststate2' }));
		refused(await call('POST', '/cgi-bin/externalcontact/update_contact_way', t, { config_id: 'nope', state: 'x' }), 40058);
		const scanned = await ctx.control.scanContactWay(added.config_id, 'wmCONTRACT01');
		expect(scanned).toMatchObject({
			UserID: 'zhangsan',
			ExternalUserID: 'wmCONTRACT01',
			State: 'teststate2',
			WelcomeCode: expect.any(String),
		});
		const welcome = {
			welcome_code: scanned.WelcomeCode,
			text: { content: '文本消息内容' },
			attachments: [{ msgtype: 'link', link: { title: '消息标题', url: 'https://example.com' } }],
		};
		ok(await call('POST', '/cgi-bin/externalcontact/send_welcome_msg', t, welcome));
		refused(await call('POST', '/cgi-bin/externalcontact/send_welcome_msg', t, welcome), 41051);
		const late = await ctx.control.scanContactWay(added.config_id, 'wmCONTRACT02');
		await ctx.control.advanceClock(20_001);
		refused(await call('POST', '/cgi-bin/externalcontact/send_welcome_msg', t, { ...welcome, welcome_code: late.WelcomeCode }), 41051);
		ok(await call('POST', '/cgi-bin/externalcontact/del_contact_way', t, { config_id: added.config_id }));
		refused(await call('POST', '/cgi-bin/externalcontact/del_contact_way', t, { config_id: added.config_id }), 40058);
	});

	it('covers every WeCom path the pack calls (grep of lib/wecom)', async () => {
		const { readFileSync, readdirSync } = await import('fs');
		const dir = `${__dirname}/../../../lib/wecom`;
		const src = readdirSync(dir)
			.filter((f) => f.endsWith('.ts'))
			.map((f) => readFileSync(`${dir}/${f}`, 'utf8'))
			.join('\n');
		const called = new Set([...src.matchAll(/['`](\/cgi-bin\/[a-z_/0-9]+)['`$]/g)].map((m) => m[1]));
		for (const p of called) expect(PACK_PATHS).toContain(p.endsWith('get_groupmsg_list_v') ? `${p}2` : p);
		// And each listed path is called by a test above (not only listed).
		const self = readFileSync(__filename, 'utf8');
		for (const p of PACK_PATHS) expect(self.split(`'${p}'`).length - 1).toBeGreaterThanOrEqual(2);
	});
});
