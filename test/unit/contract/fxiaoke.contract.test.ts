/**
 * The Fxiaoke (纷享销客) emulator against the documented open API request and response shapes (no
 * official Node client exists). Docs: open.fxiaoke.com/open/openapi/ — 获取 corpAccessToken
 * (POST /cgi/corpAccessToken/get/V2 {appId, appSecret, permanentCode} → {errorCode: 0,
 * corpAccessToken, corpId, expiresIn: 7200}), CRM 对象数据 v2 query/create/update (common parameters
 * corpAccessToken, corpId, currentOpenUserId; data.dataObjectApiName, search_query_info {limit ≤ 100,
 * offset, filters [{field_name, field_values, operator}]} → data.dataList/total; create → dataId),
 * 全局错误码 (HTTP 200 with errorCode ≠ 0; 20016 corpAccessToken 无效或过期). The duplicate rule (查重规则)
 * refusal is modelled with a sandbox errorCode (FXIAOKE_DUPLICATE_CODE): the stored docs publish none.
 * An app without address-book access answers 20023 "APP没有访问department的权限" from the global
 * return-code table (全局返回码); the table does not say which code each address-book call returns.
 */
import { useSandbox } from '../../helpers/sandbox';
import { FXIAOKE_DUPLICATE_CODE, FXIAOKE_NO_DEPARTMENT_ACCESS, SANDBOX_FXIAOKE } from '../../../sandbox/crm/fxiaoke';

