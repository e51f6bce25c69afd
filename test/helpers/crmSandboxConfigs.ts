import { SANDBOX_HUBSPOT_TOKEN } from '../../sandbox/crm/hubspot';
import { SANDBOX_SF_TOKEN } from '../../sandbox/crm/salesforce';
import { SANDBOX_FXIAOKE } from '../../sandbox/crm/fxiaoke';

/** The HubSpot, Salesforce and Fxiaoke client configurations that reach a running sandbox. */
export function sandboxCrmConfigs(sandboxUrl: () => string) {
	return {
		hsCfg: () => ({
			token: SANDBOX_HUBSPOT_TOKEN,
			baseUrl: `${sandboxUrl()}/hubspot`,
			idProperty: 'email',
			lifecycleBackward: 'keep' as const,
		}),
		sfCfg: () => ({
			instanceUrl: `${sandboxUrl()}/salesforce`,
			accessToken: SANDBOX_SF_TOKEN,
			externalIdField: 'WeCom_External_User_ID__c',
		}),
		fxCfg: () => ({
			appId: SANDBOX_FXIAOKE.appId,
			appSecret: SANDBOX_FXIAOKE.appSecret,
			permanentCode: SANDBOX_FXIAOKE.permanentCode,
			currentOpenUserId: SANDBOX_FXIAOKE.openUserId,
			baseUrl: `${sandboxUrl()}/fxiaoke`,
			matchField: 'email',
			pace: false,
		}),
	};
}
