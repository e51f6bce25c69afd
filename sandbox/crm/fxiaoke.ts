import { randomBytes } from 'crypto';
import type { Router } from '../core/router';
import type { SandboxState } from '../core/state';
import type { SandboxResponse } from '../core/types';
import type { CrmEmulatorEntry, Emulator } from '../core/emulator';

export const FXIAOKE_PREFIX = '/fxiaoke';
export const SANDBOX_FXIAOKE = {
	appId: 'FSAID_sandbox01',
	appSecret: 'sandbox-fxiaoke-app-secret',
	permanentCode: 'SANDBOXPERMANENTCODE0001',
	corpId: 'FSCID_SANDBOX',
	openUserId: 'FSUID_SANDBOX_ADMIN',
};

export interface FxiaokeEmulatorOptions {
	/** expiresIn returned with corpAccessToken (Fxiaoke: 7200). */
	tokenTtlSec?: number;
	/** LeadsObj fields of the tenant's duplicate rule (线索查重规则), checked on create and on update. */
	duplicateRuleFields?: string[];
	/**
	 * Whether the app may read the address book (default true). Without it /cgi/user/simpleList is
	 * refused with 20023 "APP没有访问department的权限", a code of Fxiaoke's global return-code table
	 * (全局返回码); the table does not say which code each address-book call returns.
	 */
	addressBook?: boolean;
}

type Rec = Record<string, any>;
/** The company's staff (openUserId FSUID_…) with their department; 1000 is a sub-department of the company. */
export const SANDBOX_FXIAOKE_STAFF = [
	{ openUserId: 'FSUID_SANDBOX_ADMIN', name: '管理员', nickName: 'Admin', department: 999999 },
	{ openUserId: 'FSUID_SDR_WANG', name: '王磊', nickName: 'Wang Lei', department: 1000 },
	{ openUserId: 'FSUID_SDR_LI', name: '李娜', nickName: 'Li Na', department: 1000 },
];
/** The whole company in address-book calls. */
const WHOLE_COMPANY = 999999;
/** The sandbox's errorCode for a duplicate-rule refusal; the stored Fxiaoke docs do not publish one. */
export const FXIAOKE_DUPLICATE_CODE = 320003001;
/** Fxiaoke's global return code "APP没有访问department的权限" (the app may not read the department). */
export const FXIAOKE_NO_DEPARTMENT_ACCESS = 20023;
const ok = (extra: Rec = {}): SandboxResponse => ({
	json: { errorCode: 0, errorMessage: 'OK', traceId: randomBytes(8).toString('hex'), ...extra },
});
const fail = (errorCode: number, errorMessage: string): SandboxResponse => ({
	json: { errorCode, errorMessage, traceId: randomBytes(8).toString('hex') },
});

/**
 * Fxiaoke (纷享销客) open API as the node uses it: corpAccessToken/get/V2 (the same token for
 * 6600 s, expiresIn 7200), LeadsObj and NewOpportunityObj query (filters EQ/IN/GTE…, limit ≤100), create and update.
 * Errors are HTTP 200 with errorCode ≠ 0; 20016 means the token expired or is invalid.
 */
export class FxiaokeEmulator implements Emulator {
	leads = new Map<string, Rec>();
	/** 商机 (NewOpportunityObj). Field names are the pack's stated assumptions (lib/crm/targets/fxiaoke/outcomes.ts). */
	opportunities = new Map<string, Rec>();
	tokens = new Map<string, number>();
	private current?: { token: string; issuedAt: number };
	private ttlSec = 7200;
	private ruleFields: string[] = [];
	private addressBook = true;

	constructor(
		readonly state: SandboxState,
		private readonly opts: FxiaokeEmulatorOptions = {},
	) {
		this.reset();
	}

	reset(opts: Record<string, any> = {}): void {
		this.leads.clear();
		this.opportunities.clear();
		this.tokens.clear();
		this.current = undefined;
		this.ttlSec = opts.fxiaoke?.tokenTtlSec ?? this.opts.tokenTtlSec ?? 7200;
		this.ruleFields = opts.fxiaoke?.duplicateRuleFields ?? this.opts.duplicateRuleFields ?? ['email', 'mobile', 'wecom_external_userid__c'];
		this.addressBook = opts.fxiaoke?.addressBook ?? this.opts.addressBook ?? true;
	}

	expireTokens(): void {
		for (const k of this.tokens.keys()) this.tokens.set(k, 0);
		this.current = undefined;
	}

