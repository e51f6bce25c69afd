import { WeComClient } from '../../../lib/wecom/client';
import { WeComApiError } from '../../../lib/wecom/errors';
import { fetchHttp } from '../../../lib/http/fetchHttp';
import { SANDBOX_CORP } from '../../../sandbox/wecom/data';
import { useSandbox } from '../../helpers/sandbox';

const ctx = useSandbox();
const sleeps: number[] = [];
const fakeSleep = async (ms: number) => {
	sleeps.push(ms);
};

function client(secret: string = SANDBOX_CORP.contactSecret, corpId: string = SANDBOX_CORP.corpId) {
	return new WeComClient({ corpId, secret, baseUrl: ctx.sb.url, http: fetchHttp, sleep: fakeSleep });
}

beforeEach(() => (sleeps.length = 0));

const tokenCalls = async () => (await ctx.control.requests('/cgi-bin/gettoken')).length;
const listBody = { limit: 10 };

describe('access token cache', () => {
	it('fetches one token for many concurrent calls (single flight) and reuses it', async () => {
		const c = client();
		await Promise.all(Array.from({ length: 8 }, () => c.post('/cgi-bin/externalcontact/groupchat/list', listBody)));
		await c.post('/cgi-bin/externalcontact/groupchat/list', listBody);
		expect(await tokenCalls()).toBe(1);
		const calls = await ctx.control.requests('/cgi-bin/externalcontact');
		expect(calls).toHaveLength(9);
		expect(new Set(calls.map((r) => r.status))).toEqual(new Set([200]));
	});

	it('shares the token between clients of the same corp and secret, not across secrets', async () => {
		await client().post('/cgi-bin/externalcontact/groupchat/list', listBody);
		await client().post('/cgi-bin/externalcontact/groupchat/list', listBody);
		await client(SANDBOX_CORP.appSecret).post('/cgi-bin/externalcontact/groupchat/list', listBody);
		expect(await tokenCalls()).toBe(2);
	});

	it('refetches when WeCom says the token expired (42001) and retries the call', async () => {
		const c = client();
		await c.post('/cgi-bin/externalcontact/groupchat/list', listBody);
		await ctx.control.expireWeComTokens();
		await c.post('/cgi-bin/externalcontact/groupchat/list', listBody);
		expect(await tokenCalls()).toBe(2);
		const list = await ctx.control.requests('/cgi-bin/externalcontact');
		expect(list.map((r) => (r.response as { errcode: number }).errcode)).toEqual([0, 42001, 0]);
	});

	it('drops a rejected token, refetches and retries exactly once (40014)', async () => {
		const c = client();
		await c.post('/cgi-bin/externalcontact/groupchat/list', listBody);
		await ctx.control.fault({ pathPrefix: '/cgi-bin/externalcontact', body: { errcode: 40014, errmsg: 'invalid access_token' }, times: 2 });
		await expect(c.post('/cgi-bin/externalcontact/groupchat/list', listBody)).rejects.toMatchObject({ errcode: 40014 });
		// first token, one refetch; the second 40014 is not retried again
		expect(await tokenCalls()).toBe(2);
		expect(await ctx.control.requests('/cgi-bin/externalcontact')).toHaveLength(3);
	});
});

