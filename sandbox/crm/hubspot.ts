import { randomUUID } from 'crypto';
import type { Router } from '../core/router';
import type { SandboxState } from '../core/state';
import type { SandboxRequest, SandboxResponse } from '../core/types';
import type { CrmEmulatorEntry, Emulator } from '../core/emulator';

export const HUBSPOT_PREFIX = '/hubspot';
export const SANDBOX_HUBSPOT_TOKEN = 'pat-na1-sandbox-0000-hubspot';

export interface HubSpotEmulatorOptions {
	/** Requests per rolling 10 s (private apps on Free/Starter: 100). */
	tenSecondlyLimit?: number;
	dailyLimit?: number;
	/** Custom contact properties that exist besides the standard ones and the pack's defaults. */
	extraProperties?: string[];
	/** Contact properties declared "Require unique values" (hasUniqueValue) besides email; default the pack's wecom_external_userid. */
	uniqueProperties?: string[];
	/** Owners beyond SANDBOX_HUBSPOT_OWNERS (generated "Sales Rep N"), to page through. */
	extraOwners?: number;
	/** Whether the private app has crm.objects.owners.read (default true); without it owner reads get 403 MISSING_SCOPES. */
	ownersScope?: boolean;
}

export interface HsOwner {
	id: string;
	email: string;
	type: 'PERSON';
	firstName: string;
	lastName: string;
	userId: number;
	archived: boolean;
}

/** The portal's users as owners (ids as HubSpot gives them: numeric strings); one deactivated. */
export const SANDBOX_HUBSPOT_OWNERS: Array<Pick<HsOwner, 'id' | 'email' | 'firstName' | 'lastName' | 'archived'>> = [
	{ id: '75001', email: 'wang.lei@example.com', firstName: 'Lei', lastName: 'Wang', archived: false },
	{ id: '75002', email: 'li.na@example.com', firstName: 'Na', lastName: 'Li', archived: false },
	{ id: '75003', email: 'zhang.wei@example.com', firstName: 'Wei', lastName: 'Zhang', archived: false },
	{ id: '75009', email: 'former.rep@example.com', firstName: 'Former', lastName: 'Rep', archived: true },
];
/** GET /crm/v3/owners: `limit` defaults to 100 and may not exceed 500. */
const OWNERS_MAX_LIMIT = 500;

const LIFECYCLE = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'];
const STANDARD_CONTACT_PROPS = [
	'email',
	'firstname',
	'lastname',
	'phone',
	'mobilephone',
	'company',
	'jobtitle',
	'website',
	'city',
	'country',
	'lifecyclestage',
	'hs_lead_status',
	'hubspot_owner_id',
	'hs_object_id',
	'createdate',
	'lastmodifieddate',
	'recent_deal_amount',
];
/** The pack's default custom properties: docs/crm-push.md tells users to create them. */
export const PACK_CONTACT_PROPS = [
	'wecom_external_userid',
	'wecom_engagement_score',
	'wecom_fit_score',
	'wecom_sales_ready',
	'wecom_source_channel',
	'wecom_group_id',
	'wecom_group_name',
	'wecom_join_state',
	'wecom_campaign',
	'wecom_utm_source',
	'wecom_utm_medium',
	'wecom_utm_campaign',
	'wecom_inviting_sdr',
	'wecom_outcome_reason',
];
/** Deal properties (developers.hubspot.com/docs/api/crm/deals) besides custom ones. */
const STANDARD_DEAL_PROPS = [
	'dealname',
	'dealstage',
	'pipeline',
	'amount',
	'closedate',
	'closed_lost_reason',
	'closed_won_reason',
	'hubspot_owner_id',
	'hs_object_id',
	'createdate',
	'hs_lastmodifieddate',
	'hs_is_closed_won',
	'hs_is_closed',
];
/** The default sales pipeline's stage IDs (internal values; portals can add their own pipelines). */
export const DEFAULT_DEAL_STAGES = [
	'appointmentscheduled',
	'qualifiedtobuy',
	'presentationscheduled',
	'decisionmakerboughtin',
	'contractsent',
	'closedwon',
	'closedlost',
];
/** HUBSPOT_DEFINED association type deal → contact. */
export const DEAL_TO_CONTACT = 3;
const DEFAULT_UNIQUE_PROPS = ['wecom_external_userid'];
const ACTIVITY_TYPES: Record<string, { typeId: number; label: string; props: string[] }> = {
	tasks: {
		typeId: 204,
		label: 'TASK',
		props: ['hs_timestamp', 'hs_task_subject', 'hs_task_body', 'hs_task_status', 'hs_task_priority', 'hs_task_type', 'hubspot_owner_id'],
	},
	notes: { typeId: 202, label: 'NOTE', props: ['hs_timestamp', 'hs_note_body', 'hubspot_owner_id'] },
};
/** Enumeration options of the task properties (developers.hubspot.com/docs/api/crm/tasks, "Properties"). */
const TASK_OPTIONS: Record<string, string[]> = {
	hs_task_status: ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED'],
	hs_task_priority: ['NONE', 'LOW', 'MEDIUM', 'HIGH'],
	hs_task_type: ['EMAIL', 'CALL', 'TODO', 'LINKED_IN', 'MEETING'],
};