const ctx = useSandbox();
async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, any> }> {
	const res = await fetch(`${ctx.sb.url}/fxiaoke${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: res.status, json: (await res.json()) as Record<string, any> };
}
async function session() {
	const t = await post('/cgi/corpAccessToken/get/V2', {
		appId: SANDBOX_FXIAOKE.appId,
		appSecret: SANDBOX_FXIAOKE.appSecret,
		permanentCode: SANDBOX_FXIAOKE.permanentCode,
	});
	return {
		corpAccessToken: t.json.corpAccessToken as string,
		corpId: t.json.corpId as string,
		currentOpenUserId: SANDBOX_FXIAOKE.openUserId,
	};
}
const create = async (fields: Record<string, unknown>) =>
	post('/cgi/crm/v2/data/create', {
		...(await session()),
		triggerWorkFlow: false,
		data: { object_data: { dataObjectApiName: 'LeadsObj', ...fields } },
	});
const query = async (field: string, values: string[], limit = 100) =>
	post('/cgi/crm/v2/data/query', {
		...(await session()),
		data: {
			dataObjectApiName: 'LeadsObj',
			search_query_info: { limit, offset: 0, filters: [{ field_name: field, field_values: values, operator: 'IN' }], orders: [] },
		},
	});

describe('Fxiaoke emulator against the documented open API', () => {
	it('corpAccessToken/get/V2: token, corpId and expiresIn 7200; wrong secrets answer HTTP 200 with errorCode 10006', async () => {
		const ok = await post('/cgi/corpAccessToken/get/V2', {
			appId: SANDBOX_FXIAOKE.appId,
			appSecret: SANDBOX_FXIAOKE.appSecret,
			permanentCode: SANDBOX_FXIAOKE.permanentCode,
		});
		expect(ok).toMatchObject({
			status: 200,
			json: { errorCode: 0, corpAccessToken: expect.any(String), corpId: SANDBOX_FXIAOKE.corpId, expiresIn: 7200 },
		});
		const bad = await post('/cgi/corpAccessToken/get/V2', {
			appId: SANDBOX_FXIAOKE.appId,
			appSecret: 'x',
			permanentCode: SANDBOX_FXIAOKE.permanentCode,
		});
		expect(bad.status).toBe(200);
		expect(bad.json.errorCode).toBe(10006);
	});

	it('create → dataId; query IN → data.dataList and total; update by _id', async () => {
		const c = await create({ name: '李雷', email: 'li@example.cn', wecom_external_userid__c: 'wmLI' });
		expect(c.json).toMatchObject({ errorCode: 0, dataId: expect.any(String) });
		const q = await query('email', ['li@example.cn', 'none@example.cn']);
		expect(q.json).toMatchObject({ errorCode: 0, data: { total: 1, dataList: [{ _id: c.json.dataId, name: '李雷' }] } });
		const u = await post('/cgi/crm/v2/data/update', {
			...(await session()),
			data: { object_data: { dataObjectApiName: 'LeadsObj', _id: c.json.dataId, company: '星河' } },
		});
		expect(u.json.errorCode).toBe(0);
		expect((await query('email', ['li@example.cn'])).json.data.dataList[0].company).toBe('星河');
	});

	it('a required name, an unknown object and an invalid token are refused with errorCode ≠ 0 (HTTP 200)', async () => {
		expect((await create({ email: 'x@example.cn' })).json.errorCode).not.toBe(0);
		const obj = await post('/cgi/crm/v2/data/query', {
			...(await session()),
			data: { dataObjectApiName: 'NopeObj', search_query_info: { limit: 10, offset: 0, filters: [] } },
		});
		expect(obj.json.errorCode).not.toBe(0);
		const tok = await post('/cgi/crm/v2/data/query', {
			...(await session()),
			corpAccessToken: 'EXPIRED',
			data: { dataObjectApiName: 'LeadsObj', search_query_info: { limit: 10, offset: 0, filters: [] } },
		});
		expect(tok).toMatchObject({ status: 200, json: { errorCode: 20016 } });
	});

	it('the duplicate rule (查重) refuses a create or an update that would repeat an email, mobile or WeCom ID, naming the lead', async () => {
		const a = await create({ name: 'A', email: 'a@example.cn' });
		const dup = await create({ name: 'B', email: 'A@example.cn', wecom_external_userid__c: 'wmB' });
		expect(dup.json.errorCode).toBe(FXIAOKE_DUPLICATE_CODE);
		expect(dup.json.errorMessage).toContain(a.json.dataId);
		const b = await create({ name: 'B', email: 'b@example.cn' });
		const onUpdate = await post('/cgi/crm/v2/data/update', {
			...(await session()),
			data: { object_data: { dataObjectApiName: 'LeadsObj', _id: b.json.dataId, email: 'a@example.cn' } },
		});
		expect(onUpdate.json.errorCode).toBe(FXIAOKE_DUPLICATE_CODE);
		expect((await query('email', ['a@example.cn'])).json.data.total).toBe(1);
	});

	it('query returns at most 100 rows per call', async () => {
		for (let i = 0; i < 3; i++) await create({ name: `L${i}`, company: 'same' });
		const q = await query('company', ['same'], 2);
		expect(q.json.data).toMatchObject({ total: 3, limit: 2 });
		expect(q.json.data.dataList).toHaveLength(2);
		expect((await query('company', ['same'], 500)).json.data.limit).toBe(100);
	});
});

describe('Fxiaoke emulator: 商机 NewOpportunityObj (CRM Outcomes Trigger, Watch → Deals; field names are the pack’s stated assumptions)', () => {
	it('create → dataId; query by last_modified_time GTE and sales_status IN; update; the lead of leads_id must exist', async () => {
		const l = await create({ name: '王', email: 'w@example.cn' });
		const opp = await post('/cgi/crm/v2/data/create', {
			...(await session()),
			data: { object_data: { dataObjectApiName: 'NewOpportunityObj', name: '年度订阅', amount: '5000', leads_id: [l.json.dataId] } },
		});
		expect(opp.json).toMatchObject({ errorCode: 0, dataId: expect.any(String) });
		const upd = await post('/cgi/crm/v2/data/update', {
			...(await session()),
			data: { object_data: { dataObjectApiName: 'NewOpportunityObj', _id: opp.json.dataId, sales_status: '2' } },
		});
		expect(upd.json.errorCode).toBe(0);
		const q = await post('/cgi/crm/v2/data/query', {
			...(await session()),
			data: {
				dataObjectApiName: 'NewOpportunityObj',
				search_query_info: {
					limit: 100,
					offset: 0,
					filters: [
						{ field_name: 'last_modified_time', field_values: [Date.now() - 60_000], operator: 'GTE' },
						{ field_name: 'sales_status', field_values: ['2'], operator: 'IN' },
					],
					orders: [{ fieldName: 'last_modified_time', isAsc: true }],
				},
			},
		});
		expect(q.json.data.dataList).toEqual([expect.objectContaining({ _id: opp.json.dataId, amount: '5000', leads_id: [l.json.dataId] })]);
		const bad = await post('/cgi/crm/v2/data/create', {
			...(await session()),
			data: { object_data: { dataObjectApiName: 'NewOpportunityObj', name: 'x', leads_id: 'nope' } },
		});
		expect([bad.status, bad.json.errorCode === 0]).toEqual([200, false]);
	});
});

describe('Fxiaoke emulator: brief member list (CRM Push owner list)', () => {
	it('/cgi/user/simpleList: members of a department, fetchChild adds sub-departments; 999999 is the whole company', async () => {
		const { corpAccessToken, corpId } = await session();
		const list = async (body: Record<string, unknown>) => post('/cgi/user/simpleList', { corpAccessToken, corpId, ...body });
		const whole = await list({ departmentId: 999999, fetchChild: true });
		expect(whole).toMatchObject({ status: 200, json: { errorCode: 0 } });
		expect(whole.json.userList).toEqual([
			{ openUserId: 'FSUID_SANDBOX_ADMIN', name: '管理员', nickName: 'Admin' },
			{ openUserId: 'FSUID_SDR_WANG', name: '王磊', nickName: 'Wang Lei' },
			{ openUserId: 'FSUID_SDR_LI', name: '李娜', nickName: 'Li Na' },
		]);
		expect((await list({ departmentId: 999999 })).json.userList.map((u: any) => u.openUserId)).toEqual(['FSUID_SANDBOX_ADMIN']);
		expect((await list({ departmentId: 1000 })).json.userList.map((u: any) => u.openUserId)).toEqual(['FSUID_SDR_WANG', 'FSUID_SDR_LI']);
		expect((await list({})).json.errorCode).not.toBe(0);
		const expired = await post('/cgi/user/simpleList', { corpAccessToken: 'NOPE', corpId, departmentId: 999999 });
		expect(expired.json.errorCode).toBe(20016);
	});

	it('an app without address-book access: HTTP 200, errorCode 20023 APP没有访问department的权限, no userList', async () => {
		await ctx.control.reset({ fxiaoke: { addressBook: false } });
		const { corpAccessToken, corpId } = await session();
		const refused = await post('/cgi/user/simpleList', { corpAccessToken, corpId, departmentId: 999999, fetchChild: true });
		expect(refused.status).toBe(200);
		expect(refused.json).toMatchObject({ errorCode: FXIAOKE_NO_DEPARTMENT_ACCESS, errorMessage: 'APP没有访问department的权限' });
		expect(FXIAOKE_NO_DEPARTMENT_ACCESS).toBe(20023);
		expect(refused.json.userList).toBeUndefined();
	});
});
