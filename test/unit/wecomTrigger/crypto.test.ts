import { createCipheriv, createDecipheriv, createHash } from 'crypto';
import {
	PAD_BLOCK,
	computeSignature,
	decodeAesKey,
	decryptMessage,
	encryptMessage,
	pkcs7Pad,
	pkcs7Unpad,
	signatureMatches,
} from '../../../lib/wecom/callback/crypto';
import { CallbackConfigError, CallbackRejectedError } from '../../../lib/wecom/callback/errors';

/** WeCom's published sample (加解密库示例): token, key, corp ID and a URL-verification request. */
const OFFICIAL = {
	token: 'QDG6eK',
	encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
	corpId: 'wx5823bf96d3bd56c7',
	verify: {
		msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
		timestamp: '1409659589',
		nonce: '263014780',
		echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
		plain: '1616140317555161061',
	},
	event: {
		msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
		timestamp: '1409659813',
		nonce: '1372623149',
		encrypt:
			'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
	},
};

/** An independent encryption: Node's AES with its own padding off, PKCS#7 to 32 bytes by hand. */
function referenceEncrypt(encodingAesKey: string, msg: string, receiveId: string, random: Buffer): string {
	const key = Buffer.from(encodingAesKey + '=', 'base64');
	const m = Buffer.from(msg, 'utf8');
	const header = Buffer.alloc(4);
	header.writeUInt32BE(m.length, 0);
	const plain = Buffer.concat([random, header, m, Buffer.from(receiveId)]);
	const pad = 32 - (plain.length % 32);
	const padded = Buffer.concat([plain, Buffer.from(new Array(pad).fill(pad))]);
	const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	c.setAutoPadding(false);
	return Buffer.concat([c.update(padded), c.final()]).toString('base64');
}

const key = decodeAesKey(OFFICIAL.encodingAesKey);
const fixedRandom = Buffer.from('0123456789abcdef', 'utf8');

describe('msg_signature', () => {
	it("matches WeCom's published signatures for the verify and event samples", () => {
		const v = OFFICIAL.verify;
		expect(computeSignature(OFFICIAL.token, v.timestamp, v.nonce, v.echostr)).toBe(v.msgSignature);
		const e = OFFICIAL.event;
		expect(computeSignature(OFFICIAL.token, e.timestamp, e.nonce, e.encrypt)).toBe(e.msgSignature);
	});

	it('is SHA1 over the four strings sorted, whatever order they are given in', () => {
		const expected = createHash('sha1').update(['b-nonce', 'c-encrypt', '123', 'Token'].sort().join('')).digest('hex');
		expect(computeSignature('Token', '123', 'b-nonce', 'c-encrypt')).toBe(expected);
		// Swapping roles changes nothing in the sorted set, so the signature is the same.
		expect(computeSignature('c-encrypt', 'b-nonce', '123', 'Token')).toBe(expected);
		expect(computeSignature('Token', '124', 'b-nonce', 'c-encrypt')).not.toBe(expected);
	});

	it('compares signatures case-insensitively and rejects other lengths or values', () => {
		const sig = OFFICIAL.verify.msgSignature;
		expect(signatureMatches(sig, sig.toUpperCase())).toBe(true);
		expect(signatureMatches(sig, sig.slice(0, -1))).toBe(false);
		expect(signatureMatches(sig, `${sig.slice(0, -1)}0`)).toBe(false);
		expect(signatureMatches(sig, '')).toBe(false);
	});
});

describe('AES key', () => {
	it('decodes the 43-character EncodingAESKey to 32 bytes', () => {
		expect(key).toHaveLength(32);
		expect(key.equals(Buffer.from(OFFICIAL.encodingAesKey + '=', 'base64'))).toBe(true);
	});

	it.each([
		['42 characters', OFFICIAL.encodingAesKey.slice(1)],
		['44 characters', `${OFFICIAL.encodingAesKey}A`],
		['a character outside base64', `${OFFICIAL.encodingAesKey.slice(1)}-`],
		['empty', ''],
	])('refuses a key of %s with a configuration error', (_what, bad) => {
		expect(() => decodeAesKey(bad)).toThrow(CallbackConfigError);
	});
});

describe('decrypt: published vectors', () => {
	it('decrypts the URL-verification echostr to the published plaintext and corp ID', () => {
		expect(decryptMessage(key, OFFICIAL.verify.echostr)).toEqual({ message: OFFICIAL.verify.plain, receiveId: OFFICIAL.corpId });
	});

	it('decrypts the published event to its XML', () => {
		const { message, receiveId } = decryptMessage(key, OFFICIAL.event.encrypt);
		expect(receiveId).toBe(OFFICIAL.corpId);
		expect(message).toMatch(/^<xml><ToUserName><!\[CDATA\[wx5823bf96d3bd56c7\]\]><\/ToUserName>/);
		expect(message).toContain('<Content><![CDATA[hello]]></Content>');
		expect(message).toContain('<AgentID>218</AgentID>');
	});
});

