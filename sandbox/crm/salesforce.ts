import { randomBytes } from 'crypto';
import type { Router } from '../core/router';
import type { SandboxState } from '../core/state';
import type { SandboxRequest, SandboxResponse } from '../core/types';
import type { CrmEmulatorEntry, Emulator } from '../core/emulator';

export const SALESFORCE_PREFIX = '/salesforce';
export const SANDBOX_SF_TOKEN = '00Dsandbox!AQ4AQsandboxSalesforceAccessToken';

export interface SalesforceEmulatorOptions {
	/** 24-hour API request allocation (Developer Edition: 15,000). */
	dailyApiLimit?: number;
	/** Lead fields marked External ID. */
	externalIdFields?: string[];
	/** Lead fields marked Unique (case-insensitive): a second lead with the same value gets DUPLICATE_VALUE. */
	uniqueFields?: string[];
	/** Records per query batch before nextRecordsUrl (Salesforce: 2,000 by default). */
	queryBatchSize?: number;
	/** Active users beyond SANDBOX_SF_USERS (generated "Sales Rep N"), to page through. */
	extraUsers?: number;
}

/** The org's users: two sales reps, an inactive one, and the integration's Automated Process user. */
export const SANDBOX_SF_USERS: Rec[] = [
	{ Id: '0055g00000SDRWANG', Name: 'Lei Wang', Email: 'wang.lei@example.com', IsActive: true, UserType: 'Standard' },
	{ Id: '0055g00000SDRLINA', Name: 'Na Li', Email: 'li.na@example.com', IsActive: true, UserType: 'Standard' },
	{ Id: '0055g00000FORMER1', Name: 'Former Rep', Email: 'former.rep@example.com', IsActive: false, UserType: 'Standard' },
	{ Id: '0055g00000AUTOPRC', Name: 'Automated Process', Email: 'autoproc@example.com', IsActive: true, UserType: 'AutomatedProcess' },
];
const USER_FIELDS = ['Id', 'Name', 'FirstName', 'LastName', 'Email', 'Username', 'IsActive', 'UserType'];

