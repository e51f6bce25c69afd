import type { HttpResponse } from '../../../http/types';
import { CrmApiError, CrmUncertainError } from '../../errors';
import type { CrmIo } from '../../http';
import { chunk } from '../../http';
import { refsIn } from '../../lead';
import { failed, notSaved, runBatches, settle } from '../../runner';
import type { Check, Intent } from '../../runner';
import type { FieldValue, LeadResult, PreparedLead, SubResult } from '../../types';
import { conflictResult, decideIdentity, IDENTITY_FIELDS, IdentityIndex, identitiesToCheck, linkWarning } from '../../identity';
import type { IdentityHit } from '../../identity';
import { writableFields } from '../../fillEmpty';
import { outcomeOf } from '../../../common/outcome';

/** Salesforce's composite resource runs at most 25 subrequests per call. */
export const SF_COMPOSITE_LIMIT = 25;
/** Leads looked up per SOQL query (keeps the GET URL far below Salesforce's 16,384-character limit). */
export const SF_QUERY_BATCH = 100;
export const DEFAULT_SF_API_VERSION = '62.0';

export interface SalesforceConfig {
	instanceUrl: string;
	/** Sent as a Bearer header; empty when n8n's OAuth2 helper authenticates the calls. */
	accessToken?: string;
	apiVersion?: string;
	/** External ID field on Lead that holds the match value (Text, External ID, Unique). */
	externalIdField: string;
	/** Let a lead be created although a duplicate rule matches (Sforce-Duplicate-Rule-Header). */
	allowSaveOnDuplicate?: boolean;
}

const HINTS: Record<string, string> = {
	INVALID_SESSION_ID:
		'The Salesforce session expired or the access token is wrong. Reconnect the OAuth2 credential, or paste a fresh access token.',
	REQUEST_LIMIT_EXCEEDED:
		"The org's 24-hour API request limit is used up (Setup → Company Information → API Requests). Nothing was duplicated: run again when the limit resets.",
	DUPLICATE_VALUE:
		'Another lead already holds this value in a Unique field (its Id is in conflictId). Merge the two leads in Salesforce, or correct the lead, then push again.',
	DUPLICATES_DETECTED:
		'A Salesforce duplicate rule matched an existing lead or contact. Merge the records, match on a field the existing record has, or turn on "Allow Save on Duplicate".',
	MULTIPLE_MATCHES:
		'More than one lead has this external ID value. Merge the duplicates in Salesforce (or make the field Unique) so the upsert knows which one to update.',
	REQUIRED_FIELD_MISSING:
		'Salesforce needs LastName and Company on a new lead. Map a name and company, or set a default in Custom Fields (e.g. Company = "[not provided]").',
	INVALID_FIELD:
		'A mapped field does not exist on Lead or is not visible to this user. Create it (see docs/crm-push.md) or change the field mapping.',
	NOT_FOUND: 'The External ID field does not exist on Lead, or is not marked External ID.',
};

/** Upserts leads by external ID, and creates follow-up and activity Tasks, packed into composite calls. */
export async function pushToSalesforce(io: CrmIo, cfg: SalesforceConfig, leads: PreparedLead[]): Promise<LeadResult[]> {
	const sf = new SalesforceApi(io, cfg);
	return runBatches(io, leads, SF_QUERY_BATCH, (part, intent, check) => pushBatch(sf, cfg, part, intent, check));
}

export function sfBase(cfg: SalesforceConfig): string {
	return `/services/data/v${(cfg.apiVersion || DEFAULT_SF_API_VERSION).replace(/^v/, '')}`;
}

export function upsertPath(cfg: SalesforceConfig, value: string): string {
	return `${sfBase(cfg)}/sobjects/Lead/${cfg.externalIdField}/${encodeURIComponent(value)}`;
}

export class SalesforceApi {
	readonly origin: string;
	constructor(
		readonly io: CrmIo,
		private readonly cfg: SalesforceConfig,
	) {
		this.origin = cfg.instanceUrl.replace(/\/+$/, '');
	}

