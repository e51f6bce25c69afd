import type { IDataObject } from 'n8n-workflow';
import { LeadScore } from '../../../nodes/LeadScore/LeadScore.node';
import { higherBarStages } from '../../helpers/candidateModels';
import { runNode } from '../../helpers/runNode';
import { modelToCompact } from '../../../lib/scoring/compactForm';
import { modelToForm } from '../../../lib/scoring/formModel';
import { PLAYBOOK_MODEL } from '../../../lib/scoring/playbook';
import { NOW } from './support';

const DAY = 86_400_000;
let rowId = 0;
/** A row of template 05's lead_events table as the Data table node reads it. */
function row(leadId: string, type: string, daysAgo: number, extra: Record<string, unknown> = {}) {
	const time = new Date(NOW - daysAgo * DAY).toISOString();
	const id = ++rowId;
	const event = { leadId, id: `${leadId}-${id}`, type, time, ...extra };
	return { id, lead_id: leadId, event_id: event.id, type, event: JSON.stringify(event), createdAt: time };
}

/** Li reaches MQL with the live model (a trial: 30 ≥ 25, fit 30); Wang is activated (10); Zhao is a first contact. */
function history() {
	rowId = 0;
	return [
		row('wmLi', 'group_joined', 5, { lead: { name: '李雷', email: 'li@acme.cn', company: 'Acme', title: '市场总监' } }),
		row('wmWang', 'discussion_joined', 4, { lead: { name: '王芳', email: 'wang@beta.cn' } }),
		row('wmLi', 'trial_requested', 3),
		row('wmWang', 'discussion_joined', 2),
		row('wmZhao', 'group_joined', 1, { lead: { name: '赵强' } }),
	];
}

const parameters = (candidate: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
	operation: 'backtest',
	model: 'json',
	modelJson: JSON.stringify(candidate),
	now: new Date(NOW).toISOString(),
	leadIdField: 'leadId',
	attributesField: 'lead',
	...extra,
});

/** The playbook with MQL and SQL at 35 engagement instead of 25. */
const higherMql = { stages: higherBarStages() };

describe('Lead Score: Backtest', () => {
	it('reports the summary first, stage counts before/after, points by rule and who would move, by name', async () => {
		const [out] = await runNode(new LeadScore(), { typeVersion: 2, parameters: parameters(higherMql), items: history() });
		const rows = out.map((o) => o.json);
		expect(rows[0]).toMatchObject({ row: 'summary', leads: 3, events: 5, moved: 1, movedDown: 1, mqlLost: 1, mqlGained: 0 });
		expect(String(rows[0].text)).toContain('1 would change stage');
		const stage = (id: string) => rows.find((r) => r.row === 'stage' && r.stage === id);
		expect(stage('mql')).toMatchObject({ live: 1, candidate: 0, change: -1, lost: 1 });
		expect(stage('engaged')).toMatchObject({ live: 0, candidate: 1, change: 1 });
		expect(rows.find((r) => r.row === 'rule' && r.rule === 'trial_request')).toMatchObject({ live: expect.any(Number), change: 0 });
		expect(rows.filter((r) => r.row === 'lead')).toEqual([
			expect.objectContaining({
				leadId: 'wmLi',
				name: '李雷',
				email: 'li@acme.cn',
				liveStage: 'mql',
				candidateStage: 'engaged',
				crosses: 'mql ↓',
			}),
		]);
		// The lead's item pairs with its own rows (items 1 and 3).
		expect(out[out.length - 1].pairedItem).toEqual([{ item: 0 }, { item: 2 }]);
	});

	it('takes the candidate in the form fields of version 3 (Stages by how they are reached) and of version 2, alike', async () => {
		const candidate = { ...PLAYBOOK_MODEL, ...higherMql };
		const fields = {
			operation: 'backtest',
			model: 'fields',
			now: new Date(NOW).toISOString(),
			leadIdField: 'leadId',
			attributesField: 'lead',
		};
		const v3 = { ...fields, ladderV3: modelToCompact(candidate).stages };
		const v2 = { ...fields, ladder: modelToForm(candidate).stages };
		const [byJson] = await runNode(new LeadScore(), { typeVersion: 3, parameters: parameters(higherMql), items: history() });
		const [byV3] = await runNode(new LeadScore(), { typeVersion: 3, parameters: v3, items: history() });
		const [byV2] = await runNode(new LeadScore(), { typeVersion: 2, parameters: v2, items: history() });
		expect(byV3[0].json).toMatchObject({ moved: 1, movedDown: 1, mqlLost: 1 });
		expect(byV3.map((o) => o.json)).toEqual(byJson.map((o) => o.json));
		expect(byV2.map((o) => o.json)).toEqual(byJson.map((o) => o.json));
		// Version 3 reads its own lists only: version 2's ladder on a version 3 node is not the candidate.
		const [stale] = await runNode(new LeadScore(), { typeVersion: 3, parameters: { ...fields, ladder: v2.ladder }, items: history() });
		expect(stale[0].json).toMatchObject({ moved: 0 });
	});

	it('the live model as candidate: nothing moves', async () => {
		const [out] = await runNode(new LeadScore(), { typeVersion: 2, parameters: parameters({}), items: history() });
		expect(out[0].json).toMatchObject({ moved: 0, leads: 3 });
		expect(out.filter((o) => o.json.row === 'lead')).toHaveLength(0);
	});

	it('a bad row stops the run naming the item and field, or is skipped with Continue On Fail', async () => {
		const items: IDataObject[] = history();
		items[3] = { ...items[3], event: '{not json' };
		await expect(runNode(new LeadScore(), { typeVersion: 2, parameters: parameters({}), items })).rejects.toThrow(
			'Item 4: event is text but not valid JSON',
		);
		const [out] = await runNode(new LeadScore(), { typeVersion: 2, parameters: parameters({}), items, continueOnFail: true });
		expect(out[0].json).toMatchObject({ row: 'summary', events: 4, skippedRows: 1 });
		expect(out[out.length - 1]).toMatchObject({ json: { error: expect.stringContaining('Item 4: event') }, pairedItem: { item: 3 } });
	});

	it('a bad live model fails every item with a message naming it', async () => {
		const p = parameters({}, { liveModel: 'json', liveModelJson: '{"engagementCap": -1}' });
		await expect(runNode(new LeadScore(), { typeVersion: 2, parameters: p, items: history() })).rejects.toThrow(
			/Live Model \(JSON\).*engagementCap/,
		);
	});
});

