import type { HttpResponse } from '../../../http/types';
import { CrmApiError, CrmUncertainError } from '../../errors';
import type { CrmIo } from '../../http';
import { chunk } from '../../http';
import { refsIn } from '../../lead';
import { HUBSPOT_LIFECYCLE_ORDER } from './stages';
import { bisect, failed, notSaved, runBatches, settle } from '../../runner';
import type { Check, Intent } from '../../runner';
import type { LeadResult, PreparedLead, SubResult } from '../../types';
import {
	conflictResult,
	decideIdentity,
	IDENTITY_CONFLICT,
	IDENTITY_FIELDS,
	IdentityIndex,
	identitiesToCheck,
	linkWarning,
} from '../../identity';
import type { IdentityHit } from '../../identity';
import { writableFields } from '../../fillEmpty';

export const DEFAULT_HUBSPOT_BASE_URL = 'https://api.hubapi.com';
/** HubSpot's CRM batch endpoints take at most 100 inputs; association batch reads 1,000. */
export const HUBSPOT_BATCH_LIMIT = 100;
export const HUBSPOT_ASSOCIATION_READ_LIMIT = 1000;
/** HubSpot-defined association type IDs (v4): note → contact and task → contact. */
export const NOTE_TO_CONTACT = 202;
export const TASK_TO_CONTACT = 204;

export interface HubSpotConfig {
	token: string;
	baseUrl?: string;
	/** Unique contact property to upsert on: `email` or a custom unique-value property. */
	idProperty: string;
	/** HubSpot ignores a backward lifecycle move; `clear` empties the stage first so the move sticks. */
	lifecycleBackward: 'keep' | 'clear';
}

const HINTS = {
	auth: 'The private app token is invalid or was rotated. Copy it again from HubSpot → Settings → Integrations → Private Apps into the credential.',
	scopes: 'The private app lacks a scope. Give it crm.objects.contacts.read and .write (tasks and notes use the same contact scopes).',
	daily:
		"HubSpot's daily API limit is used up; it resets at midnight in the account's time zone. Nothing was duplicated: run again tomorrow.",
	property:
		"Create the missing contact property in HubSpot (Settings → Properties), or change the field mapping. docs/crm-push.md lists the pack's properties.",
};

/** Pushes leads as contacts with batch upserts, then creates missing tasks and notes. */
export async function pushToHubSpot(io: CrmIo, cfg: HubSpotConfig, leads: PreparedLead[]): Promise<LeadResult[]> {
	const hs = new HubSpotApi(io, cfg);
	return runBatches(io, leads, HUBSPOT_BATCH_LIMIT, (part, intent, check) => pushBatch(hs, cfg, part, intent, check));
}

export class HubSpotApi {
	private readonly base: string;
	constructor(
		readonly io: CrmIo,
		private readonly cfg: HubSpotConfig,
	) {
		this.base = (cfg.baseUrl || DEFAULT_HUBSPOT_BASE_URL).replace(/\/+$/, '');
	}

	/** One call with HubSpot's rate-limit rules; 2xx and 4xx other than auth/limits are returned. */
	async post(path: string, body: unknown): Promise<HttpResponse> {
		return this.call('POST', path, body);
	}

	/** A read (GET with query parameters); `scopeHint` names the scope this read needs when refused. */
	async get(path: string, qs: Record<string, string>, scopeHint = HINTS.scopes): Promise<HttpResponse> {
		return this.call('GET', path, undefined, qs, scopeHint);
	}

