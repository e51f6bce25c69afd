/**
 * Plays WeCom's side of the callback protocol: builds correctly signed, encrypted callbacks (and the
 * URL-verification GET) and sends them to a URL, e.g. a WeCom Trigger's test or production URL.
 * Used by the tests, and by users to try a workflow without WeCom (`sandbox/send-callback.ts`).
 *
 * The crypto here is written independently of lib/wecom/callback on purpose: a shared bug would
 * otherwise pass unnoticed. Format (WeCom 加解密方案): AES-256-CBC, key = base64(EncodingAESKey + '='),
 * IV = key[0..16), PKCS#7 padding to 32 bytes over random(16) + uint32be(len) + msg + corpId;
 * msg_signature = sha1(sorted(token, timestamp, nonce, encrypt).join('')).
 */
import { createCipheriv, createHash, randomBytes, randomInt } from 'crypto';
import { SANDBOX_CORP } from './data';

export interface CallbackSecrets {
	token: string;
	encodingAesKey: string;
	corpId: string;
}

/** The sandbox corp's callback settings (the same as the wecomCallbackApi sandbox credential). */
export const SANDBOX_CALLBACK_SECRETS: CallbackSecrets = {
	token: SANDBOX_CORP.callbackToken,
	encodingAesKey: SANDBOX_CORP.encodingAesKey,
	corpId: SANDBOX_CORP.corpId,
};

export interface SealOptions {
	timestamp?: string;
	nonce?: string;
	/** 16 bytes; random by default. */
	random?: Buffer;
	/** Encrypt for another receiver (to test the corp ID check). */
	receiveId?: string;
}

export interface Sealed {
	encrypt: string;
	msgSignature: string;
	timestamp: string;
	nonce: string;
}