/** The event log as a file: JSON Lines, or CSV (the event column quoted, its quotes doubled). */
const asJsonLines = (rows: IDataObject[]) => Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
function asCsv(rows: IDataObject[]): Buffer {
	const cols = ['id', 'createdAt', 'lead_id', 'type', 'event'];
	const cell = (v: unknown) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
	return Buffer.from([cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\r\n'));
}
/** The history's rows with each lead's rows together, as an export ordered by lead would list them. */
/** An input item with the file in its own binary field `data`. */
const fileItem = (data: Buffer, fileName = 'lead_events.jsonl') => ({
	json: {},
	binary: { data: { data: data.toString('base64'), mimeType: 'application/octet-stream', fileName } },
});
/** The report without the count of files (the rows given as items have none). */
const strip = (out: Array<{ json: IDataObject }>) => out.map(({ json: { files: _files, ...json } }) => json);
const byLead = (rows: IDataObject[]) => [...rows].sort((a, b) => String(a.lead_id).localeCompare(String(b.lead_id)));

describe('Lead Score: Backtest from a binary file', () => {
	const fileParams = (extra: Record<string, unknown> = {}) => parameters(higherMql, { historyFrom: 'file', ...extra });

	it.each([
		['JSON Lines', asJsonLines, {}],
		['CSV', asCsv, { historyFileFormat: 'csv' }],
	])('%s: the same report as the rows given as input items', async (_, encode, extra) => {
		const [fromItems] = await runNode(new LeadScore(), { typeVersion: 2, parameters: parameters(higherMql), items: history() });
		const file = encode(byLead(history()));
		const [fromFile] = await runNode(new LeadScore(), {
			typeVersion: 2,
			parameters: fileParams(extra),
			items: [{}],
			binary: { data: file },
		});
		expect(strip(fromFile)).toEqual(strip(fromItems));
		expect(fromFile[0].json).toMatchObject({ leads: 3, events: 5, moved: 1, mqlLost: 1, files: 1 });
	});

	it('a bad line stops the run naming the line and field, or is skipped with Continue On Fail', async () => {
		const rows: IDataObject[] = byLead(history());
		rows[2] = { ...rows[2], event: '{not json' };
		const file = asJsonLines(rows);
		await expect(
			runNode(new LeadScore(), { typeVersion: 2, parameters: fileParams(), items: [{}], binary: { data: file } }),
		).rejects.toThrow('Line 3: event is text but not valid JSON');
		const [out] = await runNode(new LeadScore(), {
			typeVersion: 2,
			parameters: fileParams(),
			items: [{}],
			binary: { data: file },
			continueOnFail: true,
		});
		expect(out[0].json).toMatchObject({ row: 'summary', events: 4, skippedRows: 1 });
		expect(out[out.length - 1].json).toMatchObject({ error: expect.stringContaining('Line 3: event') });
	});

	it('rows in row-ID order (an export of the data table: leads interleaved) give the same report', async () => {
		const [fromItems] = await runNode(new LeadScore(), { typeVersion: 2, parameters: parameters(higherMql), items: history() });
		const file = asJsonLines(history()); // row order: wmLi, wmWang, wmLi, …
		const [fromFile] = await runNode(new LeadScore(), { typeVersion: 2, parameters: fileParams(), items: [{}], binary: { data: file } });
		expect(strip(fromFile)).toEqual(strip(fromItems));
	});

	it('reads the file of every input item as one history, each output paired with the items read', async () => {
		const [fromItems] = await runNode(new LeadScore(), { typeVersion: 2, parameters: parameters(higherMql), items: history() });
		const rows = history();
		// Two exports, by date: wmLi's rows are in both.
		const items = [fileItem(asJsonLines(rows.slice(0, 3))), fileItem(asCsv(rows.slice(3)), 'lead_events-2.csv')];
		const [out] = await runNode(new LeadScore(), { typeVersion: 2, parameters: fileParams(), items });
		expect(strip(out)).toEqual(strip(fromItems));
		expect(out[0]).toMatchObject({ json: { files: 2, events: 5 }, pairedItem: [{ item: 0 }, { item: 1 }] });
	});

	it("a bad line names its item's file; a missing file fails its item, and Continue On Fail reads the others", async () => {
		const rows = history();
		const bad = [...rows.slice(3)];
		bad[1] = { ...bad[1], event: '{not json' };
		const items = [fileItem(asJsonLines(rows.slice(0, 3))), fileItem(asJsonLines(bad))];
		await expect(runNode(new LeadScore(), { typeVersion: 2, parameters: fileParams(), items })).rejects.toThrow(
			'File of item 2, Line 2: event is text but not valid JSON',
		);
		const [out] = await runNode(new LeadScore(), {
			typeVersion: 2,
			parameters: fileParams(),
			items: [...items, { json: {} }],
			continueOnFail: true,
		});
		expect(out[0].json).toMatchObject({ row: 'summary', files: 2, events: 4, skippedRows: 1 });
		const errors = out.filter((o) => o.json.error);
		expect(errors).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({ error: expect.stringContaining('File of item 2, Line 2: event') }),
				pairedItem: { item: 1 },
			}),
			expect.objectContaining({
				json: expect.objectContaining({ error: expect.stringContaining('has no binary field') }),
				pairedItem: { item: 2 },
			}),
		]);
	});

	it('a line longer than Max Line Size stops the run naming the line and the cap; with Continue On Fail its file is left out', async () => {
		const rows = history();
		const long = Buffer.concat([asJsonLines(rows.slice(3)), Buffer.from(`{"id":9,"note":"${'x'.repeat(20_000)}"}\n`)]);
		const items = [fileItem(asJsonLines(rows.slice(0, 3))), fileItem(long)];
		const p = fileParams({ historyMaxLineMb: 0.01 });
		await expect(runNode(new LeadScore(), { typeVersion: 2, parameters: p, items })).rejects.toThrow(
			'File of item 2, Line 3: is longer than 10,486 bytes (Max Line Size)',
		);
		const [out] = await runNode(new LeadScore(), { typeVersion: 2, parameters: p, items, continueOnFail: true });
		expect(out[0]).toMatchObject({ json: { files: 1, events: 3 }, pairedItem: [{ item: 0 }] });
		expect(out[out.length - 1]).toMatchObject({
			json: { error: expect.stringContaining('Line 3: is longer than') },
			pairedItem: { item: 1 },
		});
	});

	it('a CSV without id and createdAt in its header is refused naming line 1', async () => {
		const file = Buffer.from('lead_id,event\nwmLi,{}\n');
		await expect(
			runNode(new LeadScore(), {
				typeVersion: 2,
				parameters: fileParams({ historyFileFormat: 'csv' }),
				items: [{}],
				binary: { data: file },
			}),
		).rejects.toThrow(/Line 1: the CSV header must name the columns/);
	});
});
