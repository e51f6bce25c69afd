import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { getContactWay } from '../../../../lib/wecom/contactWay';
import { parseInput } from '../../../shared/errors';
import { idFrom } from '../../../shared/wecom/locators';
import type { Operation } from '../types';
import { showFor } from '../types';
import { contactWayLocator } from './locator';

export const configIdParam = z.object({ configId: z.string().trim().min(1, 'is empty') });

export const get: Operation = {
	description: showFor('contactWay', 'get', [contactWayLocator('The contact way (config_id)')]),
	async execute(i, ops) {
		const p = parseInput(this.getNode(), configIdParam, { configId: idFrom(this.getNodeParameter('configId', i)) }, i);
		return (await getContactWay(await ops.wecom(), p.configId)) as IDataObject;
	},
};