const STANDARD_LEAD_FIELDS = [
	'Id',
	'FirstName',
	'LastName',
	'Company',
	'Email',
	'Phone',
	'MobilePhone',
	'Title',
	'LeadSource',
	'Status',
	'OwnerId',
	'Description',
	'Industry',
	'Rating',
	'Website',
	'CreatedDate',
	'LastModifiedDate',
	'SystemModstamp',
];
/** The pack's default custom fields (docs/crm-push.md). */
export const PACK_LEAD_FIELDS = [
	'WeCom_Lead_Key__c',
	'WeCom_Stage__c',
	'WeCom_External_User_ID__c',
	'Engagement_Score__c',
	'Fit_Score__c',
	'Sales_Ready__c',
	'WeCom_Group_ID__c',
	'WeCom_Group_Name__c',
	'WeCom_Join_State__c',
	'WeCom_Campaign__c',
	'UTM_Source__c',
	'UTM_Medium__c',
	'UTM_Campaign__c',
	'Inviting_SDR__c',
	'Outcome_Reason__c',
];
/** Set by lead conversion only: readable and filterable, never written through the API. */
const CONVERSION_LEAD_FIELDS = ['IsConverted', 'ConvertedDate', 'ConvertedOpportunityId', 'ConvertedContactId', 'ConvertedAccountId'];
/** Opportunity fields (Object Reference): IsWon/IsClosed/ForecastCategory follow StageName. */
const OPPORTUNITY_FIELDS = [
	'Id',
	'Name',
	'StageName',
	'Amount',
	'CloseDate',
	'AccountId',
	'OwnerId',
	'Description',
	'Probability',
	'LeadSource',
	'Type',
];
const OPPORTUNITY_READONLY = ['IsWon', 'IsClosed', 'ForecastCategory', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp'];
/** The standard sales process's stages: [StageName, IsClosed, IsWon]. */
export const OPPORTUNITY_STAGES: Array<[string, boolean, boolean]> = [
	['Prospecting', false, false],
	['Qualification', false, false],
	['Needs Analysis', false, false],
	['Value Proposition', false, false],
	['Id. Decision Makers', false, false],
	['Perception Analysis', false, false],
	['Proposal/Price Quote', false, false],
	['Negotiation/Review', false, false],
	['Closed Won', true, true],
	['Closed Lost', true, false],
];
/** Contact fields (Object Reference): the standard ones a lead's conversion fills, and the account. */
const CONTACT_FIELDS = [
	'Id',
	'FirstName',
	'LastName',
	'Email',
	'Phone',
	'MobilePhone',
	'Title',
	'LeadSource',
	'OwnerId',
	'Description',
	'AccountId',
];
const CONTACT_READONLY = ['CreatedDate', 'LastModifiedDate', 'SystemModstamp'];
/**
 * OpportunityContactRole (Object Reference): the role a Contact plays on an Opportunity. OpportunityId
 * is required and cannot be updated; ContactId is required; IsPrimary defaults to false and an
 * opportunity has one primary contact at most; Role is a nillable picklist.
 */
const CONTACT_ROLE_FIELDS = ['Id', 'OpportunityId', 'ContactId', 'IsPrimary', 'Role'];
const CONTACT_ROLE_READONLY = ['IsDeleted', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp'];
const TASK_FIELDS = [
	'Id',
	'WhoId',
	'WhatId',
	'Subject',
	'Description',
	'ActivityDate',
	'Status',
	'Priority',
	'OwnerId',
	'TaskSubtype',
	'Type',
];
const COMPOSITE_LIMIT = 25;

type Rec = Record<string, any>;
const sfError = (status: number, errorCode: string, message: string, extra: Rec = {}): SandboxResponse => ({
	status,
	json: [{ message, errorCode, fields: [], ...extra }],
});

/**
 * Salesforce REST as the CRM Push node uses it: Lead upsert by external ID (201 created, 200 updated
 * with body from v46, 204 before, 300 multiple matches), the standard lead duplicate rule
 * (DUPLICATES_DETECTED unless allowSave), Task creation, composite (25 subrequests, allOrNone,
 * @{ref.id} references), a SOQL subset (WHERE field IN (...) with a Tasks subquery) and the
 * 24-hour API limit (403 REQUEST_LIMIT_EXCEEDED).
 */
export class SalesforceEmulator implements Emulator {
	leads = new Map<string, Rec>();
	tasks = new Map<string, Rec>();
	opportunities = new Map<string, Rec>();
	contacts = new Map<string, Rec>();
	contactRoles = new Map<string, Rec>();
	users: Rec[] = [];
	tokens = new Set([SANDBOX_SF_TOKEN]);
	apiCalls = 0;
	private limit = 15000;
	private externalIds = new Set<string>();
	private uniques = new Set<string>();

	constructor(
		readonly state: SandboxState,
		private readonly opts: SalesforceEmulatorOptions = {},
	) {
		this.reset();
	}

	reset(opts: Record<string, any> = {}): void {
		const o: SalesforceEmulatorOptions = { ...this.opts, ...(opts.salesforce ?? {}) };
		this.leads.clear();
		this.tasks.clear();
		this.opportunities.clear();
		this.contacts.clear();
		this.contactRoles.clear();
		this.cursors = new Map();
		this.batchSize = o.queryBatchSize ?? 2000;
		this.users = [
			...SANDBOX_SF_USERS,
			...Array.from({ length: o.extraUsers ?? 0 }, (_, i) => ({
				Id: `0055g0000REP${String(i + 1).padStart(5, '0')}`,
				Name: `Sales Rep ${String(i + 1).padStart(4, '0')}`,
				Email: `rep${i + 1}@example.com`,
				IsActive: true,
				UserType: 'Standard',
			})),
		].map((u) => ({
			FirstName: String(u.Name).split(' ')[0],
			LastName: String(u.Name).split(' ').slice(1).join(' '),
			Username: u.Email,
			...u,
		}));
		this.tokens = new Set([SANDBOX_SF_TOKEN]);
		this.apiCalls = 0;
		this.limit = o.dailyApiLimit ?? 15000;
		this.externalIds = new Set(o.externalIdFields ?? ['WeCom_Lead_Key__c', 'WeCom_External_User_ID__c']);
		this.uniques = new Set(o.uniqueFields ?? ['WeCom_Lead_Key__c', 'WeCom_External_User_ID__c']);
	}

	register(router: Router): void {
		const b = `${SALESFORCE_PREFIX}/services/data/:version`;
		const api = (h: (req: SandboxRequest) => SandboxResponse) => (req: SandboxRequest) => this.guard(req) ?? this.withUsage(h(req));
		router.get(
			`${b}/limits`,
			api(() => ({ json: { DailyApiRequests: { Max: this.limit, Remaining: Math.max(0, this.limit - this.apiCalls) } } })),
		);
		router.get(
			`${b}/query`,
			api((req) => this.query(req.params.version, req.query.get('q') ?? '')),
		);
		router.get(
			`${b}/query/:locator`,
			api((req) => this.moreRecords(req.params.locator)),
		);
		router.patch(
			`${b}/sobjects/Lead/:id`,
			api((req) => this.update(req.params.version, req.params.id, req.body, allowSave(req.headers['sforce-duplicate-rule-header']))),
		);
		router.patch(
			`${b}/sobjects/Lead/:field/:value`,
			api((req) =>
				this.upsert(
					req.params.version,
					req.params.field,
					req.params.value,
					req.body,
					allowSave(req.headers['sforce-duplicate-rule-header']),
				),
			),
		);
		router.post(
			`${b}/sobjects/Task`,
			api((req) => this.createTask(req.body)),
		);
		router.post(
			`${b}/composite`,
			api((req) => this.composite(req.params.version, req.body, allowSave(req.headers['sforce-duplicate-rule-header']))),
		);
		router.post(
			`${b}/sobjects/Opportunity`,
			api((req) => this.createOpportunity(req.body)),
		);
		router.patch(
			`${b}/sobjects/Opportunity/:id`,
			api((req) => this.updateOpportunity(req.params.id, req.body)),
		);
		router.post(
			`${b}/sobjects/Contact`,
			api((req) => this.createContact(req.body)),
		);
		router.post(
			`${b}/sobjects/OpportunityContactRole`,
			api((req) => this.createContactRole(req.body)),
		);
		router.patch(
			`${b}/sobjects/OpportunityContactRole/:id`,
			api((req) => this.updateContactRole(req.params.id, req.body)),
		);
		// Lead conversion has no REST resource (it is the UI's Convert button, SOAP convertLead or Apex).
		router.post('/_sandbox/salesforce/convert-lead', (req) => this.convertLead(req.body ?? {}));
		router.get('/_sandbox/salesforce/opportunities', () => ({ json: [...this.opportunities.values()] }));
		router.get('/_sandbox/salesforce/contacts', () => ({ json: [...this.contacts.values()] }));
		router.get('/_sandbox/salesforce/contact-roles', () => ({ json: [...this.contactRoles.values()] }));
		router.get('/_sandbox/salesforce/leads', () => ({ json: [...this.leads.values()] }));
		router.get('/_sandbox/salesforce/tasks', () => ({ json: [...this.tasks.values()] }));
	}

	private guard(req: SandboxRequest): SandboxResponse | undefined {
		const auth = String(req.headers.authorization ?? '');
		if (!auth.startsWith('Bearer ') || !this.tokens.has(auth.slice(7)))
			return sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
		if (this.apiCalls >= this.limit) return sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
		this.apiCalls++;
		return undefined;
	}

	private withUsage(res: SandboxResponse): SandboxResponse {
		return { ...res, headers: { 'sforce-limit-info': `api-usage=${this.apiCalls}/${this.limit}`, ...(res.headers ?? {}) } };
	}

	private newId(prefix: string): string {
		return prefix + '5g00000' + randomBytes(4).toString('hex').toUpperCase().slice(0, 8);
	}

	private checkFields(body: Rec, allowed: string[], sobject: string): SandboxResponse | undefined {
		for (const k of Object.keys(body ?? {}))
			if (!allowed.includes(k)) return sfError(400, 'INVALID_FIELD', `No such column '${k}' on sobject of type ${sobject}`);
		return undefined;
	}

	private leadFields(): string[] {
		return [...STANDARD_LEAD_FIELDS, ...PACK_LEAD_FIELDS, ...this.externalIds];
	}

	/** Fields a query may select or filter on, per object. */
	private queryFields(object: string): string[] {
		if (object === 'Opportunity') return [...OPPORTUNITY_FIELDS, ...OPPORTUNITY_READONLY];
		if (object === 'Contact') return [...CONTACT_FIELDS, ...CONTACT_READONLY];
		if (object === 'OpportunityContactRole') return [...CONTACT_ROLE_FIELDS, ...CONTACT_ROLE_READONLY];
		return [...this.leadFields(), ...CONVERSION_LEAD_FIELDS];
	}

	/** The records a `SELECT … FROM <object> WHERE field IN (…)` query reads. */
	private rowsOf(object: string): Rec[] | undefined {
		const rows: Record<string, Map<string, Rec>> = {
			Lead: this.leads,
			Contact: this.contacts,
			OpportunityContactRole: this.contactRoles,
		};
		return rows[object] ? [...rows[object].values()] : undefined;
	}

	private created(rec: Rec): Rec {
		const now = new Date(this.state.now()).toISOString();
		return Object.assign(rec, { CreatedDate: rec.CreatedDate ?? now, LastModifiedDate: now, SystemModstamp: now });
	}

	/** POST /sobjects/Contact: LastName is required; 201 {id, success, errors}. */
	createContact(body: Rec): SandboxResponse {
		const bad = this.checkFields(body, CONTACT_FIELDS.slice(1), 'Contact');
		if (bad) return bad;
		if (!body?.LastName) return sfError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [LastName]', { fields: ['LastName'] });
		const contact = this.created({ ...body, Id: this.newId('003') });
		this.contacts.set(contact.Id, contact);
		return { status: 201, json: { id: contact.Id, success: true, errors: [] } };
	}

	/** POST /sobjects/OpportunityContactRole: both references must exist; a new primary unsets the previous one. */
	createContactRole(body: Rec): SandboxResponse {
		const bad = this.checkFields(body, CONTACT_ROLE_FIELDS.slice(1), 'OpportunityContactRole') ?? this.checkRoleRefs(body, true);
		if (bad) return bad;
		const role = this.created({ Role: null, ...body, IsPrimary: body.IsPrimary === true, IsDeleted: false, Id: this.newId('00K') });
		this.contactRoles.set(role.Id, role);
		if (role.IsPrimary) this.onlyPrimary(role);
		return { status: 201, json: { id: role.Id, success: true, errors: [] } };
	}

	/** PATCH /sobjects/OpportunityContactRole/{Id}: OpportunityId cannot be updated; 204. */
	updateContactRole(id: string, body: Rec): SandboxResponse {
		const role = this.contactRoles.get(id);
		if (!role) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
		const bad = this.checkFields(body, CONTACT_ROLE_FIELDS.slice(1), 'OpportunityContactRole') ?? this.checkRoleRefs(body, false);
		if (bad) return bad;
		if ('OpportunityId' in body && body.OpportunityId !== role.OpportunityId)
			return sfError(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', 'Unable to create/update fields: OpportunityId.', {
				fields: ['OpportunityId'],
			});
		this.created(Object.assign(role, body, 'IsPrimary' in body ? { IsPrimary: body.IsPrimary === true } : {}));
		if (role.IsPrimary) this.onlyPrimary(role);
		return { status: 204 };
	}

	private checkRoleRefs(body: Rec, create: boolean): SandboxResponse | undefined {
		const missing = create ? ['OpportunityId', 'ContactId'].filter((f) => !body?.[f]) : [];
		if (missing.length)
			return sfError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, { fields: missing });
		for (const [f, map] of [
			['OpportunityId', this.opportunities],
			['ContactId', this.contacts],
		] as const)
			if (body?.[f] !== undefined && !map.has(String(body[f])))
				return sfError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, { fields: [f] });
		return undefined;
	}

	/** Each Opportunity has only one primary contact: marking one unmarks the others. */
	private onlyPrimary(primary: Rec): void {
		for (const r of this.contactRoles.values())
			if (r !== primary && r.OpportunityId === primary.OpportunityId && r.IsPrimary) this.created(Object.assign(r, { IsPrimary: false }));
	}

	/** POST /sobjects/Opportunity: Name, StageName and CloseDate are required; 201 {id, success, errors}. */
	createOpportunity(body: Rec): SandboxResponse {
		const bad = this.checkFields(body, OPPORTUNITY_FIELDS.slice(1), 'Opportunity') ?? this.checkStage(body);
		if (bad) return bad;
		const missing = ['Name', 'StageName', 'CloseDate'].filter((f) => !body?.[f]);
		if (missing.length)
			return sfError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, { fields: missing });
		const now = new Date(this.state.now()).toISOString();
		const opp: Rec = { ...body, Id: this.newId('006'), CreatedDate: now };
		this.opportunities.set(opp.Id, this.stamp(opp));
		return { status: 201, json: { id: opp.Id, success: true, errors: [] } };
	}

	/** PATCH /sobjects/Opportunity/{Id}: 204 No Content. */
	updateOpportunity(id: string, body: Rec): SandboxResponse {
		const opp = this.opportunities.get(id);
		if (!opp) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
		const bad = this.checkFields(body, OPPORTUNITY_FIELDS.slice(1), 'Opportunity') ?? this.checkStage(body);
		if (bad) return bad;
		this.stamp(Object.assign(opp, body));
		return { status: 204 };
	}

	private checkStage(body: Rec): SandboxResponse | undefined {
		if (body?.StageName === undefined || OPPORTUNITY_STAGES.some(([s]) => s === body.StageName)) return undefined;
		return sfError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `Stage: bad value for restricted picklist field: ${body.StageName}`, {
			fields: ['StageName'],
		});
	}

	/** IsWon, IsClosed and ForecastCategory follow the stage; every write bumps SystemModstamp. */
	private stamp(opp: Rec): Rec {
		const stage = OPPORTUNITY_STAGES.find(([s]) => s === opp.StageName);
		opp.IsClosed = stage?.[1] ?? false;
		opp.IsWon = stage?.[2] ?? false;
		opp.ForecastCategory = opp.IsWon ? 'Closed' : opp.IsClosed ? 'Omitted' : 'Pipeline';
		const now = new Date(this.state.now()).toISOString();
		opp.LastModifiedDate = now;
		opp.SystemModstamp = now;
		return opp;
	}

	/**
	 * What converting a lead leaves behind: a contact with the lead's standard fields, the lead
	 * IsConverted with ConvertedContactId and Status "Closed - Converted" (its fields are kept) and,
	 * unless `opportunity` is false (Don't create an opportunity), an opportunity with the contact
	 * as its primary contact role and ConvertedOpportunityId set.
	 */
	private convertLead(b: Rec): SandboxResponse {
		const lead = this.leads.get(String(b.leadId ?? ''));
		if (!lead) return sfError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id: ${b.leadId}`);
		if (lead.IsConverted) return sfError(400, 'CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead');
		let oppId: string | null = null;
		if (b.opportunity !== false) {
			const created = this.createOpportunity({
				Name: `${lead.Company ?? 'Opportunity'}-`,
				StageName: 'Prospecting',
				CloseDate: new Date(this.state.now() + 30 * 86_400_000).toISOString().slice(0, 10),
				...(b.opportunity ?? {}),
			});
			if ((created.status ?? 200) >= 300) return created;
			oppId = (created.json as Rec).id;
		}
		const accountId = this.newId('001');
		const contact = this.created({
			...Object.fromEntries(CONTACT_FIELDS.slice(1).flatMap((f) => (lead[f] !== undefined ? [[f, lead[f]]] : []))),
			AccountId: accountId,
			Id: this.newId('003'),
		});
		this.contacts.set(contact.Id, contact);
		if (oppId) this.createContactRole({ OpportunityId: oppId, ContactId: contact.Id, IsPrimary: true });
		const now = new Date(this.state.now()).toISOString();
		Object.assign(lead, {
			IsConverted: true,
			ConvertedDate: now.slice(0, 10),
			ConvertedOpportunityId: oppId,
			ConvertedContactId: contact.Id,
			ConvertedAccountId: accountId,
			Status: 'Closed - Converted',
			LastModifiedDate: now,
			SystemModstamp: now,
		});
		return { json: { leadId: lead.Id, opportunityId: oppId, contactId: lead.ConvertedContactId, accountId: lead.ConvertedAccountId } };
	}

	upsert(version: string, field: string, value: string, body: Rec, allowSaveOnDuplicate: boolean): SandboxResponse {
		if (!this.externalIds.has(field))
			return sfError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${field}`);
		const bad = this.checkFields(body, this.leadFields(), 'Lead');
		if (bad) return bad;
		const matches = [...this.leads.values()].filter((l) => String(l[field] ?? '').toLowerCase() === value.toLowerCase());
		if (matches.length > 1) return { status: 300, json: matches.map((m) => `/services/data/${version}/sobjects/Lead/${m.Id}`) };
		const now = new Date(this.state.now()).toISOString();
		if (matches.length === 1) {
			const refused = this.checkWrite(version, matches[0], { ...matches[0], ...body }, allowSaveOnDuplicate);
			if (refused) return refused;
			Object.assign(matches[0], body, { LastModifiedDate: now, SystemModstamp: now });
			if (Number(version.replace(/^v/, '')) < 46) return { status: 204 };
			return { status: 200, json: { id: matches[0].Id, success: true, errors: [], created: false } };
		}
		const lead: Rec = { Status: 'Open - Not Contacted', ...body, [field]: value };
		const missing = ['LastName', 'Company'].filter((f) => !lead[f]);
		if (missing.length)
			return sfError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, { fields: missing });
		const refused = this.checkWrite(version, undefined, lead, allowSaveOnDuplicate);
		if (refused) return refused;
		lead.Id = this.newId('00Q');
		lead.CreatedDate = now;
		lead.LastModifiedDate = now;
		lead.SystemModstamp = now;
		this.leads.set(lead.Id, lead);
		return { status: 201, json: { id: lead.Id, success: true, errors: [], created: true } };
	}

	/** PATCH /sobjects/Lead/{Id}: update by record Id, 204 No Content. */
	update(version: string, id: string, body: Rec, allowSaveOnDuplicate: boolean): SandboxResponse {
		const lead = this.leads.get(id);
		if (!lead) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
		const bad = this.checkFields(body, this.leadFields(), 'Lead');
		if (bad) return bad;
		const refused = this.checkWrite(version, lead, { ...lead, ...body }, allowSaveOnDuplicate);
		if (refused) return refused;
		const at = new Date(this.state.now()).toISOString();
		Object.assign(lead, body, { LastModifiedDate: at, SystemModstamp: at });
		return { status: 204 };
	}

	/**
	 * What Salesforce checks on insert and on edit: Unique fields (DUPLICATE_VALUE, naming the record
	 * that holds the value), then the active lead duplicate rule on Email (DUPLICATES_DETECTED unless
	 * the Sforce-Duplicate-Rule-Header allows the save). An edit that keeps the email is not re-matched.
	 */
	private checkWrite(version: string, current: Rec | undefined, next: Rec, allowSaveOnDuplicate: boolean): SandboxResponse | undefined {
		const others = [...this.leads.values()].filter((l) => l !== current);
		for (const f of this.uniques) {
			const v = String(next[f] ?? '').toLowerCase();
			if (!v) continue;
			const holder = others.find((l) => String(l[f] ?? '').toLowerCase() === v);
			if (holder) return sfError(400, 'DUPLICATE_VALUE', `duplicate value found: ${f} duplicates value on record with id: ${holder.Id}`);
		}
		const email = String(next.Email ?? '').toLowerCase();
		if (!email || allowSaveOnDuplicate || (current && String(current.Email ?? '').toLowerCase() === email)) return undefined;
		const dup = others.find((l) => String(l.Email ?? '').toLowerCase() === email);
		if (!dup) return undefined;
		const v = version || 'v62.0';
		return sfError(400, 'DUPLICATES_DETECTED', 'Use one of these records?', {
			duplicateResult: {
				allowSave: false,
				duplicateRule: 'Standard_Rule_for_Leads_with_Duplicate_Leads',
				duplicateRuleEntityType: 'Lead',
				errorMessage: current
					? "You're saving a duplicate record. We recommend you use an existing record instead."
					: "You're creating a duplicate record. We recommend you use an existing record instead.",
				matchResults: [
					{
						entityType: 'Lead',
						errors: [],
						matchEngine: 'FuzzyMatchEngine',
						matchRecords: [
							{
								additionalInformation: [],
								fieldDiffs: [],
								matchConfidence: 100,
								record: { attributes: { type: 'Lead', url: `/services/data/${v}/sobjects/Lead/${dup.Id}` }, Id: dup.Id },
							},
						],
						rule: 'Standard_Lead_Match_Rule_v1_0',
						size: 1,
						success: true,
					},
				],
			},
		});
	}

	createTask(body: Rec): SandboxResponse {
		const bad = this.checkFields(body, TASK_FIELDS, 'Task');
		if (bad) return bad;
		if (body?.WhoId && !this.leads.has(String(body.WhoId)))
			return sfError(400, 'INVALID_CROSS_REFERENCE_KEY', 'Name ID: id value of incorrect type: ' + body.WhoId, { fields: ['WhoId'] });
		const task: Rec = { Status: 'Not Started', Priority: 'Normal', ...body, Id: this.newId('00T') };
		this.tasks.set(task.Id, task);
		return { status: 201, json: { id: task.Id, success: true, errors: [] } };
	}

	private composite(version: string, body: Rec, allowSaveHeader: boolean): SandboxResponse {
		const reqs: Rec[] = body?.compositeRequest ?? [];
		if (!Array.isArray(reqs) || !reqs.length) return sfError(400, 'JSON_PARSER_ERROR', 'compositeRequest is required');
		if (reqs.length > COMPOSITE_LIMIT)
			return sfError(400, 'LIMIT_EXCEEDED', `Limit exceeded: a composite request can have at most ${COMPOSITE_LIMIT} subrequests`);
		const snapshot = body.allOrNone
			? { leads: new Map([...this.leads].map(([k, v]) => [k, { ...v }])), tasks: new Map(this.tasks) }
			: undefined;
		const done = new Map<string, { status: number; body: any }>();
		const out: Rec[] = [];
		for (const r of reqs) {
			let res: SandboxResponse;
			const resolved = resolveRefs(r, done);
			if (typeof resolved === 'string') res = sfError(400, 'PROCESSING_HALTED', resolved);
			else res = this.dispatch(version, resolved, allowSaveHeader || allowSave(r.httpHeaders?.['Sforce-Duplicate-Rule-Header']));
			const status = res.status ?? 200;
			done.set(r.referenceId, { status, body: res.json });
			out.push({
				body: res.json ?? null,
				httpHeaders:
					status === 201 && (res.json as Rec)?.id
						? {
								Location: `/services/data/${version}/sobjects/${String(r.url).includes('/Task') ? 'Task' : 'Lead'}/${(res.json as Rec).id}`,
							}
						: {},
				httpStatusCode: status,
				referenceId: r.referenceId,
			});
		}
		if (snapshot && out.some((o) => o.httpStatusCode >= 300)) {
			this.leads = snapshot.leads;
			this.tasks = snapshot.tasks;
			for (const o of out)
				if (o.httpStatusCode < 300)
					Object.assign(o, {
						httpStatusCode: 400,
						body: [
							{
								errorCode: 'PROCESSING_HALTED',
								message: 'The transaction was rolled back since another operation in the same transaction failed.',
							},
						],
					});
		}
		return { status: 200, json: { compositeResponse: out } };
	}

	private dispatch(version: string, r: Rec, allowSaveOnDuplicate: boolean): SandboxResponse {
		const path = String(r.url).replace(/^\/services\/data\/v[\d.]+/, '');
		const upsert = /^\/sobjects\/Lead\/([^/]+)\/([^/]+)$/.exec(path);
		if (r.method === 'PATCH' && upsert) return this.upsert(version, upsert[1], decodeURIComponent(upsert[2]), r.body, allowSaveOnDuplicate);
		const byId = /^\/sobjects\/Lead\/([^/]+)$/.exec(path);
		if (r.method === 'PATCH' && byId) return this.update(version, decodeURIComponent(byId[1]), r.body, allowSaveOnDuplicate);
		if (r.method === 'POST' && path === '/sobjects/Task') return this.createTask(r.body);
		return sfError(404, 'NOT_FOUND', `The requested resource does not exist: ${r.method} ${r.url}`);
	}

	/** Query locators of unfinished queries (nextRecordsUrl). */
	private cursors = new Map<string, { version: string; records: Rec[] }>();
	/** Records per query batch (Salesforce's default, 2,000). */
	batchSize = 2000;

	/** A page of at most batchSize records; the rest behind nextRecordsUrl (/query/<locator>-<offset>). */
	private page(version: string, records: Rec[], offset: number, locator?: string): SandboxResponse {
		const slice = records.slice(offset, offset + this.batchSize);
		const done = offset + slice.length >= records.length;
		let id = locator;
		if (!done && !id) {
			id = `01gSANDBOX${this.cursors.size + 1}`;
			this.cursors.set(id, { version, records });
		}
		return {
			json: {
				totalSize: records.length,
				done,
				...(done ? {} : { nextRecordsUrl: `/services/data/${version}/query/${id}-${offset + slice.length}` }),
				records: slice,
			},
		};
	}

	private moreRecords(locator: string): SandboxResponse {
		const m = /^(.+)-(\d+)$/.exec(locator);
		const c = m ? this.cursors.get(m[1]) : undefined;
		if (!m || !c) return sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
		return this.page(c.version, c.records, Number(m[2]), m[1]);
	}

	/**
	 * Changed-since queries: SELECT fields FROM Lead|Opportunity WHERE SystemModstamp|LastModifiedDate >=
	 * <datetime> [AND (Field IN (...) OR Checkbox = true OR ...)] ORDER BY <that field> ASC[, Id ASC],
	 * paged by nextRecordsUrl. Checkboxes (IsWon, IsClosed, IsConverted) take unquoted booleans only.
	 */
	private changedSince(version: string, q: string): SandboxResponse | undefined {
		const m =
			/^\s*SELECT\s+(.+?)\s+FROM\s+(Lead|Opportunity)\s+WHERE\s+(SystemModstamp|LastModifiedDate)\s*>=\s*(\S+)(?:\s+AND\s+\((.*)\))?\s+ORDER\s+BY\s+(\w+)\s+ASC(?:\s*,\s*Id\s+ASC)?\s*$/is.exec(
				q,
			);
		if (!m) return undefined;
		const [, select, object, modified, sinceText, anyOf, orderBy] = m;
		const fields = select.split(',').map((s) => s.trim());
		const since = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/.test(sinceText) ? Date.parse(sinceText) : NaN;
		if (Number.isNaN(since))
			return sfError(
				400,
				'MALFORMED_QUERY',
				`value of filter criterion for field '${modified}' must be of type dateTime and should not be enclosed in quotes`,
			);
		const ors = (anyOf ?? '').trim() ? anyOf.split(/\s+OR\s+/i) : [];
		const conds: Array<{ field: string; values: string[] }> = [];
		for (const part of ors) {
			const bool = /^\s*(\w+)\s*=\s*(true|false)\s*$/i.exec(part);
			if (bool) {
				if (!['IsWon', 'IsClosed', 'IsConverted'].includes(bool[1]))
					return sfError(
						400,
						'INVALID_FIELD',
						`value of filter criterion for field '${bool[1]}' must be of type string and should be enclosed in quotes`,
					);
				conds.push({ field: bool[1], values: [bool[2].toLowerCase()] });
				continue;
			}
			const c = /^\s*(\w+)\s+IN\s*\((.*)\)\s*$/is.exec(part);
			if (!c)
				return sfError(
					400,
					'MALFORMED_QUERY',
					`The sandbox understands only Field IN (...) and Checkbox = true|false conditions: ${part.slice(0, 60)}`,
				);
			if (['IsWon', 'IsClosed', 'IsConverted'].includes(c[1]) && /'/.test(c[2]))
				return sfError(
					400,
					'INVALID_FIELD',
					`value of filter criterion for field '${c[1]}' must be of type boolean and should not be enclosed in quotes`,
				);
			conds.push({ field: c[1], values: [...c[2].matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((x) => x[1].replace(/\\(.)/g, '$1')) });
		}
		for (const f of [...fields, ...conds.map((c) => c.field), orderBy])
			if (!this.queryFields(object).includes(f))
				return sfError(
					400,
					'INVALID_FIELD',
					`No such column '${f}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`,
				);
		const rows = object === 'Opportunity' ? [...this.opportunities.values()] : [...this.leads.values()];
		const records = rows
			.filter((l) => Date.parse(String(l[modified] ?? '')) >= since)
			.filter((l) => conds.length === 0 || conds.some((c) => c.values.includes(String(l[c.field] ?? ''))))
			.sort((a, b) => Date.parse(String(a[orderBy])) - Date.parse(String(b[orderBy])) || (a.Id < b.Id ? -1 : 1))
			.map((l) => {
				const rec: Rec = { attributes: { type: object, url: `/services/data/${version}/sobjects/${object}/${l.Id}` } };
				for (const f of fields) rec[f] = l[f] ?? null;
				return rec;
			});
		return this.page(version, records, 0);
	}

	/**
	 * SELECT fields FROM User WHERE Field = value [AND …] [ORDER BY Field ASC|DESC], paged by
	 * nextRecordsUrl: conditions on IsActive (unquoted boolean) and text fields (quoted).
	 */
	private userQuery(version: string, q: string): SandboxResponse | undefined {
		const m = /^\s*SELECT\s+(.+?)\s+FROM\s+User\s+WHERE\s+(.+?)(?:\s+ORDER\s+BY\s+(\w+)(?:\s+(ASC|DESC))?)?\s*$/is.exec(q);
		if (!m) return undefined;
		const [, select, where, orderBy, dir] = m;
		const fields = select.split(',').map((f) => f.trim());
		const conds: Array<{ field: string; value: string | boolean }> = [];
		for (const part of where.split(/\s+AND\s+/i)) {
			const c = /^\s*(\w+)\s*=\s*(?:(true|false)|'((?:[^'\\]|\\.)*)')\s*$/i.exec(part);
			if (!c) return sfError(400, 'MALFORMED_QUERY', `The sandbox understands only Field = value conditions on User: ${part.slice(0, 60)}`);
			const isBool = c[2] !== undefined;
			if ((c[1] === 'IsActive') !== isBool)
				return sfError(
					400,
					'INVALID_FIELD',
					`value of filter criterion for field '${c[1]}' must be of type ${c[1] === 'IsActive' ? 'boolean and should not' : 'string and should'} be enclosed in quotes`,
				);
			conds.push({ field: c[1], value: isBool ? c[2].toLowerCase() === 'true' : c[3] });
		}
		for (const f of [...fields, ...conds.map((c) => c.field), ...(orderBy ? [orderBy] : [])])
			if (!USER_FIELDS.includes(f)) return sfError(400, 'INVALID_FIELD', `No such column '${f}' on entity 'User'.`);
		const sign = /desc/i.test(dir ?? '') ? -1 : 1;
		const records = this.users
			.filter((u) => conds.every((c) => u[c.field] === c.value))
			.sort((a, b) => (orderBy ? sign * String(a[orderBy]).localeCompare(String(b[orderBy])) : 0))
			.map((u) => ({
				attributes: { type: 'User', url: `/services/data/${version}/sobjects/User/${u.Id}` },
				...Object.fromEntries(fields.map((f) => [f, u[f] ?? null])),
			}));
		return this.page(version, records, 0);
	}

	/**
	 * The SOQL the pack sends: SELECT fields[, (SELECT ... FROM Tasks)] FROM Lead WHERE Field IN ('a', 'b'),
	 * and SELECT fields FROM Contact|OpportunityContactRole WHERE Field IN ('a', 'b').
	 */
	query(version: string, q: string): SandboxResponse {
		const changed = this.changedSince(version, q);
		if (changed) return changed;
		const users = this.userQuery(version, q);
		if (users) return users;
		const m = /^\s*SELECT\s+(.+?)\s+FROM\s+(\w+)\s+WHERE\s+(\w+)\s+IN\s*\((.*)\)\s*$/is.exec(q);
		const object = m?.[2] ?? '';
		const rows = this.rowsOf(object);
		if (!m || !rows)
			return sfError(
				400,
				'MALFORMED_QUERY',
				`The sandbox understands only SELECT ... FROM Lead|Contact|OpportunityContactRole WHERE field IN (...): ${q.slice(0, 80)}`,
			);
		const subs: Array<{ fields: string[]; rel: string }> = [];
		const fieldText = m[1].replace(/\(\s*SELECT\s+([^)]+?)\s+FROM\s+(\w+)\s*\)/gi, (_x, f: string, rel: string) => {
			subs.push({ fields: f.split(',').map((s) => s.trim()), rel });
			return '';
		});
		const fields = fieldText
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
		for (const f of [...fields, m[3]])
			if (!this.queryFields(object).includes(f))
				return sfError(
					400,
					'INVALID_FIELD',
					`No such column '${f}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`,
				);
		for (const s of subs) {
			if (s.rel !== 'Tasks' || object !== 'Lead')
				return sfError(400, 'INVALID_TYPE', `Didn't understand relationship '${s.rel}' in FROM part of query call.`);
			for (const f of s.fields)
				if (!TASK_FIELDS.includes(f)) return sfError(400, 'INVALID_FIELD', `No such column '${f}' on entity 'Task'.`);
		}
		const values = [...m[4].matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((x) => x[1].replace(/\\(.)/g, '$1').toLowerCase());
		const records = rows
			.filter((l) => values.includes(String(l[m[3]] ?? '').toLowerCase()))
			.map((l) => {
				const rec: Rec = { attributes: { type: object, url: `/services/data/${version}/sobjects/${object}/${l.Id}` } };
				for (const f of fields) rec[f] = l[f] ?? null;
				for (const s of subs) {
					const tasks = [...this.tasks.values()].filter((t) => t.WhoId === l.Id);
					rec.Tasks = tasks.length
						? {
								totalSize: tasks.length,
								done: true,
								records: tasks.map((t) => ({
									attributes: { type: 'Task', url: `/services/data/${version}/sobjects/Task/${t.Id}` },
									...Object.fromEntries(s.fields.map((f) => [f, t[f] ?? null])),
								})),
							}
						: null;
				}
				return rec;
			});
		return { json: { totalSize: records.length, done: true, records } };
	}
}

