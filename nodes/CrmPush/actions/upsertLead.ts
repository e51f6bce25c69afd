import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';
import { createHash } from 'crypto';
import { CrmIo } from '../../../lib/crm/http';
import { rateLimitFor } from '../../../lib/crm/pace';
import { leadSchemaFor, rawLeadFromItem } from '../../../lib/crm/lead';
import { parsePairs } from '../../../lib/crm/mapping';
import type { MappingConfig } from '../../../lib/crm/mapping';
import { previewLeads, pushLeads } from '../../../lib/crm/push';
import type { LeadInput, PushConfig } from '../../../lib/crm/push';
import { CRM_TARGETS, crmTarget } from '../../../lib/crm/targets';
import type { CrmTargetDef, CrmTargetId } from '../../../lib/crm/targets';
import type { CrmTarget, FieldValue, Lead, LeadField, LeadResult } from '../../../lib/crm/types';
import { LEAD_FIELDS } from '../../../lib/crm/types';
import { redactSecrets } from '../../../lib/common/redact';
import { ApiError, parseInput } from '../../shared/errors';
import { failOrContinue, readItems } from '../../shared/items';
import { idFrom } from '../../shared/wecom/locators';
import { targetSetup } from '../transport';

const crmField = z
	.string()
	.trim()
	.regex(/^[A-Za-z_][\w.]*$/, 'must be a CRM field name (letters, digits, _)');
const targetIds = Object.keys(CRM_TARGETS) as [CrmTargetId, ...CrmTargetId[]];

const params = z.object({
	target: z.enum(targetIds),
	matchOn: z.enum(['email', 'externalUserId', 'phone']),
	fieldMapping: z.array(z.object({ leadField: z.enum(LEAD_FIELDS), crmField: z.union([crmField, z.literal('')]) })),
	createTask: z.boolean(),
	task: z.object({
		subject: z.string().max(255),
		dueInHours: z
			.number()
			.min(0)
			.max(24 * 365),
		priority: z.enum(['HIGH', 'MEDIUM', 'LOW']),
		key: z.string(),
	}),
	logActivities: z.boolean(),
	ownerMap: z.record(z.string()),
	dryRun: z.boolean(),
	onlySalesReady: z.boolean(),
	existingRecords: z.enum(['update', 'fillEmpty']),
	stageMap: z.string(),
	timeoutMs: z.number().int().min(1000).max(300000),
	rateLimitRequests: z.number().int().min(0),
	rateLimitWindowSeconds: z.number().min(0),
	rateLimitWaitSeconds: z.number().min(0),
});

const customFieldsSchema = z.array(z.object({ name: crmField, value: z.union([z.string(), z.number(), z.boolean()]) }));

function readParams(ctx: IExecuteFunctions) {
	const opt = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const task = ctx.getNodeParameter('taskOptions', 0, {}) as IDataObject;
	return parseInput(
		ctx.getNode(),
		params,
		{
			target: ctx.getNodeParameter('target', 0),
			matchOn: ctx.getNodeParameter('matchOn', 0, 'email'),
			fieldMapping: ((ctx.getNodeParameter('fieldMapping', 0, {}) as IDataObject).mappings as IDataObject[] | undefined) ?? [],
			createTask: ctx.getNodeParameter('createTask', 0, true),
			task: { subject: task.subject ?? '', dueInHours: task.dueInHours ?? 24, priority: task.priority ?? 'HIGH', key: task.key ?? '' },
			logActivities: ctx.getNodeParameter('logActivities', 0, true),
			ownerMap: readOwnerMap(ctx),
			dryRun: opt.dryRun ?? false,
			onlySalesReady: opt.onlySalesReady ?? false,
			existingRecords: opt.existingRecords ?? 'update',
			stageMap: opt.stageMap ?? '',
			timeoutMs: opt.timeoutMs ?? 30000,
			rateLimitRequests: opt.rateLimitRequests ?? 0,
			rateLimitWindowSeconds: opt.rateLimitWindowSeconds ?? 0,
			rateLimitWaitSeconds: opt.rateLimitWaitSeconds ?? 120,
		},
		0,
		'node parameters',
	);
}

/**
 * WeCom SDR → CRM owner: version 2's rows (a picked or typed SDR, a listed or typed owner), or
 * version 1's "user=owner" lines. A half-filled row or an SDR given two owners is an error.
 */
function readOwnerMap(ctx: IExecuteFunctions): Record<string, string> {
	if (ctx.getNode().typeVersion < 2) return parsePairs(String(ctx.getNodeParameter('ownerMap', 0, '') ?? ''));
	const rows = ((ctx.getNodeParameter('owners', 0, {}) as IDataObject).owner as IDataObject[] | undefined) ?? [];
	const map: Record<string, string> = {};
	rows.forEach((row, i) => {
		const sdr = idFrom(row.sdr);
		const owner = idFrom(row.crmOwner);
		if (!sdr && !owner) return;
		const where = `SDR to CRM Owner, row ${i + 1}`;
		if (!sdr) throw new NodeOperationError(ctx.getNode(), `${where}: pick the SDR whose leads go to CRM owner ${owner}`);
		if (!owner) throw new NodeOperationError(ctx.getNode(), `${where}: pick the CRM owner of SDR ${sdr}`);
		if (map[sdr] !== undefined && map[sdr] !== owner)
			throw new NodeOperationError(ctx.getNode(), `${where}: SDR ${sdr} already goes to CRM owner ${map[sdr]}; keep one row per SDR`);
		map[sdr] = owner;
	});
	return map;
}

