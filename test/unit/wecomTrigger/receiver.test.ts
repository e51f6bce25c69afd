import { computeSignature } from '../../../lib/wecom/callback/crypto';
import { RecentKeys } from '../../../lib/wecom/callback/dedupe';
import { CallbackConfigError } from '../../../lib/wecom/callback/errors';
import { handleCallback } from '../../../lib/wecom/callback/receiver';
import type { CallbackOptions, CallbackOutcome } from '../../../lib/wecom/callback/receiver';
import { SANDBOX_CALLBACK_SECRETS, eventRequest, sampleEventXml, seal, verifyRequest } from '../../../sandbox/wecom/callbackSender';
import type { CallbackHttpRequest } from '../../../sandbox/wecom/callbackSender';

const config = SANDBOX_CALLBACK_SECRETS;
const opts = (o: Partial<CallbackOptions> = {}): CallbackOptions => ({
	events: ['groupMemberJoined', 'customerAdded'],
	dedupe: new RecentKeys(),
	...o,
});
const handle = (req: CallbackHttpRequest, o: Partial<CallbackOptions> = {}): CallbackOutcome => handleCallback(config, req, opts(o));
const CREATE_TIME = 1_760_000_000;

describe('recent keys (retry dedupe)', () => {
	it('reports a key seen within the TTL, and lets it through again after', () => {
		let now = 0;
		const keys = new RecentKeys(10, 1000, () => now);
		expect(keys.checkAndRemember('a')).toBe(false);
		now = 999;
		expect(keys.checkAndRemember('a')).toBe(true);
		now = 2000;
		expect(keys.checkAndRemember('a')).toBe(false);
	});

	it('stays within its capacity, dropping the oldest keys first', () => {
		let now = 0;
		const keys = new RecentKeys(3, 60_000, () => now++);
		for (const k of ['a', 'b', 'c', 'd']) keys.checkAndRemember(k);
		expect(keys.size).toBe(3);
		expect(keys.checkAndRemember('a')).toBe(false); // evicted, so new again
		expect(keys.checkAndRemember('d')).toBe(true);
	});

	it('forgets a key on request', () => {
		const keys = new RecentKeys();
		keys.checkAndRemember('a');
		keys.forget('a');
		expect(keys.checkAndRemember('a')).toBe(false);
	});
});

describe('URL verification (GET)', () => {
	it('answers 200 with the decrypted echostr', () => {
		const req = verifyRequest(config);
		expect(handle(req)).toEqual({ kind: 'verified', status: 200, body: req.echo });
	});

	it('answers 401 when the signature was made with another token', () => {
		const req = verifyRequest({ ...config, token: 'someoneElse' });
		expect(handle(req)).toMatchObject({ kind: 'rejected', status: 401, reason: 'bad_signature' });
	});

	it('answers 400 when a parameter is missing, naming it', () => {
		const req = verifyRequest(config);
		const { nonce: _n, ...rest } = req.query;
		const out = handle({ ...req, query: rest });
		expect(out).toMatchObject({ kind: 'rejected', status: 400, reason: 'missing_parameters' });
		expect((out as { body: string }).body).toContain('nonce');
		expect(handle({ ...req, query: { ...req.query, echostr: '' } })).toMatchObject({ status: 400, reason: 'missing_parameters' });
	});

	it('answers 403 when the echo was encrypted for another corp', () => {
		expect(handle(verifyRequest(config, { receiveId: 'wwOtherCorp' }))).toMatchObject({
			kind: 'rejected',
			status: 403,
			reason: 'wrong_receiver',
		});
	});
});

