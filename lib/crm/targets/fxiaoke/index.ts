import { z } from 'zod';
import { listFxiaokeOwners } from './owners';
import { fxiaokeOpportunityOutcomes, fxiaokeOutcomes } from './outcomes';
import type { MatchOn } from '../../types';
import { crmFieldName, defineTarget } from '../types';
import { DEFAULT_FXIAOKE_BASE_URL, FxiaokeApi, objectData, pushToFxiaoke } from './client';
import type { FxiaokeConfig } from './client';

/** The LeadsObj field the duplicate search (查重) uses by default, per Match Leads On. */
export const FXIAOKE_MATCH_FIELDS: Record<MatchOn, string> = {
	email: 'email',
	phone: 'mobile',
	externalUserId: 'wecom_external_userid__c',
};

const credentialConfig = (c: Record<string, unknown>) => ({
	appId: String(c.appId ?? ''),
	appSecret: String(c.appSecret ?? ''),
	permanentCode: String(c.permanentCode ?? ''),
	currentOpenUserId: String(c.currentOpenUserId ?? ''),
	baseUrl: String(c.baseUrl || ''),
});

/** Fxiaoke (纷享销客) LeadsObj: duplicate search, then create or update. No tasks. */
export const fxiaoke = defineTarget<FxiaokeConfig, { fxiaokeMatchField: string; triggerWorkFlow: boolean }>({
	id: 'fxiaoke',
	label: 'Fxiaoke',
	optionName: 'Fxiaoke (纷享销客)',
	description: 'LeadsObj (线索)',
	matchOn: ['email', 'externalUserId', 'phone'],
	fieldMap: {
		name: 'name',
		email: 'email',
		phone: 'mobile',
		company: 'company',
		title: 'job_title',
		stage: 'lead_stage__c',
		externalUserId: 'wecom_external_userid__c',
		engagementScore: 'engagement_score__c',
		fitScore: 'fit_score__c',
		salesReady: 'sales_ready__c',
		channel: 'wecom_channel__c',
		groupId: 'wecom_group_id__c',
		groupName: 'wecom_group_name__c',
		state: 'wecom_join_state__c',
		campaign: 'campaign__c',
		utmSource: 'utm_source__c',
		utmMedium: 'utm_medium__c',
		utmCampaign: 'utm_campaign__c',
		sdrUserId: 'inviting_sdr__c',
	},
	tasks: false,
	credentials: [{ name: 'crmPushFxiaokeApi', testedBy: 'crmPushFxiaokeTest' }],
	fields: [
		{
			displayName: 'Fxiaoke Match Field',
			name: 'fxiaokeMatchField',
			type: 'string',
			default: '',
			placeholder: 'email / mobile / wecom_external_userid__c',
			description: 'LeadsObj field the duplicate search (查重) uses. Empty: email, mobile or wecom_external_userid__c, by Match Leads On.',
		},
	],
	options: [
		{
			displayName: 'Trigger Fxiaoke Workflows',
			name: 'triggerWorkFlow',
			type: 'boolean',
			default: false,
			description: 'Whether creates and updates start Fxiaoke workflows and approvals',
		},
	],
	params: z.object({ fxiaokeMatchField: z.union([crmFieldName(), z.literal('')]), triggerWorkFlow: z.boolean() }),
	async connect(credential, p, { matchOn }) {
		const c = await credential('crmPushFxiaokeApi');
		return {
			config: {
				...credentialConfig(c),
				matchField: p.fxiaokeMatchField || FXIAOKE_MATCH_FIELDS[matchOn],
				triggerWorkFlow: p.triggerWorkFlow,
			},
		};
	},
	push: (io, cfg, leads) => pushToFxiaoke(io, cfg, leads),
	preview(fx, p) {
		const base = (fx.baseUrl || DEFAULT_FXIAOKE_BASE_URL).replace(/\/+$/, '');
		return [
			{
				method: 'POST',
				url: `${base}/cgi/crm/v2/data/create`,
				body: {
					data: { object_data: { dataObjectApiName: 'LeadsObj', ...objectData(fx, p), ...(p.ownerId ? { owner: [p.ownerId] } : {}) } },
				},
				note: 'An update (/cgi/crm/v2/data/update) with the changed fields only when the duplicate search finds the lead.',
			},
		];
	},
	/** Really asks Fxiaoke for a corpAccessToken. */
	async testCredential(io, c) {
		await new FxiaokeApi(io, { ...credentialConfig(c), matchField: 'email', pace: false }).fetchToken();
	},
	listOwners: listFxiaokeOwners,
	outcomes: fxiaokeOutcomes,
	dealOutcomes: fxiaokeOpportunityOutcomes,
});