export interface HsRecord {
	id: string;
	properties: Record<string, string>;
	createdAt: string;
	updatedAt: string;
	/** Contacts this task/note/deal is associated with. */
	contacts?: string[];
}

/**
 * HubSpot CRM v3/v4 as the CRM Push node uses it: contacts batch read/upsert/update, tasks and notes
 * with associations, deals (create, update, search, associated contacts) for the CRM Outcomes Trigger, the 10-second and daily rate limits (429 with policyName and Retry-After),
 * the lifecycle-stage rule (a backward move is ignored unless the stage was cleared first).
 */
export class HubSpotEmulator implements Emulator {
	contacts = new Map<string, HsRecord>();
	deals = new Map<string, HsRecord>();
	dealProperties = new Set(STANDARD_DEAL_PROPS);
	objects: Record<string, Map<string, HsRecord>> = { tasks: new Map(), notes: new Map() };
	tokens = new Set([SANDBOX_HUBSPOT_TOKEN]);
	properties = new Set<string>();
	/** email (always unique on contacts) and the properties declared with unique values. */
	uniqueProps = new Set<string>();
	owners: HsOwner[] = [];
	private ownersScope = true;
	private calls: number[] = [];
	private daily = 0;
	private nextId = 1001;
	private limits = { tenSecondly: 100, daily: 250000 };

	constructor(
		readonly state: SandboxState,
		private readonly opts: HubSpotEmulatorOptions = {},
	) {
		this.reset();
	}

	reset(opts: Record<string, any> = {}): void {
		const o: HubSpotEmulatorOptions = { ...this.opts, ...(opts.hubspot ?? {}) };
		this.contacts.clear();
		this.deals.clear();
		this.objects = { tasks: new Map(), notes: new Map() };
		this.tokens = new Set([SANDBOX_HUBSPOT_TOKEN]);
		this.properties = new Set([...STANDARD_CONTACT_PROPS, ...PACK_CONTACT_PROPS, ...(o.extraProperties ?? [])]);
		this.uniqueProps = new Set(['email', ...(o.uniqueProperties ?? DEFAULT_UNIQUE_PROPS)]);
		this.calls = [];
		this.daily = 0;
		this.nextId = 1001;
		this.limits = { tenSecondly: o.tenSecondlyLimit ?? 100, daily: o.dailyLimit ?? 250000 };
		const extra = Array.from({ length: o.extraOwners ?? 0 }, (_, i) => ({
			id: String(76001 + i),
			email: `rep${i + 1}@example.com`,
			firstName: 'Sales Rep',
			lastName: String(i + 1),
			archived: false,
		}));
		this.owners = [...SANDBOX_HUBSPOT_OWNERS, ...extra].map((x, i) => ({ ...x, type: 'PERSON' as const, userId: 9100001 + i }));
		this.ownersScope = o.ownersScope ?? true;
	}

	register(router: Router): void {
		const p = HUBSPOT_PREFIX;
		const guarded = (h: (req: SandboxRequest) => SandboxResponse) => (req: SandboxRequest) => this.guard(req) ?? this.withHeaders(h(req));
		router.get(
			`${p}/crm/v3/objects/contacts`,
			guarded(() => ({ json: { results: [...this.contacts.values()].slice(0, 10).map((c) => this.view(c)) } })),
		);
		router.get(
			`${p}/crm/v3/owners`,
			guarded((req) => this.listOwners(req.query)),
		);
		router.post(
			`${p}/crm/v3/objects/contacts/search`,
			guarded((req) => this.searchContacts(req.body)),
		);
		router.post(
			`${p}/crm/v3/objects/deals/search`,
			guarded((req) => this.search(req.body, [...this.deals.values()], this.dealProperties, DEAL_DEFAULT_PROPS)),
		);
		router.post(
			`${p}/crm/v3/objects/deals`,
			guarded((req) => this.createDeal(req.body)),
		);
		router.patch(
			`${p}/crm/v3/objects/deals/:id`,
			guarded((req) => this.updateDeal(req.params.id, req.body)),
		);
		router.post(
			`${p}/crm/v4/associations/deals/contacts/batch/read`,
			guarded((req) => this.readDealContacts(req.body)),
		);
		router.post(
			`${p}/crm/v3/objects/contacts/batch/read`,
			guarded((req) => this.readContacts(req.body)),
		);
		router.post(
			`${p}/crm/v3/objects/contacts/batch/upsert`,
			guarded((req) => this.upsertContacts(req.body)),
		);
		router.post(
			`${p}/crm/v3/objects/contacts/batch/update`,
			guarded((req) => this.updateContacts(req.body)),
		);
		router.post(
			`${p}/crm/v3/objects/:type/batch/create`,
			guarded((req) => this.createActivities(req.params.type, req.body)),
		);
		router.post(
			`${p}/crm/v3/objects/:type/batch/read`,
			guarded((req) => this.readActivities(req.params.type, req.body)),
		);
		router.post(
			`${p}/crm/v4/associations/contacts/:type/batch/read`,
			guarded((req) => this.readAssociations(req.params.type, req.body)),
		);
		router.get('/_sandbox/hubspot/contacts', () => ({ json: [...this.contacts.values()] }));
		router.get('/_sandbox/hubspot/deals', () => ({ json: [...this.deals.values()] }));
		router.get('/_sandbox/hubspot/objects/:type', (req) => ({ json: [...(this.objects[req.params.type]?.values() ?? [])] }));
	}

