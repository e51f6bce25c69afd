import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_REASONS } from '../../lib/community/awards';
import { groupKeyLocator } from '../shared/wecom/locators';

const show = (...operation: string[]) => ({ show: { operation } });

const ledgerRows: INodeProperties = {
	displayName: 'Ledger Rows',
	name: 'ledgerRows',
	type: 'json',
	default: '[]',
	description: "The points ledger's rows (Data table → Get, Return All): an expression that lists the items of the node that read them",
};

const levels: INodeProperties = {
	displayName: 'Levels',
	name: 'levels',
	type: 'json',
	default: '[]',
	description:
		"The member ladder: rows with level, from_points and target_percent (e.g. the points_levels data table). Empty: the playbook's ladder 普通成员 0 / 活跃成员 30 / 核心成员 100 / KOL 200 / 讲师 400 points, targets 70/10/6/8/6 %.",
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'awardFromForm',
		options: [
			{
				name: 'Award From Form',
				value: 'awardFromForm',
				action: 'Award points from the operator form',
				description:
					"A member named by the operator gets the reason's points; the input items are the program's groups (WeCom → Get Group)",
			},
			{
				name: 'Check Levels',
				value: 'checkLevels',
				action: 'Check members levels after an event',
				description:
					"Each member of an event: total, level, and whether the event took them up a level; the input items are the members' ledger rows",
			},
			{
				name: 'Monthly Top',
				value: 'monthlyTop',
				action: 'Rank a month s top contributors',
				description: "The month's top members of each input group (WeCom → Get Group), with the message to post",
			},
			{
				name: 'Points From Group Join',
				value: 'pointsFromGroupJoin',
				action: 'Points from a group join event',
				description:
					'Members who joined through a code, and the referrer their code names; the input item is the group (WeCom → Get Group)',
			},
			{
				name: 'Points From Live Attendance',
				value: 'pointsFromAttendance',
				action: 'Points from live attendance',
				description: 'A member who attended a live session, once per session',
			},
			{
				name: 'Role Mix',
				value: 'roleMix',
				action: 'Report a group s role mix',
				description: 'Members per ladder level in each input group (WeCom → Get Group), against the target shares',
			},
		],
	},

	// Award From Form
	{
		displayName: 'Member',
		name: 'member',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show('awardFromForm'),
		description: 'The member as the operator typed them: their name or group nickname as shown in the group, or their user ID',
	},
	// A locator since the group picker; a saved plain string (name, chat ID or expression) still reads.
	groupKeyLocator({
		displayName: 'Group',
		name: 'group',
		displayOptions: show('awardFromForm'),
		description:
			"Optional: the group the points are for, when the member is in several groups. Pick it (needs the optional WeCom App credential), or give its chat ID or name, e.g. the form's group field as an expression.",
	}),
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show('awardFromForm'),
		description: 'One of the Reasons below (the form offers the same list)',
	},
	{
		displayName: 'Note',
		name: 'note',
		type: 'string',
		default: '',
		displayOptions: show('awardFromForm'),
		description: 'What the points are for. The same member, reason and note on one day count once (a form sent twice).',
	},
	{
		displayName: 'Submitted At',
		name: 'submittedAt',
		type: 'string',
		default: '={{ $now.toISO() }}',
		displayOptions: show('awardFromForm'),
		description: 'When the form was sent (ISO); decides the day of the award',
	},
	{
		displayName: 'Reasons',
		name: 'reasons',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Reason',
		default: { reason: DEFAULT_REASONS.map((r) => ({ name: r.name, points: r.points })) },
		displayOptions: show('awardFromForm'),
		description: "Reasons and their points; keep the form's Reason options the same",
		options: [
			{
				displayName: 'Reason',
				name: 'reason',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Points', name: 'points', type: 'number', default: 5 },
				],
			},
		],
	},

	// Points From Group Join
	{
		displayName: 'Event ID',
		name: 'eventId',
		type: 'string',
		default: '={{ $json.eventId }}',
		required: true,
		displayOptions: show('pointsFromGroupJoin'),
		description: "The WeCom Trigger's eventId",
	},
	{
		displayName: 'Joined Members',
		name: 'memChangeList',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show('pointsFromGroupJoin'),
		description: "The WeCom Trigger's memChangeList (a list, or IDs separated by commas)",
	},
	{
		displayName: 'Event Time',
		name: 'createdAt',
		type: 'string',
		default: '',
		displayOptions: show('pointsFromGroupJoin'),
		description: "The WeCom Trigger's createdAt; used when a member has no join time",
	},
	{
		displayName: 'Join Points',
		name: 'joinPoints',
		type: 'number',
		default: 2,
		displayOptions: show('pointsFromGroupJoin'),
		description: 'For a member who joined through a code (a join-way or contact-me state); 0 for none',
	},
	{
		displayName: 'Join Reason',
		name: 'joinReason',
		type: 'string',
		default: '扫码入群 Joined through a code',
		displayOptions: show('pointsFromGroupJoin'),
	},
	{
		displayName: 'Invite State Prefix',
		name: 'inviteStatePrefix',
		type: 'string',
		default: 'ref_',
		displayOptions: show('pointsFromGroupJoin'),
		description:
			"A state that starts with this names the referrer after it (a member's personal code, e.g. ref_wmXXXX); empty for no invite points",
	},
	{
		displayName: 'Invite Points',
		name: 'invitePoints',
		type: 'number',
		default: 5,
		displayOptions: show('pointsFromGroupJoin'),
	},
	{
		displayName: 'Invite Reason',
		name: 'inviteReason',
		type: 'string',
		default: '邀请好友 Invited a friend',
		displayOptions: show('pointsFromGroupJoin'),
	},

	// Points From Live Attendance
	{
		displayName: 'Live ID',
		name: 'liveId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show('pointsFromAttendance'),
	},
	{
		displayName: 'Live Title',
		name: 'liveTitle',
		type: 'string',
		default: '',
		displayOptions: show('pointsFromAttendance'),
	},
	{
		displayName: 'Member ID',
		name: 'memberId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show('pointsFromAttendance'),
		description: "The attendee's external_userid",
	},
	{
		displayName: 'Member Name',
		name: 'memberName',
		type: 'string',
		default: '',
		displayOptions: show('pointsFromAttendance'),
	},
	{
		displayName: 'Group Chat ID',
		name: 'chatId',
		type: 'string',
		default: '',
		displayOptions: show('pointsFromAttendance'),
		description: 'The group the points count for (its monthly top and level-up message); empty: none',
	},
	{
		displayName: 'Group Name',
		name: 'groupName',
		type: 'string',
		default: '',
		displayOptions: show('pointsFromAttendance'),
	},
	{
		displayName: 'Attended At',
		name: 'attendedAt',
		type: 'string',
		default: '',
		displayOptions: show('pointsFromAttendance'),
	},
	{
		displayName: 'Points',
		name: 'livePoints',
		type: 'number',
		default: 5,
		displayOptions: show('pointsFromAttendance'),
	},
	{
		displayName: 'Reason',
		name: 'liveReason',
		type: 'string',
		default: '直播出席 Live attendance',
		displayOptions: show('pointsFromAttendance'),
	},

	// Check Levels
	{
		displayName: 'Event Key',
		name: 'eventKey',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show('checkLevels'),
		description: "The event whose entries were just added to the ledger (the entries' event_key)",
	},
	{ ...levels, displayOptions: show('checkLevels', 'roleMix') },
	{
		displayName: 'Level-Up Text',
		name: 'levelUpText',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '🎉 恭喜 {name} 升级为「{level}」！累计 {points} 分，感谢你的每一次提问和分享。',
		displayOptions: show('checkLevels'),
		description: 'With {name}, {level}, {previousLevel}, {points}, {group}',
	},

	// Monthly Top and Role Mix
	{ ...ledgerRows, displayOptions: show('monthlyTop', 'roleMix') },
	{
		displayName: 'Month',
		name: 'month',
		type: 'string',
		default: "={{ $now.minus({ months: 1 }).toFormat('yyyy-MM') }}",
		displayOptions: show('monthlyTop'),
		description: 'YYYY-MM; by default last month',
	},
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'string',
		default: 'Asia/Shanghai',
		displayOptions: show('monthlyTop', 'awardFromForm'),
		description: 'Where the month and the day of an award begin',
	},
	{
		displayName: 'Top Size',
		name: 'topSize',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 3,
		displayOptions: show('monthlyTop'),
	},
	{
		displayName: 'Message Text',
		name: 'topText',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '🏆 {group} · {month} 社群贡献之星\n{lines}\n感谢大家的提问和分享！',
		displayOptions: show('monthlyTop'),
		description: 'With {group}, {month}, {lines}',
	},
	{
		displayName: 'Line Text',
		name: 'topLine',
		type: 'string',
		default: '{medal} {name} · {points} 分',
		displayOptions: show('monthlyTop'),
		description: 'One line per member: {rank}, {medal}, {name}, {points}',
	},
	{
		displayName: 'Empty Month Text',
		name: 'topEmpty',
		type: 'string',
		default: '',
		displayOptions: show('monthlyTop'),
		description: 'Posted when nobody earned points in the month ({group}, {month}); empty: no message',
	},
	{
		displayName: 'Report Text',
		name: 'mixText',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '{group}（{members} 人）\n{lines}',
		displayOptions: show('roleMix'),
		description: 'With {group}, {members}, {lines}',
	},
	{
		displayName: 'Line Text',
		name: 'mixLine',
		type: 'string',
		default: '{level}：{count} 人，{percent}%（目标 {target}%，差 {gap}）',
		displayOptions: show('roleMix'),
		description: 'One line per level: {level}, {count}, {percent}, {target}, {gap} (members to reach the target; negative: over it)',
	},
];
