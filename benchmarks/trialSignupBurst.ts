/**
 * Template 01 under a launch-day burst, in a real n8n against the sandbox
 * (`node dist/benchmarks/trialSignupBurst.js`; SIZES="20,200,1000", CONCURRENCY=10,
 * HUBSPOT_LIMIT=100 (requests per 10 s; CRM Push's Rate Limit option is set to the same) and
 * DRAIN_SECONDS=10 (the CRM queue's schedule; the template's is 30) and DOUBLE_CLICKS=50 override the defaults).
 * n8n runs on PostgreSQL when it is installed (DB=sqlite to force SQLite, which stalls under
 * bursts: see postgres.ts).
 * Progress goes to stderr.
 *
 * For each K: K distinct signups, CONCURRENCY at a time → the answers (2xx; other statuses and
 * requests without an answer are counted apart, with their causes), then the time until the CRM
 * holds every lead answered 2xx; HubSpot calls against the minimum (4 batch calls per 100 new
 * contacts: read, upsert, tasks, notes); lost (answered 2xx, not in the CRM) and duplicated (a
 * second contact, task, notice, SMS, welcome email); CPU seconds of n8n and of PostgreSQL and
 * n8n's peak RSS during the K. Then the REPEAT phase (the same K again: 0 new notices, SMS and
 * emails expected) and the DOUBLE-CLICK phase (DOUBLE_CLICKS pairs, each pair's two identical
 * requests sent at the same instant: one notice, SMS and email each).
 *
 * Requests go over keep-alive connections like a browser's. A POST written on a kept-alive socket
 * the server closed at the same moment fails with ECONNRESET before n8n reads it (Node's HTTP
 * server closes idle sockets after 5 s; fetch does not retry a POST): such a request is sent again
 * once on a fresh connection, as browsers do, and counted ("resent after a closed connection").
 * Intake is idempotent, so a resend can never make a second lead.
 */
import { readFileSync, readdirSync, writeFileSync } from 'fs';
import { Agent, request } from 'http';
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

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** What became of one request: its HTTP status, or 0 and why there was no answer. */
interface Answer {
	status: number;
	error?: string;
	resent?: boolean;
}

function postOnce(url: string, body: string, ip: string): Promise<Answer & { reused?: boolean }> {
	return new Promise((resolve) => {
		const req = request(
			url,
			{
				method: 'POST',
				agent,
				headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': ip },
				// A request still unanswered after 15 minutes is counted as unanswered.
				timeout: 15 * 60_000,
			},
			(res) => {
				res.resume();
				res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
				res.on('error', (e: NodeJS.ErrnoException) => resolve({ status: 0, error: `response: ${e.code ?? e.message}` }));
			},
		);
		req.on('timeout', () => req.destroy(Object.assign(new Error('no answer within 15 min'), { code: 'TIMEOUT' })));
		req.on('error', (e: NodeJS.ErrnoException) => resolve({ status: 0, error: e.code ?? e.message, reused: req.reusedSocket }));
		req.end(body);
	});
}

async function post(n8n: RunningN8n, s: Signup, ip: string): Promise<Answer> {
	const url = `${n8n.url}/webhook/trial-signup`;
	const body = JSON.stringify(s);
	const first = await postOnce(url, body, ip);
	// The kept-alive socket was closed by the server as the request was written: n8n never read it.
	if (first.status === 0 && first.reused && first.error === 'ECONNRESET') return { ...(await postOnce(url, body, ip)), resent: true };
	return first;
}

/** Sends every request, `concurrency` in flight at a time; returns the answers. */
async function burst(n8n: RunningN8n, list: Array<{ s: Signup; ip: string }>, concurrency: number): Promise<Answer[]> {
	const answers: Answer[] = new Array(list.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < list.length) {
				const i = next++;
				answers[i] = await post(n8n, list[i].s, list[i].ip);
			}
		}),
	);
	return answers;
}

const tally = (values: string[]) => {
	const m = new Map<string, number>();
	for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
	return [...m].map(([v, n]) => `${n}× ${v}`).join(', ');
};

/** CPU seconds (user + system) of a process and all its descendants. */
function cpuSeconds(rootPid: number | undefined): number {
	if (!rootPid) return NaN;
	const stats = new Map<number, { ppid: number; ticks: number }>();
	for (const d of readdirSync('/proc')) {
		if (!/^\d+$/.test(d)) continue;
		try {
			const raw = readFileSync(`/proc/${d}/stat`, 'utf8');
			const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
			// Fields after the name: state ppid ... utime(14) stime(15) cutime(16) cstime(17).
			stats.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
		} catch {
			// gone meanwhile
		}
	}
	const tree = new Set([rootPid]);
	for (let grew = true; grew;) {
		grew = false;
		for (const [pid, st] of stats)
			if (!tree.has(pid) && tree.has(st.ppid)) {
				tree.add(pid);
				grew = true;
			}
	}
	return [...tree].reduce((a, pid) => a + (stats.get(pid)?.ticks ?? 0), 0) / 100;
}