/** The target's own fields (under Target CRM) and options (in Options), validated by the target. */
function readTargetParams(ctx: IExecuteFunctions, target: CrmTargetDef): Record<string, unknown> {
	const opt = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const raw: Record<string, unknown> = {};
	for (const f of target.fields) raw[f.name] = ctx.getNodeParameter(f.name, 0, f.default);
	for (const f of target.options) raw[f.name] = opt[f.name] ?? f.default;
	return parseInput(ctx.getNode(), target.params, raw, 0, 'node parameters');
}

/**
 * Upserts every input item as one lead. Items are validated first (an invalid item fails alone
 * with Continue On Fail), then pushed in the CRM's batches; one output item per input item.
 */
export async function upsertLead(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const p = readParams(this);
	const target: CrmTarget = p.target;
	const def = crmTarget(target);
	const targetParams = readTargetParams(this, def);
	// Every item is validated first; an invalid item fails alone with Continue On Fail.
	const { valid, failed } = await readItems(this, (i, item) => {
		const overrides = this.getNodeParameter('leadFields', i, {}) as Partial<Record<LeadField, unknown>>;
		const lead = parseInput(
			node,
			leadSchemaFor(p.matchOn),
			rawLeadFromItem(item.json as Record<string, unknown>, overrides),
			i,
			'lead',
		) as Lead;
		const custom = parseInput(
			node,
			customFieldsSchema,
			((this.getNodeParameter('customFields', i, {}) as IDataObject).fields as IDataObject[] | undefined) ?? [],
			i,
			'custom fields',
		);
		return { lead, customFields: Object.fromEntries(custom.map((c) => [c.name, c.value as FieldValue])) };
	});
	const out: Array<INodeExecutionData | undefined> = failed.map((f) => f && { ...f, json: { target, status: 'failed', ...f.json } });
	const inputs: LeadInput[] = valid.map(({ index, value }) => ({ index, ...value }));

	const mapping: MappingConfig = {
		target,
		matchOn: p.matchOn,
		fieldMap: Object.fromEntries(p.fieldMapping.map((m) => [m.leadField, m.crmField])),
		stageMap: parsePairs(p.stageMap),
		ownerMap: p.ownerMap,
		task:
			def.tasks && p.createTask
				? { enabled: true, subject: p.task.subject, dueInHours: p.task.dueInHours, priority: p.task.priority, key: p.task.key }
				: undefined,
		logActivities: def.tasks && p.logActivities,
		fillEmptyOnly: p.existingRecords === 'fillEmpty',
	};
	const setup = await targetSetup(this, def, targetParams, p.matchOn);
	const cfg: PushConfig = { mapping, [target]: setup.config, onlySalesReady: p.onlySalesReady };

	if (p.dryRun) {
		for (const r of previewLeads(cfg, inputs)) {
			const json = { target, dryRun: true, ...r } as IDataObject;
			if (Array.isArray(json.requests)) json.requests = JSON.parse(redactSecrets(JSON.stringify(json.requests)));
			out[r.index] = { json, pairedItem: { item: r.index } };
		}
		return [out.filter((x): x is INodeExecutionData => !!x)];
	}

	const io = new CrmIo(target, {
		http: setup.http,
		timeoutMs: p.timeoutMs,
		rateLimit: rateLimitFor(target, p.rateLimitRequests, p.rateLimitWindowSeconds),
		rateKey: accountKey(target, setup.config),
		rateWaitBudgetMs: p.rateLimitWaitSeconds * 1000,
	});
	const results = await pushLeads(io, cfg, inputs);
	for (const r of results) {
		if (r.status === 'failed') {
			const error = new ApiError(
				`Item ${r.index + 1}: ${def.label} did not take the lead ${r.matchValue}: ${r.reason}`,
				undefined,
				r.hint,
				{ code: r.code ?? '', matchValue: r.matchValue },
			);
			out[r.index] = failOrContinue(this, error, r.index, resultJson(target, r));
			continue;
		}
		out[r.index] = { json: resultJson(target, r), pairedItem: { item: r.index } };
	}
	return [out.filter((x): x is INodeExecutionData => !!x)];
}

/** The account the rate limit belongs to: the same credential shares one window (a hash, never the secret). */
function accountKey(target: string, config: unknown): string {
	return `${target}|${createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 16)}`;
}

function resultJson(target: CrmTarget, r: LeadResult): IDataObject {
	const json: IDataObject = {
		target,
		status: r.status,
		crmId: r.crmId,
		matchValue: r.matchValue,
		reason: r.reason,
		code: r.code,
		hint: r.hint,
		changed: r.changed,
		task: r.task as IDataObject | undefined,
		activities: r.activities as IDataObject[] | undefined,
		warnings: r.warnings,
	};
	// The other record that holds the lead's identity, or the identity an existing record was linked by.
	if (r.conflictId) json.conflictId = r.conflictId;
	if (r.linkedBy) json.linkedBy = r.linkedBy;
	for (const k of Object.keys(json)) if (json[k] === undefined) delete json[k];
	return json;
}
