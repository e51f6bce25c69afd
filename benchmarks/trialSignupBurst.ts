/**
 * Template 01 under a launch-day burst, in a real n8n against the sandbox
 * (`node dist/benchmarks/trialSignupBurst.js`; SIZES="20,200,1000", CONCURRENCY=10,
 * HUBSPOT_LIMIT=100 (requests per 10 s; CRM Push's Rate Limit option is set to the same) and
 * DRAIN_SECONDS=10 (the CRM queue's schedule; the template's is 30) override the defaults).
 * n8n runs on PostgreSQL when it is installed (DB=sqlite to force SQLite, which stalls under
 * bursts: see postgres.ts).
 * Progress goes to stderr.
 *
 * For each K: K distinct signups, CONCURRENCY at a time → every request answered, then the time
 * until the CRM holds all K contacts; HubSpot calls against the minimum (4 batch calls per 100
 * new contacts: read, upsert, tasks, notes); lost (answered 2xx, not in the CRM) and duplicated
 * (a second contact, task, notice, SMS). Then the same K again (a repeat: 0 new notices expected)
 * and 50 double clicks (one notice each).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { startSandbox } from '../sandbox/server';
import type { RunningSandbox } from '../sandbox/server';
import { SandboxControl } from '../sandbox/control';
import { sandboxCredentials } from '../sandbox/credentials';
import { startN8n, templateDataTables } from '../scripts/n8n-runner';
import { startPostgres } from './postgres';
import type { RunningN8n } from '../scripts/n8n-runner';

const TEMPLATE = join(__dirname, '..', '..', 'workflows', '01-trial-signup.json');
const TIME_SCALE = 1 / 20000;

interface Signup {
	name: string;
	company: string;
	phone: string;
	email: string;
}

// Names carry the run, so a task of an earlier K drained after the reset is never taken for a duplicate.
const person = (run: string, n: number): Signup => ({
	name: `试用者${run}-${n}`,
	company: `公司${n}`,
	phone: `13${run.length % 10}${String(n).padStart(8, '0')}`.slice(0, 11),
	email: `${run}-${n}@bench.example.cn`,
});

async function deploy(n8n: RunningN8n, sb: RunningSandbox, limit: number, drainSeconds: number): Promise<string> {
	const wf = JSON.parse(readFileSync(TEMPLATE, 'utf8'));
	for (const a of wf.nodes.find((n: any) => n.name === 'Settings').parameters.assignments.assignments) {
		if (a.name === 'smsEndpoint') a.value = `${sb.url}/sms/send`;
		if (a.name === 'timeScale') a.value = TIME_SCALE;
	}
	wf.nodes.find((n: any) => n.name === 'Every 30 Seconds').parameters.rule.interval[0].secondsInterval = drainSeconds;
	Object.assign(wf.nodes.find((n: any) => n.name === 'CRM Push').parameters.options, {
		rateLimitRequests: limit,
		rateLimitWindowSeconds: 10,
	});
	const data = sandboxCredentials(sb.url, { smtpPort: sb.smtpPort });
	const creds: Record<string, { id: string; name: string }> = {};
	for (const n of wf.nodes)
		for (const t of Object.keys(n.credentials ?? {})) creds[t] ??= await n8n.api.createCredential(`${t} (sandbox)`, t, data[t] ?? {});
	for (const n of wf.nodes) if (n.credentials) n.credentials = Object.fromEntries(Object.keys(n.credentials).map((t) => [t, creds[t]]));
	for (const t of templateDataTables(wf)) await n8n.api.ensureDataTable(t.name, t.columns);
	const { id, versionId } = await n8n.api.createWorkflow({
		name: wf.name,
		nodes: wf.nodes,
		connections: wf.connections,
		settings: wf.settings,
	});
	await n8n.api.activate(id, versionId);
	return id;
}

async function post(n8n: RunningN8n, s: Signup, ip: string): Promise<number> {
	const r = await fetch(`${n8n.url}/webhook/trial-signup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
		body: JSON.stringify(s),
	});
	await r.arrayBuffer();
	return r.status;
}

/** Sends every request, `concurrency` in flight at a time; returns the answers. */
async function burst(n8n: RunningN8n, list: Array<{ s: Signup; ip: string }>, concurrency: number): Promise<number[]> {
	const answers: number[] = new Array(list.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < list.length) {
				const i = next++;
				answers[i] = await post(n8n, list[i].s, list[i].ip).catch(() => 0);
			}
		}),
	);
	return answers;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const peakRssMb = (pid: number) => {
	try {
		const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Math.round(Number(m[1]) / 1024) : NaN;
	} catch {
		return NaN;
	}
};

