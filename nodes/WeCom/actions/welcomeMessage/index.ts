import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../types';
import { send } from './send';

export const operations: Record<string, Operation> = { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['welcomeMessage'] } },
		default: 'send',
		options: [
			{
				name: 'Send',
				value: 'send',
				action: 'Send a welcome message to a new customer',
				description: 'Text and attachments from the WeCom Trigger’s welcomeCode, within 20 seconds (发送新客户欢迎语)',
			},
		],
	},
	...send.description,
];
