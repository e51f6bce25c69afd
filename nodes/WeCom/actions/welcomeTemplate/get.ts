import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { getWelcomeTemplate } from '../../../../lib/wecom/welcomeTemplate';
import { parseInput } from '../../../shared/errors';
import type { Operation } from '../types';
import { showFor } from '../types';

const params = z.object({ templateId: z.string().trim().min(1, 'is empty') });

export const get: Operation = {
	description: showFor('welcomeTemplate', 'get', [{ displayName: 'Template ID', name: 'templateId', type: 'string', default: '', required: true }]),
	async execute(i, ops) {
		const p = parseInput(this.getNode(), params, { templateId: this.getNodeParameter('templateId', i) }, i);
		return (await getWelcomeTemplate(await ops.wecom(), p.templateId)) as IDataObject;
	},
};
