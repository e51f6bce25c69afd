import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { OFFLINE_OPERATIONS } from './actions/referral';
import { resources, router } from './actions/router';
import { credentialTest } from './methods/credentialTest';
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
			// One entry per credential type (n8n reads the first by name), so it cannot be required
			// for app operations and optional for robots: robots use it only to list staff to
			// @mention, and app operations without it stop with "No WeCom App credential selected".
			{
				name: 'wecomAppApi',
				required: false,
				testedBy: 'wecomAppTest',
				displayOptions: { hide: { operation: OFFLINE_OPERATIONS } },
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
					{
						name: 'Contact Way (联系我)',
						value: 'contactWay',
						description: '"Contact me" QR codes for one or several staff, with a state naming the channel',
					},
					{ name: 'Customer (客户)', value: 'customer', description: 'Customers added by staff, and their tags' },
					{
						name: 'Customer Group (客户群)',
						value: 'customerGroup',
						description: 'External groups with customers: list, details, statistics, transfer',
					},
					{ name: 'Group Mass-Send (群发)', value: 'massSend', description: 'Mass-send tasks the sender confirms in WeCom' },
					{ name: 'Join Way (进群方式)', value: 'joinWay', description: 'Group QR codes with a source state' },
					{
						name: 'Referral (裂变)',
						value: 'referral',
						description: 'Personal invite codes, invite counting with anti-fraud, rewards at thresholds, the leaderboard',
					},
					{ name: 'Robot Message (群机器人)', value: 'robotMessage', description: 'Post to a group through its robot webhook' },
					{ name: 'Tag (客户标签)', value: 'tag', description: 'Corp customer tags' },
					{ name: 'Welcome Message (新客户欢迎语)', value: 'welcomeMessage', description: 'Welcome a new customer within 20 seconds' },
					{ name: 'Welcome Template (入群欢迎语)', value: 'welcomeTemplate', description: 'Welcome messages for customer groups' },
				],
			},
			...Object.values(resources).flatMap((r) => r.description),
		],
	};

	methods = { credentialTest, listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
