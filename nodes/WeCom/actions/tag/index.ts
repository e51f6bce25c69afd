import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../types';
import { create } from './create';
import { getAll } from './getAll';

export const operations: Record<string, Operation> = { getAll, create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tag'] } },
		default: 'getAll',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create customer tags',
				description: 'Add corp customer tags (企业客户标签) to a tag group',
			},
			{ name: 'Get Many', value: 'getAll', action: 'Get many customer tags', description: 'The corp tag library' },
		],
	},
	...getAll.description,
	...create.description,
];
