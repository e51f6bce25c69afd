import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { BINARY_ENCODING, NodeOperationError } from 'n8n-workflow';
import type { BacktestReport, MovedLead } from '../../../../lib/scoring/backtest';
import { backtestLog } from '../../../../lib/scoring/backtestLog';
import { compileModel } from '../../../../lib/scoring/compile';
import { backtestStream, HistoryFileError, textLines } from '../../../../lib/scoring/historyStream';
import type { HistoryFormat } from '../../../../lib/scoring/historyStream';
import type { CompiledModel } from '../../../../lib/scoring/compile';
import type { LogFields } from '../../../../lib/scoring/eventLog';
import { ScoringModelError } from '../../../../lib/scoring/model';
import { PLAYBOOK_MODEL } from '../../../../lib/scoring/playbook';
import { resolveModel } from '../../../../lib/scoring/resolve';
import { iso } from '../../../../lib/scoring/time';
import { toNodeError } from '../../../shared/errors';
import { failedItem, failOrContinue } from '../../../shared/items';
import { settings } from '../../execute';
import type { RunSettings } from '../../execute';
import { showFor } from '../common';
import type { LeadScoreOperation } from '../common';

const OPERATION = 'backtest';

/**
 * Backtest: the stored event log (template 05's `lead_events` rows) scored under the live model
 * and under the candidate set in this node's scoring fields, compared before the switch. Output:
 * a summary item, then one item per stage, per rule and per lead that would move (with who it is).
 */
export const backtest: LeadScoreOperation = {
	value: OPERATION,
	properties: showFor(OPERATION, [
		{
			displayName:
				'The scoring fields above are the <b>candidate</b> model. Feed all rows of the event log (e.g. a Data table node reading <code>lead_events</code>, Return All), or for large histories a JSON Lines or CSV export of it as a binary file (History From).',
			name: 'backtestNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Live Model',
			name: 'liveModel',
			type: 'options',
			default: 'playbook',
			options: [
				{ name: 'Playbook', value: 'playbook', description: "The pack's default model (what template 05 scores with)" },
				{ name: 'JSON', value: 'json', description: 'The live model as JSON (changes on top of the playbook)' },
			],
			description: 'The model the leads are scored with today: the baseline the candidate is compared with',
		},
		{
			displayName: 'Live Model (JSON)',
			name: 'liveModelJson',
			type: 'json',
			default: '{}',
			displayOptions: { show: { liveModel: ['json'] } },
			description: 'Only the parts that differ from the playbook, e.g. {"stages": [...]}',
		},
		{
			displayName: 'History From',
			name: 'historyFrom',
			type: 'options',
			default: 'items',
			options: [
				{ name: 'Input Items', value: 'items', description: 'One item per event-log row (e.g. a Data table node, Return All)' },
				{
					name: 'Binary File',
					value: 'file',
					description: 'A JSON Lines or CSV export of the event log, read line by line: memory stays flat for millions of events',
				},
			],
			description: 'Where the stored history comes from',
		},
		{
			displayName:
				"The file is read as a stream, one lead at a time: it must list each lead's rows together (exported ordered by lead, then row ID). Columns: the row ID, createdAt and the event column.",
			name: 'historyFileNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { historyFrom: ['file'] } },
		},
		{
			displayName: 'Input Binary Field',
			name: 'historyBinaryProperty',
			type: 'string',
			default: 'data',
			required: true,
			displayOptions: { show: { historyFrom: ['file'] } },
			description: 'The binary field of the first input item that holds the event-log file',
		},
		{
			displayName: 'File Format',
			name: 'historyFileFormat',
			type: 'options',
			default: 'auto',
			displayOptions: { show: { historyFrom: ['file'] } },
			options: [
				{ name: 'From File Name', value: 'auto', description: '.csv is CSV, anything else JSON Lines' },
				{ name: 'JSON Lines', value: 'jsonl', description: 'One row as a JSON object per line' },
				{ name: 'CSV', value: 'csv', description: 'A header line naming the columns, then one row per line' },
			],
		},
		{
			displayName: 'Event Column',
			name: 'historyEventColumn',
			type: 'string',
			default: 'event',
			description: 'The column holding the event as JSON (type, ID, time, lead fields)',
		},
		{
			displayName: 'Leads Listed',
			name: 'leadsListed',
			type: 'number',
			default: 200,
			typeOptions: { minValue: 0, maxValue: 10000 },
			description: 'At most this many leads that would change stage are listed, one item each (all are counted)',
		},
	]),
	async execute(ctx: IExecuteFunctions) {
		const node = ctx.getNode();
		const items = ctx.getInputData();
		let s: RunSettings;
		let live: CompiledModel;
		try {
			s = settings(ctx);
			live = liveModel(ctx);
		} catch (error) {
			return [items.map((_, i) => failOrContinue(ctx, error, i))];
		}
		const fields: LogFields = {
			event: String(ctx.getNodeParameter('historyEventColumn', 0, 'event') || 'event'),
			leadId: s.fields.leadId,
			attributes: s.fields.attributes,
			eventFields: s.fields.event,
		};
		const listed = Number(ctx.getNodeParameter('leadsListed', 0, 200));
		if (!Number.isInteger(listed) || listed < 0)
			throw new NodeOperationError(node, `Leads Listed must be a whole number of 0 or more (got ${String(listed)})`);
		if (ctx.getNodeParameter('historyFrom', 0, 'items') === 'file') return [await fromFile(ctx, s, live, fields, listed)];
		const failed: INodeExecutionData[] = [];
		const result = backtestLog(
			items.map((item) => item.json),
			fields,
			s.zone,
			live,
			s.cm,
			s.now,
			listed,
			(p) => {
				const error = new NodeOperationError(node, `Item ${p.index + 1}: ${p.field} ${p.message}`, {
					itemIndex: p.index,
					description: 'Each item must be a row of the event log: id, createdAt and the event column as JSON.',
				});
				if (!ctx.continueOnFail()) throw error;
				failed.push(failedItem(node, error, p.index));
			},
		);
		return [[...reportItems(result.report, s, live, result.rowsOf, failed.length), ...failed]];
	},
};