	async call(method: 'GET' | 'POST', path: string, body?: unknown, qs?: Record<string, string>): Promise<HttpResponse> {
		const res = await this.io.send({
			method,
			url: this.origin + path,
			qs,
			headers: {
				...(this.cfg.accessToken ? { authorization: `Bearer ${this.cfg.accessToken}` } : {}),
				...(body ? { 'content-type': 'application/json' } : {}),
			},
			body,
		});
		if (res.status >= 500) throw new CrmUncertainError('salesforce', `Salesforce answered ${res.status} on ${path}`, res.status);
		const err = firstError(res.body);
		if (res.status === 401)
			throw new CrmApiError('salesforce', `Salesforce: ${err.message}`, {
				status: 401,
				code: err.code ?? 'INVALID_SESSION_ID',
				hint: HINTS.INVALID_SESSION_ID,
				fatal: true,
			});
		if (res.status === 403 && err.code === 'REQUEST_LIMIT_EXCEEDED')
			throw new CrmApiError('salesforce', `Salesforce: ${err.message}`, {
				status: 403,
				code: err.code,
				hint: HINTS.REQUEST_LIMIT_EXCEEDED,
				fatal: true,
			});
		if (res.status >= 400)
			throw new CrmApiError('salesforce', `Salesforce ${res.status} ${err.code ?? ''}: ${err.message}`, {
				status: res.status,
				code: err.code,
				hint: err.code ? HINTS[err.code] : undefined,
				fatal: res.status === 403,
			});
		return res;
	}
}

function firstError(body: unknown): { message: string; code?: string } {
	const e = Array.isArray(body) ? body[0] : body;
	if (e && typeof e === 'object') {
		const o = e as Record<string, unknown>;
		return { message: String(o.message ?? 'request rejected'), code: o.errorCode ? String(o.errorCode) : undefined };
	}
	return { message: typeof body === 'string' && body ? body.slice(0, 200) : 'request rejected' };
}

/** SOQL string literal: backslashes and quotes escaped. */
export function soqlString(v: string): string {
	return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const norm = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());
const sameKey = (a: unknown, b: unknown) => norm(a).toLowerCase() === norm(b).toLowerCase();
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const SF_PRIORITY = { HIGH: 'High', MEDIUM: 'Normal', LOW: 'Low' } as const;

/** A Lead row as SOQL returns it: field API name → value (Tasks: the subquery's rows). */
interface SalesforceRecord {
	Id: string;
	Tasks?: { records?: Array<{ Description?: string }> } | null;
	[field: string]: unknown;
}

interface SubRequest {
	method: 'PATCH' | 'POST';
	url: string;
	referenceId: string;
	body: Record<string, FieldValue>;
	httpHeaders?: Record<string, string>;
}

type Job = { lead: PreparedLead; kind: 'lead' } | { lead: PreparedLead; kind: 'task' | 'activity'; ref: string };

/** The Lead fields a push writes (external ID excluded: it is in the URL). */
export function leadBody(cfg: SalesforceConfig, lead: PreparedLead): Record<string, FieldValue> {
	const body: Record<string, FieldValue> = { ...lead.fields, ...(lead.ownerId ? { OwnerId: lead.ownerId } : {}) };
	delete body[cfg.externalIdField];
	return body;
}

export function taskBodies(
	lead: PreparedLead,
	whoId: string,
): Array<{ ref: string; kind: 'task' | 'activity'; body: Record<string, FieldValue> }> {
	const out: Array<{ ref: string; kind: 'task' | 'activity'; body: Record<string, FieldValue> }> = [];
	if (lead.task) {
		const t = lead.task;
		out.push({
			ref: t.ref,
			kind: 'task',
			body: {
				WhoId: whoId,
				Subject: t.subject.slice(0, 255),
				Description: t.body,
				ActivityDate: isoDate(t.dueAt),
				Status: 'Not Started',
				Priority: SF_PRIORITY[t.priority],
				...(t.ownerId ? { OwnerId: t.ownerId } : {}),
			},
		});
	}
	for (const a of lead.activities) {
		out.push({
			ref: a.ref,
			kind: 'activity',
			body: {
				WhoId: whoId,
				Subject: a.subject.slice(0, 255),
				Description: a.body,
				ActivityDate: isoDate(a.at),
				Status: 'Completed',
				Priority: 'Normal',
			},
		});
	}
	return out;
}

