import { z } from 'zod';
import { listHubSpotOwners } from './owners';
import { hubspotDealOutcomes, hubspotOutcomes } from './outcomes';
import { crmFieldName, defineTarget } from '../types';
import type { PreviewRequest } from '../types';
import { DEFAULT_HUBSPOT_BASE_URL, NOTE_TO_CONTACT, TASK_TO_CONTACT, pushToHubSpot } from './client';
import type { HubSpotConfig } from './client';
import { DEFAULT_HUBSPOT_STAGE_MAP } from './stages';

/** HubSpot contacts (batch upsert on a unique property), tasks and notes. */
export const hubspot = defineTarget<HubSpotConfig, { hubspotIdProperty: string; lifecycleBackward: 'keep' | 'clear' }>({
	id: 'hubspot',
	label: 'HubSpot',
	description: 'Contacts, tasks and notes',
	matchOn: ['email', 'externalUserId', 'phone'],
	fieldMap: {
		email: 'email',
		phone: 'phone',
		firstName: 'firstname',
		lastName: 'lastname',
		company: 'company',
		title: 'jobtitle',
		stage: 'lifecyclestage',
		externalUserId: 'wecom_external_userid',
		engagementScore: 'wecom_engagement_score',
		fitScore: 'wecom_fit_score',
		salesReady: 'wecom_sales_ready',
		channel: 'wecom_source_channel',
		groupId: 'wecom_group_id',
		groupName: 'wecom_group_name',
		state: 'wecom_join_state',
		campaign: 'wecom_campaign',
		utmSource: 'wecom_utm_source',
		utmMedium: 'wecom_utm_medium',
		utmCampaign: 'wecom_utm_campaign',
		sdrUserId: 'wecom_inviting_sdr',
	},
	stageMap: DEFAULT_HUBSPOT_STAGE_MAP,
	tasks: true,
	credentials: [{ name: 'crmPushHubSpotApi' }],
	fields: [
		{
			displayName: 'HubSpot Unique Property',
			name: 'hubspotIdProperty',
			type: 'string',
			default: 'wecom_external_userid',
			required: true,
			hide: { matchOn: ['email'] },
			description: 'Internal name of a contact property with "Require unique values" turned on; it holds the match value',
		},
	],
	options: [
		{
			displayName: 'Backward Lifecycle Stage (HubSpot)',
			name: 'lifecycleBackward',
			type: 'options',
			default: 'keep',
			options: [
				{ name: 'Keep the Later Stage', value: 'keep', description: "HubSpot's own rule: a stage never moves back" },
				{
					name: 'Clear, Then Set',
					value: 'clear',
					description: 'Empty the stage first so the earlier one sticks (e.g. a returned lead, MRL)',
				},
			],
		},
	],
	params: z.object({ hubspotIdProperty: crmFieldName(), lifecycleBackward: z.enum(['keep', 'clear']) }),
	async connect(credential, p, { matchOn }) {
		const c = await credential('crmPushHubSpotApi');
		return {
			config: {
				token: String(c.accessToken),
				baseUrl: String(c.baseUrl || ''),
				idProperty: matchOn === 'email' ? 'email' : p.hubspotIdProperty,
				lifecycleBackward: p.lifecycleBackward,
			},
		};
	},
	push: (io, cfg, leads) => pushToHubSpot(io, cfg, leads),
	preview(cfg, p) {
		const base = (cfg.baseUrl || DEFAULT_HUBSPOT_BASE_URL).replace(/\/+$/, '');
		const properties = Object.fromEntries(
			Object.entries({ ...p.fields, ...(p.ownerId ? { hubspot_owner_id: p.ownerId } : {}) }).map(([k, v]) => [k, String(v)]),
		);
		const out: PreviewRequest[] = [
			{
				method: 'POST',
				url: `${base}/crm/v3/objects/contacts/batch/upsert`,
				body: { inputs: [{ idProperty: cfg.idProperty, id: p.matchValue, properties }] },
				note: 'Only new or changed properties are sent when the contact exists.',
			},
		];
		if (p.task)
			out.push({
				method: 'POST',
				url: `${base}/crm/v3/objects/tasks/batch/create`,
				body: {
					inputs: [
						{
							properties: {
								hs_task_subject: p.task.subject,
								hs_task_body: p.task.body,
								hs_timestamp: new Date(p.task.dueAt).toISOString(),
								hs_task_priority: p.task.priority,
							},
							associations: [
								{ to: { id: '(contact id)' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_CONTACT }] },
							],
						},
					],
				},
				note: 'Skipped when the contact already has this task.',
			});
		if (p.activities.length)
			out.push({
				method: 'POST',
				url: `${base}/crm/v3/objects/notes/batch/create`,
				body: {
					inputs: p.activities.map((a) => ({
						properties: { hs_note_body: a.body, hs_timestamp: new Date(a.at).toISOString() },
						associations: [
							{ to: { id: '(contact id)' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_TO_CONTACT }] },
						],
					})),
				},
			});
		return out;
	},
	listOwners: listHubSpotOwners,
	outcomes: hubspotOutcomes,
	dealOutcomes: hubspotDealOutcomes,
});
