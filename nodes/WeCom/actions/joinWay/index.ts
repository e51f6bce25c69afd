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
		displayOptions: { show: { resource: ['joinWay'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a group join code',
				description: 'A group QR code with a state for source attribution (进群方式)',
			},
			{ name: 'Delete', value: 'delete', action: 'Delete a group join code' },
			{ name: 'Get', value: 'get', action: 'Get a group join code', description: 'Its groups, state and QR code URL' },
			{
				name: 'Update',
				value: 'update',
				action: 'Update a group join code',
				description: 'Change groups, state or auto-create options; the QR code stays the same',
			},
		],
	},
	...create.description,
	...get.description,
	...update.description,
	...del.description,
];
