import { createHash } from 'crypto';
import { dropToken, getCachedToken } from '../../../common/tokenCache';
import { CrmApiError, CrmUncertainError } from '../../errors';
import type { CrmIo } from '../../http';
import { displayName } from '../../lead';
import { failed, notSaved, runBatches, settle } from '../../runner';
import type { Check, Intent } from '../../runner';
import type { FieldValue, LeadResult, PreparedLead } from '../../types';
import { conflictResult, decideIdentity, IDENTITY_FIELDS, IdentityIndex, identitiesToCheck, linkWarning } from '../../identity';
import type { IdentityHit } from '../../identity';
import { writableFields } from '../../fillEmpty';
import { outcomeOf } from '../../../common/outcome';

export const DEFAULT_FXIAOKE_BASE_URL = 'https://open.fxiaoke.com';
/** A query returns at most 100 rows, so one duplicate search covers 100 leads. */
export const FXIAOKE_QUERY_LIMIT = 100;
/** Fxiaoke allows 100 calls per 20 s per interface. */
export const FXIAOKE_PACE = { calls: 100, windowMs: 20000 };
/** corpAccessToken expired or invalid: fetch a new one and retry once. */
export const FXIAOKE_TOKEN_EXPIRED = 20016;
/** The day's API quota is used up (30003: no API quota bought). */
export const FXIAOKE_QUOTA_CODES = new Set([30002, 30003]);

export interface FxiaokeConfig {
	appId: string;
	appSecret: string;
	permanentCode: string;
	/** The acting CRM user (FSUID_...); their data permissions apply. */
	currentOpenUserId: string;
	baseUrl?: string;
	/** LeadsObj field the duplicate search matches on: email, mobile or a custom field. */
	matchField: string;
	/** Whether creates and updates start Fxiaoke workflows (its default is true). */
	triggerWorkFlow?: boolean;
	/** Pace calls under Fxiaoke's 100 per 20 s per interface (default on). */
	pace?: boolean;
}

const HINTS: Record<number, string> = {
	[FXIAOKE_TOKEN_EXPIRED]:
		'The corpAccessToken expired or is invalid; the node fetched a new one once. If this persists check App ID, App Secret and Permanent Code.',
	30002: "The company's Fxiaoke API quota for today is used up. Ask the Fxiaoke admin; nothing was duplicated, run again tomorrow.",
	30003: 'The company has no Fxiaoke OpenAPI quota. The Fxiaoke admin has to buy or enable it.',
	10006: 'App ID, App Secret or Permanent Code is wrong. Copy them again from the Fxiaoke open platform (开放平台) app settings.',
	// 20014, 20020 and 20023: Fxiaoke's global return codes for an app without access to staff, company or department data.
	20014:
		"The app may not read this employee's data. A Fxiaoke admin has to grant the app access to the address book (通讯录) in the admin console.",
	20020: "The app may not read the company's data. A Fxiaoke admin has to authorise the app for the company.",
	20023:
		'The app may not read the address book (通讯录) departments. A Fxiaoke admin has to grant the app access to the whole company in the admin console.',
};

interface Session {
	token: string;
	corpId: string;
	cacheValue: string;
	cacheKey: string;
}

/** Pushes leads to Fxiaoke LeadsObj: duplicate search per 100, then create or update each lead. */
export async function pushToFxiaoke(io: CrmIo, cfg: FxiaokeConfig, leads: PreparedLead[]): Promise<LeadResult[]> {
	const fx = new FxiaokeApi(io, cfg);
	return runBatches(io, leads, FXIAOKE_QUERY_LIMIT, (part, intent, check) => pushBatch(fx, cfg, part, intent, check));
}

const paceLog = new Map<string, number[]>();

/** A record as Fxiaoke's data query returns it: field API name → value. */
type FxiaokeRecord = Record<string, unknown>;

/** A Fxiaoke answer (errorCode 0 is success): the fields read here. */
interface FxiaokeAnswer {
	errorCode?: number | string;
	errorMessage?: string;
	errorDescription?: string;
	traceId?: string;
	corpAccessToken?: unknown;
	corpId?: string;
	expiresIn?: number;
	dataId?: string;
	data?: { dataList?: FxiaokeRecord[] };
	userList?: Array<{ openUserId?: string; name?: string; nickName?: string }>;
}

