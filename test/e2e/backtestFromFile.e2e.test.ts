/**
 * Lead Score → Backtest with History From = Binary File in a real n8n: Read/Write Files from Disk
 * reads a JSON Lines export of the event log (from the folder globalSetup lets n8n's file nodes
 * use; binary data on disk, so the node streams it) and the report must equal the lib's backtest
 * of the same rows; a malformed line stops the run naming it, or with Continue On Fail is skipped.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { backtestLog } from '../../lib/scoring/backtestLog';
import { compileModel } from '../../lib/scoring/compile';
import { PLAYBOOK_MODEL } from '../../lib/scoring/playbook';
import { PACKAGE, harness, nodeOutput } from './harness';
import { readState } from './state';
import { higherBarStages } from '../helpers/candidateModels';
import { defaultLogFields } from '../helpers/eventLogFields';

const e2e = harness();
const AS_OF = '2025-06-12T02:00:00Z';
const NOW = Date.parse(AS_OF);
const DAY = 86_400_000;
const RUN = `btf${Date.now().toString(36)}`;

/**
 * MQL and SQL at 35 engagement points (the playbook: 25), live streams worth twice as much; unlike
 * the benchmark's candidate, the rule's cap and the content group's cap are raised to match.
 */
const CANDIDATE = {
	...PLAYBOOK_MODEL,
	stages: higherBarStages(),
	engagementRules: PLAYBOOK_MODEL.engagementRules.map((r) =>
		r.id === 'live_attended' ? { ...r, points: r.points * 2, cap: r.cap && { ...r.cap, points: r.cap.points * 2 } } : r,
	),
	groupCaps: { ...PLAYBOOK_MODEL.groupCaps, content: 50 },
};

type Row = { id: number; createdAt: string; lead_id: string; type: string; event: string };

/** One lead's events, oldest first: [type, days ago, lead fields?]. */
const LEADS: Record<string, Array<[string, number, Record<string, unknown>?]>> = {
	// A trial and a senior title: MQL at 25, not at 35.
	li: [
		['group_joined', 9, { name: '李雷', email: 'li@acme.cn', company: 'Acme 软件', title: '市场总监' }],
		['trial_requested', 3],
	],
	// A live stream and a trial: MQL either way.
	wang: [
		['live_attended', 6, { name: '王芳', email: 'wang@beta.cn', company: 'Beta', title: 'CMO' }],
		['trial_requested', 2],
	],
	// Two live streams and reading: engaged today, MQL with doubled live-stream points.
	sun: [
		['article_read', 8, { name: '孙悦', email: 'sun@gamma.cn', company: 'Gamma 云', title: '市场经理' }],
		['live_attended', 7],
		['link_clicked', 5],
		['live_attended', 4],
		['article_read', 1],
	],
	// Discussions only.
	zhao: [
		['discussion_joined', 5, { name: '赵强' }],
		['discussion_joined', 4],
		['discussion_joined', 3],
	],
};

/** The event log as n8n's export lists it: row IDs in time order, so leads interleave. */
function eventLog(): Row[] {
	const rows: Array<Omit<Row, 'id'>> = [];
	for (const [lead, events] of Object.entries(LEADS))
		events.forEach(([type, daysAgo, fields], n) => {
			const time = new Date(NOW - daysAgo * DAY - n * 60_000).toISOString();
			const event = { leadId: `${RUN}-${lead}`, id: `${RUN}-${lead}-${n}`, type, time, ...(fields ? { lead: fields } : {}) };
			rows.push({ createdAt: time, lead_id: event.leadId, type, event: JSON.stringify(event) });
		});
	return rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((r, k) => ({ id: k + 1, ...r }));
}

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** Manual trigger → Read/Write Files from Disk → Lead Score (Backtest from the file). */
function workflow(name: string, file: string, continueOnFail = false) {
	return {
		name,
		nodes: [
			{ id: 't', name: 'Run', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'r',
				name: 'Read Event Log File',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1,
				position: [200, 0],
				parameters: { operation: 'read', fileSelector: file, options: {} },
			},
			{
				id: 'b',
				name: 'Backtest',
				type: `${PACKAGE}.leadScore`,
				typeVersion: 2,
				position: [400, 0],
				parameters: {
					operation: 'backtest',
					historyFrom: 'file',
					model: 'json',
					modelJson: JSON.stringify(CANDIDATE),
					now: AS_OF,
					leadIdField: 'leadId',
				},
				...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
			},
		],
		connections: {
			Run: { main: [[{ node: 'Read Event Log File', type: 'main', index: 0 }]] },
			'Read Event Log File': { main: [[{ node: 'Backtest', type: 'main', index: 0 }]] },
		},
	};
}

/** Runs a workflow once by hand; the finished execution. */
async function run(wf: ReturnType<typeof workflow>) {
	const { id } = await e2e.deploy(wf, {}, { activate: false });
	const execId = await e2e.n8n.runManually(id, 'Run');
	await e2e.n8n.waitForExecution(execId, 300_000);
	return e2e.n8n.execution(execId);
}

