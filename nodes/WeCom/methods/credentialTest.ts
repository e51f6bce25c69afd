import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';
import { WeComApiError } from '../../../lib/wecom/errors';
import { RobotSender } from '../../../lib/wecom/robot';
import { credentialTestHttp } from '../../shared/http';
import { clientFor, webhookFor } from '../transport';
import type { WeComAppCredentials, WeComRobotCredentials } from '../transport';

/** The node's credential tests (`testedBy`): each makes one real, harmless call. */
export const credentialTest = {
	/** Really asks WeCom for an access token. */
	async wecomAppTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
		const client = clientFor(credential.data as unknown as WeComAppCredentials, credentialTestHttp);
		return testResult(() => client.fetchToken());
	},
	/** Uploads a 5-byte file: proves the key works without posting to the group. */
	async wecomRobotTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
		return testResult(async () => {
			const sender = new RobotSender({
				webhook: webhookFor(credential.data as unknown as WeComRobotCredentials),
				http: credentialTestHttp,
			});
			await sender.uploadMedia('file', 'n8n-credential-test.txt', Buffer.from('n8n credential test'));
		});
	},
};

async function testResult(fn: () => Promise<unknown>): Promise<INodeCredentialTestResult> {
	try {
		await fn();
		return { status: 'OK', message: 'Connection successful' };
	} catch (e) {
		const message = e instanceof WeComApiError ? `WeCom error ${e.errcode}: ${e.hint}` : (e as Error).message;
		return { status: 'Error', message };
	}
}
