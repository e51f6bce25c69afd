import type { IDataObject } from 'n8n-workflow';
import { updateContactWay } from '../../../../lib/wecom/contactWay';
import { parseInput } from '../../../shared/errors';
import { idFrom } from '../../../shared/wecom/locators';
import type { Operation } from '../types';
import { showFor } from '../types';
import { contactWayFields, readContactWay } from './fields';
import { configIdParam } from './get';
import { contactWayLocator } from './locator';

export const update: Operation = {
	description: showFor('contactWay', 'update', [contactWayLocator('The contact way to change (config_id)'), ...contactWayFields(true)]),
	async execute(i, ops) {
		const { configId } = parseInput(this.getNode(), configIdParam, { configId: idFrom(this.getNodeParameter('configId', i)) }, i);
		const c = await readContactWay(this, i, true);
		// Empty fields mean "unchanged"; the QR code stays the same.
		return (await updateContactWay(await ops.wecom(), configId, {
			...(c.users.length ? { users: c.users } : {}),
			...(c.parties.length ? { parties: c.parties } : {}),
			...(c.state ? { state: c.state } : {}),
			...(c.remark ? { remark: c.remark } : {}),
			...(c.style ? { style: c.style } : {}),
			...(c.skipVerify !== undefined ? { skipVerify: c.skipVerify } : {}),
			...(c.temp ? { temp: c.temp } : {}),
		})) as IDataObject;
	},
};
