import type { ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { PickPage } from '../../../lib/wecom/directory';
import { pickStaff } from '../../../lib/wecom/directory';
import { hasWeComApp, weComClient } from './client';
import { listOrExplain } from './pickerContext';

/**
 * Staff pickers any node with a WeCom App credential offers (the WeCom node, Lead Intake's SDR):
 * the same lists, pacing and refusal hints everywhere.
 */

export const pickOptions = (page: PickPage): INodePropertyOptions[] =>
	page.items.map((i) => ({ name: i.name, value: i.value, description: i.description }));

/** The client for a list; without a WeCom App credential the list says how to pick anyway. */
async function listClient(ctx: ILoadOptionsFunctions) {
	if (!hasWeComApp(ctx)) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Add a WeCom App credential to pick staff from the list; or enter the user ID with "By ID"',
			{
				description:
					'Listing staff calls the WeCom API with a WeCom App credential (corp ID and secret). "By ID" and expressions work without it.',
			},
		);
	}
	return await weComClient(ctx);
}

/** Staff who may have customers (owners, senders, SDRs). */
export async function searchCustomerContactStaff(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await listClient(this);
	const page = await listOrExplain(this, 'staff with Customer Contact', () => pickStaff(client, { scope: 'customerContact', filter }));
	return { results: page.items };
}

/** Any staff member the app can see (address book). */
export async function searchAppStaff(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await listClient(this);
	const page = await listOrExplain(this, 'staff (address book)', () => pickStaff(client, { scope: 'all', filter }));
	return { results: page.items };
}

export async function getCustomerContactStaff(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await weComClient(this);
	return pickOptions(await listOrExplain(this, 'staff with Customer Contact', () => pickStaff(client, { scope: 'customerContact' })));
}

export async function getAppStaff(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await weComClient(this);
	return pickOptions(await listOrExplain(this, 'staff (address book)', () => pickStaff(client, { scope: 'all' })));
}

export const MENTION_EVERYONE: INodePropertyOptions = {
	name: 'Everyone in the Group (@All)',
	value: '@all',
	description: 'Mentions every member of the robot’s group',
};

/** Shown when a node has no WeCom App credential: picking it adds nothing. */
export const NO_APP_CREDENTIAL_HINT: INodePropertyOptions = {
	name: 'Add a WeCom App Credential to Pick Staff; or Type User IDs',
	value: '',
	description:
		'A robot key cannot list staff. Select an optional WeCom App credential at the top of the node, or switch this field to Expression and type user IDs (comma-separated).',
};

/**
 * Robot @mentions: everyone (@all) first, then the staff the WeCom App credential can see. A robot
 * key cannot list anyone, so without that optional credential the list says how to add it.
 */
export async function getRobotMentionStaff(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	if (!hasWeComApp(this)) return [MENTION_EVERYONE, NO_APP_CREDENTIAL_HINT];
	return [MENTION_EVERYONE, ...(await getAppStaff.call(this))];
}
