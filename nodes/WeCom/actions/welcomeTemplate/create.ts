import type { IDataObject } from 'n8n-workflow';
import { createWelcomeTemplate } from '../../../../lib/wecom/welcomeTemplate';
import type { Operation } from '../types';
import { showFor } from '../types';
import { readWelcome, welcomeFields } from './fields';

export const create: Operation = {
	description: showFor('welcomeTemplate', 'create', [
		...welcomeFields,
		{
			displayName: 'Notify Group Owners',
			name: 'notify',
			type: 'boolean',
			default: true,
			description: 'Whether WeCom tells group owners a new welcome template is available',
		},
	]),
	async execute(i, ops) {
		const w = await readWelcome(this, i);
		return (await createWelcomeTemplate(await ops.wecom(), {
			...w,
			notify: this.getNodeParameter('notify', i, true) as boolean,
		})) as IDataObject;
	},
};
