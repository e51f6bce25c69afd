import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import {
	CUSTOMER_OPTIONS_MAX,
	GROUP_OPTIONS_MAX,
	pickCustomerGroups,
	pickCustomers,
	pickDepartments,
	pickStaffTags,
	pickTagGroups,
	pickTags,
} from '../../../lib/wecom/directory';
import { currentId, listOrExplain } from '../../shared/wecom/pickerContext';
import { getAppStaff, pickOptions as options } from '../../shared/wecom/staffPickers';
import { weComClient } from '../transport';

export { getAppStaff, getCustomerContactStaff, getRobotMentionStaff } from '../../shared/wecom/staffPickers';

/** Dropdowns and multi-selects of the WeCom node (the lists are short enough to load whole). */

export async function getDepartments(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await weComClient(this);
	return options(await listOrExplain(this, 'departments (address book)', () => pickDepartments(client)));
}

export async function getTags(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await weComClient(this);
	return options(await listOrExplain(this, 'customer tags', () => pickTags(client)));
}

export async function getTagGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await weComClient(this);
	return options(await listOrExplain(this, 'tag groups', () => pickTagGroups(client)));
}

/** Every customer group (name · owner · members), page after page up to GROUP_OPTIONS_MAX. */
export async function getCustomerGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await weComClient(this);
	return listOrExplain(this, 'customer groups', async () => {
		const out: INodePropertyOptions[] = [];
		let cursor: string | undefined;
		do {
			const page = await pickCustomerGroups(client, { cursor, pageSize: 100 });
			out.push(...options(page));
			cursor = page.nextCursor;
		} while (cursor && out.length < GROUP_OPTIONS_MAX);
		return out.slice(0, GROUP_OPTIONS_MAX);
	});
}

/** App message recipients: "Everyone" (@all) first, then the app's visible staff. */
export async function getAppMessageRecipients(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [{ name: "Everyone in the App's Visible Range (@All)", value: '@all' }, ...(await getAppStaff.call(this))];
}

export async function getStaffTags(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await weComClient(this);
	return options(await listOrExplain(this, 'staff tags (address book)', () => pickStaffTags(client)));
}

/** Tag groups with a first "none" entry (Tag → Create may name a new group instead). */
export async function getTagGroupsOrNone(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [{ name: '- None (Use the Name Above) -', value: '' }, ...(await getTagGroups.call(this))];
}

/** Customers of the mass-send's sender (all pages), or of every staff member when none is picked. */
export async function getSenderCustomers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const sender = currentId(this, 'sender');
	const client = await weComClient(this);
	return listOrExplain(this, 'customers', async () => {
		const out: INodePropertyOptions[] = [];
		let cursor: string | undefined;
		do {
			const page = await pickCustomers(client, { userids: sender ? [sender] : [], cursor });
			out.push(...options(page));
			cursor = page.nextCursor;
		} while (cursor && out.length < CUSTOMER_OPTIONS_MAX);
		return out.slice(0, CUSTOMER_OPTIONS_MAX);
	});
}