describe('encrypt', () => {
	it('produces exactly the ciphertext of an independent implementation (same random prefix)', () => {
		const msg = '<xml><Event><![CDATA[change_external_chat]]></Event><ChatId><![CDATA[wr测试群]]></ChatId></xml>';
		expect(encryptMessage(key, msg, OFFICIAL.corpId, fixedRandom)).toBe(
			referenceEncrypt(OFFICIAL.encodingAesKey, msg, OFFICIAL.corpId, fixedRandom),
		);
	});

	it('re-encrypting the published echo with its own random prefix gives back the published echostr', () => {
		// Recover the sample's random prefix by decrypting with Node directly.
		const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
		const plain = Buffer.concat([d.update(Buffer.from(OFFICIAL.verify.echostr, 'base64')), d.final()]);
		expect(encryptMessage(key, OFFICIAL.verify.plain, OFFICIAL.corpId, plain.subarray(0, 16))).toBe(OFFICIAL.verify.echostr);
	});

	it('pads to whole 32-byte blocks', () => {
		for (const len of [0, 1, 11, 12, 13, 43, 44, 45, 100]) {
			const cipher = Buffer.from(encryptMessage(key, 'x'.repeat(len), 'ww1'), 'base64');
			expect(cipher.length % PAD_BLOCK).toBe(0);
		}
	});

	it.each([
		['empty', ''],
		['ASCII', 'hello'],
		['Chinese (multi-byte)', '欢迎加入 MarTech 交流群 🎉'],
		['exactly filling a block with the header and corp ID', 'y'.repeat(32 - 20 - 'wx5823bf96d3bd56c7'.length + 32)],
		['long', '<xml>' + 'z'.repeat(5000) + '</xml>'],
	])('round-trips %s text', (_what, msg) => {
		expect(decryptMessage(key, encryptMessage(key, msg, OFFICIAL.corpId))).toEqual({ message: msg, receiveId: OFFICIAL.corpId });
	});

	it('uses a fresh random prefix each time, so the same message encrypts differently', () => {
		expect(encryptMessage(key, 'same', 'ww1')).not.toBe(encryptMessage(key, 'same', 'ww1'));
	});
});

describe('decrypt: tampering and garbage', () => {
	const good = encryptMessage(key, '<xml><Event>x</Event></xml>', OFFICIAL.corpId, fixedRandom);

	const rejects = (encrypt: string, k = key) => {
		try {
			const r = decryptMessage(k, encrypt);
			return r;
		} catch (e) {
			expect(e).toBeInstanceOf(CallbackRejectedError);
			expect((e as CallbackRejectedError).reason).toBe('decrypt_failed');
			expect((e as CallbackRejectedError).status).toBe(400);
			return 'rejected';
		}
	};

	it('rejects text that is not base64', () => {
		expect(rejects('not base64 at all!')).toBe('rejected');
		expect(rejects('')).toBe('rejected');
	});

	it('rejects ciphertext that is not whole AES blocks', () => {
		const bytes = Buffer.from(good, 'base64');
		expect(rejects(bytes.subarray(0, bytes.length - 5).toString('base64'))).toBe('rejected');
	});

	it('rejects ciphertext decrypted with another key (padding does not check out)', () => {
		const other = decodeAesKey('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG');
		expect(rejects(good, other)).toBe('rejected');
	});

	it('never returns the original message when a ciphertext byte is flipped', () => {
		const bytes = Buffer.from(good, 'base64');
		for (const pos of [0, 20, bytes.length - 17, bytes.length - 1]) {
			const t = Buffer.from(bytes);
			t[pos] ^= 0x01;
			const r = rejects(t.toString('base64'));
			if (r !== 'rejected') expect(r).not.toEqual({ message: '<xml><Event>x</Event></xml>', receiveId: OFFICIAL.corpId });
		}
	});

	it('rejects a plaintext whose length field points past the end', () => {
		const plain = Buffer.concat([fixedRandom, Buffer.from([0, 0, 1, 0]), Buffer.from('short')]);
		const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
		const encrypt = Buffer.concat([c.update(pkcs7Pad(plain)), c.final()]).toString('base64');
		expect(rejects(encrypt)).toBe('rejected');
	});
});

describe('PKCS#7 to 32 bytes', () => {
	it('adds 1..32 bytes, each equal to the count', () => {
		expect(pkcs7Pad(Buffer.alloc(31))).toEqual(Buffer.concat([Buffer.alloc(31), Buffer.from([1])]));
		const full = pkcs7Pad(Buffer.alloc(32));
		expect(full).toHaveLength(64);
		expect([...full.subarray(32)]).toEqual(new Array(32).fill(32));
	});

	it('removes valid padding and refuses 0, >32 or inconsistent padding bytes', () => {
		expect(pkcs7Unpad(pkcs7Pad(Buffer.from('abc')))).toEqual(Buffer.from('abc'));
		expect(() => pkcs7Unpad(Buffer.concat([Buffer.alloc(31, 7), Buffer.from([0])]))).toThrow(CallbackRejectedError);
		expect(() => pkcs7Unpad(Buffer.concat([Buffer.alloc(31, 7), Buffer.from([33])]))).toThrow(CallbackRejectedError);
		expect(() => pkcs7Unpad(Buffer.concat([Buffer.alloc(29, 7), Buffer.from([2, 3, 3])]))).toThrow(CallbackRejectedError);
	});
});
