import type { INodeProperties } from 'n8n-workflow';
import { staffLocator } from '../shared/wecom/locators';

const show = (operation: string) => ({ show: { operation: [operation] } });

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'checkSignup',
		options: [
			{
				name: 'Check Event Registration',
				value: 'checkRegistration',
				action: 'Check an event registration',
				description: 'Validate a live-stream or event registration (name, phone or email, channel) and derive its keys',
			},
			{
				name: 'Check Limits and Repeats',
				value: 'checkLimits',
				action: 'Check limits and repeats',
				description: 'Decide, from the intake rows read after recording this request, whether it is new, a repeat or over a daily limit',
			},
			{
				name: 'Check Web Signup',
				value: 'checkSignup',
				action: 'Check a web signup',
				description: 'Validate a trial or contact form post and clean what a stranger typed (links, markup, length)',
			},
			{
				name: 'Claim Event',
				value: 'claimEvent',
				action: 'Claim an event once',
				description:
					"Let an event (a WeCom callback's eventId, a webhook's event ID) through once across all n8n processes, from the claims table's rows of its key",
			},
			{
				name: 'Match Lead',
				value: 'matchLead',
				action: 'Match a contact to a lead',
				description:
					'Find the lead a WeCom contact is (one person, one lead): its own profile, the lead named by the tracked lead ID in its contact code state, or a recorded phone number',
			},
		],
	},

	// Check Web Signup
	{
		displayName: 'Form Data',
		name: 'formData',
		type: 'json',
		default: '={{ $json.body }}',
		displayOptions: { show: { operation: ['checkSignup', 'checkRegistration'] } },
		description: 'The posted form: name, company, phone, email, title, company size, industry, channel and UTM fields',
	},
	{
		displayName: 'Content Type',
		name: 'contentType',
		type: 'string',
		default: "={{ $json.headers['content-type'] }}",
		displayOptions: show('checkSignup'),
		description: 'A plain HTML form post (form-encoded or multipart) is told apart, so it can get the thank-you page',
	},
	{
		displayName: 'Client IP',
		name: 'clientIp',
		type: 'string',
		default: "={{ $json.headers['x-forwarded-for'] }}",
		displayOptions: { show: { operation: ['checkSignup', 'checkRegistration'] } },
		description:
			'The address limits per network count on: the header your reverse proxy sets (the first address is used). Empty turns the per-network limit off.',
	},
	{ displayName: 'Default Channel', name: 'defaultChannel', type: 'string', default: 'website', displayOptions: show('checkSignup') },
	{ displayName: 'Default Campaign', name: 'defaultCampaign', type: 'string', default: '', displayOptions: show('checkSignup') },
	staffLocator({
		displayName: 'SDR',
		name: 'sdrUserId',
		displayOptions: show('checkSignup'),
		description:
			'The WeCom staff member (SDR) who follows up; CRM Push makes them the owner through its owner map. The list needs the optional WeCom App credential; By ID or an expression works without it.',
	}),
	{
		displayName: 'Options',
		name: 'signupOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show('checkSignup'),
		options: [
			{
				displayName: 'Activity Title',
				name: 'activityTitle',
				type: 'string',
				default: 'Trial request',
				description: 'Title of the CRM activity logged for the request',
			},
			{
				displayName: 'Event Type',
				name: 'eventType',
				type: 'string',
				default: 'trial_requested',
				description: 'The Lead Score event the request counts as',
			},
			{ displayName: 'Max Company Length', name: 'maxCompanyLength', type: 'number', typeOptions: { minValue: 1 }, default: 80 },
			{ displayName: 'Max Name Length', name: 'maxNameLength', type: 'number', typeOptions: { minValue: 1 }, default: 40 },
			{ displayName: 'Max Title Length', name: 'maxTitleLength', type: 'number', typeOptions: { minValue: 1 }, default: 60 },
		],
	},

	// Check Event Registration
	{
		displayName: 'Event ID',
		name: 'eventId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show('checkRegistration'),
		description: 'The event this form registers for; a post naming another event is refused',
	},
	{
		displayName: 'Options',
		name: 'registrationOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show('checkRegistration'),
		options: [{ displayName: 'Max Name Length', name: 'maxNameLength', type: 'number', typeOptions: { minValue: 1 }, default: 40 }],
	},

	// Check Limits and Repeats
	{
		displayName: 'Own Row ID',
		name: 'ownRowId',
		type: 'number',
		default: 0,
		required: true,
		displayOptions: { show: { operation: ['checkLimits', 'claimEvent'] } },
		description: 'ID of the row this execution inserted into the intake or claims table (the ID the Data table Insert returned)',
	},
	{
		displayName: 'Max Signups per Phone per Day',
		name: 'perPhone',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 3,
		displayOptions: show('checkLimits'),
		description: '0 means no limit',
	},
	{
		displayName: 'Max Signups per Email per Day',
		name: 'perEmail',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 2,
		displayOptions: show('checkLimits'),
		description: '0 means no limit',
	},
	{
		displayName: 'Max Signups per Network per Day',
		name: 'perIp',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 20,
		displayOptions: show('checkLimits'),
		description: 'Per client IP. Offices share one address: keep it generous. 0 means no limit.',
	},
	{
		displayName: 'Max SMS per Phone per Day',
		name: 'smsPerPhone',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 1,
		displayOptions: show('checkLimits'),
		description: 'The SMS budget of a phone number; later signups are processed without an SMS. 0 means no limit.',
	},
	{
		displayName:
			"The input items are the intake rows read right after inserting this request's row: rows of today with the same key, phone, email or network, ordered by ID ascending. The node returns one item with the decision.",
		name: 'checkLimitsNotice',
		type: 'notice',
		default: '',
		displayOptions: show('checkLimits'),
	},

	// Claim Event
	{
		displayName:
			'Before this node: insert this execution\'s row (event_key, status "pending"), mark the key\'s other pending rows with a higher ID as "duplicate", then read every row of the key. The input items are those rows. After it: on decision "first", update the own row from "pending" to "claimed" and go on only if that update changed it. See the Lead Intake docs (Claim Event).',
		name: 'claimEventNotice',
		type: 'notice',
		default: '',
		displayOptions: show('claimEvent'),
	},

	// Match Lead
	{
		displayName: 'External User ID',
		name: 'externalUserId',
		type: 'string',
		default: "={{ $('WeCom Trigger').first().json.externalUserId }}",
		required: true,
		displayOptions: show('matchLead'),
		description: 'The WeCom contact (external_userid) to match',
	},
	{
		displayName: 'State',
		name: 'contactState',
		type: 'string',
		default: "={{ $('WeCom Trigger').first().json.state }}",
		displayOptions: show('matchLead'),
		description: 'The state of the code the contact added through: channel~lid names the lead of a personal code',
	},
	{
		displayName: 'Recorded Phone Numbers',
		name: 'recordedPhones',
		type: 'string',
		default: '',
		displayOptions: show('matchLead'),
		description:
			"Phone numbers the staff member recorded for the contact (Get Customer's remark mobiles), comma-separated: one that belongs to exactly one lead joins them when there is no state",
	},
	{
		displayName:
			'The input items are the lead_profiles rows that may be this person: read with one "any condition" query on external_userid, lid (the tracked lead ID of the state) and phone. The node returns one item: leadId (score and push under it), matchedBy, link (true: write the external_userid to the profile and the CRM), and the lead\'s email, phone, name and company. See the Lead Intake docs (Match Lead).',
		name: 'matchLeadNotice',
		type: 'notice',
		default: '',
		displayOptions: show('matchLead'),
	},
];