export class FxiaokeApi {
	readonly base: string;
	private readonly key: string;
	constructor(
		readonly io: CrmIo,
		private readonly cfg: FxiaokeConfig,
	) {
		this.base = (cfg.baseUrl || DEFAULT_FXIAOKE_BASE_URL).replace(/\/+$/, '');
		const secret = createHash('sha256').update(`${cfg.appSecret}|${cfg.permanentCode}`).digest('hex').slice(0, 16);
		this.key = `fxiaoke|${this.base}|${cfg.appId}|${secret}`;
	}

	/** Fetches a corpAccessToken (no cache): used by the credential test. */
	async fetchToken(): Promise<{ token: string; corpId: string; expiresInSec: number }> {
		const b = await this.post('/cgi/corpAccessToken/get/V2', {
			appId: this.cfg.appId,
			appSecret: this.cfg.appSecret,
			permanentCode: this.cfg.permanentCode,
		});
		const code = Number(b.errorCode ?? -1);
		if (code !== 0 || typeof b.corpAccessToken !== 'string') throw apiError(code, b, '/cgi/corpAccessToken/get/V2', true);
		return { token: b.corpAccessToken, corpId: String(b.corpId), expiresInSec: Number(b.expiresIn ?? 7200) };
	}

	private async session(): Promise<Session> {
		const cacheValue = await getCachedToken(this.key, async () => {
			const t = await this.fetchToken();
			return { token: JSON.stringify({ token: t.token, corpId: t.corpId }), expiresInSec: t.expiresInSec };
		});
		const { token, corpId } = JSON.parse(cacheValue) as { token: string; corpId: string };
		return { token, corpId, cacheValue, cacheKey: this.key };
	}

