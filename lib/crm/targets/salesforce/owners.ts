import type { CrmIo } from '../../http';
import { CRM_OWNERS_MAX } from '../types';
import type { CrmOwner } from '../types';
import { SalesforceApi, sfBase } from './client';
import type { SalesforceConfig } from './client';

/** Users who can own leads: active, with a full (Standard) licence; portal and system users cannot. */
export const SF_OWNERS_SOQL = "SELECT Id, Name, Email FROM User WHERE IsActive = true AND UserType = 'Standard' ORDER BY Name ASC";

interface QueryPage {
	records?: Array<{ Id?: string; Name?: string; Email?: string | null }>;
	done?: boolean;
	nextRecordsUrl?: string;
}

/** Active users by SOQL, following nextRecordsUrl: `Id` is what a Lead's OwnerId takes. */
export async function listSalesforceOwners(io: CrmIo, cfg: SalesforceConfig): Promise<CrmOwner[]> {
	const sf = new SalesforceApi(io, cfg);
	const out: CrmOwner[] = [];
	let page = (await sf.call('GET', `${sfBase(cfg)}/query`, undefined, { q: SF_OWNERS_SOQL })).body as QueryPage;
	for (;;) {
		for (const u of page.records ?? [])
			if (u.Id) out.push({ id: u.Id, name: u.Name || u.Email || u.Id, ...(u.Email ? { email: u.Email } : {}) });
		if (page.done !== false || !page.nextRecordsUrl || out.length >= CRM_OWNERS_MAX) break;
		page = (await sf.call('GET', page.nextRecordsUrl)).body as QueryPage;
	}
	return out.slice(0, CRM_OWNERS_MAX);
}