/** The postmaster of the benchmark's PostgreSQL: the process started with its port. */
function postmasterPid(port: string | undefined): number | undefined {
	if (!port) return undefined;
	for (const d of readdirSync('/proc')) {
		if (!/^\d+$/.test(d)) continue;
		try {
			const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
			if (cmd.some((a) => a.endsWith('/postgres')) && cmd.includes(`-p`) && cmd[cmd.indexOf('-p') + 1] === port) return Number(d);
		} catch {
			// gone meanwhile
		}
	}
	return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Resets the kernel's peak-RSS mark of a process (so each K reports its own peak). */
const resetPeakRss = (pid: number) => {
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
	} catch {
		// not permitted: the peak is then the process's lifetime peak
	}
};
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
	const doubleClicks = Number(process.env.DOUBLE_CLICKS ?? 50);
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
		const pgPid = postmasterPid(pg?.env.DB_POSTGRESDB_PORT);
		const n8nPid = n8n.process.pid!;
		const rows: string[][] = [];
		const header = [
			'K',
			'answered 2xx',
			'unanswered/other (resent)',
			'in HubSpot',
			'lost',
			'duplicated',
			'HubSpot calls (min)',
			'wall (s)',
			'CPU n8n/PG (s)',
			'peak n8n RSS (MB)',
			'repeat: 2nd notices/SMS/emails',
			`double clicks: one notice/SMS/email (of ${doubleClicks}); duplicated`,
		];
		for (const k of sizes) {
			await control.reset({ hubspot: { tenSecondlyLimit: limit } });
			const run = `k${k}t${Date.now().toString(36)}`;
			const list = Array.from({ length: k }, (_, i) => ({ s: person(run, i), ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }));
			resetPeakRss(n8nPid);
			const cpu0 = [cpuSeconds(n8nPid), cpuSeconds(pgPid)];
			const t0 = Date.now();
			progress(`K=${k}: sending ${k} signups`);
			const answers = await burst(n8n, list, concurrency);
			const is2xx = (a: Answer) => a.status >= 200 && a.status < 300;
			const accepted = list.filter((_, i) => is2xx(answers[i]));
			const emails = new Set(accepted.map((x) => x.s.email));
			const others = answers.filter((a) => !is2xx(a)).map((a) => (a.status ? `HTTP ${a.status}` : `no answer: ${a.error}`));
			const resent = answers.filter((a) => a.resent).length;
			progress(
				`K=${k}: ${accepted.length} answered 2xx in ${((Date.now() - t0) / 1000).toFixed(1)} s` +
					`${others.length ? `; not 2xx: ${tally(others)}` : ''}${resent ? `; ${resent} resent after a closed keep-alive connection` : ''}; waiting for the CRM`,
			);
			let have = new Map<string, number>();
			const deadline = Date.now() + Math.max(120_000, k * 600);
			for (;;) {
				have = await contactsByEmail(sb);
				if ([...emails].every((e) => have.has(e)) || Date.now() > deadline) break;
				await sleep(2000);
			}
			const seconds = (Date.now() - t0) / 1000;
			const cpu = [cpuSeconds(n8nPid) - cpu0[0], cpuSeconds(pgPid) - cpu0[1]];
			const peak = peakRssMb(n8nPid);
			await sleep(3000);
			const calls = (await control.requests('/hubspot/')).length;
			const minimum = 4 * Math.ceil(k / 100);
			have = await contactsByEmail(sb);
			const allEmails = new Set(list.map((x) => x.s.email));
			const inHubspot = [...allEmails].filter((e) => have.has(e)).length;
			// Lost: answered 2xx (the promise to the prospect) and not in the CRM.
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
			// Welcome emails go out a (scaled) day later: wait for them before counting.
			const welcomeFor = async (set: Set<string>) => {
				const m = new Map<string, number>();
				for (const e of await control.emails()) for (const to of e.to) if (set.has(to)) m.set(to, (m.get(to) ?? 0) + 1);
				return m;
			};
			const emailDeadline = Date.now() + 60_000;
			while ((await welcomeFor(emails)).size < emails.size && Date.now() < emailDeadline) await sleep(2000);
			const tasks = (await (await fetch(`${sb.url}/_sandbox/hubspot/objects/tasks`)).json()) as unknown[];
			const first = await noticesFor(control, 0, allEmails);
			const smsCount = async (phones: Set<string>) => {
				const m = new Map<string, number>();
				for (const x of await control.sms()) if (phones.has(x.phone)) m.set(x.phone, (m.get(x.phone) ?? 0) + 1);
				return m;
			};
			const phones = new Set(list.map((x) => x.s.phone));
			const sms1 = await smsCount(phones);
			const mail1 = await welcomeFor(allEmails);
			const twoContacts = [...allEmails].filter((e) => (have.get(e) ?? 0) > 1);
			const twoNotices = [...allEmails].filter((e) => (first.get(e) ?? 0) > 1);
			const twoSms = [...sms1].filter(([, n]) => n > 1).map(([ph]) => ph);
			const twoMails = [...mail1].filter(([, n]) => n > 1).map(([e]) => e);
			const taskCount = new Map<string, number>();
			for (const t of tasks as Array<{ properties?: Record<string, string> }>) {
				const subject = String(t.properties?.hs_task_subject ?? '');
				taskCount.set(subject, (taskCount.get(subject) ?? 0) + 1);
			}
			const names = new Set(list.map((x) => x.s.name));
			const ourTasks = [...taskCount].filter(([subject]) => names.has(/：(.*)（/.exec(subject)?.[1] ?? ''));
			const twoTasks = ourTasks.filter(([, n]) => n > 1);
			if (ourTasks.length < inHubspot) progress(`K=${k}: tasks for only ${ourTasks.length} of the ${inHubspot} leads in HubSpot`);
			const duplicated =
				new Set([...twoContacts, ...twoNotices, ...twoMails]).size + twoSms.length + twoTasks.reduce((a, [, n]) => a + n - 1, 0);
			if (duplicated)
				progress(
					`K=${k}: duplicated — second contact: ${JSON.stringify(twoContacts)}; second notice: ${JSON.stringify(twoNotices)}; second SMS: ${JSON.stringify(twoSms)}; second email: ${JSON.stringify(twoMails)}; repeated tasks: ${JSON.stringify(twoTasks.slice(0, 10))}`,
				);

			progress(`K=${k}: ${inHubspot} in HubSpot after ${seconds.toFixed(1)} s; REPEAT: sending the same ${k} again`);
			// REPEAT: the same K again, the same day: each is a repeat, answered, nothing sent.
			const mark = (await control.requests('', 0)).slice(-1)[0]?.seq ?? 0;
			const againAnswers = await burst(n8n, list, concurrency);
			await sleep(8000);
			const againNotices = [...(await noticesFor(control, mark, allEmails)).values()].reduce((a, b) => a + b, 0);
			const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
			const againSms = sum(await smsCount(phones)) - sum(sms1);
			const againMails = sum(await welcomeFor(allEmails)) - sum(mail1);
			const againNot2xx = againAnswers.filter((a) => !is2xx(a)).length;
			if (againNot2xx) progress(`K=${k}: repeat: ${againNot2xx} not answered 2xx`);

			// DOUBLE-CLICK: two identical requests at the same instant, `concurrency / 2` pairs at a time.
			progress(`K=${k}: DOUBLE-CLICK: ${doubleClicks} pairs`);
			const dc = Array.from({ length: doubleClicks }, (_, i) => person(`${run}dc`, i));
			const dcEmails = new Set(dc.map((x) => x.email));
			const dcPhones = new Set(dc.map((x) => x.phone));
			const mark2 = (await control.requests('', 0)).slice(-1)[0]?.seq ?? 0;
			const pairs = Math.max(1, Math.floor(concurrency / 2));
			for (let i = 0; i < dc.length; i += pairs)
				await Promise.all(
					dc.slice(i, i + pairs).flatMap((x, j) => {
						const ip = `172.16.${(i + j) >> 8}.${(i + j) & 255}`;
						return [post(n8n, x, ip), post(n8n, x, ip)];
					}),
				);
			const dcDeadline = Date.now() + 90_000;
			while ((await welcomeFor(dcEmails)).size < dcEmails.size && Date.now() < dcDeadline) await sleep(2000);
			await sleep(5000);
			const dcNotices = await noticesFor(control, mark2, dcEmails);
			const dcSms = await smsCount(dcPhones);
			const dcMails = await welcomeFor(dcEmails);
			const once = (m: Map<string, number>) => [...m.values()].filter((n) => n === 1).length;
			const extra = (m: Map<string, number>) => [...m.values()].reduce((a, n) => a + Math.max(0, n - 1), 0);
			const dcDup = extra(dcNotices) + extra(dcSms) + extra(dcMails);

			const row = [
				String(k),
				`${accepted.length}/${k}`,
				`${others.length ? tally(others) : '0'} (${resent})`,
				String(inHubspot),
				String(lost),
				String(duplicated),
				`${calls} (${minimum})`,
				seconds.toFixed(1),
				`${cpu[0].toFixed(0)}/${Number.isNaN(cpu[1]) ? '-' : cpu[1].toFixed(0)}`,
				String(peak),
				`${againNotices}/${againSms}/${againMails}`,
				`${once(dcNotices)}/${once(dcSms)}/${once(dcMails)}; ${dcDup}`,
			];
			rows.push(row);
			console.log(`${header.join('\t')}\n${row.join('\t')}`);
		}
		console.log(`\nsummary (template 01, HubSpot ${limit} req/10 s, ${concurrency} concurrent, CRM queue every ${drainSeconds} s)`);
		console.log([header, ...rows].map((r) => r.join('\t')).join('\n'));
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
