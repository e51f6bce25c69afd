import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { getWelcomeTemplate } from '../../../../lib/wecom/welcomeTemplate';
import { parseInput } from '../../../shared/errors';
import type { Operation } from '../types';
import { showFor } from '../types';
import { WELCOME_TEMPLATE_ID_HINT, idFrom, idOnlyLocator } from '../../../shared/wecom/locators';

const params = z.object({ templateId: z.string().trim().min(1, 'is empty') });

export const get: Operation = {
	description: showFor('welcomeTemplate', 'get', [
		idOnlyLocator({ displayName: 'Welcome Template', name: 'templateId', required: true }, 'msgXXXXXXX', WELCOME_TEMPLATE_ID_HINT),
	]),
	async execute(i, ops) {
		const p = parseInput(this.getNode(), params, { templateId: idFrom(this.getNodeParameter('templateId', i)) }, i);
		return (await getWelcomeTemplate(await ops.wecom(), p.templateId)) as IDataObject;
	},
};
