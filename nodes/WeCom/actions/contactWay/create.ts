import type { IDataObject } from 'n8n-workflow';
import { createContactWay } from '../../../../lib/wecom/contactWay';
import type { Operation } from '../types';
import { showFor } from '../types';
import { contactWayFields, readContactWay } from './fields';

export const create: Operation = {
	description: showFor('contactWay', 'create', contactWayFields(false)),
	async execute(i, ops) {
		const c = await readContactWay(this, i, false);
		return (await createContactWay(await ops.wecom(), {
			...c,
			type: Number(this.getNodeParameter('type', i, 1)) === 2 ? 2 : 1,
			scene: Number(this.getNodeParameter('scene', i, 2)) === 1 ? 1 : 2,
			skipVerify: c.skipVerify !== false,
		})) as IDataObject;
	},
};
