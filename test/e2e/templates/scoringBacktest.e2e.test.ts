import { Backtest } from '../../../lib/scoring/backtest';
import { compileModel } from '../../../lib/scoring/compile';
import { readLogRow } from '../../../lib/scoring/eventLog';
import { PLAYBOOK_MODEL } from '../../../lib/scoring/playbook';
import { harness, nodeOutput } from '../harness';
import { deployTemplate, failures, loadTemplate, withSettings } from './support';
import { higherBarModel } from '../../helpers/candidateModels';
import { defaultLogFields } from '../../helpers/eventLogFields';

const e2e = harness();
const AS_OF = '2025-06-12T02:00:00Z';
const NOW = Date.parse(AS_OF);
const DAY = 86_400_000;
const RUN = `bt${Date.now().toString(36)}`;

/** An event as template 05 records it: lead fields under `lead`, the event's own time. */
function event(lead: string, type: string, daysAgo: number, n: number, extra: Record<string, unknown> = {}) {
	const e = { leadId: `${RUN}-${lead}`, id: `${RUN}-${lead}-${n}`, type, time: new Date(NOW - daysAgo * DAY).toISOString(), ...extra };
	return { lead_id: e.leadId, event_id: e.id, type, event: JSON.stringify(e) };
}

/**
 * Li (a trial, senior title: MQL at 25, not at the candidate's 35), Wang (a trial and a live
 * stream: 40, MQL either way), Zhao (discussions only: engaged), and 60 community leads with
 * clicks and reads.
 */
function seed() {
	const rows = [
		event('li', 'group_joined', 9, 1, { lead: { name: '李雷', email: 'li@acme.cn', company: 'Acme 软件', title: '市场总监' } }),
		event('li', 'trial_requested', 3, 2),
		event('wang', 'live_attended', 6, 1, { lead: { name: '王芳', email: 'wang@beta.cn', company: 'Beta', title: 'CMO' } }),
		event('wang', 'trial_requested', 2, 2),
		event('zhao', 'discussion_joined', 5, 1, { lead: { name: '赵强' } }),
		event('zhao', 'discussion_joined', 4, 2),
		event('zhao', 'discussion_joined', 3, 3),
	];
	for (let l = 0; l < 60; l++)
		for (let k = 0; k < 8; k++)
			rows.push(event(`c${l}`, k % 3 ? 'link_clicked' : 'article_read', 40 - k * 4 - (l % 4), k, k ? {} : { lead: { name: `成员${l}` } }));
	return rows;
}

describe('template 11: scoring backtest in a real n8n', () => {
	let workflowId = '';

	beforeAll(async () => {
		const workflow = withSettings(loadTemplate(e2e, '11-scoring-backtest.json'), { asOf: AS_OF });
		workflowId = (await deployTemplate(e2e, workflow, { activate: false })).id;
		await e2e.n8n.insertDataTableRows('lead_events', seed());
	}, 300_000);

	it('reads the whole event log and reports what the candidate (MQL and SQL at 35) would change', async () => {
		const id = await e2e.n8n.runManually(workflowId, 'Run Backtest');
		const run = await e2e.n8n.waitForExecution(id, 300_000);
		if (run.status !== 'success') throw new Error(`backtest run ${run.status}: ${(await failures(e2e, workflowId)).join('; ')}`);
		const exec = await e2e.n8n.execution(id);
		const [summary] = nodeOutput(exec, 'Summary');
		const stages = nodeOutput(exec, 'Stage Counts');
		const rules = nodeOutput(exec, 'Points by Rule');
		const leads = nodeOutput(exec, 'Leads That Would Move');

		// The log may hold other suites' rows too: the report covers every row of the table.
		const table = await e2e.n8n.dataTableRows('lead_events');
		expect(summary.events).toBe(table.length);
		expect(summary.leads).toBe(new Set(table.map((r) => JSON.parse(r.event).leadId)).size);
		expect(stages.reduce((n: number, s: any) => n + s.live, 0)).toBe(summary.leads);
		expect(stages.reduce((n: number, s: any) => n + s.candidate, 0)).toBe(summary.leads);

		// Our leads: Li loses MQL (30 < 35), Wang keeps it (39.5 ≥ 35), Zhao and the community do not move.
		const ours = leads.filter((l: any) => String(l.leadId).startsWith(RUN));
		expect(ours).toEqual([
			expect.objectContaining({
				leadId: `${RUN}-li`,
				name: '李雷',
				email: 'li@acme.cn',
				company: 'Acme 软件',
				liveStage: 'mql',
				candidateStage: 'engaged',
				crosses: 'mql ↓',
			}),
		]);
		expect(summary.mqlLost).toBeGreaterThanOrEqual(1);
		expect(String(summary.text)).toMatch(/^Backtest of \d+ leads/);
		// Every rule, in the candidate's order (version 3 lists engagement rules by score group).
		expect(rules.map((r: any) => r.rule).sort()).toEqual(PLAYBOOK_MODEL.engagementRules.map((r) => r.id).sort());

		// Every figure equals the backtest of the same rows outside n8n.
		const fields = defaultLogFields();
		const live = compileModel(PLAYBOOK_MODEL);
		const candidate = compileModel(higherBarModel());
		const byLead = new Map<string, Array<ReturnType<typeof readLogRow> & { ok: true }>>();
		for (const r of [...table].sort((a, b) => a.id - b.id)) {
			const row = readLogRow(r, fields, 'Asia/Shanghai');
			if (!row.ok) throw new Error(row.message);
			byLead.set(row.row.leadId, [...(byLead.get(row.row.leadId) ?? []), row]);
		}
		const bt = new Backtest(live, candidate, NOW, 1000);
		for (const [leadId, rows] of byLead)
			bt.add({
				leadId,
				events: rows.map((r) => r.row.event),
				attributes: Object.assign({}, ...rows.map((r) => r.row.attributes ?? {})),
			});
		const expected = bt.report();
		expect(summary).toMatchObject({
			leads: expected.leads,
			events: expected.events,
			moved: expected.moved.total,
			movedUp: expected.moved.up,
		});
		for (const s of expected.stages)
			expect(stages.find((x: any) => x.stage === s.stage)).toMatchObject({ live: s.live, candidate: s.candidate });
		for (const r of expected.rules)
			expect(rules.find((x: any) => x.rule === r.rule)).toMatchObject({ live: r.live, candidate: r.candidate });
	}, 400_000);
});
