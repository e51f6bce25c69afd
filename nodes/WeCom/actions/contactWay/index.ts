import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../types';
import { create } from './create';
import { del } from './delete';
import { get } from './get';
import { getAll } from './getAll';
import { update } from './update';

export const operations: Record<string, Operation> = { create, get, getAll, update, delete: del };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contactWay'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a contact me code',
				description: 'A personal or multi-staff "contact me" QR code (联系我) with a state naming the channel',
			},
			{ name: 'Delete', value: 'delete', action: 'Delete a contact me code' },
			{ name: 'Get', value: 'get', action: 'Get a contact me code', description: 'Its state, staff (with names) and QR code URL' },
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many contact me codes',
				description: 'Codes created through the API, up to 90 days at a time',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a contact me code',
				description: 'Change staff, state, remark or confirmation; the QR code stays the same',
			},
		],
	},
	...create.description,
	...get.description,
	...getAll.description,
	...update.description,
	...del.description,
];
