import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../types';
import { create } from './create';
import { getAll } from './getAll';
import { getResults } from './getResults';
import { getTasks } from './getTasks';

export const operations: Record<string, Operation> = { create, getAll, getTasks, getResults };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['massSend'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a mass send task',
				description: 'Queue a mass-send (企业群发) to customer groups or customers; the sender confirms it in WeCom',
			},
			{ name: 'Get Many', value: 'getAll', action: 'Get many mass send tasks', description: 'Mass-send tasks created in a period' },
			{
				name: 'Get Sender Tasks',
				value: 'getTasks',
				action: 'Get the senders of a mass send',
				description: 'Which staff have sent it (per sender)',
			},
			{
				name: 'Get Send Results',
				value: 'getResults',
				action: 'Get the send results of a mass send',
				description: 'Per customer or group: sent, not sent or failed',
			},
		],
	},
	...create.description,
	...getAll.description,
	...getTasks.description,
	...getResults.description,
];