async function pushBatch(
	sf: SalesforceApi,
	cfg: SalesforceConfig,
	leads: PreparedLead[],
	intent: Intent,
	check?: Check,
): Promise<LeadResult[]> {
	const base = sfBase(cfg);
	const ext = cfg.externalIdField;
	// 1. One query: current values of the mapped fields and the refs of each lead's tasks.
	const fields = [...new Set(['Id', ext, ...leads.flatMap((l) => Object.keys(leadBody(cfg, l)))])];
	const q = `SELECT ${fields.join(', ')}, (SELECT Id, Description FROM Tasks) FROM Lead WHERE ${ext} IN (${leads.map((l) => soqlString(l.matchValue)).join(', ')})`;
	const found = ((await sf.call('GET', `${base}/query`, undefined, { q })).body as { records?: Array<SalesforceRecord> }).records ?? [];
	// 1b. The leads' other identities (Email, WeCom ID) their own lead lacks: does another lead hold them?
	const ids = await lookUpIdentities(sf, cfg, fields, leads, found);

	// 2. Plan: which leads to write, which tasks are missing.
	const results = new Map<number, LeadResult>();
	const groups: Array<{ lead: PreparedLead; subs: Array<{ sub: SubRequest; job: Job }> }> = [];
	const claimed = new Map<string, string>();
	for (const lead of leads) {
		const matches = found.filter((r) => sameKey(r[ext], lead.matchValue));
		if (matches.length > 1) {
			results.set(
				lead.index,
				failed(
					lead,
					new CrmApiError(
						'salesforce',
						`${matches.length} Salesforce leads have ${ext} = ${lead.matchValue}: ${matches.map((m) => m.Id).join(', ')}`,
						{ status: 300, code: 'MULTIPLE_MATCHES', hint: HINTS.MULTIPLE_MATCHES },
					),
				),
			);
			continue;
		}
		let have = matches[0];
		const identity = decideIdentity(
			lead,
			have?.Id,
			ids.index.hits(identitiesToCheck(lead, IDENTITY_FIELDS.salesforce, ext, have)),
			claimed,
		);
		if (identity.kind === 'conflict') {
			results.set(lead.index, conflictResult(lead, 'Salesforce', 'lead', ext, identity.hit, have?.Id));
			continue;
		}
		let link: IdentityHit | undefined;
		if (identity.kind === 'link') {
			link = identity.hit;
			have = ids.records.get(link.id)!;
		}
		const body = leadBody(cfg, lead);
		const changed = have
			? writableFields(
					lead,
					Object.keys(body).filter((k) => norm(body[k]) !== norm(have![k])),
					(k) => have![k],
				)
			: Object.keys(body);
		const ref = `L${lead.index}`;
		const subs: Array<{ sub: SubRequest; job: Job }> = [];
		const dupHeader = cfg.allowSaveOnDuplicate ? { httpHeaders: { 'Sforce-Duplicate-Rule-Header': 'allowSave=true' } } : {};
		if (link) {
			// Upserting on the external ID would insert a second lead: update the found lead by its Id.
			subs.push({
				job: { lead, kind: 'lead' },
				sub: {
					method: 'PATCH',
					url: `${base}/sobjects/Lead/${encodeURIComponent(have!.Id)}`,
					referenceId: ref,
					body: { ...Object.fromEntries(changed.map((k) => [k, body[k]])), [ext]: lead.matchValue },
					...dupHeader,
				},
			});
			results.set(lead.index, {
				index: lead.index,
				status: 'updated',
				crmId: have!.Id,
				matchValue: lead.matchValue,
				changed: [...changed, ext],
				linkedBy: link.field,
				warnings: [linkWarning('lead', ext, link)],
			});
			if (!check && !intent.has(lead.key)) intent.set(lead.key, 'updated');
		} else if (!have || changed.length) {
			const patch = have ? Object.fromEntries(changed.map((k) => [k, body[k]])) : body;
			subs.push({
				job: { lead, kind: 'lead' },
				sub: {
					method: 'PATCH',
					url: upsertPath(cfg, lead.matchValue),
					referenceId: ref,
					body: patch,
					...(cfg.allowSaveOnDuplicate ? { httpHeaders: { 'Sforce-Duplicate-Rule-Header': 'allowSave=true' } } : {}),
				},
			});
		}
		if (!link) {
			const status = !have ? 'created' : changed.length ? 'updated' : settle(lead, 'skipped', intent);
			results.set(lead.index, {
				index: lead.index,
				status,
				crmId: have?.Id,
				matchValue: lead.matchValue,
				...(have && changed.length ? { changed } : {}),
				...(have && !changed.length ? { reason: 'unchanged' } : {}),
			});
			if (subs.length && !check && !intent.has(lead.key)) intent.set(lead.key, have ? 'updated' : 'created');
		}
		const existingRefs = new Set((have?.Tasks?.records ?? []).flatMap((t) => refsIn(t.Description)));
		const whoId = have?.Id ?? `@{${ref}.id}`;
		taskBodies(lead, whoId).forEach((t, n) => {
			if (existingRefs.has(t.ref)) return report(results, lead, t.kind, { status: 'exists' });
			subs.push({
				job: { lead, kind: t.kind, ref: t.ref },
				sub: { method: 'POST', url: `${base}/sobjects/Task`, referenceId: `${ref}_T${n}`, body: t.body },
			});
		});
		if (subs.length) groups.push({ lead, subs });
	}

	if (check) {
		// Re-read only: a lead or task that still needs a write was not saved.
		for (const { sub, job } of groups.flatMap((g) => g.subs)) {
			if (job.kind === 'lead') results.set(job.lead.index, notSaved(job.lead, check));
			else if (sub)
				report(results, job.lead, job.kind, { status: 'failed', reason: `${check.error.message}; a re-read shows it was not saved` });
		}
		return leads.map((l) => results.get(l.index)!);
	}
	// 3. Composite calls of exactly 25 subrequests (the last may be shorter). A task whose lead was
	// upserted in an earlier call gets that lead's Id instead of the @{ref.id} reference.
	for (const part of chunk(
		groups.flatMap((g) => g.subs),
		SF_COMPOSITE_LIMIT,
	)) {
		const inCall = new Set(part.map((p) => p.sub.referenceId));
		const send = part.filter(({ sub, job }) => {
			const ref = /^@\{(\w+)\.id\}$/.exec(String(sub.body.WhoId ?? ''));
			if (!ref || inCall.has(ref[1])) return true;
			const id = results.get(job.lead.index)?.status !== 'failed' ? results.get(job.lead.index)?.crmId : undefined;
			if (id) sub.body.WhoId = id;
			else report(results, job.lead, job.kind as 'task', { status: 'failed', reason: 'lead was not saved' });
			return !!id;
		});
		await composite(sf, base, send, results);
	}
	for (const l of leads) if (results.get(l.index)?.status === 'failed') intent.delete(l.key);
	return leads.map((l) => results.get(l.index)!);
}

