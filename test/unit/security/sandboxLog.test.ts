import { startSandbox } from '../../../sandbox/server';
import type { RunningSandbox } from '../../../sandbox/server';
import { SANDBOX_FXIAOKE } from '../../../sandbox/crm/fxiaoke';
import { SANDBOX_CORP, SANDBOX_ROBOT_KEYS } from '../../../sandbox/wecom/data';

let sb: RunningSandbox;
beforeAll(async () => {
	sb = await startSandbox();
});
afterAll(() => sb.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
	fetch(`${sb.url}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	}).then((r) => r.json() as Promise<Record<string, unknown>>);

describe('sandbox request log', () => {
	it('holds no robot key, token, app secret or authorization header, in any form', async () => {
		const key = SANDBOX_ROBOT_KEYS[0];
		await post(`/cgi-bin/webhook/send?key=${key}`, {
			msgtype: 'text',
			text: { content: `see https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}` },
		});
		const token = (await (
			await fetch(`${sb.url}/cgi-bin/gettoken?corpid=${SANDBOX_CORP.corpId}&corpsecret=${SANDBOX_CORP.appSecret}`)
		).json()) as { access_token: string };
		expect(token.access_token).toBeTruthy();
		await post(`/cgi-bin/message/send?access_token=${token.access_token}`, {
			touser: 'lisi',
			msgtype: 'text',
			agentid: 1,
			text: { content: 'hi' },
		});
		const fx = await post('/fxiaoke/cgi/corpAccessToken/get/V2', {
			appId: SANDBOX_FXIAOKE.appId,
			appSecret: SANDBOX_FXIAOKE.appSecret,
			permanentCode: SANDBOX_FXIAOKE.permanentCode,
		});
		expect(fx.corpAccessToken).toBeTruthy();
		await post('/fxiaoke/cgi/crm/v2/data/query', { corpAccessToken: fx.corpAccessToken, corpId: SANDBOX_FXIAOKE.corpId, data: {} });
		await post('/hubspot/crm/v3/objects/contacts/search', {}, { authorization: 'Bearer pat-na1-12345678-1234-1234-1234-123456789012' });

		const log = JSON.stringify(await (await fetch(`${sb.url}/_sandbox/requests`)).json());
		for (const secret of [
			key,
			SANDBOX_CORP.appSecret,
			token.access_token,
			SANDBOX_FXIAOKE.appSecret,
			SANDBOX_FXIAOKE.permanentCode,
			String(fx.corpAccessToken),
			'12345678-1234-1234-1234-123456789012',
		]) {
			expect(log).not.toContain(secret);
		}
		// Still useful: paths and non-secret fields are there.
		expect(log).toContain('/cgi-bin/webhook/send');
		expect(log).toContain(SANDBOX_FXIAOKE.corpId);
	});
});