	/** A CRM call with the common parameters; 20016 refreshes the token and retries once. */
	async crm(path: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<FxiaokeAnswer> {
		return this.call(path, { currentOpenUserId: this.cfg.currentOpenUserId, ...extra, data });
	}

	/** Any call with the token and corpId (address book calls take their fields flat, without `data`). */
	async call(path: string, fields: Record<string, unknown>): Promise<FxiaokeAnswer> {
		for (let retried = false; ; retried = true) {
			const s = await this.session();
			const b = await this.post(path, { corpAccessToken: s.token, corpId: s.corpId, ...fields });
			const code = Number(b.errorCode ?? -1);
			if (code === 0) return b;
			if (code === FXIAOKE_TOKEN_EXPIRED && !retried) {
				dropToken(s.cacheKey, s.cacheValue);
				continue;
			}
			throw apiError(code, b, path, FXIAOKE_QUOTA_CODES.has(code) || code === FXIAOKE_TOKEN_EXPIRED);
		}
	}

	private async post(path: string, body: unknown): Promise<FxiaokeAnswer> {
		await this.pace(path);
		const res = await this.io.send({ method: 'POST', url: this.base + path, headers: { 'content-type': 'application/json' }, body }, path);
		if (res.status >= 500) throw new CrmUncertainError('fxiaoke', `Fxiaoke answered ${res.status} on ${path}`, res.status);
		if (typeof res.body !== 'object' || res.body === null)
			throw new CrmApiError('fxiaoke', `Fxiaoke answered ${res.status} with a non-JSON body on ${path}`, { status: res.status });
		return res.body as FxiaokeAnswer;
	}

	/**
	 * Waits so this interface stays under 100 calls per 20 s (per process; an optimisation). When
	 * the node paces the io (its Rate Limit option), that window applies per interface instead.
	 */
	private async pace(path: string): Promise<void> {
		if (this.cfg.pace === false || this.io.paced) return;
		const k = `${this.base}${path}`;
		const log = paceLog.get(k) ?? [];
		const now = this.io.now();
		while (log.length && log[0] <= now - FXIAOKE_PACE.windowMs) log.shift();
		if (log.length >= FXIAOKE_PACE.calls) await this.io.sleep(log[0] + FXIAOKE_PACE.windowMs - now);
		log.push(this.io.now());
		paceLog.set(k, log);
	}
}

export function clearFxiaokePacing(): void {
	paceLog.clear();
}

function apiError(code: number, b: FxiaokeAnswer, path: string, fatal: boolean): CrmApiError {
	return new CrmApiError(
		'fxiaoke',
		`Fxiaoke error ${code} on ${path}: ${String(b.errorMessage ?? b.errorDescription ?? '')}${b.traceId ? ` (traceId ${b.traceId})` : ''}`,
		{
			code: String(code),
			hint: HINTS[code] ?? 'See the Fxiaoke open platform error code table for this errorCode.',
			fatal,
		},
	);
}

/** Looks the leads' other identities up: one query (IN filter) per identity field. */
async function lookUpIdentities(
	fx: FxiaokeApi,
	cfg: FxiaokeConfig,
	leads: PreparedLead[],
	rows: Array<FxiaokeRecord>,
): Promise<{ index: IdentityIndex; records: Map<string, FxiaokeRecord> }> {
	const index = new IdentityIndex();
	const records = new Map<string, FxiaokeRecord>();
	const wanted = new Map<string, Set<string>>();
	for (const l of leads) {
		const own = rows.filter((r) => norm(r[cfg.matchField]).toLowerCase() === l.matchValue.toLowerCase());
		for (const w of identitiesToCheck(l, IDENTITY_FIELDS.fxiaoke, cfg.matchField, own.length === 1 ? own[0] : undefined)) {
			const set = wanted.get(w.field) ?? new Set<string>();
			set.add(w.value);
			wanted.set(w.field, set);
		}
	}
	for (const [field, values] of wanted) {
		const res = await fx.crm('/cgi/crm/v2/data/query', {
			dataObjectApiName: 'LeadsObj',
			search_query_info: {
				limit: FXIAOKE_QUERY_LIMIT,
				offset: 0,
				filters: [{ field_name: field, field_values: [...values], operator: 'IN' }],
				orders: [],
			},
		});
		for (const r of ((res.data?.dataList ?? []) as Array<FxiaokeRecord>).filter((x) => x.is_deleted !== true)) {
			records.set(String(r._id), r);
			index.add(field, norm(r[field]), String(r._id), norm(r[cfg.matchField]));
		}
	}
	return { index, records };
}

/** LeadsObj fields for a lead: mapped fields, the match field, a name (required) and the owner. */
export function objectData(cfg: FxiaokeConfig, lead: PreparedLead): Record<string, FieldValue | string[]> {
	const data: Record<string, FieldValue | string[]> = {};
	// Fxiaoke takes numbers and money as strings.
	for (const [k, v] of Object.entries(lead.fields)) data[k] = typeof v === 'number' ? String(v) : v;
	data[cfg.matchField] = lead.matchValue;
	if (!data.name) data.name = displayName(lead.lead);
	return data;
}

const norm = (v: unknown) => (v === undefined || v === null ? '' : Array.isArray(v) ? v.join(',') : String(v).trim());

async function pushBatch(fx: FxiaokeApi, cfg: FxiaokeConfig, leads: PreparedLead[], intent: Intent, check?: Check): Promise<LeadResult[]> {
	// 1. Duplicate search (查重): every LeadsObj whose match field holds one of these values.
	const res = await fx.crm('/cgi/crm/v2/data/query', {
		dataObjectApiName: 'LeadsObj',
		search_query_info: {
			limit: FXIAOKE_QUERY_LIMIT,
			offset: 0,
			filters: [{ field_name: cfg.matchField, field_values: leads.map((l) => l.matchValue), operator: 'IN' }],
			orders: [],
		},
	});
	const rows = ((res.data?.dataList ?? []) as Array<FxiaokeRecord>).filter((r) => r.is_deleted !== true);
	// 1b. The leads' other identities (email, mobile, WeCom ID) their own lead lacks: does another lead hold them?
	const ids = await lookUpIdentities(fx, cfg, leads, rows);
	const out: LeadResult[] = [];
	const claimed = new Map<string, string>();
	for (const lead of leads) {
		const matches = rows.filter((r) => norm(r[cfg.matchField]).toLowerCase() === lead.matchValue.toLowerCase());
		if (matches.length > 1) {
			out.push(
				failed(
					lead,
					new CrmApiError(
						'fxiaoke',
						`${matches.length} Fxiaoke leads have ${cfg.matchField} = ${lead.matchValue}: ${matches.map((m) => m._id).join(', ')}`,
						{ code: 'MULTIPLE_MATCHES', hint: 'Merge the duplicate leads in Fxiaoke (线索查重), then push again.' },
					),
				),
			);
			continue;
		}
		let have: FxiaokeRecord | undefined = matches[0];
		const identity = decideIdentity(
			lead,
			have ? String(have._id) : undefined,
			ids.index.hits(identitiesToCheck(lead, IDENTITY_FIELDS.fxiaoke, cfg.matchField, have)),
			claimed,
		);
		if (identity.kind === 'conflict') {
			out.push(conflictResult(lead, 'Fxiaoke', 'lead', cfg.matchField, identity.hit, have ? String(have._id) : undefined));
			continue;
		}
		const link = identity.kind === 'link' ? identity.hit : undefined;
		if (link) have = ids.records.get(link.id);
		const data = objectData(cfg, lead);
		// `name` is not compared: Fxiaoke users often edit it, and the owner changes only through changeOwner.
		const changedOnOwn =
			have && !link
				? writableFields(
						lead,
						Object.keys(data).filter((k) => k !== 'name' && k !== cfg.matchField && norm(data[k]) !== norm(have![k])),
						(k) => have![k],
					)
				: [];
		if (check && (link || !have || changedOnOwn.length)) {
			out.push(notSaved(lead, check));
			continue;
		}
		const written = await outcomeOf(() => writeLead(fx, cfg, { lead, data, have, link, changedOnOwn, intent }));
		if (written.ok) {
			out.push(written.value);
			continue;
		}
		// No answer, or a refusal that stops every lead (token, quota): the batch stops here.
		if (written.error instanceof CrmUncertainError || (written.error instanceof CrmApiError && written.error.fatal)) throw written.error;
		intent.delete(lead.key);
		out.push(failed(lead, written.error));
	}
	return out;
}

/** Writes one lead (update the linked or own lead, or create it) and tells what happened. */
async function writeLead(
	fx: FxiaokeApi,
	cfg: FxiaokeConfig,
	w: {
		lead: PreparedLead;
		data: Record<string, FieldValue | string[]>;
		have: FxiaokeRecord | undefined;
		link: IdentityHit | undefined;
		changedOnOwn: string[];
		intent: Intent;
	},
): Promise<LeadResult> {
	const { lead, data, have, link, changedOnOwn, intent } = w;
	const flow = { triggerWorkFlow: cfg.triggerWorkFlow ?? false };
	if (link && have) {
		// Creating would trip the duplicate rule (查重): update the found lead and give it the match value.
		const changed = Object.keys(data).filter((k) => k !== 'name' && norm(data[k]) !== norm(have![k]));
		if (!intent.has(lead.key)) intent.set(lead.key, 'updated');
		await fx.crm(
			'/cgi/crm/v2/data/update',
			{ object_data: { dataObjectApiName: 'LeadsObj', _id: have._id, ...Object.fromEntries(changed.map((k) => [k, data[k]])) } },
			flow,
		);
		return {
			index: lead.index,
			status: 'updated',
			crmId: String(have._id),
			matchValue: lead.matchValue,
			changed,
			linkedBy: link.field,
			warnings: [linkWarning('lead', cfg.matchField, link)],
		};
	}
	if (!have) {
		intent.set(lead.key, 'created');
		const owner = lead.ownerId ? { owner: [lead.ownerId] } : {};
		const created = await fx.crm('/cgi/crm/v2/data/create', { object_data: { dataObjectApiName: 'LeadsObj', ...data, ...owner } }, flow);
		return { index: lead.index, status: 'created', crmId: String(created.dataId ?? ''), matchValue: lead.matchValue };
	}
	const changed = changedOnOwn;
	if (!changed.length) {
		return {
			index: lead.index,
			status: settle(lead, 'skipped', intent),
			crmId: String(have._id),
			matchValue: lead.matchValue,
			reason: 'unchanged',
		};
	}
	if (!intent.has(lead.key)) intent.set(lead.key, 'updated');
	await fx.crm(
		'/cgi/crm/v2/data/update',
		{ object_data: { dataObjectApiName: 'LeadsObj', _id: have._id, ...Object.fromEntries(changed.map((k) => [k, data[k]])) } },
		flow,
	);
	return {
		index: lead.index,
		status: settle(lead, 'updated', intent),
		crmId: String(have._id),
		matchValue: lead.matchValue,
		changed,
	};
}