/** The history as a file on item 0's binary field, streamed line by line (never held whole). */
async function fromFile(
	ctx: IExecuteFunctions,
	s: RunSettings,
	live: CompiledModel,
	fields: LogFields,
	listed: number,
): Promise<INodeExecutionData[]> {
	const node = ctx.getNode();
	const property = String(ctx.getNodeParameter('historyBinaryProperty', 0, 'data') || 'data');
	const chosen = ctx.getNodeParameter('historyFileFormat', 0, 'auto') as HistoryFormat | 'auto';
	const failed: INodeExecutionData[] = [];
	try {
		const meta = ctx.helpers.assertBinaryData(0, property);
		const name = `${meta.fileName ?? ''}`.toLowerCase();
		const format: HistoryFormat = chosen !== 'auto' ? chosen : name.endsWith('.csv') || meta.mimeType === 'text/csv' ? 'csv' : 'jsonl';
		const chunks = meta.id ? await ctx.helpers.getBinaryStream(meta.id) : inMemory(Buffer.from(meta.data, BINARY_ENCODING));
		const result = await backtestStream(textLines(chunks), format, fields, s.zone, live, s.cm, s.now, listed, (p) => {
			const error = new NodeOperationError(node, `Line ${p.line}: ${p.field} ${p.message}`, {
				itemIndex: 0,
				description: 'Each line must be a row of the event log: id, createdAt and the event column as JSON.',
			});
			if (!ctx.continueOnFail()) throw error;
			failed.push(failedItem(node, error, 0));
		});
		return [...reportItems(result.report, s, live, new Map(), failed.length), ...failed];
	} catch (error) {
		if (error instanceof HistoryFileError) return [failOrContinue(ctx, new NodeOperationError(node, error.message, { itemIndex: 0 }), 0)];
		// A bad line already stopped the run (Continue On Fail off): passed on as is.
		if (error instanceof NodeOperationError) throw toNodeError(node, error, 0);
		return [failOrContinue(ctx, error, 0)];
	}
}

/** Binary data n8n keeps in memory (its default mode) is already whole: one chunk. */
async function* inMemory(data: Buffer): AsyncGenerator<Buffer> {
	yield data;
}

