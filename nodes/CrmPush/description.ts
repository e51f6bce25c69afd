import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_TASK_SUBJECT } from '../../lib/crm/mapping';
import { CRM_TARGET_LIST } from '../../lib/crm/targets';
import type { CrmTargetDef, EditorField } from '../../lib/crm/targets';
import { LEAD_FIELDS } from '../../lib/crm/types';
import { staffLocator } from '../shared/wecom/locators';

const LEAD_FIELD_LABELS: Record<string, string> = {
	email: 'Email',
	phone: 'Phone',
	firstName: 'First Name',
	lastName: 'Last Name',
	name: 'Full Name',
	company: 'Company',
	title: 'Job Title',
	externalUserId: 'WeCom External User ID',
	stage: 'Stage (Lead Score)',
	engagementScore: 'Engagement Score',
	fitScore: 'Fit Score',
	salesReady: 'Sales Ready',
	channel: 'Source Channel',
	groupId: 'WeCom Group ID',
	groupName: 'WeCom Group Name',
	state: 'Join Code State',
	campaign: 'Campaign',
	utmSource: 'UTM Source',
	utmMedium: 'UTM Medium',
	utmCampaign: 'UTM Campaign',
	sdrUserId: 'Inviting SDR (WeCom User ID)',
};

const leadFieldOptions = LEAD_FIELDS.map((f) => ({ name: LEAD_FIELD_LABELS[f], value: f })).sort((a, b) => a.name.localeCompare(b.name));
/** Task and activity fields only show for targets that take tasks. */
const withTasks = CRM_TARGET_LIST.filter((t) => t.tasks).map((t) => t.id);

/** A target's own field as an editor parameter, shown only when that target is picked. */
function targetProperty(t: CrmTargetDef, f: EditorField, inCollection = false): INodeProperties {
	const { show, hide, ...rest } = f;
	const displayOptions = inCollection ? undefined : { show: { target: [t.id], ...show }, ...(hide ? { hide } : {}) };
	return { ...rest, ...(displayOptions ? { displayOptions } : {}) };
}

