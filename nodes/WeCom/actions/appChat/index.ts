import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../types';
import { create } from './create';
import { get } from './get';
import { send } from './send';
import { update } from './update';

export const operations: Record<string, Operation> = { create, get, update, send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['appChat'] } },
		default: 'send',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create an app chat',
				description: 'An internal staff group owned by your app (群聊会话)',
			},
			{ name: 'Get', value: 'get', action: 'Get an app chat' },
			{ name: 'Send', value: 'send', action: 'Send a message to an app chat' },
			{
				name: 'Update',
				value: 'update',
				action: 'Rename an app chat or change its members',
				description: 'Rename, change owner, add or remove members',
			},
		],
	},
	{
		displayName:
			'App chats are internal staff groups created by your self-built app (its visible range must be the whole company). Customer groups cannot be changed here — see the Customer Group resource.',
		name: 'appChatNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['appChat'] } },
	},
	...create.description,
	...get.description,
	...update.description,
	...send.description,
];
