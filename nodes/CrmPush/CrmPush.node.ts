import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IExecuteFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { FxiaokeApi } from '../../lib/crm/targets/fxiaoke/client';
import { CrmIo } from '../../lib/crm/http';
import { credentialTestHttp } from '../shared/http';
import { upsertLead } from './actions/upsertLead';
import { properties } from './description';
import { CREDENTIAL_TYPES } from './transport';

export class CrmPush implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CRM Push',
		name: 'crmPush',
		icon: 'file:crmPush.svg',
		group: ['output'],
		version: 1,
		subtitle: '={{"Upsert lead: " + $parameter["target"]}}',
		description: 'Create or update leads (线索) in HubSpot, Salesforce, Fxiaoke (纷享销客) or any CRM by webhook, with WeCom source attribution and an SDR follow-up task',
		defaults: { name: 'CRM Push' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: CREDENTIAL_TYPES.hubspot, required: true, displayOptions: { show: { target: ['hubspot'] } } },
			{ name: CREDENTIAL_TYPES.salesforceOAuth2, required: true, displayOptions: { show: { target: ['salesforce'], salesforceAuthentication: ['oAuth2'] } } },
			{ name: CREDENTIAL_TYPES.salesforceToken, required: true, displayOptions: { show: { target: ['salesforce'], salesforceAuthentication: ['accessToken'] } } },
			{ name: CREDENTIAL_TYPES.fxiaoke, required: true, testedBy: 'crmPushFxiaokeTest', displayOptions: { show: { target: ['fxiaoke'] } } },
			{ name: CREDENTIAL_TYPES.webhook, required: true, displayOptions: { show: { target: ['webhook'] } } },
		],
		properties,
	};

	methods = {
		credentialTest: {
			/** Really asks Fxiaoke for a corpAccessToken. */
			async crmPushFxiaokeTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				const c = credential.data as ICredentialDataDecryptedObject;
				const api = new FxiaokeApi(new CrmIo('fxiaoke', { http: credentialTestHttp, timeoutMs: 15000 }), {
					appId: String(c.appId ?? ''),
					appSecret: String(c.appSecret ?? ''),
					permanentCode: String(c.permanentCode ?? ''),
					currentOpenUserId: String(c.currentOpenUserId ?? ''),
					baseUrl: String(c.baseUrl ?? ''),
					matchField: 'email',
					pace: false,
				});
				try {
					await api.fetchToken();
					return { status: 'OK', message: 'Connection successful' };
				} catch (e) {
					const hint = (e as { hint?: string }).hint;
					return { status: 'Error', message: `${(e as Error).message}${hint ? ` — ${hint}` : ''}` };
				}
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return upsertLead.call(this);
	}
}
