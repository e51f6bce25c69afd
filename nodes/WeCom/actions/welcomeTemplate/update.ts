import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { updateWelcomeTemplate } from '../../../../lib/wecom/welcomeTemplate';
import { parseInput } from '../../../shared/errors';
import type { Operation } from '../types';
import { showFor } from '../types';
import { readWelcome, welcomeFields } from './fields';
import { WELCOME_TEMPLATE_ID_HINT, idFrom, idOnlyLocator } from '../../../shared/wecom/locators';

const params = z.object({ templateId: z.string().trim().min(1, 'is empty') });

export const update: Operation = {
	description: showFor('welcomeTemplate', 'update', [
		idOnlyLocator({ displayName: 'Welcome Template', name: 'templateId', required: true }, 'msgXXXXXXX', WELCOME_TEMPLATE_ID_HINT),
		{ displayName: 'The new text and attachment replace the whole template.', name: 'welcomeUpdateNotice', type: 'notice', default: '' },
		...welcomeFields,
	]),
	async execute(i, ops) {
		const p = parseInput(this.getNode(), params, { templateId: idFrom(this.getNodeParameter('templateId', i)) }, i);
		return (await updateWelcomeTemplate(await ops.wecom(), p.templateId, await readWelcome(this, i))) as IDataObject;
	},
};