	register(router: Router): void {
		const p = FXIAOKE_PREFIX;
		router.post(`${p}/cgi/corpAccessToken/get/V2`, (req) => this.token(req.body ?? {}));
		router.post(`${p}/cgi/crm/v2/data/query`, (req) => this.authed(req.body, () => this.query(req.body.data ?? {})));
		router.post(`${p}/cgi/crm/v2/data/create`, (req) => this.authed(req.body, () => this.create(req.body)));
		router.post(`${p}/cgi/user/simpleList`, (req) => this.authed(req.body, () => this.simpleList(req.body)));
		router.post(`${p}/cgi/crm/v2/data/update`, (req) => this.authed(req.body, () => this.update(req.body.data ?? {})));
		router.post('/_sandbox/fxiaoke/expire-tokens', () => {
			this.expireTokens();
			return { json: { ok: true } };
		});
		router.get('/_sandbox/fxiaoke/leads', () => ({ json: [...this.leads.values()] }));
		router.get('/_sandbox/fxiaoke/opportunities', () => ({ json: [...this.opportunities.values()] }));
	}

	private token(b: Rec): SandboxResponse {
		const s = SANDBOX_FXIAOKE;
		if (b.appId !== s.appId || b.appSecret !== s.appSecret || b.permanentCode !== s.permanentCode)
			return fail(10006, 'appId、appSecret或permanentCode不正确');
		const now = this.state.now();
		// Within 6600 s Fxiaoke hands out the same token again.
		if (!this.current || now - this.current.issuedAt >= 6600_000 || (this.tokens.get(this.current.token) ?? 0) <= now) {
			this.current = { token: randomBytes(16).toString('hex').toUpperCase(), issuedAt: now };
			this.tokens.set(this.current.token, now + this.ttlSec * 1000);
		}
		return ok({ errorMessage: 'success', corpAccessToken: this.current.token, corpId: s.corpId, expiresIn: this.ttlSec });
	}

	private authed(b: Rec, fn: () => SandboxResponse): SandboxResponse {
		if (!b?.corpAccessToken) return fail(20017, 'corpAccessToken为必填项');
		const exp = this.tokens.get(String(b.corpAccessToken));
		if (exp === undefined || exp <= this.state.now()) return fail(20016, 'corpAccessToken无效或已过期');
		if (b.corpId !== SANDBOX_FXIAOKE.corpId) return fail(20017, 'corpId不正确');
		return fn();
	}

	/**
	 * Brief member information under a department (/cgi/user/simpleList): 999999 is the whole
	 * company; fetchChild (default false) adds the members of its sub-departments. No paging.
	 * An app without address-book access is refused (the addressBook option).
	 */
	private simpleList(b: Rec): SandboxResponse {
		if (!this.addressBook) return fail(FXIAOKE_NO_DEPARTMENT_ACCESS, 'APP没有访问department的权限');
		const dept = b.departmentId;
		if (!Number.isInteger(dept) || dept < 0) return fail(20017, 'departmentId为必填项，且必须为非负整数');
		// The sandbox's departments are the company and one sub-department of it.
		const members = SANDBOX_FXIAOKE_STAFF.filter((u) => u.department === dept || (b.fetchChild === true && dept === WHOLE_COMPANY));
		return ok({
			errorMessage: 'success',
			errorDescription: '成功',
			userList: members.map(({ openUserId, name, nickName }) => ({ openUserId, name, nickName })),
		});
	}

	/** The records of an object the sandbox keeps, or undefined for any other apiName. */
	private store(apiName: unknown): Map<string, Rec> | undefined {
		return apiName === 'LeadsObj' ? this.leads : apiName === 'NewOpportunityObj' ? this.opportunities : undefined;
	}

	private query(d: Rec): SandboxResponse {
		const store = this.store(d.dataObjectApiName);
		if (!store) return fail(50000, `对象不存在: ${d.dataObjectApiName}`);
		const info = d.search_query_info ?? {};
		const limit = Math.min(Number(info.limit ?? 20), 100);
		const offset = Number(info.offset ?? 0);
		if (limit < 1) return fail(50000, 'limit必须大于0');
		let rows = [...store.values()];
		for (const f of info.filters ?? []) {
			const values: string[] = (f.field_values ?? []).map(String);
			const num = (r: Rec) => Number(r[f.field_name]);
			if (f.operator === 'EQ' || f.operator === 'IN') rows = rows.filter((r) => values.includes(String(r[f.field_name] ?? '')));
			else if (f.operator === 'GTE') rows = rows.filter((r) => num(r) >= Number(values[0]));
			else if (f.operator === 'GT') rows = rows.filter((r) => num(r) > Number(values[0]));
			else if (f.operator === 'LTE') rows = rows.filter((r) => num(r) <= Number(values[0]));
			else if (f.operator === 'LT') rows = rows.filter((r) => num(r) < Number(values[0]));
			else return fail(50000, `sandbox: unsupported operator ${f.operator}`);
		}
		for (const o of [...(info.orders ?? [])].reverse()) {
			const dir = o.isAsc === false ? -1 : 1;
			rows = rows.sort((a, b) => {
				const x = a[o.fieldName];
				const y = b[o.fieldName];
				return dir * (x < y ? -1 : x > y ? 1 : 0);
			});
		}
		return ok({ data: { dataList: rows.slice(offset, offset + limit), total: rows.length, limit, offset } });
	}

