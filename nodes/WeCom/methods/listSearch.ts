import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { pickCustomers, pickTags } from '../../../lib/wecom/directory';
import { currentId, listOrExplain } from '../../shared/wecom/pickerContext';
import { weComClient } from '../transport';

export { searchAppStaff, searchCustomerContactStaff } from '../../shared/wecom/staffPickers';
export { searchCustomerGroups } from '../../shared/wecom/groupPickers';

/** "From List" of the WeCom node's resource locators; each pages and filters like WeCom's lists. */

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
