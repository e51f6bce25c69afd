import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { readLogRow, replayLog } from '../../../../lib/scoring/eventLog';
import type { LogFields, LogRow } from '../../../../lib/scoring/eventLog';
import { failOrContinue, readItems } from '../../../shared/items';
import { settings, toJson } from '../../execute';
import type { RunSettings } from '../../execute';
import { showFor } from '../common';
import type { LeadScoreOperation } from '../common';

const OPERATION = 'scoreEventLog';

/**
 * Scores leads from their rows in an event log (a data table, one row per received event), so
 * that events for the same lead scored at the same time by several workers never lose points.
 * Input: the lead's rows as the Data table node reads them; each item names the row its execution
 * inserted (Own Row ID). Outputs: each lead after all its rows (what to save, with `lastRow`), and
 * each own row that changed the stage, with the state right after it (reported once).
 */
export const scoreEventLog: LeadScoreOperation = {
	value: OPERATION,
	properties: showFor(OPERATION, [
		{
			displayName: 'Own Row ID',
			name: 'ownRowId',
			type: 'number',
			default: 0,
			required: true,
			description:
				'ID of the row this execution inserted for the event (what the Data table Insert returned): its stage change is reported here, the others by their own executions',
		},
		{
			displayName: 'Event Column',
			name: 'eventColumn',
			type: 'string',
			default: 'event',
			description: 'The column holding the event as JSON (type, ID, time, lead fields)',
		},
	]),
	async execute(ctx: IExecuteFunctions) {
		const node = ctx.getNode();
		let s: RunSettings;
		try {
			s = settings(ctx);
		} catch (error) {
			return [ctx.getInputData().map((_, i) => failOrContinue(ctx, error, i)), []];
		}
		const fields: LogFields = {
			event: String(ctx.getNodeParameter('eventColumn', 0, 'event') || 'event'),
			leadId: s.fields.leadId,
			attributes: s.fields.attributes,
			eventFields: s.fields.event,
		};
		const { valid, failed } = await readItems(ctx, (i, item) => {
			const r = readLogRow(item.json, fields, s.zone);
			if (!r.ok) throw new NodeOperationError(node, `Item ${i + 1}: ${r.field} ${r.message}`, { itemIndex: i });
			const own = Number(ctx.getNodeParameter('ownRowId', i, 0));
			if (!Number.isInteger(own) || own <= 0)
				throw new NodeOperationError(node, `Item ${i + 1}: Own Row ID must be the ID of the row this execution inserted`, {
					itemIndex: i,
					description: "Map it to the Data table Insert's output, e.g. {{ $('Record Events').item.json.id }}",
				});
			return { row: r.row, own };
		});
		const leads = new Map<string, { rows: LogRow[]; own: Set<number>; indexes: number[]; ownIndexes: Map<number, number[]> }>();
		for (const { index, value } of valid) {
			let g = leads.get(value.row.leadId);
			if (!g) leads.set(value.row.leadId, (g = { rows: [], own: new Set(), indexes: [], ownIndexes: new Map() }));
			g.rows.push(value.row);
			g.own.add(value.own);
			g.indexes.push(index);
			g.ownIndexes.set(value.own, [...(g.ownIndexes.get(value.own) ?? []), index]);
		}
		const all: Array<{ first: number; item: INodeExecutionData }> = [];
		const changed: INodeExecutionData[] = [];
		failed.forEach((item, i) => item && all.push({ first: i, item }));
		for (const [leadId, g] of leads) {
			const pairedItem = g.indexes.map((item) => ({ item }));
			try {
				const replay = replayLog(s.cm, g.rows, g.own);
				all.push({
					first: g.indexes[0],
					item: { json: { ...toJson(s, replay.result), lastRow: replay.lastRow, firstRow: replay.firstRow }, pairedItem },
				});
				for (const c of replay.changes)
					changed.push({
						json: { ...toJson(s, c.result), rowId: c.rowId, lastRow: replay.lastRow },
						pairedItem: (g.ownIndexes.get(c.rowId) ?? g.indexes).map((item) => ({ item })),
					});
			} catch (error) {
				all.push({ first: g.indexes[0], item: failOrContinue(ctx, error, g.indexes, { leadId }) });
			}
		}
		return [all.sort((a, b) => a.first - b.first).map((o) => o.item), changed];
	},
};
