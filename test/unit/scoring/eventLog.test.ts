import { readLogRow, replayLog } from '../../../lib/scoring/eventLog';
import type { LogRow } from '../../../lib/scoring/eventLog';
import { model, NOW } from './support';
import { defaultLogFields } from '../../helpers/eventLogFields';

const FIELDS = defaultLogFields();
const m = model();
const MIN = 60_000;

/** A data-table row of the log as the Data table node reads it. */
function dbRow(id: number, event: Record<string, unknown>, at = NOW + id * MIN) {
	return { id, lead_id: String(event.leadId), event: JSON.stringify(event), createdAt: new Date(at).toISOString() };
}
function row(id: number, event: Record<string, unknown>, at?: number): LogRow {
	const r = readLogRow(dbRow(id, event, at), FIELDS, 'Asia/Shanghai');
	if (!r.ok) throw new Error(r.message);
	return r.row;
}
const ev = (id: string, type: string, extra: Record<string, unknown> = {}) => ({ leadId: 'wmA', id, type, ...extra });

describe('event log: reading rows', () => {
	it('reads the event, its lead and attributes, and dates a timeless event by its row', () => {
		const r = readLogRow(dbRow(7, { leadId: 'wmA', type: 'link_clicked', lead: { title: '市场总监' } }, NOW), FIELDS, 'UTC');
		expect(r).toEqual({
			ok: true,
			row: expect.objectContaining({ id: 7, leadId: 'wmA', at: NOW, attributes: { title: '市场总监' } }),
		});
		expect(r.ok && r.row.event).toMatchObject({ type: 'link_clicked', time: NOW });
	});

	it('names what is wrong with a row', () => {
		expect(readLogRow({ id: 'x', event: '{}', createdAt: 'now' }, FIELDS, 'UTC')).toMatchObject({ ok: false, field: 'id' });
		expect(readLogRow({ ...dbRow(1, ev('a', 'x')), event: '{oops' }, FIELDS, 'UTC')).toMatchObject({ ok: false, field: 'event' });
		expect(readLogRow(dbRow(1, { type: 'x' }), FIELDS, 'UTC')).toMatchObject({ ok: false, field: 'event.leadId' });
		expect(readLogRow(dbRow(1, { leadId: 'wmA' }), FIELDS, 'UTC')).toMatchObject({ ok: false, field: 'event.type' });
	});
});

describe('event log: replay', () => {
	const events = [
		ev('d1', 'discussion_joined'),
		ev('d2', 'discussion_joined'),
		ev('q1', 'good_question'),
		ev('e1', 'email_replied'),
		ev('l1', 'link_clicked'),
		ev('t1', 'trial_requested', { lead: { title: '市场总监', company: '远山' } }),
	];
	const rows = events.map((e, i) => row(i + 1, e));

	it('gives every execution the same result, whatever it read first and whichever rows are its own', () => {
		const a = replayLog(m, rows, new Set([1]));
		const b = replayLog(m, [...rows].reverse(), new Set([4, 5]));
		expect(b.result).toEqual(a.result);
		expect(a.lastRow).toBe(6);
		expect(a.firstRow).toBe(1);
		// Every point of every row counts: 5 + 5 + 10 + 5 + 2 + 30.
		expect(a.result.engagementScore).toBe(57);
		expect(a.result.stage).toBe('mql');
	});

	it('reports each stage change once: in the replay of the execution that inserted the row', () => {
		const owners = [new Set([1, 3, 5]), new Set([2, 4]), new Set([6])];
		const reported = owners.flatMap((own) => replayLog(m, rows, own).changes.map((c) => [c.rowId, c.result.previousStage, c.result.stage]));
		expect(reported.sort()).toEqual([
			[1, null, 'activated'],
			[3, 'activated', 'engaged'],
			[6, 'engaged', 'mql'],
		]);
		// The same changes as scoring the rows one by one.
		const all = replayLog(m, rows, new Set(rows.map((r) => r.id))).changes.map((c) => [c.rowId, c.result.previousStage, c.result.stage]);
		expect(reported.sort()).toEqual(all.sort());
		expect(new Set(all.map(([id]) => id)).size).toBe(all.length);
		expect(all[all.length - 1]).toEqual([6, 'engaged', 'mql']);
	});

	it('counts a repeated event once, wherever its copy lands in the log', () => {
		const once = replayLog(m, rows, new Set()).result;
		const repeated = replayLog(m, [...rows, row(7, events[2]), row(8, events[5])], new Set([7, 8]));
		expect(repeated.result.engagementScore).toBe(once.engagementScore);
		expect(repeated.changes).toEqual([]);
		expect(repeated.result.explanation.events).toEqual([
			expect.objectContaining({ id: 't1', note: expect.stringContaining('already scored') }),
		]);
	});

	it('keeps the forward-only stage and decay of scoring one event at a time', () => {
		const later = (id: number, days: number, e: Record<string, unknown>) => row(id, e, NOW + days * 86_400_000);
		const log = [
			later(1, 0, ev('t1', 'trial_requested', { lead: { title: '市场总监', company: '远山' } })),
			later(2, 60, ev('l1', 'link_clicked')),
		];
		const r = replayLog(m, log, new Set([2])).result;
		// The trial decayed over 60 days, but the lead stays MQL (stages move forward only).
		expect(r.engagementScore).toBeLessThan(25);
		expect(r.stage).toBe('mql');
	});

	it('refuses rows of two leads in one replay', () => {
		expect(() => replayLog(m, [row(1, ev('a', 'link_clicked')), row(2, { ...ev('b', 'link_clicked'), leadId: 'wmB' })], new Set())).toThrow(
			'row 2 belongs to lead "wmB", not "wmA"',
		);
	});
});
