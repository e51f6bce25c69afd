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
import { WeComClient } from '../../lib/wecom/client';
import { WeComApiError } from '../../lib/wecom/errors';
import { RobotSender, parseRobotWebhook } from '../../lib/wecom/robot';
import { credentialTestHttp } from '../shared/http';
import { resources, router } from './actions/router';
import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';

export class WeCom implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeCom',
		name: 'weCom',
		icon: 'file:wecom.svg',
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Run WeCom (企业微信) customer groups: robot and app messages, groups, mass-send, join codes, welcome templates, tags',
		defaults: { name: 'WeCom' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'wecomRobotApi',
				required: true,
				testedBy: 'wecomRobotTest',
				displayOptions: { show: { resource: ['robotMessage'] } },
			},
			{
				name: 'wecomAppApi',
				required: true,
				testedBy: 'wecomAppTest',
				displayOptions: { hide: { resource: ['robotMessage'] } },
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'robotMessage',
				options: [
					{ name: 'App Chat (群聊会话)', value: 'appChat', description: 'Internal staff groups your app created' },
					{ name: 'App Message (应用消息)', value: 'appMessage', description: 'Notify staff through your self-built app' },
					{ name: 'Customer (客户)', value: 'customer', description: 'Customers added by staff, and their tags' },
					{ name: 'Customer Group (客户群)', value: 'customerGroup', description: 'External groups with customers: list, details, statistics, transfer' },
					{ name: 'Group Mass-Send (群发)', value: 'massSend', description: 'Mass-send tasks the sender confirms in WeCom' },
					{ name: 'Join Way (进群方式)', value: 'joinWay', description: 'Group QR codes with a source state' },
					{ name: 'Robot Message (群机器人)', value: 'robotMessage', description: 'Post to a group through its robot webhook' },
					{ name: 'Tag (客户标签)', value: 'tag', description: 'Corp customer tags' },
					{ name: 'Welcome Template (入群欢迎语)', value: 'welcomeTemplate', description: 'Welcome messages for customer groups' },
				],
			},
			...Object.values(resources).flatMap((r) => r.description),
		],
	};

	methods = {
		listSearch,
		loadOptions,
		credentialTest: {
			/** Really asks WeCom for an access token. */
			async wecomAppTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				const c = credential.data as ICredentialDataDecryptedObject;
				const client = new WeComClient({ corpId: String(c.corpId), secret: String(c.secret), baseUrl: String(c.baseUrl || ''), http: credentialTestHttp });
				return testResult(() => client.fetchToken());
			},
			/** Uploads a 5-byte file: proves the key works without posting to the group. */
			async wecomRobotTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				const c = credential.data as ICredentialDataDecryptedObject;
				return testResult(async () => {
					const sender = new RobotSender({ webhook: parseRobotWebhook(String(c.webhook), String(c.baseUrl || '')), http: credentialTestHttp });
					await sender.uploadMedia('file', 'n8n-credential-test.txt', Buffer.from('n8n credential test'));
				});
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}

async function testResult(fn: () => Promise<unknown>): Promise<INodeCredentialTestResult> {
	try {
		await fn();
		return { status: 'OK', message: 'Connection successful' };
	} catch (e) {
		const message = e instanceof WeComApiError ? `WeCom error ${e.errcode}: ${e.hint}` : (e as Error).message;
		return { status: 'Error', message };
	}
}
