/**
 * The pack in n8n's queue mode: Redis, PostgreSQL, one main, two workers and one webhook processor
 * (cluster.ts). Bursts through the templates and the WeCom Trigger, counting what came out: nothing
 * accepted is lost, nothing is sent twice, and both workers share the load.
 */
import { startSandbox } from '../../sandbox/server';
import type { RunningSandbox } from '../../sandbox/server';
import { SANDBOX_CALLBACK_SECRETS, eventRequest, sampleEventXml, sendRequest } from '../../sandbox/wecom/callbackSender';
import { harness } from '../e2e/harness';
import type { Harness } from '../e2e/harness';
import { PACKAGE } from '../e2e/harness';
import { accepted, deployTemplate, failures, loadTemplate } from '../e2e/templates/support';
import { startQueueCluster } from './cluster';
import type { QueueCluster } from './cluster';

/** Template waits shrink by this factor (one day → 4.3 s), as in the single-process e2e run. */
const TIME_SCALE = 1 / 20000;
const SIGNUPS = 200;
const CALLBACKS = 200;

/** Runs `fn` for 0..n-1 with at most `limit` at a time; returns the results in order. */
async function pool<T>(n: number, limit: number, fn: (i: number) => Promise<T>): Promise<T[]> {
	const out: T[] = new Array(n);
	let next = 0;
	await Promise.all(
		Array.from({ length: limit }, async () => {
			while (next < n) {
				const i = next++;
				out[i] = await fn(i);
			}
		}),
	);
	return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('queue mode: main + 2 workers + webhook processor on Redis and PostgreSQL', () => {
	let sandbox: RunningSandbox;
	let cluster: QueueCluster;
	let e2e: Harness;

	beforeAll(async () => {
		sandbox = await startSandbox();
		cluster = await startQueueCluster({
			env: { WECOM_GROWTH_SANDBOX_URL: sandbox.url, N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false', WECOM_GROWTH_TIME_SCALE: String(TIME_SCALE) },
		});
		e2e = harness({
			n8nUrl: cluster.webhookUrl,
			apiUrl: cluster.mainUrl,
			sandboxUrl: sandbox.url,
			smtpPort: sandbox.smtpPort,
			userFolder: '',
			session: cluster.api.session,
		});
	}, 600_000);

	afterAll(async () => {
		await cluster?.stop();
		await sandbox?.close();
	}, 120_000);

	/** Executions per worker, from the workers' own logs. */
	function workerShare(): Record<string, number> {
		const started = cluster.grep(/Worker started execution/);
		return { worker1: started.worker1 ?? 0, worker2: started.worker2 ?? 0 };
	}

	it(`template 01: ${SIGNUPS} trial signups at once → ${SIGNUPS} leads, notices, SMS, CRM contacts and welcome emails, none twice`, async () => {
		await e2e.sandbox.reset();
		const { id } = await deployTemplate(e2e, loadTemplate(e2e, '01-trial-signup.json'));
		const before = workerShare();
		const answers = await pool(SIGNUPS, 25, async (i) => {
			const n = String(i).padStart(4, '0');
			const r = await fetch(`${cluster.webhookUrl}/webhook/trial-signup`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					name: `试用${n}`,
					company: `公司${n}`,
					title: '市场总监',
					phone: `138001${n.padStart(5, '0')}`,
					email: `lead${n}@example.cn`,
					companySize: 200,
				}),
			});
			return r.status;
		});
		expect(answers.filter((s) => s === 202)).toHaveLength(SIGNUPS);

		const runs = await e2e.n8n.waitForExecutions(id, SIGNUPS, 600_000);
		await sleep(2000);
		const all = await e2e.n8n.executions(id);
		const failed = all.filter((r) => r.status !== 'success');
		if (failed.length) throw new Error(`${failed.length} executions did not succeed: ${(await failures(e2e, id)).slice(0, 5).join('; ')}`);
		expect(all).toHaveLength(SIGNUPS);
		expect(runs.every((r) => r.mode === 'webhook')).toBe(true);

		const phones = (n: number) => `138001${String(n).padStart(5, '0')}`;
		const notices = await accepted(e2e, '/cgi-bin/message/send');
		expect(notices).toHaveLength(SIGNUPS);
		const sms = (await e2e.sandbox.sms()).map((m) => m.phone);
		expect(new Set(sms).size).toBe(SIGNUPS);
		expect(sms).toHaveLength(SIGNUPS);
		expect(sms).toContain(phones(SIGNUPS - 1));
		const profiles = await e2e.n8n.dataTableRows('lead_profiles');
		expect(profiles).toHaveLength(SIGNUPS);
		expect(new Set(profiles.map((p) => p.lead_id)).size).toBe(SIGNUPS);
		const contacts = (await (await fetch(`${sandbox.url}/_sandbox/hubspot/contacts`)).json()) as Array<{
			properties: Record<string, string>;
		}>;
		expect(new Set(contacts.map((c) => c.properties.email)).size).toBe(SIGNUPS);
		expect(contacts).toHaveLength(SIGNUPS);
		const emails = await e2e.sandbox.emails();
		expect(emails).toHaveLength(SIGNUPS);
		expect(new Set(emails.map((m) => m.to.join(','))).size).toBe(SIGNUPS);

		const after = workerShare();
		const share = { worker1: after.worker1 - before.worker1, worker2: after.worker2 - before.worker2 };
		console.log(`[queue] template 01: ${SIGNUPS} signups; executions per worker ${JSON.stringify(share)}`);
		expect(share.worker1).toBeGreaterThan(0);
		expect(share.worker2).toBeGreaterThan(0);
		await e2e.n8n.deactivate(id);
	}, 900_000);

	it(`WeCom Trigger: ${CALLBACKS} callbacks, each retried on another process → every event runs, duplicates carry the same eventId`, async () => {
		const credential = await e2e.credential('wecomCallbackApi');
		const webhookId = `queue-trigger-${Date.now()}`;
		const { id } = await e2e.deploy(
			{
				name: 'WeCom Trigger in queue mode',
				nodes: [
					{
						id: 't',
						name: 'WeCom Trigger',
						type: `${PACKAGE}.weComTrigger`,
						typeVersion: 1,
						position: [0, 0],
						webhookId,
						parameters: { events: ['customerAdded'], options: {} },
						credentials: { wecomCallbackApi: credential },
					},
					{ id: 'd', name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [250, 0], parameters: {} },
				],
				connections: { 'WeCom Trigger': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
			},
			{ wecomCallbackApi: credential },
		);
		// The main serves production webhooks too: make sure it has registered this one.
		await e2e.n8n.waitForWebhooks([`${webhookId}/webhook`], cluster.mainUrl);
		const createTime = Math.floor(Date.now() / 1000) - 60;
		const xml = (i: number) =>
			sampleEventXml('customerAdded', {
				createTime: createTime + i,
				set: { UserID: 'zhangsan', ExternalUserID: `wmQUEUE${String(i).padStart(5, '0')}`, State: `queue_${i}` },
			});
		const refused: string[] = [];
		const send = async (base: string, i: number) => {
			// Like WeCom: without a "success" answer (a dropped connection, a 5xx from a busy process)
			// the same event is sent again, up to three times.
			for (let attempt = 1; ; attempt++) {
				let answer = '';
				try {
					const r = await sendRequest(`${base}/webhook/${webhookId}/webhook`, eventRequest(SANDBOX_CALLBACK_SECRETS, xml(i)));
					if (r.status === 200 && r.body === 'success') return true;
					answer = `${r.status} ${String(r.body).slice(0, 120)}`;
				} catch (e) {
					answer = (e as Error).message;
				}
				refused.push(`event ${i} on ${base === cluster.mainUrl ? 'main' : 'webhook'}: ${answer}`);
				if (attempt === 3) return false;
				await sleep(1000);
			}
		};
		const triggerItem = async (executionId: string) =>
			(await e2e.n8n.execution(executionId)).data.resultData.runData['WeCom Trigger']?.[0]?.data?.main?.[0]?.[0]?.json as {
				eventId: string;
				externalUserId: string;
			};

		// A lone event whose retry reaches the other process after the first call: recognised through
		// the replay memory in n8n's database, no second execution.
		expect(await send(cluster.webhookUrl, CALLBACKS)).toBe(true);
		await e2e.n8n.waitForExecutions(id, 1, 120_000);
		expect(await send(cluster.mainUrl, CALLBACKS)).toBe(true);
		await sleep(3000);
		expect(await e2e.n8n.executions(id)).toHaveLength(1);

		// A burst: 200 events to the webhook processor, then every one again to the main.
		const originals = await pool(CALLBACKS, 20, (i) => send(cluster.webhookUrl, i));
		expect(originals.filter(Boolean)).toHaveLength(CALLBACKS);
		const retries = await pool(CALLBACKS, 20, (i) => send(cluster.mainUrl, i));
		expect(retries.filter(Boolean)).toHaveLength(CALLBACKS);

		await e2e.n8n.waitForExecutions(id, CALLBACKS + 1, 300_000);
		await sleep(3000);
		const all = await e2e.n8n.executions(id);
		const items = await pool(all.length, 10, async (k) => triggerItem(all[k].id));
		const users = new Set(items.map((x) => x.externalUserId));
		const eventIds = new Set(items.map((x) => x.eventId));
		const dupes = all.length - users.size;
		console.log(
			`[queue] WeCom Trigger: ${CALLBACKS} events + ${CALLBACKS} retries on the other process → ${all.length - 1} executions (${dupes} retries ran again), enqueued per process (cumulative) ${JSON.stringify(cluster.grep(/Enqueued execution/))}; answers other than success, sent again: ${refused.length} ${JSON.stringify(refused.slice(0, 3))}`,
		);
		expect(all.filter((r) => r.status === 'success')).toHaveLength(all.length);
		// Nothing lost: every event ran.
		expect(users.size).toBe(CALLBACKS + 1);
		// A retry that ran again carries its original's eventId: a downstream claim on it drops it.
		expect(eventIds.size).toBe(users.size);
		await e2e.n8n.deactivate(id);
	}, 900_000);

	// Known to fail today, kept so that the fix shows: template 05 reads a lead's stored profile,
	// scores and saves it whole (last write wins), so of two events scored at the same time one is
	// lost (measured: 9 of 20 leads). Flip to it() once the template keeps points per event.
	it.failing(
		'template 05: two events for the same lead scored at the same time both count',
		async () => {
			const { id } = await deployTemplate(e2e, loadTemplate(e2e, '05-lead-scoring-pipeline.json'));
			const LEADS = 20;
			const event = (lead: number, type: string) =>
				fetch(`${cluster.webhookUrl}/webhook/lead-event`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ lid: `wmPAIR${String(lead).padStart(4, '0')}`, type, id: `${type}-${lead}` }),
				}).then((r) => r.status);
			// Per lead, a discussion (5 points) and an email reply (5 points) arrive together.
			const statuses = await pool(LEADS, LEADS, async (lead) =>
				Promise.all([event(lead, 'discussion_joined'), event(lead, 'email_replied')]),
			);
			expect(statuses.flat().filter((s) => s === 202)).toHaveLength(2 * LEADS);
			await e2e.n8n.waitForExecutions(id, 2 * LEADS, 300_000);
			await sleep(2000);
			const failed = (await e2e.n8n.executions(id)).filter((r) => r.status !== 'success');
			if (failed.length) throw new Error((await failures(e2e, id)).slice(0, 5).join('; '));
			const rows = (await e2e.n8n.dataTableRows('lead_profiles')).filter((p) => String(p.lead_id).startsWith('wmPAIR'));
			const scores = rows.map((p) => Number(p.engagement_score));
			const short = scores.filter((s) => s !== 10).length + (LEADS - new Set(rows.map((p) => p.lead_id)).size);
			console.log(
				`[queue] template 05: ${LEADS} leads × 2 simultaneous events; rows ${rows.length}, leads with points lost ${short}, scores ${JSON.stringify(scores)}`,
			);
			expect(new Set(rows.map((p) => p.lead_id)).size).toBe(LEADS);
			expect(scores).toEqual(Array(LEADS).fill(10));
			await e2e.n8n.deactivate(id);
		},
		600_000,
	);

	it('robot pacing: 30 messages to one robot key from both workers → each delivered once, never over 20 a minute', async () => {
		const robot = await e2e.credential('wecomRobotApi');
		const path = `queue-robot-${Date.now()}`;
		const { id } = await e2e.deploy(
			{
				name: 'robot burst in queue mode',
				nodes: [
					{
						id: 'w',
						name: 'Webhook',
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2,
						position: [0, 0],
						webhookId: path,
						parameters: { path, httpMethod: 'POST' },
					},
					{
						id: 'r',
						name: 'WeCom',
						type: `${PACKAGE}.weCom`,
						typeVersion: 1,
						position: [250, 0],
						parameters: {
							resource: 'robotMessage',
							operation: 'send',
							messageType: 'text',
							content: '={{ $json.body.text }}',
							oversize: 'split',
						},
						credentials: { wecomRobotApi: robot },
					},
				],
				connections: { Webhook: { main: [[{ node: 'WeCom', type: 'main', index: 0 }]] } },
			},
			{ wecomRobotApi: robot },
		);
		const before = workerShare();
		const started = Date.now();
		const texts = Array.from({ length: 30 }, (_, i) => `queue burst ${i}`);
		const answers = await pool(
			texts.length,
			30,
			async (i) =>
				(
					await fetch(`${cluster.webhookUrl}/webhook/${path}`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ text: texts[i] }),
					})
				).status,
		);
		expect(answers.filter((s) => s === 200)).toHaveLength(texts.length);
		const runs = await e2e.n8n.waitForExecutions(id, texts.length, 400_000);
		const failed = runs.filter((r) => r.status !== 'success');
		if (failed.length) throw new Error((await failures(e2e, id)).slice(0, 5).join('; '));

		const sent = (await e2e.sandbox.robotMessages()).filter((m) => String(m.message?.text?.content ?? '').startsWith('queue burst '));
		expect(sent.map((m) => m.message.text.content).sort()).toEqual([...texts].sort());
		const times = sent.map((m) => m.at).sort((a, b) => a - b);
		const busiest = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 60_000).length));
		const refused = (await e2e.sandbox.requests('/cgi-bin/webhook/send')).filter(
			(r) => (r.response as { errcode?: number })?.errcode === 45009,
		).length;
		const after = workerShare();
		console.log(
			`[queue] robot: ${sent.length} delivered in ${Math.round((Date.now() - started) / 1000)} s, busiest minute ${busiest}, 45009 answers ${refused}, executions per worker ${JSON.stringify({ worker1: after.worker1 - before.worker1, worker2: after.worker2 - before.worker2 })}`,
		);
		expect(busiest).toBeLessThanOrEqual(20);
		await e2e.n8n.deactivate(id);
	}, 600_000);
});