/** Encrypts and signs one message the way WeCom's servers do. */
export function seal(secrets: CallbackSecrets, message: string, o: SealOptions = {}): Sealed {
	const key = Buffer.from(`${secrets.encodingAesKey}=`, 'base64');
	const msg = Buffer.from(message, 'utf8');
	const length = Buffer.alloc(4);
	length.writeUInt32BE(msg.length);
	const plain = Buffer.concat([o.random ?? randomBytes(16), length, msg, Buffer.from(o.receiveId ?? secrets.corpId, 'utf8')]);
	const padLength = 32 - (plain.length % 32);
	const padded = Buffer.concat([plain, Buffer.alloc(padLength, padLength)]);
	const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
	const encrypt = Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
	const timestamp = o.timestamp ?? String(Math.floor(Date.now() / 1000));
	const nonce = o.nonce ?? String(randomInt(100000000, 2000000000));
	const msgSignature = createHash('sha1').update([secrets.token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
	return { encrypt, msgSignature, timestamp, nonce };
}

export interface CallbackHttpRequest {
	method: 'GET' | 'POST';
	query: Record<string, string>;
	body?: string;
}

/** The POST WeCom makes for an event: signed query string and the encrypted XML envelope. */
export function eventRequest(secrets: CallbackSecrets, eventXml: string, o: SealOptions & { agentId?: number } = {}): CallbackHttpRequest {
	const s = seal(secrets, eventXml, o);
	const agent = o.agentId !== undefined ? `<AgentID><![CDATA[${o.agentId}]]></AgentID>` : '';
	return {
		method: 'POST',
		query: { msg_signature: s.msgSignature, timestamp: s.timestamp, nonce: s.nonce },
		body: `<xml><ToUserName><![CDATA[${secrets.corpId}]]></ToUserName>${agent}<Encrypt><![CDATA[${s.encrypt}]]></Encrypt></xml>`,
	};
}

/** The GET WeCom makes when callback settings are saved; a correct receiver answers with `echo`. */
export function verifyRequest(secrets: CallbackSecrets, o: SealOptions & { echo?: string } = {}): CallbackHttpRequest & { echo: string } {
	// WeCom's echo is a random string of digits, like "1616140317555161061".
	const echo = o.echo ?? `${randomInt(100000000, 999999999)}${randomInt(1000000000, 9999999999)}`;
	const s = seal(secrets, echo, o);
	return { method: 'GET', query: { msg_signature: s.msgSignature, timestamp: s.timestamp, nonce: s.nonce, echostr: s.encrypt }, echo };
}

export interface SendResult {
	status: number;
	body: string;
	request: CallbackHttpRequest;
	/** Time until WeCom's servers would have had the answer. */
	elapsedMs: number;
}

/** Sends a built request to `url` (its own query string is kept) with WeCom's content type. */
export async function sendRequest(url: string, request: CallbackHttpRequest, timeoutMs = 10_000): Promise<SendResult> {
	const u = new URL(url);
	for (const [k, v] of Object.entries(request.query)) u.searchParams.set(k, v);
	const started = Date.now();
	const res = await fetch(u, {
		method: request.method,
		headers: request.body !== undefined ? { 'content-type': 'text/xml; charset=utf-8' } : undefined,
		body: request.body,
		signal: AbortSignal.timeout(timeoutMs),
	});
	const body = await res.text();
	return { status: res.status, body, request, elapsedMs: Date.now() - started };
}

/** Builds and POSTs one encrypted event callback. */
export function sendEventCallback(url: string, secrets: CallbackSecrets, eventXml: string, o: SealOptions = {}): Promise<SendResult> {
	return sendRequest(url, eventRequest(secrets, eventXml, o));
}

/** Runs WeCom's URL check; `ok` when the receiver answered 200 with exactly the echo. */
export async function verifyCallbackUrl(
	url: string,
	secrets: CallbackSecrets,
	o: SealOptions = {},
): Promise<SendResult & { ok: boolean; echo: string }> {
	const req = verifyRequest(secrets, o);
	const res = await sendRequest(url, req);
	return { ...res, echo: req.echo, ok: res.status === 200 && res.body === req.echo };
}

/** Field values for a sample event; arrays become `<Item>` lists (or one comma-separated text, legacy). */
export type EventFields = Record<string, string | number | string[]>;

const SAMPLE_CHAT = 'wrSANDBOX000001';
const SAMPLE_CUSTOMER = 'wmCUST0001AAAA';

/** WeCom's event fields per trigger event, with sandbox IDs; see WeCom's "事件格式" page. */
const SAMPLES: Record<string, EventFields> = {
	groupCreated: { Event: 'change_external_chat', ChatId: SAMPLE_CHAT, ChangeType: 'create' },
	groupMemberJoined: {
		Event: 'change_external_chat',
		ChatId: SAMPLE_CHAT,
		ChangeType: 'update',
		UpdateDetail: 'add_member',
		JoinScene: 3,
		MemChangeCnt: 2,
		MemChangeList: [SAMPLE_CUSTOMER, 'wmCUST0002AAAA'],
		LastMemVer: '9c3f97c2ada667dfb5f6d03308d963e1',
		CurMemVer: '71217227bbd112ecfe3a49c482195cb4',
	},
	groupMemberLeft: {
		Event: 'change_external_chat',
		ChatId: SAMPLE_CHAT,
		ChangeType: 'update',
		UpdateDetail: 'del_member',
		QuitScene: 0,
		MemChangeCnt: 1,
		MemChangeList: [SAMPLE_CUSTOMER],
		LastMemVer: '71217227bbd112ecfe3a49c482195cb4',
		CurMemVer: 'a2f4b0c85c3e1d7f6e9b8a7c6d5e4f30',
	},
	groupRenamed: { Event: 'change_external_chat', ChatId: SAMPLE_CHAT, ChangeType: 'update', UpdateDetail: 'change_name' },
	groupOwnerChanged: { Event: 'change_external_chat', ChatId: SAMPLE_CHAT, ChangeType: 'update', UpdateDetail: 'change_owner' },
	groupNoticeChanged: { Event: 'change_external_chat', ChatId: SAMPLE_CHAT, ChangeType: 'update', UpdateDetail: 'change_notice' },
	groupDismissed: { Event: 'change_external_chat', ChatId: SAMPLE_CHAT, ChangeType: 'dismiss' },
	customerAdded: {
		Event: 'change_external_contact',
		ChangeType: 'add_external_contact',
		UserID: 'zhangsan',
		ExternalUserID: SAMPLE_CUSTOMER,
		State: 'live-0612',
		WelcomeCode: 'WELCOMECODE-SANDBOX',
	},
	customerAddedHalf: {
		Event: 'change_external_contact',
		ChangeType: 'add_half_external_contact',
		UserID: 'zhangsan',
		ExternalUserID: SAMPLE_CUSTOMER,
		State: 'live-0612',
		WelcomeCode: 'WELCOMECODE-SANDBOX',
	},
	customerEdited: {
		Event: 'change_external_contact',
		ChangeType: 'edit_external_contact',
		UserID: 'zhangsan',
		ExternalUserID: SAMPLE_CUSTOMER,
	},
	customerDeleted: {
		Event: 'change_external_contact',
		ChangeType: 'del_external_contact',
		UserID: 'zhangsan',
		ExternalUserID: SAMPLE_CUSTOMER,
		Source: 'DELETE_BY_TRANSFER',
	},
	customerRemovedStaff: {
		Event: 'change_external_contact',
		ChangeType: 'del_follow_user',
		UserID: 'zhangsan',
		ExternalUserID: SAMPLE_CUSTOMER,
	},
	tagCreated: { Event: 'change_external_tag', Id: 'etSANDBOXTAG01', TagType: 'tag', ChangeType: 'create' },
	tagUpdated: { Event: 'change_external_tag', Id: 'etSANDBOXTAG01', TagType: 'tag', ChangeType: 'update' },
	tagDeleted: { Event: 'change_external_tag', Id: 'etSANDBOXTAG01', TagType: 'tag_group', ChangeType: 'delete' },
	tagShuffled: { Event: 'change_external_tag', Id: 'etSANDBOXGROUP01', ChangeType: 'shuffle' },
};

export const SAMPLE_EVENT_NAMES = Object.keys(SAMPLES);

export interface SampleOptions {
	corpId?: string;
	/** Unix seconds; now by default. Two sends with the same fields and time are the same event. */
	createTime?: number;
	/** Field values to add or replace. */
	set?: EventFields;
	/** The older MemChangeList form: one comma-separated text instead of `<Item>` children. */
	legacyMemberList?: boolean;
}

/** The decrypted XML WeCom would send for `name` (a trigger event value, or customerRemovedStaff). */
export function sampleEventXml(name: string, o: SampleOptions = {}): string {
	const fields = SAMPLES[name];
	if (!fields) throw new Error(`Unknown sample event "${name}". Known: ${SAMPLE_EVENT_NAMES.join(', ')}`);
	return eventXml({ ...fields, ...(o.set ?? {}) }, o);
}

/** WeCom's envelope around any event fields: ToUserName, FromUserName sys, CreateTime, MsgType event. */
export function eventXml(fields: EventFields, o: Omit<SampleOptions, 'set'> = {}): string {
	const all: EventFields = {
		ToUserName: o.corpId ?? SANDBOX_CORP.corpId,
		FromUserName: 'sys',
		CreateTime: o.createTime ?? Math.floor(Date.now() / 1000),
		MsgType: 'event',
		...fields,
	};
	const cdata = (v: string) => `<![CDATA[${v}]]>`;
	const body = Object.entries(all)
		.map(([k, v]) => {
			if (Array.isArray(v))
				return o.legacyMemberList
					? `<${k}>${cdata(v.join(','))}</${k}>`
					: `<${k}>${v.map((i) => `<Item>${cdata(i)}</Item>`).join('')}</${k}>`;
			return typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}>${cdata(v)}</${k}>`;
		})
		.join('');
	return `<xml>${body}</xml>`;
}