/** The lib's backtest of the same rows, outside n8n. */
function expectedReport(rows: Row[]) {
	const fields = defaultLogFields();
	const result = backtestLog(rows, fields, 'Asia/Shanghai', compileModel(PLAYBOOK_MODEL), compileModel(CANDIDATE), NOW, 200, (p) => {
		throw new Error(`row ${p.index + 1}: ${p.field} ${p.message}`);
	});
	return result.report;
}

describe('Lead Score backtest from a JSON Lines file in a real n8n', () => {
	const dir = readState().filesDir!;
	const rows = eventLog();
	const expected = expectedReport(rows);

	it.each([
		['interleaved (row-ID order)', rows],
		['grouped by lead', [...rows].sort((a, b) => a.lead_id.localeCompare(b.lead_id) || a.id - b.id)],
	])(
		'reports what the lib computes for the same history, rows %s',
		async (order, ordered) => {
			// The history really interleaves leads in the export order, and groups them in the other.
			const switches = (rs: Row[]) => rs.filter((r, k) => k > 0 && r.lead_id !== rs[k - 1].lead_id).length;
			expect(switches(ordered)).toBe(order.startsWith('grouped') ? Object.keys(LEADS).length - 1 : switches(rows));
			expect(switches(rows)).toBeGreaterThan(Object.keys(LEADS).length);

			const file = join(dir, `${RUN}-${order.split(' ')[0]}.jsonl`);
			writeFileSync(file, jsonl(ordered));
			const exec = await run(workflow(`backtest file ${order}`, file));
			expect(exec.data.resultData.error).toBeUndefined();
			const out = nodeOutput(exec, 'Backtest');
			const summary = out.find((i: any) => i.row === 'summary');
			const stages = out.filter((i: any) => i.row === 'stage');
			const rules = out.filter((i: any) => i.row === 'rule');
			const leads = out.filter((i: any) => i.row === 'lead');

			expect(summary).toMatchObject({
				leads: Object.keys(LEADS).length,
				events: rows.length,
				files: 1,
				moved: expected.moved.total,
				movedUp: expected.moved.up,
				movedDown: expected.moved.down,
			});
			expect(summary.skippedRows).toBeUndefined();
			// Stage counts before (live) and after (candidate), and who gains or loses each stage.
			expect(stages.map((s: any) => [s.stage, s.live, s.candidate])).toEqual(expected.stages.map((s) => [s.stage, s.live, s.candidate]));
			for (const c of expected.crossings)
				expect(stages.find((s: any) => s.stage === c.stage)).toMatchObject({ gained: c.gained, lost: c.lost });
			expect(summary).toMatchObject({
				mqlGained: expected.crossings.find((c) => c.stage === 'mql')!.gained,
				mqlLost: expected.crossings.find((c) => c.stage === 'mql')!.lost,
			});
			const moved = (l: { leadId: string; crosses: string | string[] }) => [l.leadId, ([] as string[]).concat(l.crosses).join(', ')];
			expect(leads.map(moved).sort()).toEqual(expected.moved.sample.map(moved).sort());
			// Points by rule, live and candidate.
			expect(rules.map((r: any) => [r.rule, r.live, r.candidate])).toEqual(
				expected.rules.map((r) => [r.rule, r.live ?? null, r.candidate ?? null]),
			);
			// Li drops below MQL under the candidate, Sun rises to it, each named as the lead it is.
			expect(leads).toContainEqual(expect.objectContaining({ leadId: `${RUN}-li`, name: '李雷', crosses: 'mql ↓' }));
			expect(leads).toContainEqual(
				expect.objectContaining({ leadId: `${RUN}-sun`, name: '孙悦', liveStage: 'engaged', candidateStage: 'mql' }),
			);
			expect(leads).toHaveLength(2);
		},
		400_000,
	);

	it('stops at a malformed line, naming it; with Continue On Fail skips it as an error item', async () => {
		const lines = jsonl(rows).split('\n');
		lines.splice(2, 0, `{"id": 99, "createdAt": "${AS_OF}", "event": "{not json"`);
		const file = join(dir, `${RUN}-malformed.jsonl`);
		writeFileSync(file, lines.join('\n'));

		const failed = await run(workflow('backtest file malformed', file));
		expect(failed.data.resultData.error?.message).toMatch(/^Line 3: /);
		expect(failed.data.resultData.lastNodeExecuted).toBe('Backtest');

		const exec = await run(workflow('backtest file malformed, continue', file, true));
		expect(exec.data.resultData.error).toBeUndefined();
		const out = nodeOutput(exec, 'Backtest');
		const errors = out.filter((i: any) => i.error);
		expect(errors).toHaveLength(1);
		expect(errors[0].error).toMatch(/^Line 3: /);
		// The other lines are the whole history: the report is the same as without the bad line.
		expect(out.find((i: any) => i.row === 'summary')).toMatchObject({
			skippedRows: 1,
			leads: expected.leads,
			events: expected.events,
			moved: expected.moved.total,
		});
	}, 400_000);
});
