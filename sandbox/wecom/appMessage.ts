import type { Router } from '../core/router';
import type { WeComEmulator } from './emulator';
import { err, ok } from './answers';
import { checkAppContent } from './appContent';

const SANDBOX_PARTIES = ['1', '2', '3'];
const SANDBOX_TAGS = ['1', '2'];

/** POST /cgi-bin/message/send: app messages to staff, by a self-built app's agentid. */
export function registerMessage(router: Router, wecom: WeComEmulator): void {
	router.post('/cgi-bin/message/send', (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		// The Customer Contact secret belongs to no app: it cannot send app messages.
		if (wecom.tokenKind(req) !== 'app') return err(48002, 'api forbidden');
		const b = req.body ?? {};
		if (Number(b.agentid) !== wecom.corp.agentId) return err(40056, 'invalid agentid');
		const bad = checkAppContent(b);
		if (bad) return bad;
		const split = (s: unknown) =>
			s
				? String(s)
						.split('|')
						.map((x) => x.trim())
						.filter(Boolean)
				: [];
		const users = split(b.touser);
		const parties = split(b.toparty);
		const tags = split(b.totag);
		if (users.length > 1000 || parties.length > 100 || tags.length > 100) return err(40058, 'too many recipients');
		const all = users.includes('@all');
		const invalidUsers = all ? [] : users.filter((u) => !wecom.isStaff(u));
		const invalidParties = parties.filter((p) => !SANDBOX_PARTIES.includes(p));
		const invalidTags = tags.filter((t) => !SANDBOX_TAGS.includes(t));
		const delivered =
			all || users.length > invalidUsers.length || parties.length > invalidParties.length || tags.length > invalidTags.length;
		if (!delivered) return err(81013, 'user & party & tag all invalid');
		const msgid = `appmsg_${wecom.store('appMessages').size + 1}`;
		wecom.store('appMessages').set(msgid, { at: wecom.state.now(), message: b });
		return ok({
			invaliduser: invalidUsers.join('|'),
			invalidparty: invalidParties.join('|'),
			invalidtag: invalidTags.join('|'),
			unlicenseduser: '',
			msgid,
		});
	});
}