function report(results: Map<number, LeadResult>, lead: PreparedLead, kind: 'lead' | 'task' | 'activity', sub: SubResult): void {
	const r = results.get(lead.index)!;
	if (kind === 'task') r.task = sub;
	else (r.activities ??= []).push(sub);
}

async function composite(
	sf: SalesforceApi,
	base: string,
	items: Array<{ sub: SubRequest; job: Job }>,
	results: Map<number, LeadResult>,
): Promise<void> {
	if (!items.length) return;
	const res = await sf.call('POST', `${base}/composite`, { allOrNone: false, compositeRequest: items.map((i) => i.sub) });
	const subs =
		(res.body as { compositeResponse?: Array<{ referenceId: string; httpStatusCode: number; body: unknown }> }).compositeResponse ?? [];
	const byRef = new Map(subs.map((s) => [s.referenceId, s]));
	for (const { sub, job } of items) {
		const r = byRef.get(sub.referenceId);
		const lead = job.lead;
		if (job.kind === 'lead') {
			if (r && (r.httpStatusCode === 200 || r.httpStatusCode === 201 || r.httpStatusCode === 204)) {
				const prev = results.get(lead.index)!;
				const id = idOf(r.body);
				if (id) prev.crmId = id;
				continue;
			}
			const e =
				r?.httpStatusCode === 300
					? new CrmApiError(
							'salesforce',
							`Several Salesforce leads match ${lead.matchValue}: ${(Array.isArray(r.body) ? r.body : []).join(', ')}`,
							{ status: 300, code: 'MULTIPLE_MATCHES', hint: HINTS.MULTIPLE_MATCHES },
						)
					: subError(r);
			results.set(lead.index, failed(lead, e, conflictIdOf(r)));
			continue;
		}
		if (r?.httpStatusCode === 201) report(results, lead, job.kind, { status: 'created', id: idOf(r.body) ?? '' });
		else {
			const e = subError(r);
			report(results, lead, job.kind, { status: 'failed', reason: e.code === 'PROCESSING_HALTED' ? 'lead was not saved' : e.message });
		}
	}
}

