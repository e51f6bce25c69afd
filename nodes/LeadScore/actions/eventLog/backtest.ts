import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { BINARY_ENCODING, NodeOperationError } from 'n8n-workflow';
import type { BacktestReport, MovedLead } from '../../../../lib/scoring/backtest';
import { backtestLog } from '../../../../lib/scoring/backtestLog';
import { compileModel } from '../../../../lib/scoring/compile';
import { backtestFiles, HistoryFileError } from '../../../../lib/scoring/historyStream';
import type { HistoryFormat, HistorySource, LineProblem, StreamOptions } from '../../../../lib/scoring/historyStream';
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
				"Each input item brings one file; several files are one history (e.g. an export split by month). Rows may come in any order (an export ordered by row ID is fine); a file that lists each lead's rows together uses the least memory. Columns: the row ID, createdAt and the event column.",
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
			description: 'The binary field of each input item that holds a file of the event log',
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
			displayName: 'Max Line Size (MB)',
			name: 'historyMaxLineMb',
			type: 'number',
			default: 1,
			typeOptions: { minValue: 0.01, numberPrecision: 2 },
			displayOptions: { show: { historyFrom: ['file'] } },
			description:
				'A longer line (or CSV row) stops the run naming its line: a row of the event log is a few hundred bytes, so a longer one means a wrong file',
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
		if (ctx.getNodeParameter('historyFrom', 0, 'items') === 'file') return [await fromFiles(ctx, s, live, fields, listed)];
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

/**
 * The history as files, one on each input item's binary field: one history over all of them (an
 * export split into several files is read as a whole), streamed line by line (never held whole).
 * A missing or unreadable file fails its own item; with Continue On Fail the others are read on.
 */
async function fromFiles(
	ctx: IExecuteFunctions,
	s: RunSettings,
	live: CompiledModel,
	fields: LogFields,
	listed: number,
): Promise<INodeExecutionData[]> {
	const node = ctx.getNode();
	const items = ctx.getInputData();
	const chosen = ctx.getNodeParameter('historyFileFormat', 0, 'auto') as HistoryFormat | 'auto';
	const maxLineMb = Number(ctx.getNodeParameter('historyMaxLineMb', 0, 1));
	if (!(maxLineMb > 0))
		throw new NodeOperationError(node, `Max Line Size (MB) must be more than 0 (got ${String(maxLineMb)})`, {
			description: 'A row of the event log is a few hundred bytes; 1 MB is far above any of them.',
		});
	const failed: INodeExecutionData[] = [];
	let sources: HistorySource[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			sources.push(fileOf(ctx, i, chosen));
		} catch (error) {
			failed.push(failOrContinue(ctx, error, i));
		}
	}
	const options: StreamOptions = {
		fields,
		zone: s.zone,
		live,
		candidate: s.cm,
		now: s.now,
		leadsListed: listed,
		maxLineBytes: Math.round(maxLineMb * 1024 * 1024),
		onProblem: (p) => {
			if (!ctx.continueOnFail()) throw lineError(node, sources.length, p);
		},
	};
	for (;;) {
		if (!sources.length) return failed;
		try {
			const result = await backtestFiles(sources, options);
			const rows = result.problems.map((p) => failedItem(node, lineError(node, sources.length, p), p.item));
			const read = sources.map((f) => f.item);
			return [...reportItems(result.report, s, live, new Map(), rows.length, read), ...rows, ...failed];
		} catch (error) {
			if (!(error instanceof HistoryFileError))
				return [
					...failed,
					failOrContinue(
						ctx,
						error,
						sources.map((f) => f.item),
					),
				];
			// A file the stream cannot read on fails its item; with Continue On Fail the history is read again without it.
			const e = new NodeOperationError(node, `${fileName(sources.length, error.item)}${error.message}`, {
				itemIndex: error.item,
				description: 'Each line of the file must be a row of the event log: id, createdAt and the event column as JSON.',
			});
			failed.push(failOrContinue(ctx, e, error.item));
			sources = sources.filter((f) => f.item !== error.item);
		}
	}
}

/** "File of item 2, " when several items bring files (one file needs no naming). */
const fileName = (files: number, item: number) => (files > 1 ? `File of item ${item + 1}, ` : '');

function lineError(node: INode, files: number, p: LineProblem): NodeOperationError {
	return new NodeOperationError(node, `${fileName(files, p.item)}Line ${p.line}: ${p.field} ${p.message}`, {
		itemIndex: p.item,
		description: 'Each line must be a row of the event log: id, createdAt and the event column as JSON.',
	});
}

/** Item `i`'s file: its format (chosen, or from its name) and a way to read it from the start. */
function fileOf(ctx: IExecuteFunctions, i: number, chosen: HistoryFormat | 'auto'): HistorySource {
	const property = String(ctx.getNodeParameter('historyBinaryProperty', i, 'data') || 'data');
	const meta = ctx.helpers.assertBinaryData(i, property);
	const name = `${meta.fileName ?? ''}`.toLowerCase();
	const format: HistoryFormat = chosen !== 'auto' ? chosen : name.endsWith('.csv') || meta.mimeType === 'text/csv' ? 'csv' : 'jsonl';
	const { id } = meta;
	return {
		item: i,
		format,
		open: id ? () => binaryStream(ctx, id) : () => inMemory(Buffer.from(meta.data, BINARY_ENCODING)),
	};
}

/** Binary data n8n keeps on disk or in a database (filesystem, S3 or database mode): its stream. */
async function* binaryStream(ctx: IExecuteFunctions, id: string): AsyncGenerator<Uint8Array> {
	yield* (await ctx.helpers.getBinaryStream(id)) as AsyncIterable<Uint8Array>;
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
	/** The items whose files were read (From Binary File); rows as input items pair with item 0. */
	files?: number[],
): INodeExecutionData[] {
	const first = (files ?? [0]).map((item) => ({ item }));
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
		...(files ? { files: files.length } : {}),
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
			pairedItem: rowsOf.has(lead.leadId) ? rowsOf.get(lead.leadId)!.map((item) => ({ item })) : first,
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
