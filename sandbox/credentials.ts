import { FXIAOKE_PREFIX, SANDBOX_FXIAOKE } from './crm/fxiaoke';
import { HUBSPOT_PREFIX, SANDBOX_HUBSPOT_TOKEN } from './crm/hubspot';
import { SALESFORCE_PREFIX, SANDBOX_SF_TOKEN } from './crm/salesforce';
import { SANDBOX_SIGNED_HOOKS, WEBHOOK_PREFIX } from './crm/webhook';
import { SANDBOX_CORP, SANDBOX_ROBOT_KEYS } from './wecom/data';

/** The sandbox login of template 10's dashboard page (user `operator`). */
export const SANDBOX_DASHBOARD_PASSWORD = 'sandbox-dashboard-password';

/**
 * Credential data that points each of the pack's credential types at a running sandbox.
 * Used by the local run (`npm start`) and the e2e tests.
 */
export function sandboxCredentials(sandboxUrl: string, opts: { smtpPort?: number } = {}): Record<string, Record<string, unknown>> {
	return {
		// A self-built app that the admin allowed to call Customer Contact: app messages and customer groups.
		wecomAppApi: { corpId: SANDBOX_CORP.corpId, secret: SANDBOX_CORP.appSecret, agentId: SANDBOX_CORP.agentId, baseUrl: sandboxUrl },
		// Named robots: robot-1 … robot-5, one per sandbox key.
		wecomRobotApi: {
			webhook: SANDBOX_ROBOT_KEYS[0],
			robots: SANDBOX_ROBOT_KEYS.map((k, i) => `robot-${i + 1} = ${k}`).join('\n'),
			baseUrl: sandboxUrl,
		},
		wecomCallbackApi: { token: SANDBOX_CORP.callbackToken, encodingAesKey: SANDBOX_CORP.encodingAesKey, corpId: SANDBOX_CORP.corpId },
		crmPushHubSpotApi: { accessToken: SANDBOX_HUBSPOT_TOKEN, baseUrl: sandboxUrl + HUBSPOT_PREFIX },
		crmPushSalesforceApi: { accessToken: SANDBOX_SF_TOKEN, instanceUrl: sandboxUrl + SALESFORCE_PREFIX },
		crmPushFxiaokeApi: {
			appId: SANDBOX_FXIAOKE.appId,
			appSecret: SANDBOX_FXIAOKE.appSecret,
			permanentCode: SANDBOX_FXIAOKE.permanentCode,
			currentOpenUserId: SANDBOX_FXIAOKE.openUserId,
			baseUrl: sandboxUrl + FXIAOKE_PREFIX,
		},
		crmPushWebhookApi: { url: `${sandboxUrl}${WEBHOOK_PREFIX}/signed`, secret: SANDBOX_SIGNED_HOOKS.signed },
		// n8n's Header Auth, for the templates' SMS step (the sandbox gateway accepts any key).
		httpHeaderAuth: { name: 'X-Sms-Key', value: 'sandbox-sms-key' },
		// n8n's Basic Auth, for template 10's dashboard page.
		httpBasicAuth: { user: 'operator', password: SANDBOX_DASHBOARD_PASSWORD },
		// n8n's own SMTP credential, for the templates' Send Email nodes (the sandbox receiver: no TLS, any login).
		...(opts.smtpPort
			? { smtp: { host: '127.0.0.1', port: opts.smtpPort, secure: false, disableStartTls: true, user: 'sandbox', password: 'sandbox' } }
			: {}),
	};
}