	private create(b: Rec): SandboxResponse {
		const o = b.data?.object_data ?? {};
		if (o.dataObjectApiName === 'NewOpportunityObj') return this.createOpportunity(b, o);
		if (o.dataObjectApiName !== 'LeadsObj') return fail(50000, `对象不存在: ${o.dataObjectApiName}`);
		if (!o.name) return fail(50000, '姓名(name)为必填项');
		const { dataObjectApiName: _n, ...fields } = o;
		const dup = this.duplicate(undefined, fields);
		if (dup) return dup;
		const lead = this.newRecord(b, fields);
		this.leads.set(lead._id, lead);
		return ok({ dataId: lead._id });
	}

	/** A new record of any object: its fields, then the system fields Fxiaoke sets (ID, owner, times, status). */
	private newRecord(b: Rec, fields: Rec): Rec {
		const now = this.state.now();
		return {
			...fields,
			_id: randomBytes(12).toString('hex'),
			owner: fields.owner ?? [b.currentOpenUserId],
			create_time: now,
			last_modified_time: now,
			is_deleted: false,
			life_status: 'normal',
		};
	}

	/**
	 * The duplicate rule (查重规则): a create or an update that would give a rule field the value of
	 * another live lead is refused, naming that lead, and nothing is written.
	 */
	private duplicate(self: Rec | undefined, next: Rec): SandboxResponse | undefined {
		for (const f of this.ruleFields) {
			const v = String(next[f] ?? '')
				.trim()
				.toLowerCase();
			if (
				!v ||
				(self &&
					String(self[f] ?? '')
						.trim()
						.toLowerCase() === v)
			)
				continue;
			const other = [...this.leads.values()].find(
				(l) =>
					l !== self &&
					!l.is_deleted &&
					String(l[f] ?? '')
						.trim()
						.toLowerCase() === v,
			);
			if (other) return fail(FXIAOKE_DUPLICATE_CODE, `数据重复：${f} 与已有线索 ${other._id} 重复 (duplicate ${f}: lead ${other._id})`);
		}
		return undefined;
	}

	/** 商机: name (商机名称) required; sales_status 1 进行中 unless given; leads_id must name a lead. */
	private createOpportunity(b: Rec, o: Rec): SandboxResponse {
		if (!o.name) return fail(50000, '商机名称(name)为必填项');
		const { dataObjectApiName: _n, ...fields } = o;
		const lead = Array.isArray(fields.leads_id) ? fields.leads_id[0] : fields.leads_id;
		if (lead !== undefined && !this.leads.has(String(lead))) return fail(50000, `数据不存在: leads_id ${lead}`);
		const opp = this.newRecord(b, { sales_status: '1', ...fields });
		this.opportunities.set(opp._id, opp);
		return ok({ dataId: opp._id });
	}

	private update(d: Rec): SandboxResponse {
		const o = d.object_data ?? {};
		if (o.dataObjectApiName === 'NewOpportunityObj') {
			const opp = this.opportunities.get(String(o._id ?? ''));
			if (!opp) return fail(50000, `数据不存在: ${o._id}`);
			const { dataObjectApiName: _n, _id, owner: _o, ...fields } = o;
			Object.assign(opp, fields, { last_modified_time: this.state.now() });
			return ok();
		}
		const lead = this.leads.get(String(o._id ?? ''));
		if (!lead) return fail(50000, `数据不存在: ${o._id}`);
		const { dataObjectApiName: _n, _id, owner: _o, ...fields } = o;
		const dup = this.duplicate(lead, { ...lead, ...fields });
		if (dup) return dup;
		Object.assign(lead, fields, { last_modified_time: this.state.now() });
		return ok();
	}
}

/** The emulator of the CRM Push target "fxiaoke" (found by sandbox/crm/index.ts). */
export const crmEmulator: CrmEmulatorEntry = { name: 'fxiaoke', create: (state, opts) => new FxiaokeEmulator(state, opts) };
