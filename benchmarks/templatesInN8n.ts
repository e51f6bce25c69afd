/**
 * Templates 03 and 04 in a real n8n (2.8.4, with this pack installed) against the sandbox, at three
 * sizes each (`node dist/benchmarks/templatesInN8n.js`; SIZES_04 / SIZES_03 override, e.g.
 * SIZES_04=10,100; TEMPLATE_03 / TEMPLATE_04 point at another version of a template file to compare).
 *
 * 04, daily morning report: G groups (each with its own robot) and a backlog of 10×G pending
 *   entries; two mornings in a row (day 2 adds G new entries). Printed: time of the run, the time of
 *   the sent log's insert and of any entry rewrites, n8n's peak memory, robot sends against the
 *   minimum (one per message the Digest built), groups that got no report (lost) and messages sent
 *   twice (same robot, same body, over both days' runs).
 * 03, dead-group revival (dry run): G customer groups, every sixth silent. Printed: time, peak
 *   memory, WeCom calls against the minimum (token, owner statistics, list pages, one detail per
 *   candidate group, one report message), groups fetched twice, messages to the operator.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { startN8n } from '../scripts/n8n-runner';
import type { RunningN8n } from '../scripts/n8n-runner';
import { templateDataTables } from '../scripts/n8n-runner';
import { sandboxCredentials } from '../sandbox/credentials';
import { SandboxControl } from '../sandbox/control';
import { startSandbox } from '../sandbox/server';
import type { RunningSandbox } from '../sandbox/server';

const WORKFLOWS = join(__dirname, '..', '..', 'workflows');
const TYPES = ['jobPost', 'jobSeeker', 'supplierRequest', 'event', 'goodNews'];
const ROBOT_KEY = (g: number) => `00000000-0000-4000-8000-${String(g).padStart(12, '0')}`;

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;

/** Peak resident memory of a process while `work` runs (sampled every 100 ms). */
async function withPeakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakKb: number }> {
	let peakKb = 0;
	const sample = () => {
		try {
			const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
			if (m) peakKb = Math.max(peakKb, Number(m[1]));
		} catch {
			/* not on Linux: no figure */
		}
	};
	sample();
	const timer = setInterval(sample, 100);
	try {
		const result = await work();
		sample();
		return { result, peakKb };
	} finally {
		clearInterval(timer);
	}
}

async function freshTables(n8n: RunningN8n, workflow: any): Promise<void> {
	const pid = await n8n.api.personalProjectId();
	const tables = templateDataTables(workflow);
	for (const t of await n8n.api.dataTables()) {
		if (tables.some((x) => x.name === t.name)) await n8n.api.request('DELETE', `/rest/projects/${pid}/data-tables/${t.id}`);
	}
	for (const t of tables) await n8n.api.ensureDataTable(t.name, t.columns);
}

async function insertRows(n8n: RunningN8n, table: string, rows: Array<Record<string, unknown>>): Promise<void> {
	for (let i = 0; i < rows.length; i += 1000) await n8n.api.insertDataTableRows(table, rows.slice(i, i + 1000));
}

async function deploy(n8n: RunningN8n, workflow: any, credentials: Record<string, { id: string; name: string }>): Promise<string> {
	const nodes = workflow.nodes.map((n: any) =>
		n.credentials
			? { ...n, credentials: Object.fromEntries(Object.keys(n.credentials).map((t) => [t, credentials[t] ?? n.credentials[t]])) }
			: n,
	);
	return (await n8n.api.createWorkflow({ ...workflow, nodes, active: false })).id;
}

function withSetting(workflow: any, name: string, value: unknown): any {
	const copy = JSON.parse(JSON.stringify(workflow));
	const a = copy.nodes.find((n: any) => n.name === 'Settings').parameters.assignments.assignments.find((x: any) => x.name === name);
	if (a) a.value = value;
	return copy;
}

async function runOnce(
	n8n: RunningN8n,
	workflowId: string,
	trigger: string,
): Promise<{ ms: number; peakKb: number; nodes: Record<string, number>; status: string }> {
	const start = Date.now();
	const { result, peakKb } = await withPeakRss(n8n.process.pid!, async () => {
		const id = await n8n.api.runManually(workflowId, trigger);
		// Poll the light list, not the execution itself: its run data is large at these sizes.
		for (;;) {
			await new Promise((r) => setTimeout(r, 500));
			const run = await n8n.api
				.executions(workflowId)
				.then((list) => list.find((e) => String(e.id) === id))
				.catch(() => undefined);
			if (run && !['new', 'running', 'waiting'].includes(run.status)) return { id, run };
		}
	});
	const ms = Date.now() - start;
	const exec = await n8n.api.execution(result.id);
	const nodes: Record<string, number> = {};
	for (const [name, runs] of Object.entries(exec.data.resultData.runData))
		nodes[name] = runs.reduce((s: number, r: any) => s + (r.executionTime ?? 0), 0);
	if (result.run.status !== 'success')
		throw new Error(`run ${result.id} ended ${result.run.status}: ${JSON.stringify(exec.data.resultData.error)?.slice(0, 400)}`);
	return { ms, peakKb, nodes, status: result.run.status };
}

