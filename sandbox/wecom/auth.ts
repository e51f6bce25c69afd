import type { Router } from '../core/router';
import type { WeComEmulator } from './emulator';
import { err, ok } from './answers';

/** GET /cgi-bin/gettoken */
export function registerAuth(router: Router, wecom: WeComEmulator): void {
	router.get('/cgi-bin/gettoken', (req) => {
		const corpid = req.query.get('corpid');
		const secret = req.query.get('corpsecret');
		if (!corpid || corpid !== wecom.corp.corpId) return err(40013, 'invalid corpid');
		if (secret === wecom.corp.appSecret) return ok({ access_token: wecom.issueToken('app'), expires_in: wecom.tokenTtlSec });
		if (secret === wecom.corp.contactSecret) return ok({ access_token: wecom.issueToken('contact'), expires_in: wecom.tokenTtlSec });
		return err(40001, 'invalid credential');
	});
}