/** The id a subrequest's success body carries (create; upsert by external id). */
function idOf(body: unknown): string | undefined {
	const id = (body as { id?: unknown } | null | undefined)?.id;
	return id ? String(id) : undefined;
}

/** A DUPLICATE_VALUE or DUPLICATES_DETECTED error element: the fields read here. */
interface DuplicateError {
	message?: string;
	duplicateResult?: { matchResults?: Array<{ matchRecords?: Array<{ record?: { Id?: string } }> }> };
}

/** The record a DUPLICATE_VALUE or DUPLICATES_DETECTED answer names. */
function conflictIdOf(r: { httpStatusCode: number; body: unknown } | undefined): { conflictId?: string } {
	const e = Array.isArray(r?.body) ? (r.body[0] as DuplicateError | undefined) : undefined;
	const id =
		/record with id: (\w+)/.exec(String(e?.message ?? ''))?.[1] ?? e?.duplicateResult?.matchResults?.[0]?.matchRecords?.[0]?.record?.Id;
	return id ? { conflictId: String(id) } : {};
}

/** Looks the leads' other identities up: one SOQL query per identity field, for the values to check. */
async function lookUpIdentities(
	sf: SalesforceApi,
	cfg: SalesforceConfig,
	fields: string[],
	leads: PreparedLead[],
	found: Array<SalesforceRecord>,
): Promise<{ index: IdentityIndex; records: Map<string, SalesforceRecord> }> {
	const index = new IdentityIndex();
	const records = new Map<string, SalesforceRecord>();
	const ext = cfg.externalIdField;
	const wanted = new Map<string, Set<string>>();
	for (const l of leads) {
		const own = found.filter((r) => sameKey(r[ext], l.matchValue));
		for (const w of identitiesToCheck(l, IDENTITY_FIELDS.salesforce, ext, own.length === 1 ? own[0] : undefined)) {
			const set = wanted.get(w.field) ?? new Set<string>();
			set.add(w.value);
			wanted.set(w.field, set);
		}
	}
	for (const [field, values] of wanted) {
		const cols = [...new Set([...fields, field])];
		const q = `SELECT ${cols.join(', ')}, (SELECT Id, Description FROM Tasks) FROM Lead WHERE ${field} IN (${[...values].map(soqlString).join(', ')})`;
		const read = await outcomeOf(() => sf.call('GET', `${sfBase(cfg)}/query`, undefined, { q }));
		// The field is not on Lead in this org: nothing can conflict on it.
		if (!read.ok && read.error instanceof CrmApiError && read.error.code === 'INVALID_FIELD') continue;
		if (!read.ok) throw read.error;
		for (const r of (read.value.body as { records?: SalesforceRecord[] }).records ?? []) {
			records.set(String(r.Id), r);
			index.add(field, norm(r[field]), String(r.Id), norm(r[ext]));
		}
	}
	return { index, records };
}

function subError(r: { httpStatusCode: number; body: unknown } | undefined): CrmApiError {
	if (!r) return new CrmApiError('salesforce', 'Salesforce returned no result for this subrequest');
	const e = firstError(r.body);
	return new CrmApiError('salesforce', `Salesforce ${r.httpStatusCode} ${e.code ?? ''}: ${e.message}`, {
		status: r.httpStatusCode,
		code: e.code,
		hint: e.code ? HINTS[e.code] : undefined,
	});
}