function entries(from: number, count: number, groups: number, date: string): Array<Record<string, unknown>> {
	return Array.from({ length: count }, (_, k) => {
		const i = from + k;
		return {
			type: TYPES[i % TYPES.length],
			title: `需求 ${i}：${['市场经理', '内容运营', 'SDR', '展会搭建', '直播'][i % 5]}（${['上海', '北京', '深圳'][i % 3]}）`,
			body: '欢迎私聊详谈。',
			link: '',
			author: `会员${i % 997}`,
			// One in five is for one group only; the rest for every group.
			groups: i % 5 === 4 ? `wrBENCH${String(i % groups).padStart(6, '0')}` : '',
			// The intake day, as the template's Entry node stores it.
			date,
			priority: 0,
			carriedOver: 0,
			status: 'pending',
		};
	});
}

async function morningReport(n8n: RunningN8n, sb: RunningSandbox, template: any, groups: number): Promise<void> {
	const control = new SandboxControl(sb.url);
	await control.reset();
	await freshTables(n8n, template);
	const robots = Array.from({ length: groups }, (_, g) => `robot-${g} = ${ROBOT_KEY(g)}`).join('\n');
	const robotCred = await n8n.api.createCredential(`bench robots ${groups} ${Date.now()}`, 'wecomRobotApi', {
		...sandboxCredentials(sb.url).wecomRobotApi,
		robots,
	});
	const groupColumns = new Set(
		templateDataTables(template)
			.find((t) => t.name === 'digest_groups')!
			.columns.map((c) => c.name),
	);
	await insertRows(
		n8n,
		'digest_groups',
		Array.from({ length: groups }, (_, g) => ({
			group_id: `wrBENCH${String(g).padStart(6, '0')}`,
			group_name: `MarTech ${g} 群`,
			active: true,
			...(groupColumns.has('robot') ? { robot: `robot-${g}` } : {}),
			...(groupColumns.has('robot_webhook') ? { robot_webhook: `${sb.url}/cgi-bin/webhook/send?key=${ROBOT_KEY(g)}` } : {}),
		})),
	);
	if (templateDataTables(template).some((t) => t.name === 'digest_knowledge')) {
		await insertRows(
			n8n,
			'digest_knowledge',
			Array.from({ length: 7 }, (_, k) => ({ title: `知识点 ${k}`, body: '一句话说明。', link: '' })),
		);
	}
	const backlog = groups * 10;
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
	const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + 86400_000));
	await insertRows(n8n, 'digest_entries', entries(0, backlog, groups, today));
	// Entries each group was shown, over both days: an entry shown twice in a group is a duplicate.
	const shown = new Map<string, Set<string>>();
	for (const [day, date] of [
		[1, today],
		[2, tomorrow],
	] as const) {
		if (day === 2) await insertRows(n8n, 'digest_entries', entries(backlog, groups, groups, tomorrow));
		const id = await deploy(n8n, withSetting(template, 'reportDate', date), { wecomRobotApi: { id: robotCred.id, name: robotCred.name } });
		// What the robots accepted (the request log keeps webhook keys only redacted).
		const before = (await control.robotMessages()).length;
		const r = await runOnce(n8n, id, 'Every Day 08:30');
		const ok = (await control.robotMessages()).slice(before);
		const exec = await n8n.api.execution(await lastExecution(n8n, id));
		const built = exec.data.resultData.runData.Digest?.[0]?.data?.main?.[0] ?? [];
		const expectedGroups = new Set(built.map((i: any) => i.json.group));
		const reached = new Set(ok.map((q) => q.key));
		const seen = new Set<string>();
		let dup = 0;
		for (const q of ok) {
			const k = `${q.key}|${JSON.stringify(q.message)}`;
			if (seen.has(k)) dup++;
			seen.add(k);
		}
		let shownTwice = 0;
		for (const m of built) {
			const set = shown.get(m.json.group) ?? new Set<string>();
			for (const e of m.json.entryIds ?? []) {
				if (set.has(e)) shownTwice++;
				set.add(e);
			}
			shown.set(m.json.group, set);
		}
		const runData = exec.data.resultData.runData;
		const rowsOut = (node: string) => runData[node]?.[0]?.data?.main?.[0]?.length ?? 0;
		// Entry writes of earlier versions of the template (per-entry status and carry updates), if any.
		const entryWriters = ['Mark Sent', 'Narrow Partly Shown Entries', 'Keep Carried Entries for Tomorrow'].filter((n) => runData[n]);
		const entryWrites = entryWriters.reduce((n, node) => n + rowsOut(node), 0);
		const entryWriteMs = entryWriters.reduce((n, node) => n + (r.nodes[node] ?? 0), 0);
		const logged = (runData['What Each Message Carried'] ? rowsOut('What Each Message Carried') : 0) as number;
		const pending = day === 1 ? backlog : backlog + groups;
		console.log(
			`  ${groups} groups, ${pending} entries, day ${day}: ${secs(r.ms)}; Digest ${secs(r.nodes.Digest ?? 0)}, robot posts ${secs(r.nodes['Post to Each Group (Robot)'] ?? 0)}, ` +
				`sent log ${secs(r.nodes['Add to Sent Log'] ?? 0)} (${logged} rows, one bulk insert), entry rows rewritten ${entryWrites} (${secs(entryWriteMs)}); ` +
				`peak n8n memory ${mb(r.peakKb)}; robot sends ${ok.length} (minimum ${built.length}); ` +
				`lost ${[...expectedGroups].filter((g) => !reached.has(ROBOT_KEY(Number(String(g).slice(7))))).length} groups; duplicated ${dup} messages, ${shownTwice} entries shown twice in a group`,
		);
	}
}