	/** Auth first (HubSpot answers 401 before counting), then the rolling limits. */
	private guard(req: SandboxRequest): SandboxResponse | undefined {
		const auth = String(req.headers.authorization ?? '');
		if (!auth.startsWith('Bearer ') || !this.tokens.has(auth.slice(7))) {
			return {
				status: 401,
				json: {
					status: 'error',
					message:
						'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
					correlationId: randomUUID(),
					category: 'INVALID_AUTHENTICATION',
				},
			};
		}
		const now = this.state.now();
		this.calls = this.calls.filter((t) => t > now - 10000);
		if (this.daily >= this.limits.daily) {
			return {
				status: 429,
				headers: { 'retry-after': '3600' },
				json: {
					status: 'error',
					message: 'You have reached your daily limit.',
					errorType: 'RATE_LIMIT',
					correlationId: randomUUID(),
					policyName: 'DAILY',
					requestId: randomUUID(),
				},
			};
		}
		if (this.calls.length >= this.limits.tenSecondly) {
			const waitMs = this.calls[0] + 10000 - now;
			return {
				status: 429,
				headers: { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))), ...this.limitHeaders() },
				json: {
					status: 'error',
					message: 'You have reached your ten_secondly_rolling limit.',
					errorType: 'RATE_LIMIT',
					correlationId: randomUUID(),
					policyName: 'TEN_SECONDLY_ROLLING',
					requestId: randomUUID(),
				},
			};
		}
		this.calls.push(now);
		this.daily++;
		return undefined;
	}

	/**
	 * GET /crm/v3/owners: active owners (archived=true lists the deactivated ones instead), optional
	 * `email` filter, paged by the opaque `after` of paging.next. Needs crm.objects.owners.read.
	 */
	private listOwners(q: URLSearchParams): SandboxResponse {
		if (!this.ownersScope)
			return {
				status: 403,
				json: {
					status: 'error',
					message:
						"This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
					correlationId: randomUUID(),
					errors: [
						{
							message: 'One or more of the following scopes are required.',
							context: { requiredGranularScopes: ['crm.objects.owners.read'] },
						},
					],
					category: 'MISSING_SCOPES',
				},
			};
		const limit = Number(q.get('limit') ?? 100);
		if (!Number.isInteger(limit) || limit < 1 || limit > OWNERS_MAX_LIMIT)
			return {
				status: 400,
				json: {
					status: 'error',
					message: `limit must be between 1 and ${OWNERS_MAX_LIMIT}`,
					correlationId: randomUUID(),
					category: 'VALIDATION_ERROR',
				},
			};
		const archived = q.get('archived') === 'true';
		const email = q.get('email')?.toLowerCase();
		const rows = this.owners.filter((o) => o.archived === archived && (!email || o.email.toLowerCase() === email));
		const from = Number(q.get('after') ?? 0) || 0;
		const page = rows.slice(from, from + limit);
		const now = new Date(this.state.now()).toISOString();
		const next = from + limit < rows.length ? String(from + limit) : undefined;
		return {
			json: {
				results: page.map((o) => ({ ...o, userIdIncludingInactive: o.userId, createdAt: now, updatedAt: now })),
				...(next ? { paging: { next: { after: next, link: `?after=${next}` } } } : {}),
			},
		};
	}

	private limitHeaders(): Record<string, string> {
		return {
			'x-hubspot-ratelimit-max': String(this.limits.tenSecondly),
			'x-hubspot-ratelimit-remaining': String(Math.max(0, this.limits.tenSecondly - this.calls.length)),
			'x-hubspot-ratelimit-interval-milliseconds': '10000',
			'x-hubspot-ratelimit-daily': String(this.limits.daily),
			'x-hubspot-ratelimit-daily-remaining': String(Math.max(0, this.limits.daily - this.daily)),
		};
	}

	private withHeaders(res: SandboxResponse): SandboxResponse {
		return { ...res, headers: { ...this.limitHeaders(), ...(res.headers ?? {}) } };
	}

	private view(r: HsRecord, props?: string[]) {
		const properties: Record<string, string | null> = {};
		for (const k of props ?? Object.keys(r.properties)) properties[k] = r.properties[k] ?? null;
		properties.hs_object_id = r.id;
		return { id: r.id, properties, createdAt: r.createdAt, updatedAt: r.updatedAt, archived: false };
	}

	private findContact(idProperty: string, value: string): HsRecord | undefined {
		if (idProperty === 'hs_object_id') return this.contacts.get(value);
		const v = idProperty === 'email' ? value.toLowerCase() : value;
		for (const c of this.contacts.values()) if ((c.properties[idProperty] ?? '') === v && v !== '') return c;
		return undefined;
	}

	/**
	 * CRM search (developers.hubspot.com/docs/api/crm/search): filter groups ORed (at most 5, 6
	 * filters each), filters ANDed, one sort, pages of at most 200 by `after`, and no page past the
	 * 10,000th result. Date properties compare as epoch milliseconds.
	 */
	private searchContacts(body: any): SandboxResponse {
		return this.search(body, [...this.contacts.values()], this.properties, CONTACT_DEFAULT_PROPS);
	}

	private search(body: any, all: HsRecord[], known: Set<string>, defaultProps: string[]): SandboxResponse {
		const groups: Array<{ filters?: Array<{ propertyName: string; operator: string; value?: unknown; values?: unknown[] }> }> =
			body?.filterGroups ?? [];
		if (groups.length > 5) return validation(`Too many filter groups (${groups.length}); the maximum is 5`);
		const limit = Number(body?.limit ?? 10);
		if (!Number.isInteger(limit) || limit < 1 || limit > 200) return validation(`limit must be between 1 and 200, got ${body?.limit}`);
		const after = Number(body?.after ?? 0);
		if (after + limit > 10000)
			return validation('Search results are limited to 10,000. Narrow the filters (e.g. by a later modification date).');
		for (const g of groups) {
			if ((g.filters ?? []).length > 6) return validation('Too many filters in a filter group; the maximum is 6');
			for (const f of g.filters ?? [])
				if (!known.has(f.propertyName))
					return propertyError(f.propertyName, `Property \"${f.propertyName}\" does not exist`, 'PROPERTY_DOESNT_EXIST');
		}
		for (const prop of body?.properties ?? [])
			if (!known.has(prop)) return propertyError(prop, `Property \"${prop}\" does not exist`, 'PROPERTY_DOESNT_EXIST');
		const sort = body?.sorts?.[0] as { propertyName: string; direction?: string } | undefined;
		let rows = all.filter((c) => groups.length === 0 || groups.some((g) => (g.filters ?? []).every((f) => matchesFilter(c, f))));
		if (sort) {
			const dir = sort.direction === 'DESCENDING' ? -1 : 1;
			rows = rows.sort(
				(a, b) => dir * compareValues(a.properties[sort.propertyName], b.properties[sort.propertyName]) || Number(a.id) - Number(b.id),
			);
		}
		const page = rows.slice(after, after + limit);
		const props = [...new Set([...(body?.properties ?? []), ...defaultProps])];
		const next = after + limit < rows.length ? String(after + limit) : undefined;
		return {
			json: {
				total: rows.length,
				results: page.map((c) => this.view(c, props)),
				...(next ? { paging: { next: { after: next, link: `?after=${next}` } } } : {}),
			},
		};
	}

	private readContacts(body: any): SandboxResponse {
		const inputs: Array<{ id: string }> = body?.inputs ?? [];
		const idProperty = body?.idProperty ?? 'hs_object_id';
		const bad =
			this.checkBatch(inputs, 100) ??
			(idProperty === 'hs_object_id' || this.uniqueProps.has(idProperty)
				? undefined
				: validation(`Unable to perform update/upsert by non-unique 0-1 property ${idProperty}`));
		if (bad) return bad;
		const found: HsRecord[] = [];
		const missing: string[] = [];
		for (const i of inputs) {
			const c = this.findContact(idProperty, String(i.id));
			if (c) found.push(c);
			else missing.push(String(i.id));
		}
		const props = [...new Set([...(body?.properties ?? ['email', 'firstname', 'lastname']), idProperty])];
		return batchResult(
			found.map((c) => this.view(c, props)),
			missing.length
				? [
						{
							status: 'error',
							category: 'OBJECT_NOT_FOUND',
							message: 'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.',
							context: { ids: missing },
						},
					]
				: [],
			200,
		);
	}

	private upsertContacts(body: any): SandboxResponse {
		const inputs: Array<{ id: string; idProperty?: string; properties: Record<string, unknown> }> = body?.inputs ?? [];
		const bad =
			this.checkBatch(inputs, 100) ??
			this.checkDuplicates(inputs.map((i) => `${i.idProperty ?? 'hs_object_id'}:${String(i.id).toLowerCase()}`)) ??
			this.checkProps(inputs.map((i) => i.properties ?? {}));
		if (bad) return bad;
		for (const i of inputs)
			if (!this.uniqueProps.has(i.idProperty ?? ''))
				return validation(`Unable to perform update/upsert by non-unique 0-1 property ${i.idProperty}`);
		const targets = inputs.map((i) => this.findContact(i.idProperty!, String(i.id)));
		const conflict = this.checkUnique(
			inputs.map((i, n) => ({ id: targets[n]?.id, props: { ...(i.properties ?? {}), [i.idProperty!]: String(i.id) } })),
		);
		if (conflict) return conflict;
		const results = inputs.map((i, n) => {
			const existing = targets[n];
			const contact = existing ?? this.newContact({ [i.idProperty!]: String(i.id) });
			this.apply(contact, i.properties ?? {});
			return { ...this.view(contact), new: !existing };
		});
		return batchResult(results, [], 200);
	}

	private updateContacts(body: any): SandboxResponse {
		const inputs: Array<{ id: string; properties: Record<string, unknown> }> = body?.inputs ?? [];
		const bad = this.checkBatch(inputs, 100) ?? this.checkProps(inputs.map((i) => i.properties ?? {}));
		if (bad) return bad;
		const missing = inputs.filter((i) => !this.contacts.has(String(i.id)));
		if (missing.length) return validation(`Could not find CONTACT with id(s) ${missing.map((m) => m.id).join(', ')}`, 'OBJECT_NOT_FOUND');
		const conflict = this.checkUnique(inputs.map((i) => ({ id: String(i.id), props: i.properties ?? {} })));
		if (conflict) return conflict;
		return batchResult(
			inputs.map((i) => this.view(this.apply(this.contacts.get(String(i.id))!, i.properties ?? {}))),
			[],
			200,
		);
	}

	private createActivities(type: string, body: any): SandboxResponse {
		const def = ACTIVITY_TYPES[type];
		if (!def)
			return {
				status: 404,
				json: {
					status: 'error',
					message: `Unable to infer object type from: ${type}`,
					correlationId: randomUUID(),
					category: 'OBJECT_NOT_FOUND',
				},
			};
		const inputs: Array<{
			properties: Record<string, string>;
			associations?: Array<{ to: { id: string }; types: Array<{ associationCategory: string; associationTypeId: number }> }>;
		}> = body?.inputs ?? [];
		const bad = this.checkBatch(inputs, 100);
		if (bad) return bad;
		for (const i of inputs) {
			if (!i.properties?.hs_timestamp)
				return validation(
					'Property values were not valid: [{"isValid":false,"message":"hs_timestamp is required","error":"REQUIRED_PROPERTY","name":"hs_timestamp"}]',
				);
			const unknown = Object.keys(i.properties).filter((k) => !def.props.includes(k));
			if (unknown.length) return propertyError(unknown[0], `Property \\"${unknown[0]}\\" does not exist`, 'PROPERTY_DOESNT_EXIST');
			for (const [k, options] of Object.entries(TASK_OPTIONS)) {
				const v = i.properties[k];
				if (type === 'tasks' && v !== undefined && v !== '' && !options.includes(String(v)))
					return propertyError(k, `${v} was not one of the allowed options: [${options.join(', ')}]`, 'INVALID_OPTION');
			}
			for (const a of i.associations ?? []) {
				if (!this.contacts.has(String(a.to?.id)))
					return validation(`One or more associations are invalid: contact ${a.to?.id} does not exist`);
				if (!a.types?.some((t) => t.associationCategory === 'HUBSPOT_DEFINED' && t.associationTypeId === def.typeId)) {
					return validation(
						`${type.slice(0, -1)} to contact association type ${a.types?.[0]?.associationTypeId} is not valid; HUBSPOT_DEFINED ${def.typeId} expected`,
					);
				}
			}
		}
		const now = new Date(this.state.now()).toISOString();
		const results = inputs.map((i) => {
			const rec: HsRecord = {
				id: String(this.nextId++),
				properties: { ...i.properties },
				createdAt: now,
				updatedAt: now,
				contacts: (i.associations ?? []).map((a) => String(a.to.id)),
			};
			this.objects[type].set(rec.id, rec);
			return this.view(rec);
		});
		return batchResult(results, [], 201);
	}

	private readActivities(type: string, body: any): SandboxResponse {
		const store = this.objects[type];
		if (!store)
			return {
				status: 404,
				json: {
					status: 'error',
					message: `Unable to infer object type from: ${type}`,
					correlationId: randomUUID(),
					category: 'OBJECT_NOT_FOUND',
				},
			};
		const inputs: Array<{ id: string }> = body?.inputs ?? [];
		const bad = this.checkBatch(inputs, 100);
		if (bad) return bad;
		const found = inputs.map((i) => store.get(String(i.id))).filter((r): r is HsRecord => !!r);
		const missing = inputs.map((i) => String(i.id)).filter((id) => !store.has(id));
		const errors = missing.length
			? [
					{
						status: 'error',
						category: 'OBJECT_NOT_FOUND',
						message: `Could not get some ${ACTIVITY_TYPES[type].label} objects, they may be deleted or not exist. Check that ids are valid.`,
						context: { ids: missing },
					},
				]
			: [];
		return batchResult(
			found.map((r) => this.view(r, body?.properties)),
			errors,
			200,
		);
	}

	private readAssociations(type: string, body: any): SandboxResponse {
		const def = ACTIVITY_TYPES[type];
		const store = this.objects[type];
		if (!def || !store) return validation(`Unknown association object type ${type}`);
		const inputs: Array<{ id: string }> = body?.inputs ?? [];
		const bad = this.checkBatch(inputs, 1000);
		if (bad) return bad;
		const results = [];
		const errors = [];
		for (const i of inputs) {
			const to = [...store.values()]
				.filter((r) => r.contacts?.includes(String(i.id)))
				.map((r) => ({ toObjectId: Number(r.id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: def.typeId, label: null }] }));
			if (to.length) results.push({ from: { id: String(i.id) }, to });
			else
				errors.push({
					status: 'error',
					category: 'OBJECT_NOT_FOUND',
					subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
					message: `No ${type.slice(0, -1)} is associated with contact ${i.id}.`,
					context: { fromObjectId: [String(i.id)] },
				});
		}
		return batchResult(results, errors, 200);
	}

	/** POST /crm/v3/objects/deals: dealname and a stage of the pipeline, associations to existing contacts (type 3). */
	private createDeal(body: any): SandboxResponse {
		const props: Record<string, unknown> = body?.properties ?? {};
		const bad = this.checkDealProps(props);
		if (bad) return bad;
		if (!props.dealname)
			return validation(
				'Property values were not valid: [{"isValid":false,"message":"dealname is required","error":"REQUIRED_PROPERTY","name":"dealname"}]',
			);
		const contacts: string[] = [];
		for (const a of body?.associations ?? []) {
			if (!this.contacts.has(String(a.to?.id)))
				return validation(`One or more associations are invalid: contact ${a.to?.id} does not exist`);
			if (!a.types?.some((t: any) => t.associationCategory === 'HUBSPOT_DEFINED' && t.associationTypeId === DEAL_TO_CONTACT))
				return validation(
					`deal to contact association type ${a.types?.[0]?.associationTypeId} is not valid; HUBSPOT_DEFINED ${DEAL_TO_CONTACT} expected`,
				);
			contacts.push(String(a.to.id));
		}
		const now = new Date(this.state.now()).toISOString();
		const d: HsRecord = {
			id: String(this.nextId++),
			properties: { createdate: now, pipeline: 'default' },
			createdAt: now,
			updatedAt: now,
			contacts,
		};
		this.deals.set(d.id, d);
		return { status: 201, json: this.view(this.applyDeal(d, props)) };
	}

	private updateDeal(id: string, body: any): SandboxResponse {
		const d = this.deals.get(id);
		if (!d)
			return {
				status: 404,
				json: { status: 'error', message: 'resource not found', correlationId: randomUUID(), category: 'OBJECT_NOT_FOUND' },
			};
		const props: Record<string, unknown> = body?.properties ?? {};
		const bad = this.checkDealProps(props);
		if (bad) return bad;
		return { json: this.view(this.applyDeal(d, props)) };
	}

	private checkDealProps(props: Record<string, unknown>): SandboxResponse | undefined {
		for (const [k, v] of Object.entries(props)) {
			if (!this.dealProperties.has(k)) return propertyError(k, `Property \"${k}\" does not exist`, 'PROPERTY_DOESNT_EXIST');
			if (k.startsWith('hs_') || k === 'createdate')
				return propertyError(k, `${k} is a read only property; its value cannot be set.`, 'READ_ONLY_VALUE');
			const s = String(v ?? '');
			if (k === 'dealstage' && s && !DEFAULT_DEAL_STAGES.includes(s))
				return propertyError(k, `${s} was not one of the allowed options: [${DEFAULT_DEAL_STAGES.join(', ')}]`, 'INVALID_OPTION');
			if (k === 'amount' && s && !Number.isFinite(Number(s))) return propertyError(k, `${s} is not a valid number`, 'INVALID_FLOAT');
		}
		return undefined;
	}

	/** Writes deal properties; the closed flags follow the stage as HubSpot's calculated properties do. */
	private applyDeal(d: HsRecord, props: Record<string, unknown>): HsRecord {
		for (const [k, raw] of Object.entries(props)) {
			const v = raw === null || raw === undefined ? '' : String(raw);
			if (v === '') delete d.properties[k];
			else d.properties[k] = v;
		}
		const stage = d.properties.dealstage ?? '';
		d.properties.hs_is_closed_won = String(stage === 'closedwon');
		d.properties.hs_is_closed = String(stage === 'closedwon' || stage === 'closedlost');
		d.updatedAt = new Date(this.state.now()).toISOString();
		d.properties.hs_lastmodifieddate = d.updatedAt;
		return d;
	}

	/** v4 associations batch read, deals → contacts: 207 with NO_ASSOCIATIONS_FOUND for a deal without contacts. */
	private readDealContacts(body: any): SandboxResponse {
		const inputs: Array<{ id: string }> = body?.inputs ?? [];
		const bad = this.checkBatch(inputs, 1000);
		if (bad) return bad;
		const results = [];
		const errors = [];
		for (const i of inputs) {
			const deal = this.deals.get(String(i.id));
			const to = (deal?.contacts ?? [])
				.filter((c) => this.contacts.has(c))
				.map((c) => ({ toObjectId: Number(c), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: DEAL_TO_CONTACT, label: null }] }));
			if (to.length) results.push({ from: { id: String(i.id) }, to });
			else
				errors.push({
					status: 'error',
					category: 'OBJECT_NOT_FOUND',
					subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
					message: `No contact is associated with deal ${i.id}.`,
					context: { fromObjectId: [String(i.id)] },
				});
		}
		return batchResult(results, errors, 200);
	}

	private newContact(initial: Record<string, string>): HsRecord {
		const now = new Date(this.state.now()).toISOString();
		const c: HsRecord = { id: String(this.nextId++), properties: { createdate: now }, createdAt: now, updatedAt: now };
		this.contacts.set(c.id, c);
		this.apply(c, initial);
		return c;
	}

	/** Writes properties with HubSpot's rules: emails lower-cased, '' clears, no backward stage moves. */
	private apply(c: HsRecord, props: Record<string, unknown>): HsRecord {
		for (const [k, raw] of Object.entries(props)) {
			let v = raw === null || raw === undefined ? '' : String(raw);
			if (k === 'email') v = v.toLowerCase();
			if (k === 'lifecyclestage' && v) {
				const cur = c.properties.lifecyclestage;
				if (cur && cur !== 'other' && v !== 'other' && LIFECYCLE.indexOf(v) < LIFECYCLE.indexOf(cur)) continue;
			}
			if (v === '') delete c.properties[k];
			else c.properties[k] = v;
		}
		c.updatedAt = new Date(this.state.now()).toISOString();
		c.properties.lastmodifieddate = c.updatedAt;
		return c;
	}

	private checkBatch(inputs: unknown, max: number): SandboxResponse | undefined {
		if (!Array.isArray(inputs) || inputs.length === 0) return validation('inputs must not be empty');
		if (inputs.length > max) return validation(`Batch input limit exceeded: at most ${max} inputs are allowed, got ${inputs.length}`);
		return undefined;
	}

	private checkDuplicates(ids: string[]): SandboxResponse | undefined {
		const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
		return dup.length
			? validation(
					`Duplicate IDs found in batch input: [${dup.map((d) => d.split(':').slice(1).join(':')).join(', ')}]. IDs must be unique`,
				)
			: undefined;
	}

	/**
	 * Unique values (email, properties with hasUniqueValue): a write that would give a value another
	 * contact holds, or two inputs of one batch the same value, is refused and nothing is written.
	 */
	private checkUnique(writes: Array<{ id?: string; props: Record<string, unknown> }>): SandboxResponse | undefined {
		const claimed = new Map<string, string>();
		for (const [n, w] of writes.entries()) {
			for (const p of this.uniqueProps) {
				const raw = w.props[p];
				if (raw === undefined || raw === null || String(raw) === '') continue;
				const v = p === 'email' ? String(raw).toLowerCase() : String(raw);
				const holder = this.findContact(p, v);
				if (holder && holder.id !== w.id) return conflict(holder.id, p, v);
				const self = w.id ?? `new:${n}`;
				const other = claimed.get(`${p}\u0000${v}`);
				if (other !== undefined && other !== self) return validation(`Duplicate unique value for ${p} in batch input: ${v}`);
				claimed.set(`${p}\u0000${v}`, self);
			}
		}
		return undefined;
	}

	private checkProps(list: Array<Record<string, unknown>>): SandboxResponse | undefined {
		for (const props of list) {
			for (const [k, v] of Object.entries(props)) {
				if (!this.properties.has(k)) return propertyError(k, `Property \\"${k}\\" does not exist`, 'PROPERTY_DOESNT_EXIST');
				const s = String(v ?? '');
				if (k === 'email' && s && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s))
					return propertyError('email', `Email address ${s} is invalid`, 'INVALID_EMAIL');
				if (k === 'lifecyclestage' && s && !LIFECYCLE.includes(s))
					return propertyError('lifecyclestage', `${s} was not one of the allowed options: [${LIFECYCLE.join(', ')}]`, 'INVALID_OPTION');
				if (/score$/.test(k) && s && !Number.isFinite(Number(s))) return propertyError(k, `${s} is not a valid number`, 'INVALID_FLOAT');
			}
		}
		return undefined;
	}
}

