import type { WeComClient } from './client';
import { outcomeOfSync } from '../common/outcome';
import { checkContactWay } from './contactWay';
import { WeComInputError } from './inputError';
import { ReferralStateError, newReferralState } from '../referral/state';

/**
 * A member's personal "contact me" code for a referral campaign (裂变一人一码): a single-person QR
 * code (add_contact_way, type 1, scene 2) of the campaign's staff member whose `state` is a new
 * random referral state (lib/referral/state.ts). add_contact_way answers with the QR code URL, so
 * one call makes the code: the flow runs before a 20-second welcome window closes.
 */
export interface ReferralCodeInput {
	prefix: string;
	staff: string;
	/** The code's remark in the admin console (at most 30 characters; longer names are cut). */
	remark?: string;
	skipVerify: boolean;
}

export interface ReferralCode {
	state: string;
	config_id: string;
	qr_code: string;
}

export async function createReferralCode(client: WeComClient, c: ReferralCodeInput, newState = newReferralState): Promise<ReferralCode> {
	const made = outcomeOfSync(() => newState(c.prefix));
	if (!made.ok) throw made.error instanceof ReferralStateError ? new WeComInputError(made.error.message) : made.error;
	const state = made.value;
	const remark = c.remark ? [...c.remark].slice(0, 30).join('') : undefined;
	const way = { type: 1 as const, scene: 2 as const, state, remark, skipVerify: c.skipVerify, users: [c.staff], parties: [] };
	checkContactWay(way);
	const res = await client.post<{ config_id: string; qr_code?: string }>('/cgi-bin/externalcontact/add_contact_way', {
		type: 1,
		scene: 2,
		...(remark ? { remark } : {}),
		skip_verify: c.skipVerify,
		state,
		user: [c.staff],
	});
	return { state, config_id: String(res.config_id), qr_code: String(res.qr_code ?? '') };
}
