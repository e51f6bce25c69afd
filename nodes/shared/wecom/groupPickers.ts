import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { listStaff, pickCustomerGroups } from '../../../lib/wecom/directory';
import { hasWeComApp, weComClient } from './client';
import { listOrExplain } from './pickerContext';

/**
 * The customer-group list any node with a WeCom App credential offers (the WeCom node, Digest's
 * group list): name · owner · member count, searchable by name, paged like WeCom's list.
 */

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
	// Where the credential is optional (Digest), a missing one is said in the list, not as a blank.
	if (!hasWeComApp(this))
		throw new NodeOperationError(
			this.getNode(),
			'Add a WeCom App credential to pick groups from the list; or enter the chat ID with "By ID"',
			{
				description:
					'Listing customer groups calls the WeCom API with a WeCom App credential (corp ID and secret). "By ID" and expressions work without it.',
			},
		);
	const client = await weComClient(this);
	const names = await staffNames(this);
	const page = await listOrExplain(this, 'customer groups', () =>
		pickCustomerGroups(client, { filter, cursor: paginationToken, staffNames: names }),
	);
	return { results: page.items, paginationToken: page.nextCursor };
}

/** The group name in a picked entry's cached name ("name · owner · N members"); '' for unnamed groups. */
export function groupNameFromPick(cachedResultName: unknown): string {
	const name = String(cachedResultName ?? '')
		.split(' · ')[0]
		.trim();
	return name === '(unnamed group)' ? '' : name;
}
