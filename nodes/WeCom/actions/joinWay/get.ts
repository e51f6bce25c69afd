import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { getJoinWay } from '../../../../lib/wecom/joinWay';
import { parseInput } from '../../../shared/errors';
import type { Operation } from '../types';
import { showFor } from '../types';
import { JOIN_WAY_ID_HINT, JOIN_WAY_ID_PLACEHOLDER, idFrom, idOnlyLocator } from '../../../shared/wecom/locators';

const params = z.object({ configId: z.string().trim().min(1, 'is empty') });

export const get: Operation = {
	description: showFor('joinWay', 'get', [
		idOnlyLocator(
			{ displayName: 'Join Way', name: 'configId', required: true, description: 'The join way (config_id)' },
			JOIN_WAY_ID_PLACEHOLDER,
			JOIN_WAY_ID_HINT,
		),
	]),
	async execute(i, ops) {
		const p = parseInput(this.getNode(), params, { configId: idFrom(this.getNodeParameter('configId', i)) }, i);
		return (await getJoinWay(await ops.wecom(), p.configId)) as IDataObject;
	},
};
