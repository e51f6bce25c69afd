import type { CrmIo } from '../../http';
import { CRM_OWNERS_MAX } from '../types';
import type { CrmOwner } from '../types';
import { FxiaokeApi } from './client';
import type { FxiaokeConfig } from './client';

/** Fxiaoke's department ID for the whole company in address-book calls. */
export const FXIAOKE_WHOLE_COMPANY = 999999;

/**
 * Staff of the whole company (POST /cgi/user/simpleList, sub-departments included; Fxiaoke answers
 * the list at once): `openUserId` (FSUID_…) is what a lead's `owner` takes.
 */
export async function listFxiaokeOwners(io: CrmIo, cfg: FxiaokeConfig): Promise<CrmOwner[]> {
	const b = await new FxiaokeApi(io, cfg).call('/cgi/user/simpleList', { departmentId: FXIAOKE_WHOLE_COMPANY, fetchChild: true });
	const out: CrmOwner[] = [];
	for (const u of b.userList ?? []) if (u.openUserId) out.push({ id: u.openUserId, name: u.name || u.nickName || u.openUserId });
	return out.slice(0, CRM_OWNERS_MAX);
}
