import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { deleteJoinWay } from '../../../../lib/wecom/joinWay';
import { parseInput } from '../../../shared/errors';
import type { Operation } from '../types';
import { showFor } from '../types';

const params = z.object({ configId: z.string().trim().min(1, 'is empty') });

export const del: Operation = {
	description: showFor('joinWay', 'delete', [{ displayName: 'Config ID', name: 'configId', type: 'string', default: '', required: true, description: 'The join way (config_id)' }]),
	async execute(i, ops) {
		const p = parseInput(this.getNode(), params, { configId: this.getNodeParameter('configId', i) }, i);
		return (await deleteJoinWay(await ops.wecom(), p.configId)) as IDataObject;
	},
};
