import type { IDataObject } from 'n8n-workflow';
import { createJoinWay } from '../../../../lib/wecom/joinWay';
import type { Operation } from '../types';
import { showFor } from '../types';
import { joinWayFields, readJoinWay } from './fields';

export const create: Operation = {
	description: showFor('joinWay', 'create', joinWayFields(false)),
	async execute(i, ops) {
		return (await createJoinWay(await ops.wecom(), readJoinWay(this, i))) as IDataObject;
	},
};
