import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';
import { RobotSender } from '../../../lib/wecom/robot';
import { credentialTestHttp } from '../../shared/http';
import { credentialTestResult, wecomAppTest } from '../../shared/wecom/credentialTest';
import { webhookFor } from '../transport';
import type { WeComRobotCredentials } from '../transport';

/** The node's credential tests (`testedBy`): each makes one real, harmless call. */
export const credentialTest = {
	/** Really asks WeCom for an access token. */
	wecomAppTest,
	/** Uploads a 5-byte file: proves the key works without posting to the group. */
	async wecomRobotTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
		return credentialTestResult(async () => {
			const sender = new RobotSender({
				webhook: webhookFor(credential.data as unknown as WeComRobotCredentials),
				http: credentialTestHttp,
			});
			await sender.uploadMedia('file', 'n8n-credential-test.txt', Buffer.from('n8n credential test'));
		});
	},
};
