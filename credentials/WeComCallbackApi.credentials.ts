import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** The "Receive messages/events" (接收事件服务器) settings of a WeCom app or of Customer Contact. */
export class WeComCallbackApi implements ICredentialType {
	name = 'wecomCallbackApi';
	displayName = 'WeCom Callback API';
	icon = 'file:wecom.svg' as const;
	documentationUrl = 'https://developer.work.weixin.qq.com/document/path/90930';
	properties: INodeProperties[] = [
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The Token you set (or generated) on the callback settings page',
		},
		{
			displayName: 'EncodingAESKey',
			name: 'encodingAesKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The 43-character EncodingAESKey from the same page',
		},
		{
			displayName: 'Corp ID',
			name: 'corpId',
			type: 'string',
			default: '',
			required: true,
			description: 'Your Corp ID; callbacks encrypted for another corp are refused',
		},
	];
}