const CONTACT_DEFAULT_PROPS = ['createdate', 'email', 'firstname', 'lastmodifieddate', 'lastname'];
const DEAL_DEFAULT_PROPS = ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'pipeline'];
const DATE_PROPS = new Set(['createdate', 'lastmodifieddate', 'hs_lastmodifieddate']);
const asComparable = (v: unknown): number | string => {
	const s = v === undefined || v === null ? '' : String(v);
	if (/^\d{4}-\d{2}-\d{2}T/.test(s)) return Date.parse(s);
	return s !== '' && Number.isFinite(Number(s)) ? Number(s) : s.toLowerCase();
};
function compareValues(a: unknown, b: unknown): number {
	const x = asComparable(a);
	const y = asComparable(b);
	return x < y ? -1 : x > y ? 1 : 0;
}

/** One search filter against a contact (operators of the CRM search API). */
function matchesFilter(c: HsRecord, f: { propertyName: string; operator: string; value?: unknown; values?: unknown[] }): boolean {
	const raw = f.propertyName === 'hs_object_id' ? c.id : c.properties[f.propertyName];
	const has = raw !== undefined && raw !== '';
	const v = DATE_PROPS.has(f.propertyName) && has ? Date.parse(String(raw)) : asComparable(raw);
	const want = asComparable(f.value);
	switch (f.operator) {
		case 'HAS_PROPERTY':
			return has;
		case 'NOT_HAS_PROPERTY':
			return !has;
		case 'EQ':
			return has && v === want;
		case 'NEQ':
			return v !== want;
		case 'GT':
			return has && v > want;
		case 'GTE':
			return has && v >= want;
		case 'LT':
			return has && v < want;
		case 'LTE':
			return has && v <= want;
		case 'IN':
			return has && (f.values ?? []).some((x) => asComparable(x) === v);
		case 'NOT_IN':
			return !(f.values ?? []).some((x) => asComparable(x) === v);
		default:
			return false;
	}
}

