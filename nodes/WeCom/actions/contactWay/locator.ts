import { idOnlyLocator } from '../../../shared/wecom/locators';

/** list_contact_way lists config IDs only (no names), so codes are picked by the ID Create or Get Many returned. */
export const contactWayLocator = (description: string) =>
	idOnlyLocator(
		{ displayName: 'Contact Way', name: 'configId', required: true, description },
		'42b34949e138eb6e027c123cba77fAAA',
		'The config_id that Contact Way → Create or Get Many returned (store it next to its state)',
	);
