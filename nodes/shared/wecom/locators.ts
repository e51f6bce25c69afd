import type { INodeProperties, INodePropertyMode } from 'n8n-workflow';

/**
 * Pickers for WeCom IDs. Single IDs are resource locators (From List, By ID); several IDs are
 * multi-select lists. Both still take a plain string or an expression, as parameters saved before
 * the pickers did: `idFrom` and `idsFrom` read either shape.
 */

type LocatorField = Omit<INodeProperties, 'type' | 'default' | 'modes'>;

// Modes of a resource locator, not parameters: they take no default. n8n's lint tells a mode from a
// parameter only inside a literal `modes` array, so the mode types are named constants here.
const BY_ID: INodePropertyMode['type'] = 'string';
const FROM_LIST: INodePropertyMode['type'] = 'list';

const byId = (placeholder: string, hint: string): INodePropertyMode => ({
	displayName: 'By ID',
	name: 'id',
	type: BY_ID,
	placeholder,
	hint,
});

const fromList = (searchListMethod: string, placeholder = 'Search by name…'): INodePropertyMode => ({
	displayName: 'From List',
	name: 'list',
	type: FROM_LIST,
	placeholder,
	typeOptions: { searchListMethod, searchable: true },
});

function locator(field: LocatorField, modes: INodePropertyMode[]): INodeProperties {
	return { ...field, type: 'resourceLocator', default: { mode: modes[0].name, value: '' }, modes };
}

/** A customer group (客户群), listed with owner and member count. */
export const customerGroupLocator = (field: LocatorField) =>
	locator(field, [fromList('searchCustomerGroups', 'Search a group by name…'), byId('wrOgQhDgAA...', 'The chat_id of a customer group')]);

/**
 * A group as a list of groups names it (Digest's group list): picked from WeCom's list, or any
 * key the entries' groups field uses (a chat ID or a name of your own).
 */
export const groupKeyLocator = (field: LocatorField) =>
	locator(field, [
		fromList('searchCustomerGroups', 'Search a group by name…'),
		{ ...byId('wrOgQhDgAA... or martech-6', "A chat_id, or the name your entries' groups field uses"), displayName: 'By ID or Name' },
	]);

/** A staff member who may have customers (owner, sender, follow-up user). */
export const staffLocator = (field: LocatorField) =>
	locator(field, [
		fromList('searchCustomerContactStaff', 'Search staff by name…'),
		byId('zhangsan', 'The WeCom user ID (账号) shown in the admin console'),
	]);

/** Any staff member the app can see (app message recipients, app chat members). */
export const appStaffLocator = (field: LocatorField) =>
	locator(field, [
		fromList('searchAppStaff', 'Search staff by name…'),
		byId('zhangsan', 'The WeCom user ID (账号) shown in the admin console'),
	]);

/** A customer of the staff member picked in `staffParameter`. */
export const customerLocator = (field: LocatorField) =>
	locator(field, [
		fromList('searchCustomers', 'Search the staff member’s customers…'),
		byId('wmOgQhDgAA...', 'The external_userid of the customer'),
	]);

export const tagLocator = (field: LocatorField) =>
	locator(field, [fromList('searchTags', 'Search a tag…'), byId('etOgQhDgAA...', 'A corp tag ID')]);

/**
 * WeCom has no API that lists group join ways, welcome templates or app chats: they are picked
 * by the ID their Create operation returned.
 */
export const idOnlyLocator = (field: LocatorField, placeholder: string, hint: string) => locator(field, [byId(placeholder, hint)]);

/** Several IDs from a list (staff, groups, tags, departments), or an expression giving IDs. */
export function multiPicker(
	field: Omit<INodeProperties, 'type' | 'default' | 'typeOptions'>,
	loadOptionsMethod: string,
	dependsOn?: string[],
): INodeProperties {
	return {
		...field,
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod, ...(dependsOn ? { loadOptionsDependsOn: dependsOn } : {}) },
		default: [],
	};
}

/** The ID in a locator value, a legacy plain string, or a number. */
export function idFrom(value: unknown): string {
	if (value && typeof value === 'object' && 'value' in (value as object)) return idFrom((value as { value: unknown }).value);
	if (value === undefined || value === null) return '';
	return String(value).trim();
}

/** IDs from a multi-select (array), a legacy "a, b c|d" string, or locator values. */
export function idsFrom(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(idFrom) : [idFrom(value)];
	return parts
		.flatMap((p) => p.split(/[,\s|，]+/))
		.map((s) => s.trim())
		.filter(Boolean);
}

export const JOIN_WAY_ID_PLACEHOLDER = '9ad7fa5cdaa6511298498f979c472aaa';
export const JOIN_WAY_ID_HINT =
	'WeCom cannot list join ways: use the config_id that Join Way → Create returned (e.g. stored next to its state)';
export const WELCOME_TEMPLATE_ID_HINT = 'WeCom cannot list welcome templates: use the template_id that Welcome Template → Create returned';
export const APP_CHAT_ID_HINT = 'WeCom cannot list app chats: use the chatid that App Chat → Create returned (or the one you chose)';
