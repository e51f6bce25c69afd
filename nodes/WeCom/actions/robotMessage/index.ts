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
		displayOptions: { show: { resource: ['robotMessage'] } },
		default: 'send',
		options: [
			{
				name: 'Send',
				value: 'send',
				action: 'Send a group robot message',
				description: 'Post to a group through its robot webhook (群机器人), paced to 20 messages per minute per robot',
			},
		],
	},
	...send.description,
];
