/**
 * WeCom callbacks held to WeCom's own crypto library (@wecom/crypto): what the sandbox sends (the
 * emulated WeCom side) must open with it, and what it seals must be accepted by the pack's receiver.
 * Docs: 加解密方案说明 https://developer.work.weixin.qq.com/document/path/90968 (msg_signature =
 * sha1(sort(token, timestamp, nonce, msg_encrypt)); AES-256-CBC, key = Base64_Decode(EncodingAESKey + "="),
 * IV = key[0..16), random(16) + msg_len(4, network order) + msg + receiveid, PKCS#7 to 32 bytes);
 * 回调配置 https://developer.work.weixin.qq.com/document/path/90930 (URL verification GET with echostr,
 * POST with an <xml><Encrypt> envelope, answer "success").
 */
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { handleCallback } from '../../../lib/wecom/callback/receiver';
import { eventRequest, sampleEventXml, SANDBOX_CALLBACK_SECRETS, verifyRequest } from '../../../sandbox/wecom/callbackSender';

const S = SANDBOX_CALLBACK_SECRETS;
const config = { token: S.token, encodingAesKey: S.encodingAesKey, corpId: S.corpId };
const opts = { events: ['groupMemberJoined'] };
const envelope = (xml: string) => /<Encrypt><!\[CDATA\[(.+?)\]\]><\/Encrypt>/.exec(xml)![1];

describe('WeCom callbacks with @wecom/crypto', () => {
	it('the sandbox URL verification: the signature and echostr open with @wecom/crypto', () => {
		const req = verifyRequest(S);
		expect(getSignature(S.token, req.query.timestamp, req.query.nonce, req.query.echostr)).toBe(req.query.msg_signature);
		expect(decrypt(S.encodingAesKey, req.query.echostr)).toMatchObject({ message: req.echo, id: S.corpId });
	});

	it('a sandbox event callback: signed over the Encrypt field and decrypting to the event XML for the corp', () => {
		const xml = sampleEventXml(opts.events[0]);
		const req = eventRequest(S, xml, { agentId: 1000002 });
		const enc = envelope(req.body!);
		expect(getSignature(S.token, req.query.timestamp, req.query.nonce, enc)).toBe(req.query.msg_signature);
		expect(decrypt(S.encodingAesKey, enc)).toMatchObject({ message: xml, id: S.corpId });
	});

	it('the pack verifies the URL and accepts an event sealed by @wecom/crypto, and refuses a wrong signature', () => {
		const timestamp = String(Math.floor(Date.now() / 1000));
		const nonce = '1372623149';
		const echostr = encrypt(S.encodingAesKey, '1616140317555161061', S.corpId);
		const verified = handleCallback(
			config,
			{ method: 'GET', query: { msg_signature: getSignature(S.token, timestamp, nonce, echostr), timestamp, nonce, echostr } },
			opts,
		);
		expect(verified).toMatchObject({ kind: 'verified', status: 200, body: '1616140317555161061' });

		const xml = sampleEventXml('groupMemberJoined');
		const enc = encrypt(S.encodingAesKey, xml, S.corpId);
		const body = `<xml><ToUserName><![CDATA[${S.corpId}]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[${enc}]]></Encrypt></xml>`;
		const ok = handleCallback(
			config,
			{ method: 'POST', query: { msg_signature: getSignature(S.token, timestamp, nonce, enc), timestamp, nonce }, body },
			opts,
		);
		expect(ok).toMatchObject({ kind: 'event', status: 200, body: 'success', item: { trigger: 'groupMemberJoined' } });
		const bad = handleCallback(
			config,
			{ method: 'POST', query: { msg_signature: getSignature('otherToken', timestamp, nonce, enc), timestamp, nonce }, body },
			opts,
		);
		expect(bad.kind).toBe('rejected');
		expect(bad.status).toBeGreaterThanOrEqual(400);
		expect(bad.status).toBeLessThan(500);
	});

	it('the pack refuses a payload sealed for another corp (receiveid check)', () => {
		const timestamp = String(Math.floor(Date.now() / 1000));
		const enc = encrypt(S.encodingAesKey, sampleEventXml('groupMemberJoined'), 'wwOTHERCORP');
		const body = `<xml><ToUserName><![CDATA[wwOTHERCORP]]></ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt></xml>`;
		const res = handleCallback(
			config,
			{ method: 'POST', query: { msg_signature: getSignature(S.token, timestamp, '1', enc), timestamp, nonce: '1' }, body },
			opts,
		);
		expect(res.kind).toBe('rejected');
	});
});
