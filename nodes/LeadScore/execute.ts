import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { compileModel } from '../../lib/scoring/compile';
import type { CompiledModel } from '../../lib/scoring/compile';
import { scoreLead } from '../../lib/scoring/engine';
import { eventItemSchema, groupByLead, leadItemSchema } from '../../lib/scoring/input';
import type { ItemFields } from '../../lib/scoring/input';
import { ScoringModelError } from '../../lib/scoring/model';
import { DEFAULT_EVENT_FIELDS, fieldList } from '../../lib/scoring/read';
import { isZone, parseTime } from '../../lib/scoring/time';
import type { LeadResult } from '../../lib/scoring/types';
import { parseInput, toNodeError } from '../shared/errors';
import { failOrContinue, mapItems, readItems } from '../shared/items';
import { readModel } from './model';

export interface RunSettings {
	cm: CompiledModel;
	fields: ItemFields;
	zone: string;
	now: number;
	explanation: 'full' | 'summary' | 'none';
	includeInputFields: boolean;
	profileAsText: boolean;
	stageLabels: Map<string, string>;
}

export function settings(ctx: IExecuteFunctions): RunSettings {
	const node = ctx.getNode();
	const o = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const zone = String(o.timezone || ctx.getTimezone());
	if (!isZone(zone))
		throw new NodeOperationError(node, `Timezone: "${zone}" is not a timezone this server knows (use an IANA name such as Asia/Shanghai)`);
	const rawNow = ctx.getNodeParameter('now', 0, '') as unknown;
	const now = rawNow === '' || rawNow === undefined || rawNow === null ? Date.now() : parseTime(rawNow, zone);
	if (Number.isNaN(now))
		throw new NodeOperationError(
			node,
			`Now: "${String(rawNow)}" is not a time (use ISO 8601 such as 2025-06-12T10:00:00+08:00, epoch seconds or milliseconds, or leave it empty)`,
		);
	let cm: CompiledModel;
	try {
		// Version 2 recognises a renamed rule by what it scores; version 1 keeps its behaviour (explicit IDs).
		cm = compileModel(readModel(ctx), { keepRenamedRules: node.typeVersion >= 2 });
	} catch (e) {
		if (e instanceof ScoringModelError)
			throw new NodeOperationError(node, e.message, {
				description: 'Fix the named rule, stage or setting in the Scoring Model parameters.',
			});
		throw toNodeError(node, e);
	}
	const text = (name: string, fallback: string) => String(ctx.getNodeParameter(name, 0, fallback) || fallback).trim();
	return {
		cm,
		zone,
		now,
		fields: {
			profile: text('profileField', 'profile'),
			events: text('eventsField', 'events'),
			leadId: fieldList(text('leadIdField', 'leadId, externalUserId')),
			attributes: text('attributesField', 'lead'),
			event: {
				type: fieldList(String(o.eventTypeField || DEFAULT_EVENT_FIELDS.type)),
				id: fieldList(String(o.eventIdField || DEFAULT_EVENT_FIELDS.id)),
				time: fieldList(String(o.eventTimeField || DEFAULT_EVENT_FIELDS.time)),
			},
		},
		explanation: (o.explanation as RunSettings['explanation']) ?? 'full',
		includeInputFields: o.includeInputFields !== false,
		profileAsText: o.profileAsText === true,
		stageLabels: new Map(cm.ladder.map((s) => [s.id, s.label ?? s.id])),
	};
}

export function toJson(s: RunSettings, r: LeadResult, input?: IDataObject): IDataObject {
	const base: IDataObject = {};
	if (input && s.includeInputFields) {
		for (const [k, v] of Object.entries(input)) if (k !== s.fields.events && k !== s.fields.profile) base[k] = v;
	}
	const explanation =
		s.explanation === 'full'
			? r.explanation
			: s.explanation === 'summary'
				? { summary: r.explanation.summary, stage: r.explanation.stage, gate: r.explanation.gate }
				: undefined;
	return {
		...base,
		...(r.leadId !== undefined ? { leadId: r.leadId } : {}),
		engagementScore: r.engagementScore,
		fitScore: r.fitScore,
		stage: r.stage,
		stageLabel: s.stageLabels.get(r.stage) ?? r.stage,
		previousStage: r.previousStage,
		stageChanged: r.stageChanged,
		salesReady: r.salesReady,
		...(explanation ? { explanation: explanation as unknown as IDataObject } : {}),
		lead: r.profile.attributes as IDataObject,
		profile: s.profileAsText ? JSON.stringify(r.profile) : (r.profile as unknown as IDataObject),
	};
}

/** Scores every input item (one lead each); a bad item fails alone with Continue On Fail. */
async function perLead(ctx: IExecuteFunctions, s: RunSettings): Promise<INodeExecutionData[]> {
	const schema = leadItemSchema(s.fields, s.zone, s.now);
	return mapItems(ctx, async (i, item) => {
		const lead = parseInput(ctx.getNode(), schema, item.json, i, 'lead item');
		return toJson(s, scoreLead(s.cm, { ...lead, now: s.now }), item.json);
	});
}

/** Groups event items by lead; one output item per lead, paired with all of its events. */
async function perEvent(ctx: IExecuteFunctions, s: RunSettings): Promise<INodeExecutionData[]> {
	const node = ctx.getNode();
	const schema = eventItemSchema(s.fields, s.zone, s.now);
	const { valid, failed } = await readItems(ctx, (i, item) => parseInput(node, schema, item.json, i, 'event item'));
	const out: Array<{ first: number; item: INodeExecutionData }> = [];
	failed.forEach((item, i) => item && out.push({ first: i, item }));
	for (const g of groupByLead(valid)) {
		const pairedItem = g.indexes.map((item) => ({ item }));
		try {
			const r = scoreLead(s.cm, {
				leadId: g.leadId,
				profile: g.profile,
				events: g.events,
				...(g.attributes ? { attributes: g.attributes } : {}),
				now: s.now,
			});
			out.push({ first: g.indexes[0], item: { json: toJson(s, r), pairedItem } });
		} catch (error) {
			out.push({ first: g.indexes[0], item: failOrContinue(ctx, error, g.indexes, { leadId: g.leadId }) });
		}
	}
	return out.sort((a, b) => a.first - b.first).map((o) => o.item);
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const withStageOutput = this.getNodeParameter('stageChangedOutput', 0, false) === true;
	let s: RunSettings;
	try {
		s = settings(this);
	} catch (error) {
		// A bad model fails every item, each paired to its input.
		const items = this.getInputData().map((_, i) => failOrContinue(this, error, i));
		return withStageOutput ? [items, []] : [items];
	}
	const scored = this.getNodeParameter('inputShape', 0, 'perLead') === 'perEvent' ? await perEvent(this, s) : await perLead(this, s);
	if (!withStageOutput) return [scored];
	return [scored, scored.filter((o) => o.json.stageChanged === true)];
}
