import { randomBytes } from 'crypto';
import type { Router } from '../core/router';
import type { WeComEmulator } from './emulator';
import { err, ok } from './answers';
import { checkAppContent } from './appContent';

interface AppChat {
	chatid: string;
	name: string;
	owner: string;
	userlist: string[];
	chat_type: 0;
}

/** 群聊会话 (app chats): create, update (rename, owner, add/remove members), get, send. */
export function registerAppChat(router: Router, wecom: WeComEmulator): void {
	const chats = () => wecom.store<AppChat>('appChats');
	const guard = (req: Parameters<WeComEmulator['authorize']>[0]) =>
		wecom.authorize(req) ?? (wecom.tokenKind(req) !== 'app' ? err(48002, 'api forbidden') : undefined);

	router.post('/cgi-bin/appchat/create', (req) => {
		const denied = guard(req);
		if (denied) return denied;
		const b = req.body ?? {};
		const users: string[] = Array.isArray(b.userlist) ? [...new Set<string>(b.userlist.map(String))] : [];
		if (users.length < 2 || users.length > 2000) return err(40058, 'userlist must hold 2-2000 members');
		const unknown = users.find((u) => !wecom.isStaff(u));
		if (unknown) return err(60111, `invalid userid ${unknown}`);
		if (b.owner && !users.includes(String(b.owner))) return err(40058, 'owner must be in userlist');
		if (b.chatid !== undefined && !/^[0-9a-zA-Z]{1,32}$/.test(String(b.chatid))) return err(40058, 'invalid chatid');
		const chatid = b.chatid ? String(b.chatid) : randomBytes(8).toString('hex');
		if (chats().has(chatid)) return err(40058, 'chatid already exists');
		chats().set(chatid, {
			chatid,
			name: [...String(b.name ?? '')].slice(0, 50).join(''),
			owner: String(b.owner ?? users[0]),
			userlist: users,
			chat_type: 0,
		});
		return ok({ chatid });
	});

	router.post('/cgi-bin/appchat/update', (req) => {
		const denied = guard(req);
		if (denied) return denied;
		const b = req.body ?? {};
		const chat = chats().get(String(b.chatid ?? ''));
		if (!chat) return err(86003, 'chat not exist');
		const add: string[] = Array.isArray(b.add_user_list) ? b.add_user_list.map(String) : [];
		const del: string[] = Array.isArray(b.del_user_list) ? b.del_user_list.map(String) : [];
		const unknown = add.find((u) => !wecom.isStaff(u));
		if (unknown) return err(60111, `invalid userid ${unknown}`);
		const users = [...new Set([...chat.userlist.filter((u) => !del.includes(u)), ...add])];
		const owner = b.owner ? String(b.owner) : chat.owner;
		if (!users.includes(owner)) return err(40058, 'owner must stay in the chat');
		if (users.length < 2 || users.length > 2000) return err(40058, 'an app chat keeps 2-2000 members');
		Object.assign(chat, { userlist: users, owner, ...(b.name ? { name: [...String(b.name)].slice(0, 50).join('') } : {}) });
		return ok();
	});

	router.get('/cgi-bin/appchat/get', (req) => {
		const denied = guard(req);
		if (denied) return denied;
		const chat = chats().get(req.query.get('chatid') ?? '');
		if (!chat) return err(86003, 'chat not exist');
		return ok({ chat_info: chat });
	});

	router.post('/cgi-bin/appchat/send', (req) => {
		const denied = guard(req);
		if (denied) return denied;
		const chat = chats().get(String(req.body?.chatid ?? ''));
		if (!chat) return err(86003, 'chat not exist');
		const bad = checkAppContent(req.body);
		if (bad) return bad;
		wecom
			.store('appChatMessages')
			.set(String(wecom.store('appChatMessages').size + 1), { chatid: chat.chatid, at: wecom.state.now(), message: req.body });
		return ok();
	});
}
