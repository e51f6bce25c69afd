import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod';
import { CRM_LABELS } from '../../../lib/crm/errors';
import { CrmIo } from '../../../lib/crm/http';
import { leadSchemaFor, rawLeadFromItem } from '../../../lib/crm/lead';
import { parsePairs } from '../../../lib/crm/mapping';
import type { MappingConfig } from '../../../lib/crm/mapping';
import { previewLeads, pushLeads } from '../../../lib/crm/push';
import type { LeadInput, PushConfig } from '../../../lib/crm/push';
import type { CrmTarget, FieldValue, Lead, LeadField, LeadResult } from '../../../lib/crm/types';
import { LEAD_FIELDS } from '../../../lib/crm/types';
import { redactSecrets } from '../../../lib/wecom/errors';
import { ApiError, parseInput, toNodeError } from '../../shared/errors';
import { targetSetup } from '../transport';

const crmField = z.string().trim().regex(/^[A-Za-z_][\w.]*$/, 'must be a CRM field name (letters, digits, _)');

const params = z.object({
	target: z.enum(['hubspot', 'salesforce', 'fxiaoke', 'webhook']),
	matchOn: z.enum(['email', 'externalUserId', 'phone']),
	hubspotIdProperty: crmField,
	salesforceAuthentication: z.enum(['accessToken', 'oAuth2']),
	salesforceExternalIdField: crmField,
	fxiaokeMatchField: z.union([crmField, z.literal('')]),
	fieldMapping: z.array(z.object({ leadField: z.enum(LEAD_FIELDS), crmField: z.union([crmField, z.literal('')]) })),
	createTask: z.boolean(),
	task: z.object({ subject: z.string().max(255), dueInHours: z.number().min(0).max(24 * 365), priority: z.enum(['HIGH', 'MEDIUM', 'LOW']), key: z.string() }),
	logActivities: z.boolean(),
	ownerMap: z.string(),
	dryRun: z.boolean(),
	onlySalesReady: z.boolean(),
	existingRecords: z.enum(['update', 'fillEmpty']),
	stageMap: z.string(),
	lifecycleBackward: z.enum(['keep', 'clear']),
	allowSaveOnDuplicate: z.boolean(),
	salesforceApiVersion: z.string().regex(/^v?\d{2,3}\.0$/, 'must look like 62.0'),
	triggerWorkFlow: z.boolean(),
	timeoutMs: z.number().int().min(1000).max(300000),
});

const customFieldsSchema = z.array(z.object({ name: crmField, value: z.union([z.string(), z.number(), z.boolean()]) }));

function readParams(ctx: IExecuteFunctions) {
	const opt = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const task = ctx.getNodeParameter('taskOptions', 0, {}) as IDataObject;
	return parseInput(ctx.getNode(), params, {
		target: ctx.getNodeParameter('target', 0),
		matchOn: ctx.getNodeParameter('matchOn', 0, 'email'),
		hubspotIdProperty: ctx.getNodeParameter('hubspotIdProperty', 0, 'wecom_external_userid'),
		salesforceAuthentication: ctx.getNodeParameter('salesforceAuthentication', 0, 'oAuth2'),
		salesforceExternalIdField: ctx.getNodeParameter('salesforceExternalIdField', 0, 'WeCom_Lead_Key__c'),
		fxiaokeMatchField: ctx.getNodeParameter('fxiaokeMatchField', 0, ''),
		fieldMapping: ((ctx.getNodeParameter('fieldMapping', 0, {}) as IDataObject).mappings as IDataObject[] | undefined) ?? [],
		createTask: ctx.getNodeParameter('createTask', 0, true),
		task: { subject: task.subject ?? '', dueInHours: task.dueInHours ?? 24, priority: task.priority ?? 'HIGH', key: task.key ?? '' },
		logActivities: ctx.getNodeParameter('logActivities', 0, true),
		ownerMap: ctx.getNodeParameter('ownerMap', 0, ''),
		dryRun: opt.dryRun ?? false,
		onlySalesReady: opt.onlySalesReady ?? false,
		existingRecords: opt.existingRecords ?? 'update',
		stageMap: opt.stageMap ?? '',
		lifecycleBackward: opt.lifecycleBackward ?? 'keep',
		allowSaveOnDuplicate: opt.allowSaveOnDuplicate ?? false,
		salesforceApiVersion: opt.salesforceApiVersion ?? '62.0',
		triggerWorkFlow: opt.triggerWorkFlow ?? false,
		timeoutMs: opt.timeoutMs ?? 30000,
	}, 0, 'node parameters');
}

