import { redactSecrets } from '../../../lib/wecom/errors';

const ROBOT_KEY = '693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa';

describe('redactSecrets', () => {
	it.each([
		['a robot webhook URL', `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${ROBOT_KEY}&debug=1`, [ROBOT_KEY]],
		[
			'a URL-encoded robot webhook URL',
			`url=https%3A%2F%2Fqyapi.weixin.qq.com%2Fcgi-bin%2Fwebhook%2Fsend%3Fkey%3D${ROBOT_KEY}%26x%3D1`,
			[ROBOT_KEY],
		],
		['a double-encoded robot webhook URL', `u=https%253A%252F%252Fq%252Fsend%253Fkey%253D${ROBOT_KEY}%2526a%253D1`, [ROBOT_KEY]],
		[
			'Fxiaoke JSON',
			'{"corpAccessToken":"CAT-123456","corpId":"FSCorp","appSecret": "s3cr3t-app","permanentCode":"pc-998877"}',
			['CAT-123456', 's3cr3t-app', 'pc-998877'],
		],
		[
			'JSON inside a JSON string',
			'{"body":"{\\"token\\":\\"tok-abc123\\",\\"access_token\\":\\"at-xyz789\\"}"}',
			['tok-abc123', 'at-xyz789'],
		],
		['quoted assignments', 'token=\'tok-abc123\' secret="sec-xyz789"', ['tok-abc123', 'sec-xyz789']],
		['key: value', `key: ${ROBOT_KEY}`, [ROBOT_KEY]],
		['YAML-ish secret', 'client_secret: cs-4455667788', ['cs-4455667788']],
		['a Bearer header', 'Authorization: Bearer eyJhbGciOi.abcdef.ghijkl', ['eyJhbGciOi.abcdef.ghijkl']],
		['a Basic header', 'authorization=Basic dXNlcjpwYXNzd29yZA==', ['dXNlcjpwYXNzd29yZA==']],
		['gettoken query', 'GET /cgi-bin/gettoken?corpid=ww1&corpsecret=S3cr3tValue', ['S3cr3tValue']],
		['access_token query with encoded characters', 'access_token=abc%2Bdef%3D%3D&next=1', ['abc%2Bdef%3D%3D', 'abc']],
		['credentials in a URL', 'https://user:pa55word@crm.example.com/hook', ['pa55word']],
		['a HubSpot private app token', 'failed with pat-na1-12345678-1234-1234-1234-123456789012', ['12345678-1234-1234-1234-123456789012']],
		['a refresh token in a form body', 'grant_type=refresh_token&refresh_token=rt-5566&client_id=c1', ['rt-5566']],
		['a webhook signing secret header', 'x-webhook-signature: sha256=abcdef0123456789', ['abcdef0123456789']],
		['an API key header', 'X-Api-Key: ak-77889900', ['ak-77889900']],
	])('hides the secret in %s', (_what, text, secrets) => {
		const out = redactSecrets(text);
		for (const s of secrets) expect(out).not.toContain(s);
		expect(out).toContain('***');
	});

	it('keeps what is not a secret readable', () => {
		const text =
			'{"tokenType":"bearer","keyword":"webinar","monkey":"george","expires_in":7200,"corpId":"FSCorp"} WeCom error 93000 on /cgi-bin/webhook/send';
		expect(redactSecrets(text)).toBe(text);
		expect(redactSecrets('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K1&debug=1')).toBe(
			'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***&debug=1',
		);
	});
});