function allowSave(header: unknown): boolean {
	return /allowSave\s*=\s*true/i.test(String(header ?? ''));
}

/** Replaces @{ref.field} with values of earlier subrequests; a failed or unknown ref halts the subrequest. */
function resolveRefs(r: Rec, done: Map<string, { status: number; body: any }>): Rec | string {
	let problem: string | undefined;
	const sub = (s: string) =>
		s.replace(/@\{(\w+)\.(\w+)\}/g, (_m, ref: string, field: string) => {
			const d = done.get(ref);
			const v = d && d.status < 300 ? d.body?.[field] : undefined;
			if (v === undefined)
				problem ??= `Invalid reference specified. No value for ${ref}.${field} found in ${ref}. Provided referenceId ('${ref}') and field name ('${field}') must exist and the referenced subrequest must succeed.`;
			return String(v ?? '');
		});
	const body = r.body ? Object.fromEntries(Object.entries(r.body as Rec).map(([k, v]) => [k, typeof v === 'string' ? sub(v) : v])) : r.body;
	const resolved = { ...r, url: sub(String(r.url)), body };
	return problem ?? resolved;
}

/** The emulator of the CRM Push target "salesforce" (found by sandbox/crm/index.ts). */
export const crmEmulator: CrmEmulatorEntry = { name: 'salesforce', create: (state, opts) => new SalesforceEmulator(state, opts) };
