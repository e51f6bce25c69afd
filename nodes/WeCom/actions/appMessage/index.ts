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
		displayOptions: { show: { resource: ['appMessage'] } },
		default: 'send',
		options: [
			{
				name: 'Send',
				value: 'send',
				action: 'Send an app message to staff',
				description:
					'Notify staff through your self-built app (应用消息), e.g. "new trial signup" to customer service. Needs the app secret and Agent ID.',
			},
		],
	},
	...send.description,
];
