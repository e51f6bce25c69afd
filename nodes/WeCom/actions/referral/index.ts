import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../types';
import { checkInvite } from './checkInvite';
import { claimRewards } from './claimRewards';
import { createCode } from './createCode';
import { dueRewards } from './dueRewards';
import { rankLeaderboard } from './rankLeaderboard';

export const operations: Record<string, Operation> = { createCode, checkInvite, dueRewards, claimRewards, rankLeaderboard };

/** Operations that decide from data-table rows and fields only: they need no WeCom credential. */
export const OFFLINE_OPERATIONS = ['checkInvite', 'dueRewards', 'claimRewards', 'rankLeaderboard'];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['referral'] } },
		default: 'createCode',
		options: [
			{
				name: 'Check Invite',
				value: 'checkInvite',
				action: 'Check whether an invite counts',
				description: 'Exactly once per invitee; self-invites, existing customers and rejoins never count',
			},
			{
				name: 'Check Rewards',
				value: 'dueRewards',
				action: 'List the rewards a referrer is due',
				description: 'Rewards at invite thresholds, with the message filled in',
			},
			{
				name: 'Claim Rewards',
				value: 'claimRewards',
				action: 'Claim rewards exactly once',
				description: 'Of the due rewards this execution recorded, the ones it must send',
			},
			{
				name: 'Create Personal Code',
				value: 'createCode',
				action: 'Create a personal referral code',
				description: 'A "contact me" QR code whose state names the member (一人一码)',
			},
			{
				name: 'Rank Leaderboard',
				value: 'rankLeaderboard',
				action: 'Rank referrers for the leaderboard',
				description: 'Top referrers by counted invites, as text for a robot post (排行榜)',
			},
		],
	},
	...createCode.description,
	...checkInvite.description,
	...dueRewards.description,
	...claimRewards.description,
	...rankLeaderboard.description,
];