describe('retry rules', () => {
	it('retries -1 (busy) up to 3 times with exponential backoff', async () => {
		await ctx.control.fault({ pathPrefix: '/cgi-bin/externalcontact', body: { errcode: -1, errmsg: 'system busy' }, times: 3 });
		const res = await client().post('/cgi-bin/externalcontact/groupchat/list', listBody);
		expect(res.errcode).toBe(0);
		expect(sleeps).toEqual([500, 1000, 2000]);
	});

	it('gives up after the third busy retry with a NodeApi-ready error', async () => {
		await ctx.control.fault({ pathPrefix: '/cgi-bin/externalcontact', body: { errcode: -1, errmsg: 'system busy' }, times: 4 });
		const e = await client()
			.post('/cgi-bin/externalcontact/groupchat/list', listBody)
			.catch((x) => x);
		expect(e).toBeInstanceOf(WeComApiError);
		expect(e.errcode).toBe(-1);
		expect(await ctx.control.requests('/cgi-bin/externalcontact')).toHaveLength(4);
	});

	it('backs off on 45009/45033 within a bound, then fails', async () => {
		await ctx.control.fault({
			pathPrefix: '/cgi-bin/externalcontact',
			body: { errcode: 45033, errmsg: 'api concurrent out of limit' },
			times: 2,
		});
		await client().post('/cgi-bin/externalcontact/groupchat/list', listBody);
		expect(sleeps).toEqual([2000, 4000]);
		sleeps.length = 0;
		await ctx.control.fault({
			pathPrefix: '/cgi-bin/externalcontact',
			body: { errcode: 45009, errmsg: 'api freq out of limit' },
			times: 10,
		});
		await expect(client().post('/cgi-bin/externalcontact/groupchat/list', listBody)).rejects.toMatchObject({ errcode: 45009 });
		expect(sleeps).toEqual([2000, 4000, 8000, 16000]);
	});

	it('retries a busy gettoken too', async () => {
		await ctx.control.fault({ pathPrefix: '/cgi-bin/gettoken', body: { errcode: -1, errmsg: 'system busy' }, times: 1 });
		await client().post('/cgi-bin/externalcontact/groupchat/list', listBody);
		expect(await tokenCalls()).toBe(2);
	});

	it('survives a slow response within the timeout', async () => {
		await ctx.control.fault({ pathPrefix: '/cgi-bin/externalcontact', delayMs: 300 });
		const t = Date.now();
		await client().post('/cgi-bin/externalcontact/groupchat/list', listBody);
		expect(Date.now() - t).toBeGreaterThanOrEqual(290);
	});
});

describe('error mapping', () => {
	it('explains 60020 (untrusted IP) and points at the Base URL proxy', async () => {
		await ctx.control.fault({
			pathPrefix: '/cgi-bin/externalcontact',
			body: { errcode: 60020, errmsg: 'not allow to access from your ip, from ip: 1.2.3.4' },
		});
		const e = (await client()
			.post('/cgi-bin/externalcontact/groupchat/list', listBody)
			.catch((x) => x)) as WeComApiError;
		expect(e.errcode).toBe(60020);
		expect(e.hint).toMatch(/Trusted IP/);
		expect(e.message).toMatch(/Base URL/);
	});

	it('reports a wrong secret (40001 at gettoken) without retrying or leaking the secret', async () => {
		const e = (await client('wrong-secret-value')
			.post('/cgi-bin/externalcontact/groupchat/list', listBody)
			.catch((x) => x)) as WeComApiError;
		expect(e.errcode).toBe(40001);
		expect(e.message).not.toContain('wrong-secret-value');
		expect(await tokenCalls()).toBe(1);
	});

	it('reports a wrong corp ID as 40013', async () => {
		await expect(client(SANDBOX_CORP.contactSecret, 'wwnotmine').token()).rejects.toMatchObject({ errcode: 40013 });
	});

	it('never puts the access token in an error message', async () => {
		const c = client();
		const token = await c.token();
		const failing = new WeComClient({
			corpId: SANDBOX_CORP.corpId,
			secret: SANDBOX_CORP.contactSecret,
			baseUrl: ctx.sb.url,
			http: async (req) => {
				throw new Error(`connect ECONNREFUSED ${req.url}?access_token=${String(req.qs?.access_token)}`);
			},
		});
		const e = (await failing.post('/x', {}).catch((x) => x)) as Error;
		expect(e.message).toMatch(/Could not reach WeCom/);
		expect(e.message).not.toContain(token);
	});

	it('maps an unknown errcode to an error with the code and a generic hint', async () => {
		await ctx.control.fault({ pathPrefix: '/cgi-bin/externalcontact', body: { errcode: 12345, errmsg: 'strange' } });
		const e = (await client()
			.post('/cgi-bin/externalcontact/groupchat/list', listBody)
			.catch((x) => x)) as WeComApiError;
		expect(e.message).toMatch(/WeCom error 12345/);
		expect(e.hint).toMatch(/error code reference/);
	});
});