/** HubSpot's error body (developers.hubspot.com/docs/api/error-handling): status, message, correlationId, category. */
function validation(message: string, category = 'VALIDATION_ERROR'): SandboxResponse {
	return { status: 400, json: { status: 'error', message, correlationId: randomUUID(), category } };
}

/** A property HubSpot refuses: the per-property detail is JSON inside `message`, as HubSpot sends it. */
function propertyError(name: string, detail: string, error: string): SandboxResponse {
	return validation(
		`Property values were not valid: [{"isValid":false,"message":"${detail}","error":"${error}","name":"${name}","localizedErrorMessage":"${detail}"}]`,
	);
}

/** A write that would give a unique value to a second contact: 409, "Existing ID: <id>" in the message. */
function conflict(existingId: string, property: string, value: string): SandboxResponse {
	const message =
		property === 'email'
			? `Contact already exists. Existing ID: ${existingId}`
			: `A contact with the unique property ${property} = ${value} already exists. Existing ID: ${existingId}`;
	return { status: 409, json: { status: 'error', message, correlationId: randomUUID(), category: 'CONFLICT' } };
}

/** HubSpot batch answers: 200/201 when clean, 207 Multi-Status when some inputs had errors. */
function batchResult(results: unknown[], errors: unknown[], okStatus: number): SandboxResponse {
	const now = new Date().toISOString();
	return {
		status: errors.length ? 207 : okStatus,
		json: {
			status: 'COMPLETE',
			results,
			...(errors.length ? { numErrors: errors.length, errors } : {}),
			requestedAt: now,
			startedAt: now,
			completedAt: now,
		},
	};
}

/** The emulator of the CRM Push target "hubspot" (found by sandbox/crm/index.ts). */
export const crmEmulator: CrmEmulatorEntry = { name: 'hubspot', create: (state, opts) => new HubSpotEmulator(state, opts) };