export const properties: INodeProperties[] = [
	{
		displayName: 'Target CRM',
		name: 'target',
		type: 'options',
		noDataExpression: true,
		// The options come from the target registry, which the rule cannot read; HubSpot is one of them.
		// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options
		default: 'hubspot',
		options: CRM_TARGET_LIST.map((t) => ({ name: t.optionName ?? t.label, value: t.id, description: t.description })),
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'upsertLead',
		options: [
			{
				name: 'Upsert Lead',
				value: 'upsertLead',
				action: 'Create or update a lead in the CRM',
				description: 'Create or update the lead with its source, give the SDR a task, log key behaviours',
			},
		],
	},
	{
		displayName: 'Match Leads On',
		name: 'matchOn',
		type: 'options',
		default: 'email',
		description: 'The lead field that identifies a person in the CRM. Pushing the same value again updates the same record.',
		options: [
			{ name: 'Email', value: 'email' },
			{ name: 'WeCom External User ID', value: 'externalUserId', description: 'The external_userid (客户ID) of the WeCom customer' },
			{ name: 'Phone', value: 'phone' },
		],
	},
	...CRM_TARGET_LIST.flatMap((t) => t.fields.map((f) => targetProperty(t, f))),
	{
		displayName: 'Lead Fields',
		name: 'leadFields',
		type: 'collection',
		placeholder: 'Override a Field',
		default: {},
		description:
			'Read from the input item automatically (Lead Score output, WeCom customer, join event). Set a field here to override it, e.g. with an expression.',
		options: LEAD_FIELDS.map((f) => ({
			displayName: LEAD_FIELD_LABELS[f],
			name: f,
			type:
				f === 'engagementScore' || f === 'fitScore' ? ('number' as const) : f === 'salesReady' ? ('boolean' as const) : ('string' as const),
			default: f === 'engagementScore' || f === 'fitScore' ? 0 : f === 'salesReady' ? false : '',
		})),
	},
	{
		displayName: 'Field Mapping',
		name: 'fieldMapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Change Where a Field Goes',
		default: {},
		description:
			'Overrides the default CRM field of a lead field (see the docs for the defaults). Leave CRM Field empty to not send that lead field.',
		options: [
			{
				name: 'mappings',
				displayName: 'Mapping',
				values: [
					{ displayName: 'Lead Field', name: 'leadField', type: 'options', options: leadFieldOptions, default: 'groupName' },
					{
						displayName: 'CRM Field',
						name: 'crmField',
						type: 'string',
						default: '',
						placeholder: 'e.g. wecom_group_name / WeCom_Group_Name__c',
					},
				],
			},
		],
	},
	{
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Custom Field',
		default: {},
		description: 'Extra CRM fields to set on every lead (expressions allowed)',
		options: [
			{
				name: 'fields',
				displayName: 'Field',
				values: [
					{ displayName: 'CRM Field', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Create Follow-Up Task for SDR',
		name: 'createTask',
		type: 'boolean',
		default: true,
		displayOptions: { show: { target: withTasks } },
		description: "Whether to give the lead's owner a follow-up task (once per lead; pushing again never adds a second one)",
	},
	{
		displayName: 'Task',
		name: 'taskOptions',
		type: 'collection',
		placeholder: 'Change Task',
		default: {},
		displayOptions: { show: { target: withTasks }, hide: { createTask: [false] } },
		options: [
			{
				displayName: 'Subject',
				name: 'subject',
				type: 'string',
				default: DEFAULT_TASK_SUBJECT,
				description: 'Placeholders: {name}, {company}, {groupName}, {campaign}, {state}, {stage} and any lead field',
			},
			{ displayName: 'Due In (Hours)', name: 'dueInHours', type: 'number', typeOptions: { minValue: 0 }, default: 24 },
			{
				displayName: 'Priority',
				name: 'priority',
				type: 'options',
				default: 'HIGH',
				options: [
					{ name: 'High', value: 'HIGH' },
					{ name: 'Normal', value: 'MEDIUM' },
					{ name: 'Low', value: 'LOW' },
				],
			},
			{
				displayName: 'One Task Per',
				name: 'key',
				type: 'string',
				default: '',
				placeholder: '{campaign}',
				description: 'Empty: one task per lead, ever. A placeholder such as {campaign} gives one task per campaign.',
			},
		],
	},
	{
		displayName: 'Log Behaviours as Activities',
		name: 'logActivities',
		type: 'boolean',
		default: true,
		displayOptions: { show: { target: withTasks } },
		description:
			'Whether to log the item\'s "activities" (type, at, title, detail) as HubSpot notes or completed Salesforce tasks, each once',
	},
	// Version 1 kept the owner map as text; saved version 1 nodes (and templates) still read it.
	{
		displayName: 'SDR to CRM Owner',
		name: 'ownerMap',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'sdr.wang=75001\nsdr.li=75002',
		displayOptions: { show: { '@version': [1] } },
		description: 'One "WeCom user ID=CRM owner ID" per line: the inviting SDR becomes the lead\'s owner and the task\'s assignee',
	},
	{
		displayName: 'SDR to CRM Owner',
		name: 'owners',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add SDR',
		default: {},
		displayOptions: { show: { '@version': [2] } },
		description:
			"The inviting SDR (the lead's WeCom sdrUserId) becomes the lead's owner and the task's assignee. Leads of other SDRs keep the CRM's default owner.",
		options: [
			{
				name: 'owner',
				displayName: 'SDR',
				values: [
					staffLocator({
						displayName: 'SDR',
						name: 'sdr',
						description:
							'The WeCom staff member. The list needs the optional WeCom App credential; By ID or an expression works without it.',
					}),
					{
						displayName: 'CRM Owner Name or ID',
						name: 'crmOwner',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getCrmOwners', loadOptionsDependsOn: ['/target'] },
						default: '',
						description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
						hint: 'Listed from the Target CRM: HubSpot owners, Salesforce active users, Fxiaoke staff',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description: 'Whether to only show what would be sent, without calling the CRM',
			},
			{
				displayName: 'Existing Records',
				name: 'existingRecords',
				type: 'options',
				default: 'update',
				options: [
					{
						name: 'Update Changed Fields',
						value: 'update',
						description: "The lead's values replace the CRM's (input you trust: your own systems, Lead Score)",
					},
					{
						name: 'Only Fill Empty Fields',
						value: 'fillEmpty',
						description: 'Never overwrite a value the CRM has (public forms and other unauthenticated input)',
					},
				],
				description: 'What to do when the CRM already has this lead or contact',
			},
			{
				displayName: 'Only Sales-Ready Leads',
				name: 'onlySalesReady',
				type: 'boolean',
				default: false,
				description: 'Whether to skip leads whose salesReady is not true (the Lead Score BANT gate)',
			},
			{
				displayName: 'Rate Limit (Requests)',
				name: 'rateLimitRequests',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					"Calls allowed per window for your CRM account; 0 uses the CRM's default: HubSpot 100 per 10 s (set 190 for Professional/Enterprise), Fxiaoke 100 per 20 s per interface, Salesforce and webhooks unpaced",
			},
			{
				displayName: 'Rate Limit Wait Budget (Seconds)',
				name: 'rateLimitWaitSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 120,
				description:
					"How long one run may wait out the CRM's rate-limit answers (other workflows or workers share the limit). Beyond it, leads not yet written fail with code RATE_LIMITED and nothing is duplicated when they are pushed again.",
			},
			{
				displayName: 'Rate Limit Window (Seconds)',
				name: 'rateLimitWindowSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: "The window of Rate Limit (Requests); 0 uses the CRM's (HubSpot 10, Fxiaoke 20, otherwise 10)",
			},
			{
				displayName: 'Stage Mapping',
				name: 'stageMap',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				placeholder: 'mql=marketingqualifiedlead\nmrl=lead',
				description: 'One "pack stage=CRM stage" per line, on top of the defaults (HubSpot: sql → salesqualifiedlead, ...)',
			},
			...CRM_TARGET_LIST.flatMap((t) => t.options.map((f) => targetProperty(t, f, true))),
			{
				displayName: 'Timeout (Ms)',
				name: 'timeoutMs',
				type: 'number',
				typeOptions: { minValue: 1000 },
				default: 30000,
				description: 'Per request. After a timeout the node re-reads the CRM before writing again, so nothing is duplicated.',
			},
		],
	},
];
