import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';
import { WeComApiError } from '../../../lib/wecom/errors';
import { credentialTestHttp } from '../http';
import type { WeComAppCredentials } from './client';
import { clientFor } from './client';

/** The WeCom App credential test (`testedBy: 'wecomAppTest'` on every node that uses the credential). */
export async function wecomAppTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const client = clientFor(credential.data as unknown as WeComAppCredentials, credentialTestHttp);
	return credentialTestResult(() => client.fetchToken());
}

/** One harmless call's outcome as n8n's test result, with WeCom's hint on failure. */
export async function credentialTestResult(fn: () => Promise<unknown>): Promise<INodeCredentialTestResult> {
	try {
		await fn();
		return { status: 'OK', message: 'Connection successful' };
	} catch (e) {
		const message = e instanceof WeComApiError ? `WeCom error ${e.errcode}: ${e.hint}` : (e as Error).message;
		return { status: 'Error', message };
	}
}
