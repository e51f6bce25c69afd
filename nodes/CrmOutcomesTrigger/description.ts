import type { INodeProperties } from 'n8n-workflow';
import { CRM_TARGET_LIST } from '../../lib/crm/targets';
import type { CrmTargetDef } from '../../lib/crm/targets';
import { OUTCOMES, OUTCOME_LABELS } from '../../lib/crm/outcomes/types';
import type { OutcomeFields, OutcomeRule } from '../../lib/crm/outcomes/types';

/** The targets that can be polled for outcomes (the webhook target has its own trigger). */
export const POLLED_TARGETS = CRM_TARGET_LIST.filter((t) => t.outcomes);

export const outcomeOptions = OUTCOMES.map((o) => ({ name: OUTCOME_LABELS[o], value: o }));

/** Outcome rules as editor rows: one CRM field, its values (comma-separated) and the outcome they mean. */
export function rulesProperty(name: string, defaults: OutcomeRule[], show?: Record<string, string[]>, fieldHint = ''): INodeProperties {
	return {
		displayName: 'Outcome Rules',
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Rule',
		description: 'When a CRM field holds one of the values, the record has that outcome. The first matching rule wins.',
		default: { rules: defaults.map((r) => ({ field: r.field, values: r.values.join(', '), outcome: r.outcome })) },
		...(show ? { displayOptions: { show } } : {}),
		options: [
			{
				name: 'rules',
				displayName: 'Rule',
				values: [
					{ displayName: 'CRM Field', name: 'field', type: 'string', default: '', placeholder: fieldHint },
					{
						displayName: 'Values',
						name: 'values',
						type: 'string',
						default: '',
						description: 'Comma-separated CRM values (internal names), compared without case',
					},
					{ displayName: 'Outcome', name: 'outcome', type: 'options', options: outcomeOptions, default: 'accepted' },
				],
			},
		],
	};
}

const FIELD_LABELS: Record<keyof OutcomeFields, [string, string]> = {
	leadId: ['Lead ID Field', "The field that holds the pack's lead ID (CRM Push writes the WeCom external_userid there)"],
	fallbackLeadId: ['Fallback Lead ID Field', 'Used when the lead ID field is empty, e.g. for leads created in the CRM (usually the email)'],
	reason: ['Reason Field', 'Why sales rejected or returned the lead'],
	amount: ['Amount Field', 'The deal amount (won deals)'],
	sdr: ['SDR Field', 'The SDR credited at acceptance (CRM Push writes the inviting SDR there)'],
	owner: ['Owner Field', 'The sales rep who owns the record'],
};

/** Where the lead ID and the details are read, per target, with the target's defaults. */
export function fieldsProperty(name: string, defaults: OutcomeFields, show?: Record<string, string[]>, linkedNote = ''): INodeProperties {
	return {
		displayName: 'CRM Fields',
		name,
		type: 'collection',
		placeholder: 'Change a Field',
		default: {},
		description: `Leave a field out to use the default shown; set it empty to not read it${linkedNote}`,
		...(show ? { displayOptions: { show } } : {}),
		options: (Object.keys(FIELD_LABELS) as Array<keyof OutcomeFields>).map((k) => ({
			displayName: FIELD_LABELS[k][0],
			name: k,
			type: 'string' as const,
			default: defaults[k],
			description: `${FIELD_LABELS[k][1]}. Default: ${defaults[k] || '(none)'}.`,
		})),
	};
}

/** Target fields the credentials depend on (Salesforce: OAuth2 or access token). */
function credentialFields(t: CrmTargetDef): INodeProperties[] {
	const names = new Set(t.credentials.flatMap((c) => Object.keys(c.show ?? {})));
	return t.fields
		.filter((f) => names.has(f.name))
		.map((field) => {
			const f: Record<string, unknown> = { ...field };
			delete f.show;
			delete f.hide;
			return { ...f, displayOptions: { show: { target: [t.id] } } } as unknown as INodeProperties;
		});
}

/** Deal rules and fields: the linked record's fields named by its prefix. */
function dealProperties(t: CrmTargetDef): INodeProperties[] {
	const d = t.dealOutcomes!;
	const show = { target: [t.id], watch: ['deals'] };
	const note = d.linked ? `. Fields starting with "${d.linked.prefix}" are read on ${d.linked.description}.` : '';
	return [rulesProperty(`${t.id}DealRules`, d.defaultRules, show), fieldsProperty(`${t.id}DealFields`, d.defaultFields, show, note)];
}

const objectsOf = (t: CrmTargetDef) => [t.outcomes!.object, ...(t.dealOutcomes ? [t.dealOutcomes.object] : [])];

export const properties: INodeProperties[] = [
	{
		displayName: 'CRM',
		name: 'target',
		type: 'options',
		noDataExpression: true,
		// The options come from the target registry; HubSpot is one of them.
		// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options
		default: 'hubspot',
		options: POLLED_TARGETS.map((t) => ({
			name: t.optionName ?? t.label,
			value: t.id,
			description: `${objectsOf(t).join(' or ')} changed since the last poll`,
		})),
	},
	...POLLED_TARGETS.flatMap(credentialFields),
	{
		displayName: 'Watch',
		name: 'watch',
		type: 'options',
		noDataExpression: true,
		default: 'leads',
		description: 'Which records tell what sales did',
		options: [
			{
				name: 'Leads / Contacts',
				value: 'leads',
				description: 'Lead status and lifecycle stage: accepted, rejected, returned (HubSpot contacts, Salesforce Lead, Fxiaoke LeadsObj)',
			},
			{
				name: 'Deals / Opportunities',
				value: 'deals',
				description: 'Deal stage: won with its amount, lost, open (HubSpot deals, Salesforce Opportunity, Fxiaoke NewOpportunityObj)',
			},
		],
	},
	...POLLED_TARGETS.map((t) => rulesProperty(`${t.id}Rules`, t.outcomes!.defaultRules, { target: [t.id], watch: ['leads'] })),
	...POLLED_TARGETS.map((t) => fieldsProperty(`${t.id}Fields`, t.outcomes!.defaultFields, { target: [t.id], watch: ['leads'] })),
	...POLLED_TARGETS.filter((t) => t.dealOutcomes).flatMap(dealProperties),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Start From',
				name: 'startFrom',
				type: 'dateTime',
				default: '',
				description: 'Until the trigger has reported its first outcome, read changes since this time (default: the last 24 hours)',
			},
			{
				displayName: 'Overlap (Minutes)',
				name: 'overlapMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 5,
				description:
					'Re-read this far behind the last change seen: CRMs index changes a little late. Records already reported are not reported again.',
			},
			{
				displayName: 'Max Records per Poll',
				name: 'maxRecords',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10000 },
				default: 2000,
				description: 'The rest is read in the next poll',
			},
		],
	},
];
