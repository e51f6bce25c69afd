import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../types';
import { create } from './create';
import { del } from './delete';
import { get } from './get';
import { update } from './update';

export const operations: Record<string, Operation> = { create, get, update, delete: del };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['welcomeTemplate'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a group welcome template',
				description: 'A welcome message for newcomers to customer groups (入群欢迎语素材)',
			},
			{ name: 'Delete', value: 'delete', action: 'Delete a group welcome template' },
			{ name: 'Get', value: 'get', action: 'Get a group welcome template' },
			{ name: 'Update', value: 'update', action: 'Update a group welcome template' },
		],
	},
	{
		displayName:
			'Group owners pick the welcome template for each group in the WeCom client (群设置 → 入群欢迎语); the API manages the templates only.',
		name: 'welcomeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['welcomeTemplate'] } },
	},
	...create.description,
	...get.description,
	...update.description,
	...del.description,
];