describe('events (POST)', () => {
	const joined = () => sampleEventXml('groupMemberJoined', { createTime: CREATE_TIME });

	it('decrypts a selected event into an item with an eventId', () => {
		const out = handle(eventRequest(config, joined()));
		expect(out.kind).toBe('event');
		if (out.kind !== 'event') return;
		expect(out.status).toBe(200);
		expect(out.body).toBe('success');
		expect(out.item).toMatchObject({
			trigger: 'groupMemberJoined',
			event: 'change_external_chat',
			changeType: 'update',
			updateDetail: 'add_member',
			chatId: 'wrSANDBOX000001',
			joinScene: 3,
			memChangeCnt: 2,
			memChangeList: ['wmCUST0001AAAA', 'wmCUST0002AAAA'],
			corpId: config.corpId,
			createTime: CREATE_TIME,
		});
		expect(out.item.eventId).toMatch(/^[0-9a-f]{32}$/);
		expect(out.item.raw).toBeUndefined();
	});

	it('adds the raw fields on request', () => {
		const out = handle(eventRequest(config, joined()), { includeRaw: true });
		expect(out.kind === 'event' && out.item.raw).toMatchObject({
			Event: 'change_external_chat',
			MemChangeList: ['wmCUST0001AAAA', 'wmCUST0002AAAA'],
		});
	});

	it('acknowledges a retry of the same event (even re-sealed) without a second event', () => {
		const dedupe = new RecentKeys();
		const xml = joined();
		const first = handle(eventRequest(config, xml), { dedupe });
		const retry = handle(eventRequest(config, xml), { dedupe });
		expect(first.kind).toBe('event');
		expect(retry).toMatchObject({ kind: 'ignored', why: 'duplicate', status: 200, body: 'success' });
		expect((retry as { eventId: string }).eventId).toBe((first as { eventId: string }).eventId);
	});

	it('treats a different event (other time) as new, and keeps scopes apart', () => {
		const dedupe = new RecentKeys();
		expect(handle(eventRequest(config, joined()), { dedupe }).kind).toBe('event');
		expect(handle(eventRequest(config, sampleEventXml('groupMemberJoined', { createTime: CREATE_TIME + 1 })), { dedupe }).kind).toBe(
			'event',
		);
		expect(handle(eventRequest(config, joined()), { dedupe, dedupeScope: 'other workflow' }).kind).toBe('event');
	});

	it('starts every copy when dedupe is off', () => {
		expect(handle(eventRequest(config, joined()), { dedupe: undefined }).kind).toBe('event');
		expect(handle(eventRequest(config, joined()), { dedupe: undefined }).kind).toBe('event');
	});

	it('acknowledges events that were not selected, and does not remember them', () => {
		const dedupe = new RecentKeys();
		const out = handle(eventRequest(config, sampleEventXml('groupDismissed')), { dedupe });
		expect(out).toMatchObject({ kind: 'ignored', why: 'not_selected', status: 200, body: 'success', event: 'change_external_chat' });
		expect(dedupe.size).toBe(0);
		expect(handle(eventRequest(config, '<xml><MsgType>text</MsgType><Content>hi</Content></xml>'))).toMatchObject({
			kind: 'ignored',
			why: 'not_selected',
		});
	});

	it('refuses a forged signature with 401', () => {
		const req = eventRequest(config, joined());
		expect(handle({ ...req, query: { ...req.query, msg_signature: '0'.repeat(40) } })).toMatchObject({
			kind: 'rejected',
			status: 401,
			reason: 'bad_signature',
		});
		expect(handle(eventRequest({ ...config, token: 'guess' }, joined()))).toMatchObject({ status: 401 });
	});

	it('refuses a body swapped under a valid signature with 401', () => {
		const a = eventRequest(config, joined());
		const b = eventRequest(config, sampleEventXml('customerAdded'));
		expect(handle({ ...a, body: b.body })).toMatchObject({ status: 401, reason: 'bad_signature' });
	});

	it('refuses a payload for another corp with 403', () => {
		expect(handle(eventRequest(config, joined(), { receiveId: 'wwOtherCorp' }))).toMatchObject({
			kind: 'rejected',
			status: 403,
			reason: 'wrong_receiver',
		});
	});

	it('refuses a malformed body with 400', () => {
		const req = eventRequest(config, joined());
		expect(handle({ ...req, body: 'not xml' })).toMatchObject({ status: 400, reason: 'malformed_body' });
		expect(handle({ ...req, body: '' })).toMatchObject({ status: 400, reason: 'malformed_body' });
		expect(handle({ ...req, body: '<xml><ToUserName>x</ToUserName></xml>' })).toMatchObject({ status: 400, reason: 'malformed_body' });
	});

	it('refuses correctly signed garbage that does not decrypt with 400', () => {
		const encrypt = Buffer.alloc(48, 7).toString('base64');
		const s = seal(config, 'ignored');
		const sig = computeSignature(config.token, s.timestamp, s.nonce, encrypt);
		const out = handle({
			method: 'POST',
			query: { msg_signature: sig, timestamp: s.timestamp, nonce: s.nonce },
			body: `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
		});
		expect(out).toMatchObject({ status: 400, reason: 'decrypt_failed' });
	});

	it('refuses a correctly encrypted payload that is not XML with 400', () => {
		expect(handle(eventRequest(config, 'plain text'))).toMatchObject({ status: 400, reason: 'malformed_body' });
	});

	it('checks the timestamp window by default, and only turns it off when asked', () => {
		const now = () => 1_760_000_000_000;
		const old = eventRequest(config, joined(), { timestamp: String(1_760_000_000 - 3600) });
		expect(handle(old, { now })).toMatchObject({ status: 401, reason: 'stale_timestamp' });
		expect(handle(old, { maxAgeSeconds: 0, now }).kind).toBe('event');
		expect(handle(old, { maxAgeSeconds: 300, now, dedupe: undefined })).toMatchObject({ status: 401, reason: 'stale_timestamp' });
		const fresh = eventRequest(config, joined(), { timestamp: String(1_760_000_000 - 60) });
		expect(handle(fresh, { maxAgeSeconds: 300, now, dedupe: undefined }).kind).toBe('event');
	});

	it('never echoes the token or the AES key in a rejection', () => {
		const outs = [
			handle(eventRequest({ ...config, token: 'x' }, joined())),
			handle(eventRequest(config, joined(), { receiveId: 'ww2' })),
			handle({ method: 'POST', query: {}, body: '' }),
		];
		for (const o of outs) {
			expect(o.kind).toBe('rejected');
			expect(JSON.stringify(o)).not.toContain(config.token);
			expect(JSON.stringify(o)).not.toContain(config.encodingAesKey);
		}
	});

	it('throws a configuration error (not a rejection) for an unusable AES key', () => {
		expect(() => handleCallback({ ...config, encodingAesKey: 'short' }, eventRequest(config, joined()), opts())).toThrow(
			CallbackConfigError,
		);
	});
});

describe('hostile requests (signature first, bounded, never thrown)', () => {
	const joined = () => sampleEventXml('groupMemberJoined');
	const signedQuery = () => eventRequest(config, joined()).query;

	it('refuses a year-old, correctly signed callback with the default options', () => {
		const yearAgo = String(Math.floor(Date.now() / 1000) - 365 * 24 * 3600);
		expect(handle(eventRequest(config, joined(), { timestamp: yearAgo }))).toMatchObject({
			kind: 'rejected',
			status: 401,
			reason: 'stale_timestamp',
		});
		expect(handle(verifyRequest(config, { timestamp: yearAgo }))).toMatchObject({
			kind: 'rejected',
			status: 401,
			reason: 'stale_timestamp',
		});
		const future = String(Math.floor(Date.now() / 1000) + 3600);
		expect(handle(eventRequest(config, joined(), { timestamp: future }))).toMatchObject({ reason: 'stale_timestamp' });
		expect(handle(eventRequest(config, joined(), { timestamp: 'soon' }))).toMatchObject({ reason: 'stale_timestamp' });
	});

	it('accepts a WeCom retry a few minutes after the first attempt', () => {
		const fiveMinutesAgo = String(Math.floor(Date.now() / 1000) - 300);
		expect(handle(eventRequest(config, joined(), { timestamp: fiveMinutesAgo })).kind).toBe('event');
	});

	it.each([
		['deeply nested elements', `<xml>${'<a>'.repeat(200_000)}${'</a>'.repeat(200_000)}</xml>`],
		['deep nesting inside Encrypt', `<xml><Encrypt>${'<E>'.repeat(50_000)}</Encrypt></xml>`],
		['many unclosed tags', '<xml>' + '<x>'.repeat(30_000)],
		[
			'a DTD with entity expansion',
			'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><xml><Encrypt>&b;</Encrypt></xml>',
		],
		['an undeclared entity', '<xml><Encrypt>&xxe;</Encrypt></xml>'],
		['a comment', '<xml><!-- hi --><Encrypt>abc</Encrypt></xml>'],
		['attributes', '<xml><Encrypt a="1">abc</Encrypt></xml>'],
		['two Encrypt fields', '<xml><Encrypt>abc</Encrypt><Encrypt>def</Encrypt></xml>'],
		['content after the root', '<xml><Encrypt>abc</Encrypt></xml><xml/>'],
		['a __proto__ field', '<xml><__proto__>x</__proto__><Encrypt>abc</Encrypt></xml>'],
		['binary garbage', '\u0000\u0001\uffff<'],
		['unterminated CDATA', '<xml><Encrypt><![CDATA[abc</Encrypt></xml>'],
	])('answers an unsigned body with %s with 4xx and never throws', (_what, body) => {
		const out = handle({
			method: 'POST',
			query: { msg_signature: 'f'.repeat(40), timestamp: String(Math.floor(Date.now() / 1000)), nonce: '1' },
			body,
		});
		expect(out.kind).toBe('rejected');
		expect((out as { status: number }).status).toBeGreaterThanOrEqual(400);
		expect((out as { status: number }).status).toBeLessThan(500);
	});

	it('refuses a large unsigned body by its size, before reading any XML', () => {
		const body = `<xml><Encrypt>${'A'.repeat(5_000_000)}</Encrypt></xml>`;
		expect(handle({ method: 'POST', query: signedQuery(), body })).toMatchObject({ kind: 'rejected', status: 413, reason: 'too_large' });
		const nested = `<xml>${'<a>'.repeat(2_000_000)}</xml>`;
		expect(handle({ method: 'POST', query: signedQuery(), body: nested })).toMatchObject({ status: 413, reason: 'too_large' });
	});

	it('checks the signature before decrypting or reading the event', () => {
		const req = eventRequest({ ...config, token: 'attacker' }, 'not xml at all');
		expect(handle(req)).toMatchObject({ status: 401, reason: 'bad_signature' });
	});

	it('answers requests with odd query values (arrays, objects) with 4xx', () => {
		const out = handle({
			method: 'POST',
			query: { msg_signature: {} as unknown as string, timestamp: ['1'] as unknown as string, nonce: '1' },
			body: '<xml><Encrypt>a</Encrypt></xml>',
		});
		expect(out.kind).toBe('rejected');
	});

	it('refuses to decrypt a captured event ciphertext given as the echostr', () => {
		const captured = eventRequest(config, joined());
		const encrypt = /<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt>/.exec(captured.body!)![1];
		const replay = { method: 'GET' as const, query: { ...captured.query, echostr: encrypt } };
		const out = handle(replay);
		expect(out).toMatchObject({ kind: 'rejected', status: 400 });
		expect(JSON.stringify(out)).not.toContain('change_external_chat');
		// A short event (below the echostr length cap) is refused by what it decrypts to.
		const short = eventRequest(config, '<xml><Event>x</Event></xml>');
		const shortEncrypt = /<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt>/.exec(short.body!)![1];
		const shortOut = handle({ method: 'GET', query: { ...short.query, echostr: shortEncrypt } });
		expect(shortOut).toMatchObject({ kind: 'rejected', status: 400, reason: 'implausible_echo' });
		expect(JSON.stringify(shortOut)).not.toContain('Event');
	});

	it.each([
		['XML', '<xml><a>1</a></xml>'],
		['text with spaces', 'hello world'],
		['a long string', '1'.repeat(200)],
	])('refuses an echostr that decrypts to %s', (_what, echo) => {
		expect(handle(verifyRequest(config, { echo }))).toMatchObject({ kind: 'rejected', reason: 'implausible_echo' });
	});

	it("still answers WeCom's own verification string", () => {
		const req = verifyRequest(config, { echo: '1616140317555161061' });
		expect(handle(req)).toEqual({ kind: 'verified', status: 200, body: '1616140317555161061' });
	});
});

describe("SharedRecentKeys (the replay memory shared through n8n's database)", () => {
	const { RecentKeys, SharedRecentKeys } = jest.requireActual(
		'../../../lib/wecom/callback/dedupe',
	) as typeof import('../../../lib/wecom/callback/dedupe');
	it('sees a key another process recorded, expires it after the TTL and stays bounded', () => {
		let t = 1_000_000;
		const now = () => t;
		const record: Record<string, number> = {};
		const a = new SharedRecentKeys(record, new RecentKeys(100, 60_000, now), 3, 60_000, now);
		const b = new SharedRecentKeys(record, new RecentKeys(100, 60_000, now), 3, 60_000, now);
		expect(a.checkAndRemember('e1')).toBe(false);
		expect(b.checkAndRemember('e1')).toBe(true);
		t += 60_001;
		expect(b.checkAndRemember('e1')).toBe(false);
		for (const k of ['e2', 'e3', 'e4', 'e5']) a.checkAndRemember(k);
		expect(Object.keys(record).sort()).toEqual(['e3', 'e4', 'e5']);
		b.forget('e5');
		expect(b.checkAndRemember('e5')).toBe(false);
	});
});
