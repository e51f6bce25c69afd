import { valuesByField } from '../../outcomes/events';
import { changedWithLinked, checkRulesOwnFields, chunks } from '../../outcomes/linked';
import type { LinkedRecord } from '../../outcomes/linked';
import type { ChangedPage, ChangedQuery, ChangedRecord, OutcomeSource } from '../../outcomes/types';
import { FXIAOKE_QUERY_LIMIT, FxiaokeApi } from './client';
import type { FxiaokeConfig } from './client';

const MODIFIED = 'last_modified_time';
/** Opportunity CRM Fields named `lead.<field>` are read on the LeadsObj record the opportunity came from. */
export const FXIAOKE_LEAD_PREFIX = 'lead.';
/**
 * The opportunity's source-lead lookup field. Assumption (Fxiaoke's open docs list no
 * NewOpportunityObj fields): 商机2.0 records the lead a 线索转换 created it from in `leads_id`
 * (a lookup: an ID, or a one-element list of IDs).
 */
export const FXIAOKE_OPPORTUNITY_LEAD_FIELD = 'leads_id';

/**
 * Records of one object changed since the cursor (last_modified_time GTE, oldest first). Fxiaoke's
 * filters are ANDed, so each watched field is its own query; pages of 100 by offset.
 */
async function queryChanged(fx: FxiaokeApi, apiName: string, q: ChangedQuery): Promise<ChangedPage> {
	const seen = new Map<string, ChangedRecord>();
	let more = false;
	for (const [field, values] of valuesByField(q.rules)) {
		for (let offset = 0; ; offset += FXIAOKE_QUERY_LIMIT) {
			if (seen.size >= q.maxRecords) {
				more = true;
				break;
			}
			const b = await fx.crm('/cgi/crm/v2/data/query', {
				dataObjectApiName: apiName,
				search_query_info: {
					limit: FXIAOKE_QUERY_LIMIT,
					offset,
					filters: [
						{ field_name: MODIFIED, field_values: [q.since], operator: 'GTE' },
						{ field_name: field, field_values: values, operator: 'IN' },
					],
					orders: [{ fieldName: MODIFIED, isAsc: true }],
				},
			});
			const list: Array<Record<string, unknown>> = b.data?.dataList ?? [];
			for (const r of list) seen.set(String(r._id), { id: String(r._id), modifiedAt: Number(r[MODIFIED]), fields: r });
			if (list.length < FXIAOKE_QUERY_LIMIT) break;
		}
	}
	return { records: [...seen.values()], more };
}

/** The ID in an opportunity's source-lead lookup ('' when it has none). */
function sourceLeadId(r: ChangedRecord): string {
	const v = r.fields[FXIAOKE_OPPORTUNITY_LEAD_FIELD];
	return String(Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
}

/** Each opportunity's source lead (none or one), read by `_id`, 100 per query. */
async function sourceLeads(fx: FxiaokeApi, opportunities: ChangedRecord[]): Promise<Map<string, LinkedRecord[]>> {
	const ids = [...new Set(opportunities.map(sourceLeadId).filter(Boolean))];
	const leads = new Map<string, LinkedRecord>();
	for (const part of chunks(ids, FXIAOKE_QUERY_LIMIT)) {
		const b = await fx.crm('/cgi/crm/v2/data/query', {
			dataObjectApiName: 'LeadsObj',
			search_query_info: { limit: FXIAOKE_QUERY_LIMIT, offset: 0, filters: [{ field_name: '_id', field_values: part, operator: 'IN' }] },
		});
		for (const l of (b.data?.dataList ?? []) as LinkedRecord[]) leads.set(String(l._id), l);
	}
	return new Map(
		opportunities.map((r) => {
			const lead = leads.get(sourceLeadId(r));
			return [r.id, lead ? [lead] : []];
		}),
	);
}

/** LeadsObj records changed since the cursor whose status (biz_status) is an outcome. */
export const fxiaokeOutcomes: OutcomeSource<FxiaokeConfig> = {
	object: 'LeadsObj',
	modifiedField: MODIFIED,
	defaultRules: [
		{ field: 'biz_status', values: ['closed'], outcome: 'rejected' },
		{ field: 'biz_status', values: ['transformed'], outcome: 'opportunity' },
		{ field: 'biz_status', values: ['processed'], outcome: 'accepted' },
	],
	defaultFields: {
		leadId: 'wecom_external_userid__c',
		fallbackLeadId: 'email',
		reason: 'back_reason',
		amount: '',
		sdr: 'inviting_sdr__c',
		owner: 'owner',
	},
	changedSince: (io, cfg, q) => queryChanged(new FxiaokeApi(io, cfg), 'LeadsObj', q),
};

/**
 * 商机 (NewOpportunityObj) changed since the cursor whose sales status is an outcome. Assumptions,
 * to check in the tenant's 对象管理: `sales_status` holds 1 进行中 (open), 2 赢单 (won), 3 输单
 * (lost); `amount` is 商机金额; the source lead is `leads_id`. The leads are then read by `_id`.
 */
export const fxiaokeOpportunityOutcomes: OutcomeSource<FxiaokeConfig> = {
	object: 'NewOpportunityObj',
	modifiedField: MODIFIED,
	linked: {
		prefix: FXIAOKE_LEAD_PREFIX,
		object: 'LeadsObj',
		description: `the lead the opportunity was converted from (${FXIAOKE_OPPORTUNITY_LEAD_FIELD})`,
	},
	defaultRules: [
		{ field: 'sales_status', values: ['2'], outcome: 'won' },
		{ field: 'sales_status', values: ['3'], outcome: 'lost' },
		{ field: 'sales_status', values: ['1'], outcome: 'opportunity' },
	],
	defaultFields: {
		leadId: 'lead.wecom_external_userid__c',
		fallbackLeadId: 'lead.email',
		reason: '',
		amount: 'amount',
		sdr: 'lead.inviting_sdr__c',
		owner: 'owner',
	},
	async changedSince(io, cfg, q) {
		checkRulesOwnFields('fxiaoke', q, FXIAOKE_LEAD_PREFIX, 'NewOpportunityObj');
		const fx = new FxiaokeApi(io, cfg);
		return changedWithLinked(q, FXIAOKE_LEAD_PREFIX, {
			readChanged: (own) => queryChanged(fx, 'NewOpportunityObj', own),
			candidates: (opportunities) => sourceLeads(fx, opportunities),
			idOf: (lead) => String(lead._id),
		});
	},
};
