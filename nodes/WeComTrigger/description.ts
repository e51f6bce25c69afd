import type { INodeProperties } from 'n8n-workflow';
import { TRIGGER_EVENTS } from '../../lib/wecom/callback/events';

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'In the WeCom admin console open Customer Contact (客户联系) → API → Receive events (接收事件服务器), or your self-built app\'s "Receive messages" settings. Paste this node\'s Production URL, and the same Token and EncodingAESKey as in the credential. WeCom checks the URL when you save, so activate the workflow first.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [],
		description: 'The WeCom events that start the workflow. Other events are acknowledged to WeCom and start nothing.',
		options: TRIGGER_EVENTS.map((e) => ({ name: e.name, value: e.value, description: e.description })),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Ignore WeCom Retries',
				name: 'ignoreRetries',
				type: 'boolean',
				default: true,
				description:
					'Whether a repeat of an event already received (WeCom re-sends when it gets no answer within 5 seconds) is acknowledged without starting a second execution. Each item has an eventId: in queue mode, where a retry can reach another process, claim it with Lead Intake → Claim Event before any step that must run once.',
			},
			{
				displayName: 'Include Raw Fields',
				name: 'includeRaw',
				type: 'boolean',
				default: false,
				description: 'Whether to add the decrypted XML fields, as WeCom named them, under "raw"',
			},
			{
				displayName: 'Reject Callbacks Older Than (Minutes)',
				name: 'maxAgeMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 10,
				description:
					'Refuse correctly signed callbacks whose timestamp is further than this from the server clock, so a captured request cannot be re-sent later. WeCom retries within minutes; keep the server clock synchronised (NTP). 0 turns the check off (not recommended).',
			},
		],
	},
];
