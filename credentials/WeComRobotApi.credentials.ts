import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** A group robot (群机器人) webhook. */
export class WeComRobotApi implements ICredentialType {
	name = 'wecomRobotApi';
	displayName = 'WeCom Group Robot API';
	icon = 'file:wecom.svg' as const;
	documentationUrl = 'https://developer.work.weixin.qq.com/document/path/91770';
	properties: INodeProperties[] = [
		{
			displayName: 'Webhook URL or Key',
			name: 'webhook',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-...',
			description: 'Group → ··· → Group Robots (群机器人) → the robot → Webhook address. The full URL or only its key.',
		},
		{
			displayName: 'Named Robots',
			name: 'robots',
			type: 'string',
			typeOptions: { password: true, rows: 6 },
			default: '',
			placeholder: 'MarTech 1群 = https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...',
			description:
				'Optional: more robots, one a line as "name = webhook URL or key". A Robot Message node can then send through a robot by its name, so group tables and workflows hold names, never webhook keys.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://qyapi.weixin.qq.com',
			description: 'Used when only a key is given. The local sandbox uses http://127.0.0.1:8787.',
		},
	];
}
