import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { updateJoinWay } from '../../../../lib/wecom/joinWay';
import { parseInput } from '../../../shared/errors';
import type { Operation } from '../types';
import { showFor } from '../types';
import { joinWayFields, readJoinWay } from './fields';
import { JOIN_WAY_ID_HINT, JOIN_WAY_ID_PLACEHOLDER, idFrom, idOnlyLocator } from '../../../shared/wecom/locators';

const id = z.object({ configId: z.string().trim().min(1, 'is empty') });

export const update: Operation = {
	description: showFor('joinWay', 'update', [
		idOnlyLocator(
			{ displayName: 'Join Way', name: 'configId', required: true, description: 'The join way to change (config_id)' },
			JOIN_WAY_ID_PLACEHOLDER,
			JOIN_WAY_ID_HINT,
		),
		...joinWayFields(true),
	]),
	async execute(i, ops) {
		const { configId } = parseInput(this.getNode(), id, { configId: idFrom(this.getNodeParameter('configId', i)) }, i);
		const j = readJoinWay(this, i);
		// Empty text fields mean "unchanged"; the lib re-sends the current values.
		return (await updateJoinWay(await ops.wecom(), configId, {
			scene: j.scene,
			autoCreateRoom: j.autoCreateRoom,
			...(j.chatIds.length ? { chatIds: j.chatIds } : {}),
			...(j.state ? { state: j.state } : {}),
			...(j.remark ? { remark: j.remark } : {}),
			...(j.roomBaseName ? { roomBaseName: j.roomBaseName } : {}),
			...(j.roomBaseId ? { roomBaseId: j.roomBaseId } : {}),
		})) as IDataObject;
	},
};
