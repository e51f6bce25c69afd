import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../types';
import { get } from './get';
import { getAll } from './getAll';
import { markTags } from './markTags';

export const operations: Record<string, Operation> = { get, getAll, markTags };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customer'] } },
		default: 'get',
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a customer',
				description: 'A customer (客户) and the staff following them, with tags and state',
			},
			{ name: 'Get Many', value: 'getAll', action: 'Get many customers of staff members', description: "List a staff member's customers" },
			{
				name: 'Mark Tags',
				value: 'markTags',
				action: 'Add or remove customer tags',
				description: 'Tag a customer (打标签), e.g. with a lead stage',
			},
		],
	},
	...get.description,
	...getAll.description,
	...markTags.description,
];
