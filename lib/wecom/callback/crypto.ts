/**
 * WeCom callback crypto (企业微信回调加解密), as WeCom's WXBizMsgCrypt libraries do it:
 * - msg_signature = SHA1 over [token, timestamp, nonce, encrypt] sorted as strings and joined;
 * - AES-256-CBC, key = base64(EncodingAESKey + '='), IV = the key's first 16 bytes,
 *   PKCS#7 padding to 32-byte blocks;
 * - plaintext = 16 random bytes + 4-byte big-endian message length + message + receive ID
 *   (the corp ID for self-built apps, the suite ID for third-party apps).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'crypto';
import { CallbackConfigError, CallbackRejectedError } from './errors';

/** WeCom pads to 32 bytes, not AES's 16. */
export const PAD_BLOCK = 32;
const RANDOM_PREFIX = 16;
const LENGTH_FIELD = 4;

/** Decodes the 43-character EncodingAESKey into the 32-byte AES key. */
export function decodeAesKey(encodingAesKey: string): Buffer {
	const k = (encodingAesKey ?? '').trim();
	if (!/^[A-Za-z0-9+/]{43}$/.test(k)) {
		throw new CallbackConfigError("The EncodingAESKey must be exactly 43 letters and digits, as shown on WeCom's callback settings page.");
	}
	const key = Buffer.from(`${k}=`, 'base64');
	if (key.length !== 32) throw new CallbackConfigError('The EncodingAESKey does not decode to a 32-byte AES key.');
	return key;
}

export function computeSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
	// WeCom's libraries sort the four strings by code unit; Array.prototype.sort does the same.
	const parts = [token, timestamp, nonce, encrypt].sort();
	return createHash('sha1').update(parts.join(''), 'utf8').digest('hex');
}

/** Constant-time comparison, so the signature cannot be guessed byte by byte. */
export function signatureMatches(expected: string, given: string): boolean {
	const a = Buffer.from(expected.toLowerCase(), 'utf8');
	const b = Buffer.from(String(given ?? '').toLowerCase(), 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}

export function pkcs7Pad(data: Buffer, block = PAD_BLOCK): Buffer {
	const n = block - (data.length % block);
	return Buffer.concat([data, Buffer.alloc(n, n)]);
}

/** Strict: every padding byte must equal the pad length (1..32), or the ciphertext was tampered with. */
export function pkcs7Unpad(data: Buffer, block = PAD_BLOCK): Buffer {
	const n = data.length ? data[data.length - 1] : 0;
	if (n < 1 || n > block || n > data.length)
		throw new CallbackRejectedError('decrypt_failed', 'The callback could not be decrypted (bad padding).');
	for (let i = data.length - n; i < data.length; i++) {
		if (data[i] !== n) throw new CallbackRejectedError('decrypt_failed', 'The callback could not be decrypted (bad padding).');
	}
	return data.subarray(0, data.length - n);
}

/** Encrypts `message` for `receiveId` and returns the base64 ciphertext (the `Encrypt` field). */
export function encryptMessage(key: Buffer, message: string, receiveId: string, random: Buffer = randomBytes(RANDOM_PREFIX)): string {
	if (random.length !== RANDOM_PREFIX) throw new Error('The random prefix must be 16 bytes.');
	const msg = Buffer.from(message, 'utf8');
	const len = Buffer.alloc(LENGTH_FIELD);
	len.writeUInt32BE(msg.length, 0);
	const plain = pkcs7Pad(Buffer.concat([random, len, msg, Buffer.from(receiveId, 'utf8')]));
	const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	cipher.setAutoPadding(false);
	return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

export interface DecryptedMessage {
	message: string;
	receiveId: string;
}

/** Decrypts the `Encrypt` field (or GET `echostr`); throws CallbackRejectedError on any inconsistency. */
export function decryptMessage(key: Buffer, encrypt: string): DecryptedMessage {
	const fail = (why: string) => new CallbackRejectedError('decrypt_failed', `The callback could not be decrypted (${why}).`);
	const text = String(encrypt ?? '').trim();
	if (!text || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw fail('not base64');
	const cipherText = Buffer.from(text, 'base64');
	if (cipherText.length === 0 || cipherText.length % 16 !== 0) throw fail('length is not a whole number of AES blocks');
	let plain: Buffer;
	try {
		const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
		decipher.setAutoPadding(false);
		plain = Buffer.concat([decipher.update(cipherText), decipher.final()]);
	} catch {
		throw fail('AES error');
	}
	const body = pkcs7Unpad(plain);
	if (body.length < RANDOM_PREFIX + LENGTH_FIELD) throw fail('too short');
	const msgLength = body.readUInt32BE(RANDOM_PREFIX);
	const msgStart = RANDOM_PREFIX + LENGTH_FIELD;
	if (msgStart + msgLength > body.length) throw fail('message length out of range');
	return {
		message: body.subarray(msgStart, msgStart + msgLength).toString('utf8'),
		receiveId: body.subarray(msgStart + msgLength).toString('utf8'),
	};
}
