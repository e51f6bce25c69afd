import type { INodeProperties } from 'n8n-workflow';

/**
 * The fields of a scoring rule row, built once for both versions of the form. Version 1 (saved
 * nodes) and version 2 differ only in parameter names, defaults and wording, which each passes in:
 * a version 1 node keeps exactly the parameters it was saved with.
 */

const BANT_OPTIONS = [
	{ name: 'Authority', value: 'authority' },
	{ name: 'Budget', value: 'budget' },
	{ name: 'Need', value: 'need' },
	{ name: 'Timing', value: 'timing' },
];

/** The four hand-off criteria, with "None" first when the row may meet none. */
const BANT_HELP = 'A matching event also meets this hand-off criterion (a trial request shows need)';

export const bantOptions = (withNone: boolean) => (withNone ? [{ name: 'None', value: 'none' }, ...BANT_OPTIONS] : BANT_OPTIONS);

export const ruleFields = {
	name: (displayName: string, o: { placeholder?: string; description?: string } = {}): INodeProperties => ({
		displayName,
		name: 'name',
		type: 'string',
		default: '',
		...(o.placeholder ? { placeholder: o.placeholder } : {}),
		...(o.description ? { description: o.description } : {}),
	}),

	events: (placeholder: string, description: string): INodeProperties => ({
		displayName: 'Event Types',
		name: 'events',
		type: 'string',
		default: '',
		placeholder,
		description,
	}),

	points: (defaultPoints: number, description?: string): INodeProperties => ({
		displayName: 'Points',
		name: 'points',
		type: 'number',
		default: defaultPoints,
		...(description ? { description } : {}),
	}),

	group: (displayName: string, o: { placeholder?: string; description?: string } = {}): INodeProperties => ({
		displayName,
		name: 'group',
		type: 'string',
		default: '',
		...(o.placeholder ? { placeholder: o.placeholder } : {}),
		...(o.description ? { description: o.description } : {}),
	}),

	match: (): INodeProperties => ({
		displayName: 'Conditions Must Match',
		name: 'match',
		type: 'options',
		default: 'all',
		options: [
			{ name: 'All', value: 'all' },
			{ name: 'Any', value: 'any' },
		],
	}),

	/** Conditions in the text language (version 1's only form; version 2's advanced one). */
	conditionsText: (name: string, displayName: string, placeholder: string, description: string): INodeProperties => ({
		displayName,
		name,
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder,
		description,
	}),

	countTimes: (defaultTimes: number, description: string): INodeProperties => ({
		displayName: 'Needs Events in Window',
		name: 'countTimes',
		type: 'number',
		default: defaultTimes,
		typeOptions: { minValue: 1 },
		description,
	}),

	countDays: (): INodeProperties => ({
		displayName: 'Window (Days)',
		name: 'countDays',
		type: 'number',
		default: 7,
		typeOptions: { minValue: 1 },
	}),

	// Two literal objects: n8n's scanner reads defaults literally and ignores inline disables.
	bant: (name: string, withNone: boolean): INodeProperties =>
		withNone
			? {
					displayName: 'Meets BANT Criterion',
					name,
					type: 'options',
					// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options -- no criterion by default
					default: 'none',
					options: bantOptions(true),
					description: BANT_HELP,
				}
			: {
					displayName: 'Meets BANT Criterion',
					name,
					type: 'options',
					// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options -- need: what a trial request shows
					default: 'need',
					options: bantOptions(false),
					description: BANT_HELP,
				},
};
