import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { CrmIo } from '../../../lib/crm/http';
import { CRM_TARGET_LIST } from '../../../lib/crm/targets';
import { credentialTestHttp } from '../../shared/http';

type CredentialTest = (this: ICredentialTestFunctions, credential: ICredentialsDecrypted) => Promise<INodeCredentialTestResult>;

/** One test per credential a target checks for real (`testedBy` in its definition). */
export const credentialTest: Record<string, CredentialTest> = Object.fromEntries(
	CRM_TARGET_LIST.flatMap((t) =>
		t.credentials
			.filter((c) => c.testedBy && t.testCredential)
			.map((c): [string, CredentialTest] => [
				c.testedBy!,
				async function (this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
					try {
						await t.testCredential!(
							new CrmIo(t.id, { http: credentialTestHttp, timeoutMs: 15000 }),
							(credential.data ?? {}) as ICredentialDataDecryptedObject,
						);
						return { status: 'OK', message: 'Connection successful' };
					} catch (e) {
						const hint = (e as { hint?: string }).hint;
						return { status: 'Error', message: `${(e as Error).message}${hint ? ` — ${hint}` : ''}` };
					}
				},
			]),
	),
);
