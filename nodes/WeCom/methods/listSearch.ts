import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { listStaff, pickCustomerGroups, pickCustomers, pickTags } from '../../../lib/wecom/directory';
import { currentId, listOrExplain } from '../../shared/wecom/pickerContext';
import { weComClient } from '../transport';

export { searchAppStaff, searchCustomerContactStaff } from '../../shared/wecom/staffPickers';

/** "From List" of the WeCom node's resource locators; each pages and filters like WeCom's lists. */

async function staffNames(ctx: ILoadOptionsFunctions): Promise<Map<string, string>> {
	try {
		const { staff } = await listStaff(await weComClient(ctx), 'customerContact');
		return new Map(staff.filter((s) => s.name).map((s) => [s.userid, s.name!]));
	} catch {
		// Owners then show as user IDs; the group list itself still loads.
		return new Map();
	}
}

export async function searchCustomerGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await weComClient(this);
	const names = await staffNames(this);
	const page = await listOrExplain(this, 'customer groups', () =>
		pickCustomerGroups(client, { filter, cursor: paginationToken, staffNames: names }),
	);
	return { results: page.items, paginationToken: page.nextCursor };
}

/** Customers of the staff member picked in the node's "userid" parameter, or of every staff member. */
export async function searchCustomers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const userid = currentId(this, 'userid');
	const client = await weComClient(this);
	const page = await listOrExplain(this, userid ? `the customers of ${userid}` : 'customers', () =>
		pickCustomers(client, { userids: userid ? [userid] : [], filter, cursor: paginationToken }),
	);
	return { results: page.items, paginationToken: page.nextCursor };
}

export async function searchTags(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await weComClient(this);
	const page = await listOrExplain(this, 'customer tags', () => pickTags(client, { filter }));
	return { results: page.items };
}
