import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { REFERRAL_PREFIX_MAX_CHARS } from '../../../../lib/referral/state';
import { createReferralCode } from '../../../../lib/wecom/referralCode';
import { parseInput } from '../../../shared/errors';
import { idFrom, staffLocator } from '../../../shared/wecom/locators';
import type { Operation } from '../types';
import { showFor } from '../types';

const params = z.object({
	member: z.string().trim().min(1, "is empty: map the member's external_userid (e.g. the WeCom Trigger's externalUserId)"),
	memberName: z.string(),
	staff: z.string().trim().min(1, 'is empty: pick the staff member whose code it is'),
	campaign: z.string().trim().min(1, 'is empty: give the campaign a short name such as "fx"'),
	existingState: z.string().trim(),
	existingQrCode: z.string().trim(),
});

export const createCode: Operation = {
	description: showFor('referral', 'createCode', [
		{
			displayName: 'Member',
			name: 'member',
			type: 'string',
			default: '={{ $json.externalUserId }}',
			required: true,
			description: 'The external_userid of the member the code is for (the referrer of everyone who adds through it)',
		},
		{
			displayName: 'Member Name',
			name: 'memberName',
			type: 'string',
			default: '',
			description: 'Shown in outputs, on the leaderboard and as the code’s remark in the admin console',
		},
		{
			...staffLocator({ displayName: 'Staff Member', name: 'staff', description: 'The staff member invited friends add' }),
			required: true,
		},
		{
			displayName: 'Campaign',
			name: 'campaign',
			type: 'string',
			default: 'fx',
			required: true,
			description: `Short name of the campaign (letters, digits, _; at most ${REFERRAL_PREFIX_MAX_CHARS}). Personal codes get the state "campaign-" plus 16 random characters (e.g. fx-3k9m0q…); the campaign’s entry code uses the campaign name itself as its state.`,
		},
		{
			displayName: 'Existing State',
			name: 'existingState',
			type: 'string',
			default: '',
			description: 'The member’s code if they already have one (from your codes table): then no new code is made and this one comes back',
		},
		{
			displayName: 'Existing QR Code',
			name: 'existingQrCode',
			type: 'string',
			default: '',
			description: 'The QR code URL of the existing code',
		},
		{
			displayName: 'Skip Verification',
			name: 'skipVerify',
			type: 'boolean',
			default: true,
			description: 'Whether friends are added without the staff member confirming each one',
		},
	]),
	async execute(i, ops) {
		const p = parseInput(
			this.getNode(),
			params,
			{
				member: String(this.getNodeParameter('member', i, '') ?? ''),
				memberName: String(this.getNodeParameter('memberName', i, '') ?? ''),
				staff: idFrom(this.getNodeParameter('staff', i, '')),
				campaign: String(this.getNodeParameter('campaign', i, '') ?? ''),
				existingState: String(this.getNodeParameter('existingState', i, '') ?? ''),
				existingQrCode: String(this.getNodeParameter('existingQrCode', i, '') ?? ''),
			},
			i,
		);
		const base = { member: p.member, memberName: p.memberName, staff: p.staff, campaign: p.campaign };
		if (p.existingState && p.existingQrCode)
			return { ...base, state: p.existingState, qrCode: p.existingQrCode, created: false } as IDataObject;
		const code = await createReferralCode(await ops.wecom(), {
			prefix: p.campaign,
			staff: p.staff,
			remark: p.memberName || p.member,
			skipVerify: this.getNodeParameter('skipVerify', i, true) !== false,
		});
		return {
			...base,
			state: code.state,
			configId: code.config_id,
			qrCode: code.qr_code,
			created: true,
			createdAt: new Date().toISOString(),
		};
	},
};
