import { SANDBOX_CORP, SANDBOX_ROBOT_KEYS } from './wecom/data';

/**
 * Credential data that points each of the pack's credential types at a running sandbox.
 * Used by the local run (`npm start`) and the e2e tests.
 */
export function sandboxCredentials(sandboxUrl: string): Record<string, Record<string, unknown>> {
	return {
		wecomAppApi: { corpId: SANDBOX_CORP.corpId, secret: SANDBOX_CORP.contactSecret, agentId: SANDBOX_CORP.agentId, baseUrl: sandboxUrl },
		wecomRobotApi: { webhook: SANDBOX_ROBOT_KEYS[0], baseUrl: sandboxUrl },
		wecomCallbackApi: { token: SANDBOX_CORP.callbackToken, encodingAesKey: SANDBOX_CORP.encodingAesKey, corpId: SANDBOX_CORP.corpId },
	};
}
