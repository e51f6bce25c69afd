import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { FxiaokeConfig } from '../../../lib/crm/targets/fxiaoke/client';
import type { HubSpotConfig } from '../../../lib/crm/targets/hubspot/client';
import type { SalesforceConfig } from '../../../lib/crm/targets/salesforce/client';
import type { CrmTarget, MatchOn } from '../../../lib/crm/types';
import type { WebhookConfig } from '../../../lib/crm/targets/webhook/client';
import type { HttpFn } from '../../../lib/http/types';
import { httpFnFrom } from '../../shared/http';

export const CREDENTIAL_TYPES = {
	hubspot: 'crmPushHubSpotApi',
	salesforceToken: 'crmPushSalesforceApi',
	salesforceOAuth2: 'crmPushSalesforceOAuth2Api',
	fxiaoke: 'crmPushFxiaokeApi',
	webhook: 'crmPushWebhookApi',
} as const;

/** Node options that shape the target configs. */
export interface TargetOptions {
	matchOn: MatchOn;
	hubspotIdProperty: string;
	lifecycleBackward: 'keep' | 'clear';
	salesforceAuthentication: 'accessToken' | 'oAuth2';
	salesforceExternalIdField: string;
	salesforceApiVersion: string;
	allowSaveOnDuplicate: boolean;
	fxiaokeMatchField: string;
	triggerWorkFlow: boolean;
}

export interface TargetSetup {
	http: HttpFn;
	hubspot?: HubSpotConfig;
	salesforce?: SalesforceConfig;
	fxiaoke?: FxiaokeConfig;
	webhook?: WebhookConfig;
}

const FXIAOKE_MATCH_FIELDS: Record<MatchOn, string> = { email: 'email', phone: 'mobile', externalUserId: 'wecom_external_userid__c' };

/** Reads the target's credential and builds the lib config plus the HttpFn to call it with. */
export async function targetSetup(ctx: IExecuteFunctions, target: CrmTarget, o: TargetOptions): Promise<TargetSetup> {
	const http = httpFnFrom(ctx);
	switch (target) {
		case 'hubspot': {
			const c = await ctx.getCredentials(CREDENTIAL_TYPES.hubspot);
			return { http, hubspot: { token: String(c.accessToken), baseUrl: String(c.baseUrl || ''), idProperty: o.matchOn === 'email' ? 'email' : o.hubspotIdProperty, lifecycleBackward: o.lifecycleBackward } };
		}
		case 'salesforce': {
			const common = { apiVersion: o.salesforceApiVersion, externalIdField: o.salesforceExternalIdField, allowSaveOnDuplicate: o.allowSaveOnDuplicate };
			if (o.salesforceAuthentication === 'oAuth2') {
				const c = await ctx.getCredentials(CREDENTIAL_TYPES.salesforceOAuth2);
				const instanceUrl = String(c.instanceUrl || (c.oauthTokenData as IDataObject | undefined)?.instance_url || '');
				return { http: httpFnFrom(ctx, CREDENTIAL_TYPES.salesforceOAuth2), salesforce: { instanceUrl, ...common } };
			}
			const c = await ctx.getCredentials(CREDENTIAL_TYPES.salesforceToken);
			return { http, salesforce: { instanceUrl: String(c.instanceUrl), accessToken: String(c.accessToken), ...common } };
		}
		case 'fxiaoke': {
			const c = await ctx.getCredentials(CREDENTIAL_TYPES.fxiaoke);
			return {
				http,
				fxiaoke: {
					appId: String(c.appId),
					appSecret: String(c.appSecret),
					permanentCode: String(c.permanentCode),
					currentOpenUserId: String(c.currentOpenUserId),
					baseUrl: String(c.baseUrl || ''),
					matchField: o.fxiaokeMatchField || FXIAOKE_MATCH_FIELDS[o.matchOn],
					triggerWorkFlow: o.triggerWorkFlow,
				},
			};
		}
		case 'webhook': {
			const c = await ctx.getCredentials(CREDENTIAL_TYPES.webhook);
			return { http, webhook: { url: String(c.url), secret: c.secret ? String(c.secret) : undefined, signatureHeader: String(c.signatureHeader || '') } };
		}
	}
}