	private async call(method: 'GET' | 'POST', path: string, body?: unknown, qs?: Record<string, string>, scopeHint = HINTS.scopes) {
		for (;;) {
			const res = await this.io.send({
				method,
				url: this.base + path,
				qs,
				headers: { authorization: `Bearer ${this.cfg.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
				body,
			});
			const b = (res.body ?? {}) as HubSpotErrorBody;
			if (res.status === 429) {
				if (b.policyName === 'DAILY')
					throw new CrmApiError('hubspot', `HubSpot daily limit reached: ${b.message ?? ''}`, {
						status: 429,
						code: 'DAILY',
						hint: HINTS.daily,
						fatal: true,
					});
				// TEN_SECONDLY_ROLLING (and unnamed bursts): wait as told, then resend — a 429 was not processed.
				await this.io.waitOutRateLimit(res, 'HubSpot');
				continue;
			}
			if (res.status === 401)
				throw new CrmApiError('hubspot', `HubSpot rejected the token: ${b.message ?? ''}`, {
					status: 401,
					code: 'UNAUTHORIZED',
					hint: HINTS.auth,
					fatal: true,
				});
			if (res.status === 403)
				throw new CrmApiError('hubspot', `HubSpot refused the call: ${b.message ?? ''}`, {
					status: 403,
					code: String(b.category ?? 'FORBIDDEN'),
					hint: scopeHint,
					fatal: true,
				});
			if (res.status >= 500) throw new CrmUncertainError('hubspot', `HubSpot answered ${res.status} on ${path}`, res.status);
			return res;
		}
	}
}

/** HubSpot's documented error body: the fields read here. */
interface HubSpotErrorBody {
	message?: string;
	category?: string;
	policyName?: string;
}

/** The `results` of a HubSpot batch answer (none when the body has no such array). */
function resultsOf<T>(body: unknown): T[] {
	const results = (body as { results?: unknown } | null | undefined)?.results;
	return Array.isArray(results) ? (results as T[]) : [];
}

interface Existing {
	id: string;
	props: Record<string, string | null>;
}

const norm = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());
const keyOf = (idProperty: string, v: unknown) => (idProperty === 'email' ? norm(v).toLowerCase() : norm(v));

async function pushBatch(hs: HubSpotApi, cfg: HubSpotConfig, leads: PreparedLead[], intent: Intent, check?: Check): Promise<LeadResult[]> {
	const idp = cfg.idProperty;
	const wanted = (l: PreparedLead) => ({ ...l.fields, ...(l.ownerId ? { hubspot_owner_id: l.ownerId } : {}) });

	// 1. Read what HubSpot has (one call per 100): decides create/update/unchanged and the stage rule.
	const properties = [...new Set([idp, 'lifecyclestage', ...leads.flatMap((l) => Object.keys(wanted(l)))])];
	const read = await hs.post('/crm/v3/objects/contacts/batch/read', {
		idProperty: idp,
		properties,
		inputs: leads.map((l) => ({ id: l.matchValue })),
	});
	if (read.status >= 400) throw batchError(read, 'reading contacts');
	const existing = new Map<string, Existing>();
	for (const r of resultsOf<{ id: string; properties: Record<string, string | null> }>(read.body)) {
		existing.set(keyOf(idp, r.properties?.[idp]), { id: String(r.id), props: r.properties ?? {} });
	}
	// 1b. The leads' other identities (email, WeCom ID) their own contact lacks: does another contact hold them?
	const ids = await lookUpIdentities(hs, idp, properties, leads, existing);

	// 2. Plan each lead.
	const results = new Map<number, LeadResult>();
	const toClear: Array<{ id: string }> = [];
	const upserts: Array<{ lead: PreparedLead; properties: Record<string, string> }> = [];
	const contactId = new Map<number, string>();
	const byId: Array<{ lead: PreparedLead; id: string; properties: Record<string, string> }> = [];
	const linked = new Set<number>();
	const claimed = new Map<string, string>();
	for (const lead of leads) {
		let have = existing.get(keyOf(idp, lead.matchValue));
		const props = Object.fromEntries(Object.entries(wanted(lead)).map(([k, v]) => [k, String(v)]));
		const warnings: string[] = [];
		const identity = decideIdentity(
			lead,
			have?.id,
			ids.index.hits(identitiesToCheck(lead, IDENTITY_FIELDS.hubspot, idp, have?.props)),
			claimed,
		);
		if (identity.kind === 'conflict') {
			results.set(lead.index, conflictResult(lead, 'HubSpot', 'contact', idp, identity.hit, have?.id));
			continue;
		}
		let link: IdentityHit | undefined;
		if (identity.kind === 'link') {
			link = identity.hit;
			have = ids.records.get(link.id)!;
			linked.add(lead.index);
			warnings.push(linkWarning('contact', idp, link));
		}
		const stage = props.lifecyclestage;
		const current = norm(have?.props.lifecyclestage);
		if (
			stage &&
			current &&
			!lead.fillEmptyOnly &&
			HUBSPOT_LIFECYCLE_ORDER.indexOf(stage) >= 0 &&
			HUBSPOT_LIFECYCLE_ORDER.indexOf(stage) < HUBSPOT_LIFECYCLE_ORDER.indexOf(current)
		) {
			if (cfg.lifecycleBackward === 'keep') {
				delete props.lifecyclestage;
				warnings.push(
					`Lifecycle stage stays "${current}": HubSpot does not move a stage backward (wanted "${stage}"). Choose "Clear, Then Set" to force it.`,
				);
			} else toClear.push({ id: have!.id });
		}
		if (!have) {
			upserts.push({ lead, properties: props });
			results.set(lead.index, { index: lead.index, status: 'created', matchValue: lead.matchValue, warnings });
			continue;
		}
		contactId.set(lead.index, have.id);
		const changed = writableFields(
			lead,
			Object.keys(props).filter((k) => (k !== idp || link) && norm(props[k]) !== norm(have!.props[k])),
			(k) => have!.props[k],
		);
		if (link) {
			// Upserting on the match value would create a second contact: write by the record's ID.
			const linkProps = { ...Object.fromEntries(changed.map((k) => [k, props[k]])), [idp]: lead.matchValue };
			byId.push({ lead, id: have.id, properties: linkProps });
			results.set(lead.index, {
				index: lead.index,
				status: 'updated',
				crmId: have.id,
				matchValue: lead.matchValue,
				changed: [...new Set([...changed, idp])],
				linkedBy: link.field,
				warnings,
			});
			continue;
		}
		if (changed.length) {
			upserts.push({ lead, properties: Object.fromEntries(changed.map((k) => [k, props[k]])) });
			results.set(lead.index, { index: lead.index, status: 'updated', crmId: have.id, matchValue: lead.matchValue, changed, warnings });
		} else {
			results.set(lead.index, {
				index: lead.index,
				status: settle(lead, 'skipped', intent),
				crmId: have.id,
				matchValue: lead.matchValue,
				reason: 'unchanged',
				warnings,
			});
		}
	}
	if (check) {
		// Re-read only: a contact that still needs a write was not saved.
		for (const u of [...upserts, ...byId])
			results.set(u.lead.index, { ...notSaved(u.lead, check), warnings: results.get(u.lead.index)?.warnings });
		upserts.length = byId.length = toClear.length = 0;
	}
	for (const u of [...upserts, ...byId])
		if (!intent.has(u.lead.key)) intent.set(u.lead.key, results.get(u.lead.index)!.status as 'created' | 'updated');

	// 3. Backward stage moves the user asked to force: clear, so that the upsert's value sticks.
	if (toClear.length) {
		const res = await hs.post('/crm/v3/objects/contacts/batch/update', {
			inputs: toClear.map((c) => ({ id: c.id, properties: { lifecyclestage: '' } })),
		});
		if (res.status >= 400) throw batchError(res, 'clearing lifecycle stages');
	}

	// 4. Upsert new and changed contacts; a rejected batch is split to isolate the bad contacts.
	await bisect(
		upserts,
		async (part) => {
			const res = await hs.post('/crm/v3/objects/contacts/batch/upsert', {
				inputs: part.map((u) => ({ idProperty: idp, id: u.lead.matchValue, properties: u.properties })),
			});
			if (res.status >= 400) return { ok: false, ...describe(res) };
			const byKey = new Map<string, string>();
			for (const r of resultsOf<{ id: string; properties?: Record<string, string> }>(res.body))
				byKey.set(keyOf(idp, r.properties?.[idp]), String(r.id));
			part.forEach((u, i) => {
				const id = byKey.get(keyOf(idp, u.lead.matchValue)) ?? String(resultsOf<{ id?: string }>(res.body)[i]?.id ?? '');
				if (id) {
					contactId.set(u.lead.index, id);
					results.get(u.lead.index)!.crmId = id;
				}
			});
			return { ok: true };
		},
		(u, reason, code) => {
			results.set(u.lead.index, writeFailure(u.lead, reason, code, results.get(u.lead.index)?.warnings));
			intent.delete(u.lead.key);
		},
	);
	// 4b. Leads linked to a contact found by another identity: update that contact by its ID.
	for (const part of chunk(byId, HUBSPOT_BATCH_LIMIT)) {
		await bisect(
			part,
			async (p) => {
				const res = await hs.post('/crm/v3/objects/contacts/batch/update', {
					inputs: p.map((u) => ({ id: u.id, properties: u.properties })),
				});
				return res.status >= 400 ? { ok: false, ...describe(res) } : { ok: true };
			},
			(u, reason, code) => {
				results.set(u.lead.index, writeFailure(u.lead, reason, code, results.get(u.lead.index)?.warnings));
				contactId.delete(u.lead.index);
				intent.delete(u.lead.key);
			},
		);
	}

	// 5. Tasks and notes, each created once: refs already on the contact's tasks/notes are skipped.
	const live = leads.filter((l) => contactId.has(l.index) && results.get(l.index)!.status !== 'failed');
	const needTasks = live.filter((l) => l.task);
	const needNotes = live.filter((l) => l.activities.length);
	const knownContacts = (ls: PreparedLead[]) =>
		ls.filter((l) => existing.has(keyOf(idp, l.matchValue)) || linked.has(l.index)).map((l) => contactId.get(l.index)!);
	const taskRefs = await refsOnContacts(hs, 'tasks', 'hs_task_body', knownContacts(needTasks));
	const noteRefs = await refsOnContacts(hs, 'notes', 'hs_note_body', knownContacts(needNotes));

	const taskInputs = needTasks
		.filter((l) => !taskRefs.get(contactId.get(l.index)!)?.has(l.task!.ref))
		.map((l) => ({
			lead: l,
			ref: l.task!.ref,
			input: {
				properties: {
					hs_timestamp: new Date(l.task!.dueAt).toISOString(),
					hs_task_subject: l.task!.subject,
					hs_task_body: l.task!.body,
					hs_task_status: 'NOT_STARTED',
					hs_task_priority: l.task!.priority,
					hs_task_type: 'TODO',
					...(l.task!.ownerId ? { hubspot_owner_id: l.task!.ownerId } : {}),
				},
				associations: [
					{ to: { id: contactId.get(l.index)! }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_CONTACT }] },
				],
			},
		}));
	for (const l of needTasks) if (taskRefs.get(contactId.get(l.index)!)?.has(l.task!.ref)) results.get(l.index)!.task = { status: 'exists' };
	await createObjects(hs, 'tasks', 'hs_task_body', taskInputs, (lead, sub) => (results.get(lead.index)!.task = sub), check);

	const noteInputs = needNotes.flatMap((l) =>
		l.activities.map((a) => ({
			lead: l,
			ref: a.ref,
			exists: noteRefs.get(contactId.get(l.index)!)?.has(a.ref) ?? false,
			input: {
				properties: { hs_timestamp: new Date(a.at).toISOString(), hs_note_body: a.body },
				associations: [
					{ to: { id: contactId.get(l.index)! }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_TO_CONTACT }] },
				],
			},
		})),
	);
	for (const n of noteInputs.filter((x) => x.exists)) (results.get(n.lead.index)!.activities ??= []).push({ status: 'exists' });
	await createObjects(
		hs,
		'notes',
		'hs_note_body',
		noteInputs.filter((x) => !x.exists),
		(lead, sub) => (results.get(lead.index)!.activities ??= []).push(sub),
		check,
	);

	return leads.map((l) => {
		const r = results.get(l.index)!;
		if (!r.warnings?.length) delete r.warnings;
		return r;
	});
}

/** Refs found in the bodies of the tasks/notes associated with these contacts. */
async function refsOnContacts(
	hs: HubSpotApi,
	objectType: 'tasks' | 'notes',
	bodyProp: string,
	contactIds: string[],
): Promise<Map<string, Set<string>>> {
	const out = new Map<string, Set<string>>();
	if (!contactIds.length) return out;
	const owner = new Map<string, string>();
	for (const part of chunk(contactIds, HUBSPOT_ASSOCIATION_READ_LIMIT)) {
		const res = await hs.post(`/crm/v4/associations/contacts/${objectType}/batch/read`, { inputs: part.map((id) => ({ id })) });
		if (res.status >= 400) throw batchError(res, `reading ${objectType} associations`);
		for (const r of resultsOf<{ from: { id: string }; to: Array<{ toObjectId: string | number }> }>(res.body)) {
			for (const t of r.to ?? []) owner.set(String(t.toObjectId), String(r.from.id));
		}
	}
	for (const part of chunk([...owner.keys()], HUBSPOT_BATCH_LIMIT)) {
		const res = await hs.post(`/crm/v3/objects/${objectType}/batch/read`, { properties: [bodyProp], inputs: part.map((id) => ({ id })) });
		if (res.status >= 400) throw batchError(res, `reading ${objectType}`);
		for (const r of resultsOf<{ id: string; properties: Record<string, string> }>(res.body)) {
			const contact = owner.get(String(r.id));
			if (!contact) continue;
			const set = out.get(contact) ?? new Set<string>();
			refsIn(r.properties?.[bodyProp]).forEach((ref) => set.add(ref));
			out.set(contact, set);
		}
	}
	return out;
}

async function createObjects(
	hs: HubSpotApi,
	objectType: 'tasks' | 'notes',
	bodyProp: string,
	inputs: Array<{ lead: PreparedLead; ref: string; input: { properties: Record<string, string> } }>,
	report: (lead: PreparedLead, sub: SubResult) => void,
	check?: Check,
): Promise<void> {
	if (check)
		return inputs.forEach((x) => report(x.lead, { status: 'failed', reason: `${check.error.message}; a re-read shows it was not saved` }));
	for (const part of chunk(inputs, HUBSPOT_BATCH_LIMIT)) {
		await bisect(
			part,
			async (p) => {
				const res = await hs.post(`/crm/v3/objects/${objectType}/batch/create`, { inputs: p.map((x) => x.input) });
				if (res.status >= 400) return { ok: false, ...describe(res) };
				const byRef = new Map<string, string>();
				for (const r of resultsOf<{ id: string; properties: Record<string, string> }>(res.body)) {
					refsIn(r.properties?.[bodyProp]).forEach((ref) => byRef.set(ref, String(r.id)));
				}
				p.forEach((x) => report(x.lead, { status: 'created', id: byRef.get(x.ref) }));
				return { ok: true };
			},
			(x, reason) => report(x.lead, { status: 'failed', reason }),
		);
	}
}

/** HubSpot's documented error body: status, message, correlationId, category (the code we report). */
function describe(res: HttpResponse): { reason: string; code?: string } {
	const b = (res.body ?? {}) as HubSpotErrorBody;
	return { reason: `HubSpot ${res.status}: ${String(b.message ?? 'request rejected')}`, code: String(b.category ?? res.status) };
}

/** A contact write HubSpot refused; a unique-value conflict names the contact that holds the value. */
function writeFailure(lead: PreparedLead, reason: string, code: string | undefined, warnings?: string[]): LeadResult {
	const existingId = code === 'CONFLICT' ? /Existing ID: (\d+)/.exec(reason)?.[1] : undefined;
	if (existingId) {
		const hint = `Another HubSpot contact (${existingId}) already has this email or unique property value. Merge the two contacts in HubSpot, or correct the lead, then push again.`;
		return failed(
			lead,
			new CrmApiError('hubspot', `${reason}; nothing was written for this lead`, { status: 409, code: IDENTITY_CONFLICT, hint }),
			{ warnings, conflictId: existingId },
		);
	}
	const hint = /PROPERTY_DOESNT_EXIST|does not exist/i.test(reason) ? HINTS.property : undefined;
	return failed(lead, new CrmApiError('hubspot', reason, { code, hint }), { warnings });
}

/** Looks the leads' other identities up (one batch read per identity property). */
async function lookUpIdentities(
	hs: HubSpotApi,
	idp: string,
	properties: string[],
	leads: PreparedLead[],
	existing: Map<string, Existing>,
): Promise<{ index: IdentityIndex; records: Map<string, Existing> }> {
	const index = new IdentityIndex();
	const records = new Map<string, Existing>();
	const wanted = new Map<string, Set<string>>();
	for (const l of leads) {
		for (const w of identitiesToCheck(l, IDENTITY_FIELDS.hubspot, idp, existing.get(keyOf(idp, l.matchValue))?.props)) {
			const set = wanted.get(w.field) ?? new Set<string>();
			set.add(w.field === 'email' ? w.value.toLowerCase() : w.value);
			wanted.set(w.field, set);
		}
	}
	for (const [field, values] of wanted) {
		const res = await hs.post('/crm/v3/objects/contacts/batch/read', {
			idProperty: field,
			properties: [...new Set([...properties, field])],
			inputs: [...values].map((id) => ({ id })),
		});
		// 400: the property is not unique in this portal (or does not exist), so HubSpot cannot refuse it either.
		if (res.status === 400) continue;
		if (res.status >= 400) throw batchError(res, `looking contacts up by ${field}`);
		for (const r of resultsOf<{ id: string; properties: Record<string, string | null> }>(res.body)) {
			const id = String(r.id);
			records.set(id, { id, props: r.properties ?? {} });
			index.add(field, norm(r.properties?.[field]), id, norm(r.properties?.[idp]));
		}
	}
	return { index, records };
}

function batchError(res: HttpResponse, what: string): CrmApiError {
	const d = describe(res);
	return new CrmApiError('hubspot', `${d.reason} (while ${what})`, { status: res.status, code: d.code });
}
