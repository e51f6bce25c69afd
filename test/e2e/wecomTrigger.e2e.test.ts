import { SANDBOX_CALLBACK_SECRETS, eventRequest, sampleEventXml, sendRequest, verifyCallbackUrl } from '../../sandbox/wecom/callbackSender';
import { PACKAGE, harness, nodeOutput } from './harness';

const e2e = harness();
const secrets = SANDBOX_CALLBACK_SECRETS;
const TRIGGER = 'WeCom Trigger';

/**
 * A real n8n with the pack: WeCom's URL check, an encrypted event that runs the workflow once, and
 * requests that must run nothing (forged, malformed, a retry, an unselected event). "Nothing ran" is
 * proven by sending a sentinel event afterwards and counting executions once it has finished.
 */
describe('WeCom Trigger in a real n8n', () => {
	let workflowId = '';
	let url = '';
	let createTime = Math.floor(Date.now() / 1000) - 1000;
	const nextEvent = (name = 'groupMemberJoined', set = {}) => sampleEventXml(name, { createTime: ++createTime, set });

	async function executionsAfterSentinel(expected: number): Promise<void> {
		const sentinel = await sendRequest(url, eventRequest(secrets, nextEvent('customerAdded', { State: 'sentinel' })));
		expect(sentinel.status).toBe(200);
		await e2e.n8n.waitForExecutions(workflowId, expected);
		// Give a wrongly started execution time to show up before counting.
		await new Promise((r) => setTimeout(r, 1500));
		const all = await e2e.n8n.executions(workflowId);
		expect(all).toHaveLength(expected);
	}

	beforeAll(async () => {
		const credential = await e2e.credential('wecomCallbackApi');
		const webhookId = `wecom-trigger-e2e-${Date.now()}`;
		const { id } = await e2e.deploy(
			{
				name: 'WeCom Trigger e2e',
				nodes: [
					{
						id: 'trigger',
						name: TRIGGER,
						type: `${PACKAGE}.weComTrigger`,
						typeVersion: 1,
						position: [0, 0],
						webhookId,
						parameters: { events: ['groupMemberJoined', 'customerAdded'], options: {} },
						credentials: { wecomCallbackApi: credential },
					},
					{ id: 'noop', name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [250, 0], parameters: {} },
				],
				connections: { [TRIGGER]: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
			},
			{ wecomCallbackApi: credential },
		);
		workflowId = id;
		url = `${e2e.n8nUrl}/webhook/${webhookId}/webhook`;
	});

	it("passes WeCom's URL verification (GET with echostr) without starting an execution", async () => {
		const r = await verifyCallbackUrl(url, secrets);
		expect(r.status).toBe(200);
		expect(r.body).toBe(r.echo);
		expect(r.ok).toBe(true);
		expect(await e2e.n8n.executions(workflowId)).toHaveLength(0);
	});

	it('runs the workflow once for a signed, encrypted event, answering "success" within WeCom\'s 5 s', async () => {
		const r = await sendRequest(url, eventRequest(secrets, nextEvent('groupMemberJoined')));
		expect(r.status).toBe(200);
		expect(r.body).toBe('success');
		expect(r.elapsedMs).toBeLessThan(5000);
		const [run] = await e2e.n8n.waitForExecutions(workflowId, 1);
		expect(run.status).toBe('success');
		const items = nodeOutput(await e2e.n8n.execution(run.id), TRIGGER);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({
			trigger: 'groupMemberJoined',
			event: 'change_external_chat',
			updateDetail: 'add_member',
			chatId: 'wrSANDBOX000001',
			memChangeList: ['wmCUST0001AAAA', 'wmCUST0002AAAA'],
			corpId: secrets.corpId,
		});
		expect(items[0].eventId).toMatch(/^[0-9a-f]{32}$/);
	});

	it('refuses forged and malformed requests with 4xx and runs nothing', async () => {
		const forged = await sendRequest(url, eventRequest({ ...secrets, token: 'attacker' }, nextEvent()));
		expect(forged.status).toBe(401);
		const otherCorp = await sendRequest(url, eventRequest(secrets, nextEvent(), { receiveId: 'wwOtherCorp' }));
		expect(otherCorp.status).toBe(403);
		const valid = eventRequest(secrets, nextEvent());
		const garbled = await sendRequest(url, {
			...valid,
			body: valid.body!.replace(/<Encrypt><!\[CDATA\[(.{8})/, '<Encrypt><![CDATA[AAAAAAAA'),
		});
		expect(garbled.status).toBe(401);
		const unsigned = await sendRequest(url, { method: 'POST', query: {}, body: valid.body });
		expect(unsigned.status).toBe(400);
		// The 1 execution so far, plus the sentinel's.
		await executionsAfterSentinel(2);
	});

	it("does not run twice for WeCom's retry of the same event", async () => {
		const xml = nextEvent('customerAdded', { State: 'poster-0612' });
		const first = await sendRequest(url, eventRequest(secrets, xml));
		const retry = await sendRequest(url, eventRequest(secrets, xml));
		expect([first.status, first.body, retry.status, retry.body]).toEqual([200, 'success', 200, 'success']);
		await executionsAfterSentinel(4);
		const runs = await e2e.n8n.waitForExecutions(workflowId, 4);
		const states = await Promise.all(runs.map(async (r) => nodeOutput(await e2e.n8n.execution(r.id), TRIGGER)[0]?.state));
		expect(states.filter((s) => s === 'poster-0612')).toHaveLength(1);
	});

	it('acknowledges events that are not selected without running', async () => {
		const r = await sendRequest(url, eventRequest(secrets, nextEvent('groupDismissed')));
		expect([r.status, r.body]).toEqual([200, 'success']);
		await executionsAfterSentinel(5);
	});

	it('fails visibly, with a failed execution and no secret, when the EncodingAESKey is unusable', async () => {
		const bad = `${secrets.encodingAesKey.slice(0, 42)}!`;
		const credential = await e2e.credential('wecomCallbackApi', { ...secrets, encodingAesKey: bad }, 'WeCom callback (bad key)');
		const webhookId = `wecom-trigger-e2e-badkey-${Date.now()}`;
		const { id } = await e2e.deploy(
			{
				name: 'WeCom Trigger bad key',
				nodes: [
					{
						id: 't',
						name: TRIGGER,
						type: `${PACKAGE}.weComTrigger`,
						typeVersion: 1,
						position: [0, 0],
						webhookId,
						parameters: { events: ['groupMemberJoined'], options: {} },
						credentials: { wecomCallbackApi: credential },
					},
				],
				connections: {},
			},
			{ wecomCallbackApi: credential },
		);
		const r = await sendRequest(`${e2e.n8nUrl}/webhook/${webhookId}/webhook`, eventRequest(secrets, nextEvent()));
		expect(r.status).toBe(500);
		expect(r.body).not.toContain(bad);
		const [run] = await e2e.n8n.waitForExecutions(id, 1);
		expect(run.status).toBe('error');
		const exec = await e2e.n8n.execution(run.id);
		expect(JSON.stringify(exec.data.resultData.error)).toMatch(/EncodingAESKey/);
		expect(JSON.stringify(exec.data.resultData.error)).not.toContain(bad);
	});
});
