import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { REWARD_PLACEHOLDERS, RewardRuleError, dueRewards as plan } from '../../../../lib/referral/rewards';
import { WeComInputError } from '../../../../lib/wecom/inputError';
import { parseInput } from '../../../shared/errors';
import type { Operation } from '../types';
import { showFor } from '../types';

const params = z.object({
	referrer: z.string().trim().min(1, 'is empty: map the referrer of the counted invite'),
	referrerName: z.string(),
	invites: z.number().int().min(0, 'must be the number of counted invites (0 or more)'),
	given: z.array(z.number()),
	rules: z.array(z.object({ invites: z.number(), reward: z.string(), message: z.string(), link: z.string().optional() })),
});

function numbers(v: unknown): number[] {
	const list = Array.isArray(v) ? v : String(v ?? '').split(/[\s,，]+/);
	return list
		.map((x) => String(x).trim())
		.filter(Boolean)
		.map(Number);
}

export const dueRewards: Operation = {
	description: showFor('referral', 'dueRewards', [
		{ displayName: 'Referrer', name: 'referrer', type: 'string', default: '', required: true, description: 'The member’s external_userid' },
		{ displayName: 'Referrer Name', name: 'referrerName', type: 'string', default: '', description: 'For {name} in the message' },
		{
			displayName: 'Counted Invites',
			name: 'invites',
			type: 'number',
			default: 0,
			required: true,
			description: 'How many invites of this referrer count now (the invites table’s rows with status "counted")',
		},
		{
			displayName: 'Rewards Given',
			name: 'given',
			type: 'string',
			default: '',
			description: 'Thresholds this referrer was already given (comma-separated, or a list): they are not due again',
		},
		{
			displayName: 'Rewards',
			name: 'rewards',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Reward',
			default: {},
			description: `One row per threshold. Placeholders in the message: ${REWARD_PLACEHOLDERS.map((k) => `{${k}}`).join(' ')} ({next}: the next reward, {toNext}: invites still needed for it).`,
			options: [
				{
					displayName: 'Reward',
					name: 'reward',
					values: [
						{ displayName: 'Invites', name: 'invites', type: 'number', default: 1, description: 'Counted invites that earn this reward' },
						{ displayName: 'Reward', name: 'reward', type: 'string', default: '', placeholder: '《B2B 社群运营手册》' },
						{
							displayName: 'Link',
							name: 'link',
							type: 'string',
							default: '',
							placeholder: 'https://example.com/course/unlock',
							description: 'For {link}',
						},
						{
							displayName: 'Message',
							name: 'message',
							type: 'string',
							typeOptions: { rows: 4 },
							default: '{name}，你已成功邀请 {invites} 位好友，{reward} 送给你：{link}',
						},
					],
				},
			],
		},
	]),
	async execute(i) {
		const rows = ((this.getNodeParameter('rewards', i, {}) as { reward?: IDataObject[] }).reward ?? []).map((r) => ({
			invites: Number(r.invites),
			reward: String(r.reward ?? ''),
			message: String(r.message ?? ''),
			link: String(r.link ?? '').trim() || undefined,
		}));
		const p = parseInput(
			this.getNode(),
			params,
			{
				referrer: String(this.getNodeParameter('referrer', i, '') ?? ''),
				referrerName: String(this.getNodeParameter('referrerName', i, '') ?? ''),
				invites: Number(this.getNodeParameter('invites', i, 0)),
				given: numbers(this.getNodeParameter('given', i, '')),
				rules: rows,
			},
			i,
		);
		try {
			return plan({
				referrer: p.referrer,
				referrerName: p.referrerName,
				invites: p.invites,
				given: p.given,
				rules: p.rules,
			}) as unknown as IDataObject[];
		} catch (e) {
			throw e instanceof RewardRuleError ? new WeComInputError(e.message) : e;
		}
	},
};
