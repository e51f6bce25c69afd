import type { IDataObject } from 'n8n-workflow';
import { deleteContactWay } from '../../../../lib/wecom/contactWay';
import { parseInput } from '../../../shared/errors';
import { idFrom } from '../../../shared/wecom/locators';
import type { Operation } from '../types';
import { showFor } from '../types';
import { configIdParam } from './get';
import { contactWayLocator } from './locator';

export const del: Operation = {
	description: showFor('contactWay', 'delete', [contactWayLocator('The contact way to delete (config_id); its QR code stops working')]),
	async execute(i, ops) {
		const p = parseInput(this.getNode(), configIdParam, { configId: idFrom(this.getNodeParameter('configId', i)) }, i);
		return (await deleteContactWay(await ops.wecom(), p.configId)) as IDataObject;
	},
};
