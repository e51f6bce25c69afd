import type { ChangedRecord, OutcomeSource } from '../../outcomes/types';
import { FXIAOKE_QUERY_LIMIT, FxiaokeApi } from './client';
import type { FxiaokeConfig } from './client';

const MODIFIED = 'last_modified_time';

/**
 * LeadsObj records changed since the cursor (last_modified_time GTE, oldest first). Fxiaoke's
 * filters are ANDed, so each watched field is its own query; pages of 100 by offset.
 */
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
	async changedSince(io, cfg, q) {
		const fx = new FxiaokeApi(io, cfg);
		const byField = new Map<string, string[]>();
		for (const r of q.rules) byField.set(r.field, [...(byField.get(r.field) ?? []), ...r.values]);
		const seen = new Map<string, ChangedRecord>();
		let more = false;
		for (const [field, values] of byField) {
			for (let offset = 0; ; offset += FXIAOKE_QUERY_LIMIT) {
				if (seen.size >= q.maxRecords) {
					more = true;
					break;
				}
				const b = await fx.crm('/cgi/crm/v2/data/query', {
					dataObjectApiName: 'LeadsObj',
					search_query_info: {
						limit: FXIAOKE_QUERY_LIMIT,
						offset,
						filters: [
							{ field_name: MODIFIED, field_values: [q.since], operator: 'GTE' },
							{ field_name: field, field_values: [...new Set(values)], operator: 'IN' },
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
	},
};