async function lastExecution(n8n: RunningN8n, workflowId: string): Promise<string> {
	const runs = await n8n.api.executions(workflowId);
	return runs.map((r) => String(r.id)).sort((a, b) => Number(b) - Number(a))[0];
}

async function deadGroupDryRun(n8n: RunningN8n, sb: RunningSandbox, template: any, groups: number): Promise<void> {
	await new SandboxControl(sb.url).reset({ groups });
	await freshTables(n8n, template);
	const app = await n8n.api.createCredential(`bench app ${groups} ${Date.now()}`, 'wecomAppApi', sandboxCredentials(sb.url).wecomAppApi);
	const cb = await n8n.api.createCredential(
		`bench callback ${groups} ${Date.now()}`,
		'wecomCallbackApi',
		sandboxCredentials(sb.url).wecomCallbackApi,
	);
	const id = await deploy(n8n, template, { wecomAppApi: { id: app.id, name: app.name }, wecomCallbackApi: { id: cb.id, name: cb.name } });
	const before = sb.state.requests.length;
	const r = await runOnce(n8n, id, 'Every Monday 10:00');
	const calls = sb.state.requests.slice(before).filter((q) => q.path.startsWith('/cgi-bin/'));
	const count = (path: string) => calls.filter((q) => q.path === path).length;
	const gets = calls
		.filter((q) => q.path === '/cgi-bin/externalcontact/groupchat/get')
		.map((q) => String((q.body as { chat_id?: string }).chat_id));
	const distinctGets = new Set(gets).size;
	const byDayOwners = new Set(
		calls
			.filter((q) => q.path === '/cgi-bin/externalcontact/groupchat/statistic_group_by_day')
			.map((q) => JSON.stringify((q.body as any).owner_filter)),
	).size;
	const lists = count('/cgi-bin/externalcontact/groupchat/list');
	const sends = count('/cgi-bin/message/send');
	// token + owner list + one by-day per owner + list pages + one detail per candidate group + one report
	const minimum = 1 + 1 + byDayOwners + lists + distinctGets + 1;
	const exec = await n8n.api.execution(await lastExecution(n8n, id));
	const dead = exec.data.resultData.runData['Plan Revival']?.[0]?.data?.main?.[0]?.length ?? 0;
	console.log(
		`  ${groups} groups (${dead} dead): ${secs(r.ms)}; peak n8n memory ${mb(r.peakKb)}; WeCom calls ${calls.length} (minimum ${minimum}); ` +
			`group details ${gets.length} for ${distinctGets} groups (fetched twice: ${gets.length - distinctGets}); messages to the operator ${sends}`,
	);
}

/** On a busy machine n8n sometimes answers before its REST API is up: try again. */
async function startWithRetries(sb: RunningSandbox): Promise<RunningN8n> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await startN8n({ env: { WECOM_GROWTH_SANDBOX_URL: sb.url, N8N_PAYLOAD_SIZE_MAX: '64' } });
		} catch (e) {
			if (attempt >= 3) throw e;
		}
	}
}

const sizes = (env: string | undefined, fallback: number[]) => (env ? env.split(',').map(Number) : fallback);

export async function main(): Promise<void> {
	const sb = await startSandbox();
	const n8n = await startWithRetries(sb);
	try {
		const t04 = JSON.parse(readFileSync(process.env.TEMPLATE_04 ?? join(WORKFLOWS, '04-daily-morning-report.json'), 'utf8'));
		const t03 = JSON.parse(readFileSync(process.env.TEMPLATE_03 ?? join(WORKFLOWS, '03-dead-group-revival.json'), 'utf8'));
		console.log(
			`Template 04 in n8n: "${t04.name}" (backlog of 10 entries per group, 1 in 5 for one group only; day 2 adds one entry per group)`,
		);
		for (const g of sizes(process.env.SIZES_04, [10, 100, 1000])) await morningReport(n8n, sb, t04, g);
		console.log(`Template 03 in n8n, dry run: "${t03.name}"`);
		for (const g of sizes(process.env.SIZES_03, [50, 500, 5000])) await deadGroupDryRun(n8n, sb, t03, g);
	} catch (e) {
		console.error(`n8n said, last lines:\n${n8n.output().slice(-3000)}`);
		throw e;
	} finally {
		await n8n.stop();
		await sb.close();
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
