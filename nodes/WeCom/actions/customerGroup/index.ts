import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../types';
import { getAll } from './getAll';

export const operations: Record<string, Operation> = { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customerGroup'] } },
		default: 'getAll',
		options: [{ name: 'Get Many', value: 'getAll', action: 'Get many customer groups', description: 'List customer groups (客户群), following cursors' }],
	},
	...getAll.description,
];