/**
 * Upserts every input item as one lead. Items are validated first (an invalid item fails alone
 * with Continue On Fail), then pushed in the CRM's batches; one output item per input item.
 */
export async function upsertLead(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const p = readParams(this);
	const target = p.target as CrmTarget;
	const out: Array<INodeExecutionData | undefined> = new Array(items.length);
	const inputs: LeadInput[] = [];

	for (let i = 0; i < items.length; i++) {
		try {
			const overrides = this.getNodeParameter('leadFields', i, {}) as Partial<Record<LeadField, unknown>>;
			const lead = parseInput(node, leadSchemaFor(p.matchOn), rawLeadFromItem(items[i].json as Record<string, unknown>, overrides), i, 'lead') as Lead;
			const custom = parseInput(node, customFieldsSchema, ((this.getNodeParameter('customFields', i, {}) as IDataObject).fields as IDataObject[] | undefined) ?? [], i, 'custom fields');
			inputs.push({ index: i, lead, customFields: Object.fromEntries(custom.map((c) => [c.name, c.value as FieldValue])) });
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(node, error, i);
			out[i] = { json: { status: 'failed', error: (error as Error).message }, pairedItem: { item: i } };
		}
	}

	const mapping: MappingConfig = {
		target,
		matchOn: p.matchOn,
		fieldMap: Object.fromEntries(p.fieldMapping.map((m) => [m.leadField, m.crmField])),
		stageMap: parsePairs(p.stageMap),
		ownerMap: parsePairs(p.ownerMap),
		task: target !== 'fxiaoke' && p.createTask ? { enabled: true, subject: p.task.subject, dueInHours: p.task.dueInHours, priority: p.task.priority, key: p.task.key } : undefined,
		logActivities: target !== 'fxiaoke' && p.logActivities,
		fillEmptyOnly: p.existingRecords === 'fillEmpty',
	};
	const setup = await targetSetup(this, target, { ...p, fxiaokeMatchField: p.fxiaokeMatchField });
	const cfg: PushConfig = { mapping, hubspot: setup.hubspot, salesforce: setup.salesforce, fxiaoke: setup.fxiaoke, webhook: setup.webhook, onlySalesReady: p.onlySalesReady };

	if (p.dryRun) {
		for (const r of previewLeads(cfg, inputs)) {
			const json = { target, dryRun: true, ...r } as IDataObject;
			if (Array.isArray(json.requests)) json.requests = JSON.parse(redactSecrets(JSON.stringify(json.requests)));
			out[r.index] = { json, pairedItem: { item: r.index } };
		}
		return [out.filter((x): x is INodeExecutionData => !!x)];
	}

	const io = new CrmIo(target, { http: setup.http, timeoutMs: p.timeoutMs });
	const results = await pushLeads(io, cfg, inputs);
	for (const r of results) {
		if (r.status === 'failed' && !this.continueOnFail()) {
			throw toNodeError(node, new ApiError(`Item ${r.index + 1}: ${CRM_LABELS[target]} did not take the lead ${r.matchValue}: ${r.reason}`, undefined, r.hint, { code: r.code ?? '', matchValue: r.matchValue }), r.index);
		}
		out[r.index] = { json: resultJson(target, r), pairedItem: { item: r.index } };
	}
	return [out.filter((x): x is INodeExecutionData => !!x)];
}

function resultJson(target: CrmTarget, r: LeadResult): IDataObject {
	const json: IDataObject = { target, status: r.status, crmId: r.crmId, matchValue: r.matchValue, reason: r.reason, code: r.code, hint: r.hint, changed: r.changed, task: r.task as IDataObject | undefined, activities: r.activities as IDataObject[] | undefined, warnings: r.warnings };
	if (r.status === 'failed') json.error = r.reason;
	for (const k of Object.keys(json)) if (json[k] === undefined) delete json[k];
	return json;
}