/** The baseline: the playbook or the live model's JSON (read once, from item 0). */
function liveModel(ctx: IExecuteFunctions): CompiledModel {
	const node = ctx.getNode();
	try {
		const mode = ctx.getNodeParameter('liveModel', 0, 'playbook') as string;
		const model = mode === 'json' ? resolveModel(ctx.getNodeParameter('liveModelJson', 0, '{}')) : PLAYBOOK_MODEL;
		return compileModel(model, { keepRenamedRules: node.typeVersion >= 2 });
	} catch (e) {
		if (e instanceof ScoringModelError)
			throw new NodeOperationError(node, `Live Model (JSON): ${e.message}`, {
				description: 'Paste the live model as JSON (only what differs from the playbook), or pick Playbook.',
			});
		throw toNodeError(node, e);
	}
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** The report as items: summary first, then stages, rules and listed leads, each saying what it is in `row`. */
function reportItems(
	r: BacktestReport,
	s: RunSettings,
	live: CompiledModel,
	rowsOf: Map<string, number[]>,
	skipped: number,
): INodeExecutionData[] {
	const first = [{ item: 0 }];
	const labels = new Map<string, string>([...live.ladder, ...s.cm.ladder].map((st) => [st.id, st.label ?? st.id]));
	const label = (id: string) => labels.get(id) ?? id;
	const crossing = (id: string) => r.crossings.find((c) => c.stage === id) ?? { gained: 0, lost: 0 };
	const handoff = s.cm.model.handoffStage;
	const mql = s.cm.ladder.find((st) => st.id === 'mql')?.id;
	const lines = r.stages.filter((st) => st.live || st.candidate).map((st) => `${label(st.stage)} ${st.live}→${st.candidate}`);
	const summary: IDataObject = {
		row: 'summary',
		leads: r.leads,
		events: r.events,
		...(skipped ? { skippedRows: skipped } : {}),
		asOf: iso(s.now),
		moved: r.moved.total,
		movedUp: r.moved.up,
		movedDown: r.moved.down,
		...(mql ? { mqlGained: crossing(mql).gained, mqlLost: crossing(mql).lost } : {}),
		[`${handoff}Gained`]: crossing(handoff).gained,
		[`${handoff}Lost`]: crossing(handoff).lost,
		salesReadyLive: r.salesReady.live,
		salesReadyCandidate: r.salesReady.candidate,
		listedLeads: r.moved.sample.length,
		text:
			`Backtest of ${r.leads} leads (${r.events} events) as of ${iso(s.now)}: ${r.moved.total} would change stage ` +
			`(${r.moved.up} up, ${r.moved.down} down). Stages live→candidate: ${lines.join(', ')}. ` +
			`Sales-ready ${r.salesReady.live}→${r.salesReady.candidate} (${signed(r.salesReady.change)}).`,
	};
	const out: INodeExecutionData[] = [{ json: summary, pairedItem: first }];
	for (const st of r.stages)
		out.push({
			json: {
				row: 'stage',
				stage: st.stage,
				stageLabel: label(st.stage),
				live: st.live,
				candidate: st.candidate,
				change: st.change,
				...crossingOf(r, st.stage),
			},
			pairedItem: first,
		});
	for (const rule of r.rules)
		out.push({
			json: {
				row: 'rule',
				rule: rule.rule,
				...(rule.name ? { name: rule.name } : {}),
				live: rule.live ?? null,
				candidate: rule.candidate ?? null,
				change: rule.change,
			},
			pairedItem: first,
		});
	for (const lead of r.moved.sample)
		out.push({
			json: leadJson(lead, label),
			pairedItem: (rowsOf.get(lead.leadId) ?? [0]).map((item) => ({ item })),
		});
	return out;
}

function crossingOf(r: BacktestReport, stage: string): IDataObject {
	const c = r.crossings.find((x) => x.stage === stage);
	return c ? { gained: c.gained, lost: c.lost } : {};
}

function leadJson(lead: MovedLead, label: (id: string) => string): IDataObject {
	return {
		row: 'lead',
		leadId: lead.leadId,
		...(lead.name ? { name: lead.name } : {}),
		...(lead.email ? { email: lead.email } : {}),
		...(lead.company ? { company: lead.company } : {}),
		liveStage: lead.live,
		candidateStage: lead.candidate,
		change: `${label(lead.live)} → ${label(lead.candidate)}`,
		crosses: lead.crosses.join(', '),
		liveEngagement: lead.liveEngagement,
		candidateEngagement: lead.candidateEngagement,
		liveFit: lead.liveFit,
		candidateFit: lead.candidateFit,
	};
}
