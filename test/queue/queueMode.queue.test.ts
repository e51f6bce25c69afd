/**
 * The pack in n8n's queue mode: Redis, PostgreSQL, one main, two workers and one webhook processor
 * (cluster.ts). Bursts through the templates and the WeCom Trigger, counting what came out: nothing
 * accepted is lost, nothing is sent twice, and both workers share the load.
 */
import { startSandbox } from '../../sandbox/server';
import type { RunningSandbox } from '../../sandbox/server';
import { SandboxControl } from '../../sandbox/control';
import { SANDBOX_CALLBACK_SECRETS, eventRequest, sampleEventXml, sendRequest } from '../../sandbox/wecom/callbackSender';
import { SANDBOX_CORP } from '../../sandbox/wecom/data';
import { harness, sandboxCredentialData } from '../e2e/harness';
import type { Harness } from '../e2e/harness';
import { accepted, deployTemplate, eventually, failures, loadTemplate, requestMark, withSettings } from '../e2e/templates/support';
import { claimedTriggerWorkflow, robotWebhookWorkflow } from '../helpers/workflows';
import { startQueueCluster, stopAllQueueClusters } from './cluster';
import type { QueueCluster } from './cluster';

/** Template waits shrink by this factor (one day → 4.3 s), as in the single-process e2e run. */
const TIME_SCALE = 1 / 20000;
const SIGNUPS = 200;
/** Signups whose second click lands on another n8n process at the same moment. */
const DOUBLE_CLICKS = 40;
const CALLBACKS = 200;
/** Template 07: members of the campaign and new friends of each. */
const REFERRERS = 8;
const FRIENDS = 4;

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
			// Template 01 holds an execution through its one-day wait (seconds here): room for the drains.
			workerConcurrency: 10,
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
		// Also a cluster whose start the beforeAll timeout abandoned.
		await stopAllQueueClusters();
		await sandbox?.close();
	}, 120_000);

	/** Workflows to deactivate after the current test, passed or failed (an active schedule would go on). */
	const toDeactivate: string[] = [];
	const deactivateAfter = (id: string) => toDeactivate.push(id);
	afterEach(async () => {
		for (const id of toDeactivate.splice(0)) await e2e.n8n.deactivate(id).catch(() => undefined);
	}, 60_000);

	/** Executions per worker, from the workers' own logs. */
	function workerShare(): Record<string, number> {
		const started = cluster.grep(/Worker started execution/);
		return { worker1: started.worker1 ?? 0, worker2: started.worker2 ?? 0 };
	}

	it(`template 01: ${SIGNUPS} trial signups at once, ${DOUBLE_CLICKS} of them clicked twice (on two processes) → ${SIGNUPS} leads, notices, SMS, CRM contacts and welcome emails, none twice`, async () => {
		await e2e.sandbox.reset();
		// As a user sets it up against the sandbox, with a 2-second CRM queue drain (the schedule runs on the main).
		const wf = withSettings(loadTemplate(e2e, '01-trial-signup.json'), { smsEndpoint: `${sandbox.url}/sms/send`, timeScale: TIME_SCALE });
		for (const n of wf.nodes.filter((x: any) => x.type === 'n8n-nodes-base.scheduleTrigger'))
			for (const rule of n.parameters.rule.interval) if (rule.field === 'seconds') rule.secondsInterval = 2;
		const { id } = await deployTemplate(e2e, wf);
		// Its schedule must not go on feeding the workers when this test fails.
		deactivateAfter(id);
		await e2e.n8n.waitForWebhooks(['trial-signup'], cluster.mainUrl);
		const mark = await requestMark(e2e);
		const before = workerShare();
		const n = (i: number) => String(i).padStart(4, '0');
		const email = (i: number) => `lead${n(i)}@example.cn`;
		const phone = (i: number) => `138001${n(i).padStart(5, '0')}`;
		const refused: string[] = [];
		const signup = async (base: string, i: number): Promise<number> => {
			// As a browser would: a request the server could not answer (5xx, dropped) is sent again.
			for (let attempt = 1; ; attempt++) {
				let status = 0;
				let answer = '';
				try {
					const r = await fetch(`${base}/webhook/trial-signup`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({
							name: `试用${n(i)}`,
							company: `公司${n(i)}`,
							title: '市场总监',
							phone: phone(i),
							email: email(i),
							companySize: 200,
						}),
					});
					status = r.status;
					answer = (await r.text()).slice(0, 160);
				} catch (e) {
					answer = (e as Error).message;
				}
				if (status === 202) return status;
				refused.push(`signup ${i} on ${base === cluster.mainUrl ? 'main' : 'webhook'}: ${status} ${answer}`);
				if ((status > 0 && status < 500) || attempt === 3) return status;
				await sleep(1000);
			}
		};
		// Each signup to the webhook processor; a double click's second request reaches the main at the same time.
		const answers = await pool(SIGNUPS, 25, (i) =>
			i < DOUBLE_CLICKS
				? Promise.all([signup(cluster.webhookUrl, i), signup(cluster.mainUrl, i)])
				: signup(cluster.webhookUrl, i).then((x) => [x]),
		);
		console.log(
			`[queue] template 01: answers other than 202 (sent again after a 5xx): ${refused.length} ${JSON.stringify(refused.slice(0, 5))}`,
		);
		// Every signup accepted, and no request refused for anything but an overloaded process.
		expect(answers.map((a, i) => [i, a.includes(202)]).filter(([, ok]) => !ok)).toEqual([]);
		expect(answers.flat().filter((x) => x !== 202)).toEqual([]);

		const emails = () => e2e.sandbox.emails();
		type Contact = { properties: Record<string, string> };
		const contacts = async () => (await (await fetch(`${sandbox.url}/_sandbox/hubspot/contacts`)).json()) as Contact[];
		const intake = async () => (await e2e.n8n.dataTableRows('trial_intake')).filter((r) => /^lead\d{4}@/.test(String(r.email)));
		await eventually(
			async () =>
				(await contacts()).length >= SIGNUPS &&
				(await emails()).length >= SIGNUPS &&
				(await intake()).filter((r) => r.status === 'done').length >= SIGNUPS,
			`${SIGNUPS} contacts, welcome emails and intake rows done`,
			600_000,
		).catch(async (e) => {
			throw new Error(`${(e as Error).message}; ${(await failures(e2e, id)).slice(0, 5).join('; ')}`);
		});
		// Room for anything sent twice to show up.
		await sleep(5000);

		const all = await e2e.n8n.executions(id);
		const failed = all.filter((r) => !['success', 'running', 'new'].includes(r.status));
		if (failed.length) throw new Error(`${failed.length} executions did not succeed: ${(await failures(e2e, id)).slice(0, 5).join('; ')}`);
		// The execution list (newest first, hundreds of queue drains) is only shown; the counts below are what matters.
		const requests = all.filter((r) => r.mode === 'webhook');

		const people = Array.from({ length: SIGNUPS }, (_, i) => i);
		const count = (list: string[], value: string) => list.filter((x) => x.includes(value)).length;
		const notices = (await accepted(e2e, '/cgi-bin/message/send', mark)).map((r) => String((r.body as any).textcard.description));
		expect(notices).toHaveLength(SIGNUPS);
		expect(people.filter((i) => count(notices, email(i)) !== 1)).toEqual([]);
		const sms = (await e2e.sandbox.sms()).map((m) => m.phone);
		expect(sms).toHaveLength(SIGNUPS);
		expect(new Set(sms).size).toBe(SIGNUPS);
		const profiles = await e2e.n8n.dataTableRows('lead_profiles');
		expect(profiles).toHaveLength(SIGNUPS);
		expect(new Set(profiles.map((p) => p.lead_id)).size).toBe(SIGNUPS);
		const inCrm = (await contacts()).map((c) => c.properties.email);
		expect(inCrm).toHaveLength(SIGNUPS);
		expect(people.filter((i) => count(inCrm, email(i)) !== 1)).toEqual([]);
		const tasks = (await (await fetch(`${sandbox.url}/_sandbox/hubspot/objects/tasks`)).json()) as Contact[];
		expect(tasks).toHaveLength(SIGNUPS);
		const welcome = (await emails()).map((m) => m.to.join(','));
		expect(welcome).toHaveLength(SIGNUPS);
		expect(people.filter((i) => count(welcome, email(i)) !== 1)).toEqual([]);
		// The second clicks' rows were recognised as repeats and removed; every signup's row is done.
		const rows = await intake();
		expect(rows).toHaveLength(SIGNUPS);
		expect(rows.filter((r) => r.status !== 'done')).toEqual([]);

		const after = workerShare();
		const share = { worker1: after.worker1 - before.worker1, worker2: after.worker2 - before.worker2 };
		console.log(
			`[queue] template 01: ${SIGNUPS} signups + ${DOUBLE_CLICKS} second clicks → ${requests.length} request executions, ${all.length - requests.length} CRM queue drains; executions per worker ${JSON.stringify(share)}`,
		);
		expect(share.worker1).toBeGreaterThan(0);
		expect(share.worker2).toBeGreaterThan(0);
	}, 900_000);

	it(`WeCom Trigger + Claim Event: ${CALLBACKS} callbacks, each retried on another process at once → each event claimed and processed exactly once`, async () => {
		const credential = await e2e.credential('wecomCallbackApi');
		const webhookId = `queue-trigger-${Date.now()}`;
		const wf = claimedTriggerWorkflow(webhookId, credential);
		await e2e.ensureTemplateTables(wf);
		const { id } = await e2e.deploy(wf, { wecomCallbackApi: credential });
		deactivateAfter(id);
		// The main serves production webhooks too: make sure it has registered this one.
		await e2e.n8n.waitForWebhooks([`${webhookId}/webhook`], cluster.mainUrl);
		const createTime = Math.floor(Date.now() / 1000) - 60;
		const user = (i: number) => `wmQUEUE${String(i).padStart(5, '0')}`;
		const xml = (i: number) =>
			sampleEventXml('customerAdded', {
				createTime: createTime + i,
				set: { UserID: 'zhangsan', ExternalUserID: user(i), State: `queue_${i}` },
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
		/** Per execution: the event's user, and whether it got past the claim ("Done" ran). */
		const outcome = async (executionId: string) => {
			const runData = (await e2e.n8n.execution(executionId)).data.resultData.runData;
			const event = runData['WeCom Trigger']?.[0]?.data?.main?.[0]?.[0]?.json as { eventId: string; externalUserId: string };
			const verdict = runData['Claim Event']?.[0]?.data?.main?.[0]?.[0]?.json as { decision?: string; reason?: string } | undefined;
			return { user: event?.externalUserId, eventId: event?.eventId, done: Boolean(runData['Done']), verdict };
		};

		// A lone event whose retry reaches the other process after the first one ran: one execution, one claim.
		expect(await send(cluster.webhookUrl, CALLBACKS)).toBe(true);
		await e2e.n8n.waitForExecutions(id, 1, 120_000);
		expect(await send(cluster.mainUrl, CALLBACKS)).toBe(true);

		// A burst: each event to the webhook processor and, a moment later, its retry to the main, so
		// that both copies are often run at the same time by the two workers.
		const sent = await pool(CALLBACKS, 20, (i) =>
			Promise.all([send(cluster.webhookUrl, i), sleep((i % 4) * 15).then(() => send(cluster.mainUrl, i))]),
		);
		// An event is accepted once either copy got WeCom's "success" (WeCom stops retrying then).
		const acknowledged = [...sent.map((copies) => copies.some(Boolean)), true];

		const claimed = async () => (await e2e.n8n.dataTableRows('wecom_event_claims')).filter((r) => r.status === 'claimed');
		const accepted = acknowledged.filter(Boolean).length;
		await eventually(async () => (await claimed()).length >= accepted, `${accepted} claims`, 300_000).catch(async (e) => {
			throw new Error(`${(e as Error).message}; ${(await failures(e2e, id)).slice(0, 5).join('; ')}`);
		});
		await eventually(
			async () => (await e2e.n8n.executions(id)).every((r) => !['new', 'running', 'waiting'].includes(r.status)),
			'every execution finished',
			120_000,
		);
		await sleep(3000);
		const all = await e2e.n8n.executions(id);
		expect(all.filter((r) => r.status !== 'success')).toEqual([]);
		const outcomes = await pool(all.length, 10, (k) => outcome(all[k].id));
		const users = Array.from({ length: CALLBACKS + 1 }, (_, i) => user(i));
		const doneFor = (u: string) => outcomes.filter((o) => o.user === u && o.done).length;
		const stopped = outcomes.filter((o) => !o.done);
		console.log(
			`[queue] WeCom Trigger: ${CALLBACKS + 1} events, each sent twice (two processes) → ${all.length} executions, ${all.length - stopped.length} past the claim, ${stopped.length} stopped by it (${JSON.stringify(
				stopped.reduce<Record<string, number>>(
					(acc, o) => ({
						...acc,
						[o.verdict?.reason ?? 'confirm changed nothing']: (acc[o.verdict?.reason ?? 'confirm changed nothing'] ?? 0) + 1,
					}),
					{},
				),
			)}); ${acknowledged.filter((ok) => !ok).length} never acknowledged; enqueued per process (cumulative) ${JSON.stringify(cluster.grep(/Enqueued execution/))}; answers other than success, sent again: ${refused.length} ${JSON.stringify(refused.slice(0, 3))}`,
		);
		// Nothing accepted lost, nothing twice: every accepted event got past the claim exactly once, and
		// one that never got an answer (a process too busy three times) at most once.
		expect(acknowledged.filter((ok) => !ok).length).toBeLessThanOrEqual(CALLBACKS / 20);
		expect(users.filter((u, i) => (acknowledged[i] ? doneFor(u) !== 1 : doneFor(u) > 1))).toEqual([]);
		const claims = await claimed();
		expect(new Set(claims.map((r) => r.event_key)).size).toBe(claims.length);
		expect(claims.length).toBeGreaterThanOrEqual(accepted);
		// A copy stopped by the claim carries the same eventId as the one that went on.
		const eventOf = new Map(outcomes.filter((o) => o.done).map((o) => [o.user, o.eventId]));
		expect(stopped.filter((o) => eventOf.has(o.user) && eventOf.get(o.user) !== o.eventId)).toEqual([]);
	}, 900_000);

	/** Template 05, two events per lead at the same moment: each lead's stored engagement score. */
	let pairScores: { expected: number; scores: number[] } | undefined;
	const LEADS = 20;

	it(`template 05: ${2 * LEADS} lead events, two per lead at the same moment → all answered 202 and scored without error`, async () => {
		const { id } = await deployTemplate(e2e, loadTemplate(e2e, '05-lead-scoring-pipeline.json'));
		deactivateAfter(id);
		// The website's key (Header Auth), as deployTemplate picked the sandbox credential.
		const key = sandboxCredentialData('httpHeaderAuth', sandbox.url);
		const event = (lid: string, type: string) =>
			fetch(`${cluster.webhookUrl}/webhook/lead-event`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', [String(key.name)]: String(key.value) },
				body: JSON.stringify({ lid, type, id: `${type}-${lid}` }),
			}).then((r) => r.status);
		const lead = (i: number) => `wmPAIR${String(i).padStart(4, '0')}`;
		// A control lead gets the same two events one after the other: the score both should give.
		expect(await event('wmPAIRSEQ', 'discussion_joined')).toBe(202);
		await e2e.n8n.waitForExecutions(id, 1, 120_000);
		expect(await event('wmPAIRSEQ', 'email_replied')).toBe(202);
		await e2e.n8n.waitForExecutions(id, 2, 120_000);
		// Per lead, a discussion and an email reply arrive together.
		const statuses = await pool(LEADS, LEADS, (i) => Promise.all([event(lead(i), 'discussion_joined'), event(lead(i), 'email_replied')]));
		expect(statuses.flat().filter((x) => x === 202)).toHaveLength(2 * LEADS);
		await e2e.n8n.waitForExecutions(id, 2 * LEADS + 2, 300_000);
		await sleep(2000);
		const failed = (await e2e.n8n.executions(id)).filter((r) => r.status !== 'success');
		if (failed.length) throw new Error((await failures(e2e, id)).slice(0, 5).join('; '));
		const rows = await e2e.n8n.dataTableRows('lead_profiles');
		const expected = Number(rows.find((p) => p.lead_id === 'wmPAIRSEQ')?.engagement_score);
		expect(expected).toBeGreaterThan(0);
		const scores = Array.from({ length: LEADS }, (_, i) => Number(rows.find((p) => p.lead_id === lead(i))?.engagement_score ?? 0));
		pairScores = { expected, scores };
		console.log(
			`[queue] template 05: ${LEADS} leads × 2 simultaneous events; leads with points lost ${scores.filter((x) => x !== expected).length} (each should have ${expected}: ${JSON.stringify(scores)})`,
		);
	}, 600_000);

	// Template 05 records every event in its event log and scores the lead by replaying it, so two
	// events scored at the same time both count (before the event log, 9 of 20 leads lost one).
	it('template 05: two events for the same lead scored at the same time both count', () => {
		expect(pairScores).toBeDefined();
		expect(pairScores!.scores).toEqual(Array(LEADS).fill(pairScores!.expected));
	});

	it(`template 07: ${REFERRERS} members × ${FRIENDS} friends, every callback on two processes at once, a third of the friends also through another member's code → each friend counted once, each reward sent once`, async () => {
		const template = loadTemplate(e2e, '07-fission-referral.json');
		const webhookId: string = template.nodes.find((n: any) => n.name === 'WeCom Trigger').webhookId;
		const { id } = await deployTemplate(e2e, template);
		deactivateAfter(id);
		await e2e.n8n.waitForWebhooks([`${webhookId}/webhook`], cluster.mainUrl);
		const token = (
			(await (
				await fetch(`${sandbox.url}/cgi-bin/gettoken?corpid=${SANDBOX_CORP.corpId}&corpsecret=${SANDBOX_CORP.contactSecret}`)
			).json()) as {
				access_token: string;
			}
		).access_token;
		const entry = (
			(await (
				await fetch(`${sandbox.url}/cgi-bin/externalcontact/add_contact_way?access_token=${token}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ type: 1, scene: 2, state: 'fx', user: ['zhangsan'], skip_verify: true }),
				})
			).json()) as { config_id: string }
		).config_id;
		const control = new SandboxControl(sandbox.url);
		/** Like WeCom: a copy without a "success" answer (a busy process) is sent again, up to three times. */
		const deliver = async (base: string, xml: string) => {
			for (let attempt = 1; attempt <= 3; attempt++) {
				try {
					const r = await sendRequest(`${base}/webhook/${webhookId}/webhook`, eventRequest(SANDBOX_CALLBACK_SECRETS, xml), 30_000);
					if (r.status === 200 && r.body === 'success') return true;
				} catch {
					// timed out: send again
				}
				await sleep(1000);
			}
			return false;
		};
		let unacknowledged = 0;
		/** A scan, and its callback sent to both processes at once (WeCom's retry racing the first copy). */
		const scanTwice = async (configId: string, external: string, name: string) => {
			const ev = await control.scanContactWay(configId, external, name);
			const xml = sampleEventXml('customerAdded', {
				createTime: ev.CreateTime,
				set: { UserID: ev.UserID, ExternalUserID: ev.ExternalUserID, State: ev.State, WelcomeCode: ev.WelcomeCode },
			});
			const copies = await Promise.all([cluster.webhookUrl, cluster.mainUrl].map((base) => deliver(base, xml)));
			if (!copies.some(Boolean)) unacknowledged++;
		};
		const member = (m: number) => `wmFXQM${String(m).padStart(3, '0')}`;
		const friend = (m: number, f: number) => `wmFXQF${String(m).padStart(3, '0')}${f}`;
		await pool(REFERRERS, 4, (m) => scanTwice(entry, member(m), `成员${m}`));
		const codes = await eventually(
			async () => {
				const rows = await e2e.n8n.dataTableRows('referral_codes');
				const byMember = new Map(rows.map((r) => [r.member, r.config_id]));
				return Array.from({ length: REFERRERS }, (_, m) => byMember.get(member(m))).every(Boolean) ? byMember : undefined;
			},
			`${REFERRERS} personal codes`,
			300_000,
		);
		const mark = await requestMark(e2e);
		// Every member's friends at once; friend 0 of each member also scans the next member's code.
		const scans: Array<() => Promise<void>> = [];
		for (let m = 0; m < REFERRERS; m++)
			for (let f = 0; f < FRIENDS; f++) {
				scans.push(() => scanTwice(codes.get(member(m))!, friend(m, f), `朋友${m}-${f}`));
				if (f === 0) scans.push(() => scanTwice(codes.get(member((m + 1) % REFERRERS))!, friend(m, f), `朋友${m}-${f}`));
			}
		await pool(scans.length, 8, (k) => scans[k]());
		expect(unacknowledged).toBe(0);
		const friends = REFERRERS * FRIENDS;
		const counted = async () => (await e2e.n8n.dataTableRows('referral_invites')).filter((r) => r.status === 'counted');
		await eventually(async () => (await counted()).length >= friends, `${friends} counted invites`, 300_000).catch(async (e) => {
			throw new Error(`${(e as Error).message}; ${(await failures(e2e, id)).slice(0, 5).join('; ')}`);
		});
		await eventually(
			async () => (await e2e.n8n.executions(id)).every((r) => !['new', 'running', 'waiting'].includes(r.status)),
			'every execution finished',
			300_000,
		);
		await sleep(3000);
		const runs = await e2e.n8n.executions(id);
		if (runs.some((r) => r.status !== 'success')) throw new Error((await failures(e2e, id)).slice(0, 5).join('; '));
		const invites = await e2e.n8n.dataTableRows('referral_invites');
		const countedRows = invites.filter((r) => r.status === 'counted');
		const perFriend = new Map<string, number>();
		for (const r of countedRows) perFriend.set(r.event_key, (perFriend.get(r.event_key) ?? 0) + 1);
		const perReferrer = new Map<string, number>();
		for (const r of countedRows) perReferrer.set(r.referrer, (perReferrer.get(r.referrer) ?? 0) + 1);
		const rewards = (await accepted(e2e, '/cgi-bin/externalcontact/add_msg_template', mark)).map((r) => r.body as any);
		const sentTo = (referrer: string, threshold: number) =>
			rewards.filter(
				(b) => b.external_userid[0] === referrer && (threshold === 1 ? /第 1 位好友/ : /《增长实战》课程已为你解锁/).test(b.text.content),
			).length;
		const statuses = invites.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
		console.log(
			`[queue] template 07: ${REFERRERS} members, ${friends} friends (+${REFERRERS} second codes), every callback on 2 processes → ${runs.length} executions; invite rows ${JSON.stringify(statuses)}; rewards sent ${rewards.length} (expected ${[...perReferrer.values()].reduce((n, c) => n + (c >= 1 ? 1 : 0) + (c >= 3 ? 1 : 0), 0)})`,
		);
		expect(perFriend.size).toBe(friends);
		expect([...perFriend.values()].every((n) => n === 1)).toBe(true);
		expect([...perReferrer.values()].reduce((a, b) => a + b, 0)).toBe(friends);
		for (let m = 0; m < REFERRERS; m++) {
			const c = perReferrer.get(member(m)) ?? 0;
			expect([member(m), sentTo(member(m), 1), sentTo(member(m), 3)]).toEqual([member(m), c >= 1 ? 1 : 0, c >= 3 ? 1 : 0]);
		}
		const claimed = (await e2e.n8n.dataTableRows('referral_rewards')).filter((r) => r.status === 'claimed');
		expect(new Set(claimed.map((r) => r.event_key)).size).toBe(claimed.length);
		expect(claimed.length).toBe(rewards.length);
	}, 900_000);

	it('robot pacing: 30 messages to one robot key from both workers → each delivered once, never over 20 a minute', async () => {
		const robot = await e2e.credential('wecomRobotApi');
		const path = `queue-robot-${Date.now()}`;
		const { id } = await e2e.deploy(robotWebhookWorkflow(path, robot, 'robot burst in queue mode'), { wecomRobotApi: robot });
		deactivateAfter(id);
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
