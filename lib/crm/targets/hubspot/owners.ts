import { CrmApiError } from '../../errors';
import type { CrmIo } from '../../http';
import { CRM_OWNERS_MAX } from '../types';
import type { CrmOwner } from '../types';
import { HubSpotApi } from './client';
import type { HubSpotConfig } from './client';

/** HubSpot pages owners by `after`; 100 per page keeps each answer small (HubSpot allows 500). */
export const HUBSPOT_OWNERS_PAGE = 100;
const OWNERS_SCOPE_HINT =
	'The private app lacks the crm.objects.owners.read scope. Add it in HubSpot → Settings → Integrations → Private Apps.';

interface HubSpotOwner {
	id?: string | number;
	email?: string;
	firstName?: string;
	lastName?: string;
	archived?: boolean;
}

/** Active owners (GET /crm/v3/owners, archived=false), every page: `id` is what hubspot_owner_id takes. */
export async function listHubSpotOwners(io: CrmIo, cfg: HubSpotConfig): Promise<CrmOwner[]> {
	const hs = new HubSpotApi(io, cfg);
	const out: CrmOwner[] = [];
	let after: string | undefined;
	do {
		const res = await hs.get(
			'/crm/v3/owners',
			{ limit: String(HUBSPOT_OWNERS_PAGE), archived: 'false', ...(after ? { after } : {}) },
			OWNERS_SCOPE_HINT,
		);
		const body = (res.body ?? {}) as { results?: HubSpotOwner[]; paging?: { next?: { after?: string } }; message?: string };
		if (res.status >= 400)
			throw new CrmApiError('hubspot', `HubSpot answered ${res.status} listing owners: ${body.message ?? ''}`, { status: res.status });
		for (const o of body.results ?? []) {
			if (o.id === undefined || o.archived) continue;
			const name = [o.firstName, o.lastName].filter(Boolean).join(' ').trim();
			out.push({ id: String(o.id), name: name || o.email || String(o.id), ...(o.email ? { email: o.email } : {}) });
		}
		after = body.paging?.next?.after;
	} while (after && out.length < CRM_OWNERS_MAX);
	return out.slice(0, CRM_OWNERS_MAX);
}
