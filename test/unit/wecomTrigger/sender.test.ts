import { createServer } from 'http';
import type { Server } from 'http';
import type { AddressInfo } from 'net';
import { decodeAesKey, decryptMessage } from '../../../lib/wecom/callback/crypto';
import { RecentKeys } from '../../../lib/wecom/callback/dedupe';
import { handleCallback } from '../../../lib/wecom/callback/receiver';
import type { CallbackOutcome } from '../../../lib/wecom/callback/receiver';
import { main, parseArgs } from '../../../sandbox/send-callback';
import {
	SANDBOX_CALLBACK_SECRETS,
	eventRequest,
	sampleEventXml,
	seal,
	sendEventCallback,
	verifyCallbackUrl,
} from '../../../sandbox/wecom/callbackSender';

/** A receiver over real HTTP (query decoding, raw body), recording each outcome. */
let server: Server;
let url: string;
const outcomes: Array<CallbackOutcome & { path: string; extra: string | null }> = [];
let dedupe = new RecentKeys();

beforeAll(async () => {
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const u = new URL(req.url ?? '/', 'http://localhost');
			const out = handleCallback(
				SANDBOX_CALLBACK_SECRETS,
				{ method: req.method ?? 'GET', query: Object.fromEntries(u.searchParams), body: Buffer.concat(chunks).toString('utf8') },
				{ events: ['customerAdded', 'groupMemberJoined'], dedupe },
			);
			outcomes.push({ ...out, path: u.pathname, extra: u.searchParams.get('extra') });
			res.writeHead(out.status, { 'content-type': 'text/plain' });
			res.end(out.body);
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/abc/webhook`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
	outcomes.length = 0;
	dedupe = new RecentKeys();
	jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

describe('callback sender', () => {
	it("seals messages the receiver's independent code decrypts", () => {
		const s = seal(SANDBOX_CALLBACK_SECRETS, '<xml>你好</xml>');
		expect(decryptMessage(decodeAesKey(SANDBOX_CALLBACK_SECRETS.encodingAesKey), s.encrypt)).toEqual({
			message: '<xml>你好</xml>',
			receiveId: SANDBOX_CALLBACK_SECRETS.corpId,
		});
	});

	it('passes URL verification over HTTP, echostr URL-encoded (+, /, =) and all', async () => {
		// Enough tries that echostr contains the characters that need encoding.
		for (let i = 0; i < 5; i++) {
			const r = await verifyCallbackUrl(url, SANDBOX_CALLBACK_SECRETS);
			expect(r.ok).toBe(true);
			expect(r.body).toBe(r.echo);
		}
		expect(outcomes.every((o) => o.kind === 'verified')).toBe(true);
	});

	it("POSTs an encrypted event that the receiver accepts, keeping the URL's own query", async () => {
		const r = await sendEventCallback(`${url}?extra=1`, SANDBOX_CALLBACK_SECRETS, sampleEventXml('customerAdded'));
		expect(r).toMatchObject({ status: 200, body: 'success' });
		expect(outcomes[0]).toMatchObject({ kind: 'event', path: '/webhook/abc/webhook', extra: '1' });
		expect(r.request.body).toMatch(
			/^<xml><ToUserName><!\[CDATA\[wwsandbox00000001\]\]><\/ToUserName><Encrypt><!\[CDATA\[[A-Za-z0-9+/=]+\]\]><\/Encrypt><\/xml>$/,
		);
	});

	it('builds the envelope with AgentID when given', () => {
		expect(eventRequest(SANDBOX_CALLBACK_SECRETS, '<xml/>', { agentId: 1000002 }).body).toContain('<AgentID><![CDATA[1000002]]></AgentID>');
	});

	it('refuses unknown sample names, listing the known ones', () => {
		expect(() => sampleEventXml('nope')).toThrow(/Known: groupCreated/);
	});
});

describe('send-callback CLI', () => {
	it('parses flags, --set values and environment defaults', () => {
		const a = parseArgs(
			[
				'--url',
				'http://x/y',
				'--event',
				'customerAdded',
				'--set',
				'State=poster=0612',
				'--set',
				'JoinScene=3',
				'--repeat',
				'3',
				'--legacy-list',
			],
			{ WECOM_CALLBACK_TOKEN: 'envToken' },
		);
		expect(a).toMatchObject({
			url: 'http://x/y',
			event: 'customerAdded',
			repeat: 3,
			legacyList: true,
			set: { State: 'poster=0612', JoinScene: 3 },
		});
		expect(a.secrets).toEqual({ ...SANDBOX_CALLBACK_SECRETS, token: 'envToken' });
		expect(() => parseArgs([])).toThrow(/--url is required/);
		expect(() => parseArgs(['--url', 'u', '--set', 'novalue'])).toThrow(/Field=Value/);
	});

	it('sends one event N times: the receiver runs it once and acknowledges the retries', async () => {
		expect(await main(['--url', url, '--event', 'customerAdded', '--set', 'State=poster-0612', '--repeat', '3'])).toBe(0);
		expect(outcomes.map((o) => o.kind)).toEqual(['event', 'ignored', 'ignored']);
		expect(outcomes[0].kind === 'event' && outcomes[0].item.state).toBe('poster-0612');
	});

	it('verifies the URL, and exits non-zero when the receiver has other secrets', async () => {
		expect(await main(['--url', url, '--verify'])).toBe(0);
		expect(await main(['--url', url, '--verify', '--token', 'wrong'])).toBe(1);
		expect(outcomes.map((o) => o.status)).toEqual([200, 401]);
	});

	it('exits non-zero when the event is refused', async () => {
		expect(await main(['--url', url, '--corp-id', 'wwOtherCorp'])).toBe(1);
		expect(outcomes[0]).toMatchObject({ status: 403 });
	});
});
