import type { INodeProperties } from 'n8n-workflow';
import { CUSTOMER_GROUP_LIMITS_NOTICE } from '../common';
import type { Operation } from '../types';
import { checkRelaunch } from './checkRelaunch';
import { findInactive } from './findInactive';
import { get } from './get';
import { getAll } from './getAll';
import { getStatistics } from './getStatistics';
import { matchRevivalActivity } from './matchRevivalActivity';
import { planRevival } from './planRevival';
import { screenRevival } from './screenRevival';
import { transferOwner } from './transferOwner';

export const operations: Record<string, Operation> = {
	getAll,
	get,
	getStatistics,
	transferOwner,
	findInactive,
	planRevival,
	screenRevival,
	matchRevivalActivity,
	checkRelaunch,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customerGroup'] } },
		default: 'getAll',
		options: [
			{
				name: 'Check Re-Launch Progress',
				value: 'checkRelaunch',
				action: 'Check a relaunched customer group',
				description: "A revived group's rename, new rules and removals, checked against its plan",
			},
			{
				name: 'Find Inactive',
				value: 'findInactive',
				action: 'Find inactive customer groups',
				description: 'Dead groups (死群) with no messages for N days, from WeCom statistics',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a customer group',
				description: 'Name, owner, notice and members with join scene, inviter and state',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many customer groups',
				description: 'List customer groups (客户群), following cursors',
			},
			{
				name: 'Get Statistics',
				value: 'getStatistics',
				action: 'Get customer group statistics',
				description: 'Groups, members and messages per owner or per day (群聊数据统计)',
			},
			{
				name: 'Match Revival Activity',
				value: 'matchRevivalActivity',
				action: 'Match revival activity in a group event',
				description: 'Joins through a revival code, renames, notices and removals in a WeCom Trigger group event',
			},
			{
				name: 'Plan Revival',
				value: 'planRevival',
				action: 'Plan the revival of dead customer groups',
				description: 'Per dead group: close and move (small) or re-launch (large), who does not fit, join-code state',
			},
			{
				name: 'Screen Revival Candidates',
				value: 'screenRevival',
				action: 'Screen customer groups before a revival',
				description: 'Revive, ask the operator, or leave alone: operator answers and recorded group events per inactive group',
			},
			{
				name: 'Transfer Owner',
				value: 'transferOwner',
				action: 'Transfer customer groups to a new owner',
				description: 'Hand groups to another staff member (离职/在职继承)',
			},
		],
	},
	{
		displayName: CUSTOMER_GROUP_LIMITS_NOTICE,
		name: 'customerGroupNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['customerGroup'] } },
	},
	...getAll.description,
	...get.description,
	...getStatistics.description,
	...transferOwner.description,
	...findInactive.description,
	...planRevival.description,
	...screenRevival.description,
	...matchRevivalActivity.description,
	...checkRelaunch.description,
];
