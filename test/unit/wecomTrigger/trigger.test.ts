import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { NodeOperationError } from 'n8n-workflow';
import type { ICredentialTestFunctions, ICredentialsDecrypted } from 'n8n-workflow';
import { clearRecentCallbacks } from '../../../lib/wecom/callback/dedupe';
import { TRIGGER_EVENT_VALUES } from '../../../lib/wecom/callback/events';
import { WeComTrigger } from '../../../nodes/WeComTrigger/WeComTrigger.node';
import { SANDBOX_CALLBACK_SECRETS, eventRequest, sampleEventXml, verifyRequest } from '../../../sandbox/wecom/callbackSender';
import { callWebhook } from './fakeWebhook';

const secrets = SANDBOX_CALLBACK_SECRETS;
const joinedXml = () => sampleEventXml('groupMemberJoined', { createTime: 1_760_000_000 });

beforeEach(() => clearRecentCallbacks());

describe('WeCom Trigger webhook', () => {
	it('answers URL verification with the bare echo, as plain text, and starts nothing', async () => {
		const req = verifyRequest(secrets);
		const { result, response } = await callWebhook({ request: req });
		expect(response).toEqual({
			status: 200,
			headers: expect.objectContaining({ 'Content-Type': 'text/plain; charset=utf-8' }),
			body: req.echo,
		});
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('starts one execution for a selected event and acknowledges with "success"', async () => {
		const { result, response } = await callWebhook({ request: eventRequest(secrets, joinedXml()) });
		expect(response).toMatchObject({ status: 200, body: 'success' });
		expect(result.noWebhookResponse).toBe(true);
		expect(result.workflowData).toHaveLength(1);
		expect(result.workflowData![0]).toHaveLength(1);
		expect(result.workflowData![0][0].json).toMatchObject({
			trigger: 'groupMemberJoined',
			chatId: 'wrSANDBOX000001',
			updateDetail: 'add_member',
			joinScene: 3,
			joinMethod: 'qrCode',
			memChangeList: ['wmCUST0001AAAA', 'wmCUST0002AAAA'],
			eventId: expect.stringMatching(/^[0-9a-f]{32}$/),
		});
	});

	it('reads the event when n8n parsed the XML and kept no raw body', async () => {
		const { result } = await callWebhook({ request: eventRequest(secrets, joinedXml()), parsedBodyOnly: true });
		expect(result.workflowData?.[0][0].json.trigger).toBe('groupMemberJoined');
	});

	it("does not start a second execution for WeCom's retry of the same event", async () => {
		const first = await callWebhook({ request: eventRequest(secrets, joinedXml()) });
		const retry = await callWebhook({ request: eventRequest(secrets, joinedXml()) });
		expect(first.result.workflowData).toHaveLength(1);
		expect(retry.result).toEqual({ noWebhookResponse: true });
		expect(retry.response).toMatchObject({ status: 200, body: 'success' });
		expect(retry.logs.join('\n')).toMatch(/duplicate/);
	});

	it('answers a deeply nested unsigned body with 400 and starts nothing (no failed execution)', async () => {
		const body = `<xml>${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}</xml>`;
		const query = { msg_signature: '0'.repeat(40), timestamp: String(Math.floor(Date.now() / 1000)), nonce: '1' };
		const { result, response } = await callWebhook({ request: { method: 'POST', query, body } });
		expect(response.status).toBe(400);
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('refuses a year-old signed callback with the default options', async () => {
		const yearAgo = String(Math.floor(Date.now() / 1000) - 365 * 24 * 3600);
		const { result, response } = await callWebhook({ request: eventRequest(secrets, joinedXml(), { timestamp: yearAgo }) });
		expect(response.status).toBe(401);
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('catches a retry that lands on another n8n process (queue mode) through the shared static data', async () => {
		const shared = {};
		const first = await callWebhook({ request: eventRequest(secrets, joinedXml()), staticData: shared });
		expect(first.result.workflowData).toHaveLength(1);
		expect(Object.keys((shared as { recentCallbacks: object }).recentCallbacks)).toHaveLength(1);
		clearRecentCallbacks(); // the other process has its own memory
		const retry = await callWebhook({ request: eventRequest(secrets, joinedXml()), staticData: shared });
		expect(retry.result).toEqual({ noWebhookResponse: true });
		expect(retry.logs.join('\n')).toMatch(/duplicate/);
		// Without the shared record the other process would have run it again.
		clearRecentCallbacks();
		const elsewhere = await callWebhook({ request: eventRequest(secrets, joinedXml()), staticData: {} });
		expect(elsewhere.result.workflowData).toHaveLength(1);
	});

	it('runs retries again when Ignore WeCom Retries is off', async () => {
		const parameters = { events: ['groupMemberJoined'], options: { ignoreRetries: false } };
		await callWebhook({ request: eventRequest(secrets, joinedXml()), parameters });
		const again = await callWebhook({ request: eventRequest(secrets, joinedXml()), parameters });
		expect(again.result.workflowData).toHaveLength(1);
	});

	it('keeps the retry memory per workflow', async () => {
		await callWebhook({ request: eventRequest(secrets, joinedXml()), workflowId: 'wf-a' });
		const other = await callWebhook({ request: eventRequest(secrets, joinedXml()), workflowId: 'wf-b' });
		expect(other.result.workflowData).toHaveLength(1);
	});

	it('acknowledges an unselected event with 200 and starts nothing', async () => {
		const { result, response } = await callWebhook({ request: eventRequest(secrets, sampleEventXml('tagCreated')) });
		expect(response).toMatchObject({ status: 200, body: 'success' });
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('refuses a forged request with 401 and starts nothing', async () => {
		const { result, response, logs } = await callWebhook({ request: eventRequest({ ...secrets, token: 'attacker' }, joinedXml()) });
		expect(response.status).toBe(401);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(logs.join('\n')).toMatch(/bad_signature/);
		expect(logs.join('\n')).not.toContain(secrets.token);
	});

	it('refuses a malformed body with 400 and starts nothing', async () => {
		const req = eventRequest(secrets, joinedXml());
		const { result, response } = await callWebhook({ request: { ...req, body: '<xml><Encrypt>' } });
		expect(response.status).toBe(400);
		expect(result.workflowData).toBeUndefined();
	});

	it('refuses a request without signature parameters with 400', async () => {
		const { response, result } = await callWebhook({ request: { method: 'POST', query: {}, body: '<xml><Encrypt>abc</Encrypt></xml>' } });
		expect(response.status).toBe(400);
		expect(result.workflowData).toBeUndefined();
	});

	it('refuses a callback encrypted for another corp with 403', async () => {
		const { response, result } = await callWebhook({ request: eventRequest(secrets, joinedXml(), { receiveId: 'wwOtherCorp' }) });
		expect(response.status).toBe(403);
		expect(result.workflowData).toBeUndefined();
	});

	it('names the field when no event is selected', async () => {
		const run = callWebhook({ request: eventRequest(secrets, joinedXml()), parameters: { events: [] } });
		await expect(run).rejects.toThrow(NodeOperationError);
		await expect(callWebhook({ request: eventRequest(secrets, joinedXml()), parameters: { events: [] } })).rejects.toThrow(
			/events: choose at least one event/,
		);
	});

	it("fails visibly, without the key, when the credential's EncodingAESKey is unusable", async () => {
		const bad = { ...secrets, encodingAesKey: `${secrets.encodingAesKey.slice(0, 42)}!` };
		const error = await callWebhook({ request: eventRequest(secrets, joinedXml()), credentials: bad }).then(
			() => undefined,
			(e: Error) => e,
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toMatch(/EncodingAESKey/);
		expect(error?.message).not.toContain(bad.encodingAesKey);
	});
});

describe('WeCom Trigger description', () => {
	const node = new WeComTrigger();
	const d = node.description;

	it('is a webhook trigger on one URL: GET for verification, POST for events', () => {
		expect(d.name).toBe('weComTrigger');
		expect(d.group).toEqual(['trigger']);
		expect(d.inputs).toEqual([]);
		expect(d.webhooks?.map((w) => [w.name, w.httpMethod, w.path])).toEqual([
			['setup', 'GET', 'webhook'],
			['default', 'POST', 'webhook'],
		]);
		expect(d.credentials).toEqual([expect.objectContaining({ name: 'wecomCallbackApi', required: true })]);
	});

	it('offers every trigger event in the Events parameter', () => {
		const events = d.properties.find((p) => p.name === 'events');
		expect(events?.type).toBe('multiOptions');
		expect(events?.options?.map((o) => (o as { value: string }).value)).toEqual(TRIGGER_EVENT_VALUES);
	});

	it('ships its icon and a codex whose node name matches', () => {
		const dir = join(__dirname, '../../../nodes/WeComTrigger');
		expect(existsSync(join(dir, 'wecom.svg'))).toBe(true);
		const codex = JSON.parse(readFileSync(join(dir, 'WeComTrigger.node.json'), 'utf8'));
		expect(codex.node).toBe('n8n-nodes-wecom-growth.weComTrigger');
		expect(codex.alias).toContain('企业微信');
	});

	it('tests the credential locally: accepts the sandbox settings, rejects a bad key', async () => {
		const test = node.methods.credentialTest.wecomCallbackTest;
		const run = (data: Record<string, unknown>) =>
			test.call({} as ICredentialTestFunctions, { id: '1', name: 'c', type: 'wecomCallbackApi', data } as ICredentialsDecrypted);
		expect(await run({ ...secrets })).toMatchObject({ status: 'OK' });
		expect(await run({ ...secrets, encodingAesKey: 'tooShort' })).toMatchObject({ status: 'Error', message: expect.stringMatching(/43/) });
		expect(await run({ ...secrets, corpId: '' })).toMatchObject({ status: 'Error', message: expect.stringMatching(/Corp ID/) });
	});
});