async function contactsByEmail(sb: RunningSandbox): Promise<Map<string, number>> {
	const all = (await (await fetch(`${sb.url}/_sandbox/hubspot/contacts`)).json()) as Array<{ properties: Record<string, string> }>;
	const m = new Map<string, number>();
	for (const c of all) m.set(c.properties.email, (m.get(c.properties.email) ?? 0) + 1);
	return m;
}

async function noticesFor(control: SandboxControl, since: number, emails: Set<string>): Promise<Map<string, number>> {
	const m = new Map<string, number>();
	for (const r of await control.requests('/cgi-bin/message/send', since)) {
		const d = String((r.body as any)?.textcard?.description ?? '');
		const hit = /([\w.-]+@bench\.example\.cn)/.exec(d)?.[1];
		// Delivered only: a call WeCom refused (errcode ≠ 0, e.g. an expired token the node renews and retries) sent nothing.
		const errcode = (r.response as { errcode?: number } | undefined)?.errcode ?? 0;
		if (hit && emails.has(hit) && (r.status ?? 200) < 300 && errcode === 0) m.set(hit, (m.get(hit) ?? 0) + 1);
	}
	return m;
}

export async function main(): Promise<void> {
	const sizes = (process.env.SIZES ?? '20,200,1000').split(',').map(Number);
	const concurrency = Number(process.env.CONCURRENCY ?? 10);
	const limit = Number(process.env.HUBSPOT_LIMIT ?? 100);
	const drainSeconds = Number(process.env.DRAIN_SECONDS ?? 10);
	const progress = (msg: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
	const sb = await startSandbox();
	const control = new SandboxControl(sb.url);
	const pg = process.env.DB === 'sqlite' ? undefined : await startPostgres();
	const n8n = await startN8n({ env: { N8N_PAYLOAD_SIZE_MAX: '16', ...(pg?.env ?? {}) } }).catch((e) => {
		pg?.stop();
		throw e;
	});
	try {
		await control.reset({ hubspot: { tenSecondlyLimit: limit } });
		const workflowId = await deploy(n8n, sb, limit, drainSeconds);
		console.log(
			`template 01, HubSpot limit ${limit} req/10 s, ${concurrency} concurrent requests, CRM queue drained every ${drainSeconds} s`,
		);
		console.log(
			'K\tanswered 2xx\ttime to CRM (s)\tn8n peak RSS (MB)\tHubSpot calls (min)\tlost\tduplicated\trepeat: new notices/SMS\tdouble clicks: notices (of 50)',
		);
		for (const k of sizes) {
			await control.reset({ hubspot: { tenSecondlyLimit: limit } });
			const run = `k${k}t${Date.now().toString(36)}`;
			const list = Array.from({ length: k }, (_, i) => ({ s: person(run, i), ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }));
			const emails = new Set(list.map((x) => x.s.email));
			const t0 = Date.now();
			progress(`K=${k}: sending ${k} signups`);
			const answers = await burst(n8n, list, concurrency);
			const ok = answers.filter((a) => a >= 200 && a < 300).length;
			progress(`K=${k}: ${ok} answered 2xx in ${((Date.now() - t0) / 1000).toFixed(1)} s; waiting for the CRM`);
			let have = new Map<string, number>();
			const deadline = Date.now() + Math.max(120_000, k * 600);
			for (;;) {
				have = await contactsByEmail(sb);
				if ([...emails].every((e) => have.has(e)) || Date.now() > deadline) break;
				await sleep(2000);
			}
			const seconds = (Date.now() - t0) / 1000;
			await sleep(3000);
			const calls = (await control.requests('/hubspot/')).length;
			const minimum = 4 * Math.ceil(k / 100);
			have = await contactsByEmail(sb);
			const lostEmails = [...emails].filter((e) => !have.has(e));
			const lost = lostEmails.length;
			if (lost) {
				// Where the lost ones are: their intake rows' states, and failed executions.
				const rows = (await n8n.api.dataTableRows('trial_intake')).filter((r) => lostEmails.includes(r.email));
				const states = new Map<string, number>();
				for (const r of rows) {
					const st = `${String(r.status).replace(/:\d+$/, ':<run>')} / ${r.crm_status ?? ''} / ${String(r.last_error ?? '').slice(0, 80)}`;
					states.set(st, (states.get(st) ?? 0) + 1);
				}
				progress(`K=${k}: ${lost} lost; ${rows.length} have intake rows: ${JSON.stringify([...states])}`);
				const errors = (await n8n.api.executions(workflowId)).filter((e) => e.status === 'error' || e.status === 'crashed');
				progress(`K=${k}: ${errors.length} failed executions`);
			}
			const tasks = (await (await fetch(`${sb.url}/_sandbox/hubspot/objects/tasks`)).json()) as unknown[];
			const first = await noticesFor(control, 0, emails);
			const sms1 = (await control.sms()).length;
			const twoContacts = [...emails].filter((e) => (have.get(e) ?? 0) > 1);
			const twoNotices = [...emails].filter((e) => (first.get(e) ?? 0) > 1);
			const taskCount = new Map<string, number>();
			for (const t of tasks as Array<{ properties?: Record<string, string> }>) {
				const subject = String(t.properties?.hs_task_subject ?? '');
				taskCount.set(subject, (taskCount.get(subject) ?? 0) + 1);
			}
			const names = new Set(list.map((x) => x.s.name));
			const ourTasks = [...taskCount].filter(([subject]) => names.has(/：(.*)（/.exec(subject)?.[1] ?? ''));
			const twoTasks = ourTasks.filter(([, n]) => n > 1);
			if (ourTasks.length < k) progress(`K=${k}: tasks for only ${ourTasks.length} of the ${k} leads`);
			const duplicated = new Set([...twoContacts, ...twoNotices]).size + twoTasks.reduce((a, [, n]) => a + n - 1, 0);
			if (duplicated)
				progress(
					`K=${k}: duplicated — second contact: ${JSON.stringify(twoContacts)}; second notice: ${JSON.stringify(twoNotices)}; ${ourTasks.length} task subjects for ${k} leads, repeated: ${JSON.stringify(twoTasks.slice(0, 10))}`,
				);

			progress(`K=${k}: ${k - lost} in the CRM after ${seconds.toFixed(1)} s; sending the same ${k} again`);
			// The same K again: each is a repeat of the day.
			const mark = (await control.requests('', 0)).slice(-1)[0]?.seq ?? 0;
			await burst(n8n, list, concurrency);
			await sleep(5000);
			const again = [...(await noticesFor(control, mark, emails)).values()].reduce((a, b) => a + b, 0);
			const sms2 = (await control.sms()).length - sms1;

			// 50 double clicks: two identical requests at the same instant.
			const dc = Array.from({ length: 50 }, (_, i) => person(`${run}dc`, i));
			const dcEmails = new Set(dc.map((p) => p.email));
			const mark2 = (await control.requests('', 0)).slice(-1)[0]?.seq ?? 0;
			for (let i = 0; i < dc.length; i += 5)
				await Promise.all(dc.slice(i, i + 5).flatMap((p, j) => [post(n8n, p, `172.16.0.${i + j}`), post(n8n, p, `172.16.0.${i + j}`)]));
			await sleep(5000);
			const dcNotices = await noticesFor(control, mark2, dcEmails);
			const dcOnce = [...dcEmails].filter((e) => dcNotices.get(e) === 1).length;

			console.log(
				[
					k,
					`${ok}/${k}`,
					seconds.toFixed(1),
					peakRssMb(n8n.process.pid!),
					`${calls} (${minimum})`,
					lost,
					duplicated,
					`${again}/${sms2}`,
					dcOnce,
				].join('\t'),
			);
		}
	} finally {
		await n8n.stop();
		await sb.close();
		pg?.stop();
	}
}

if (require.main === module) {
	main().then(
		() => process.exit(0),
		(e) => {
			console.error(e);
			process.exit(1);
		},
	);
}
