import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';
import { GROUP_PICK_PAGE } from '../../../lib/wecom/directory';
import { idFrom, idsFrom } from '../../../nodes/shared/wecom/locators';
import * as listSearch from '../../../nodes/WeCom/methods/listSearch';
import * as loadOptions from '../../../nodes/WeCom/methods/loadOptions';
import { WeCom } from '../../../nodes/WeCom/WeCom.node';
import { SANDBOX_CORP } from '../../../sandbox/wecom/data';
import { loadOptionsContext } from '../../helpers/loadOptions';
import { useSandbox } from '../../helpers/sandbox';
import { calls, json, runWeCom } from './support';

const ctx = useSandbox();
const picker = (secret: 'app' | 'contact', parameters: IDataObject = {}): ILoadOptionsFunctions =>
	loadOptionsContext({
		parameters,
		credentials: {
			wecomAppApi: { ...ctx.appCredentials, secret: secret === 'app' ? SANDBOX_CORP.appSecret : SANDBOX_CORP.contactSecret } as IDataObject,
		},
	});

describe('customer group picker', () => {
	it('lists groups by name with owner name and member count, a page at a time', async () => {
		await ctx.control.reset({ groups: 45 });
		const first = await listSearch.searchCustomerGroups.call(picker('app'));
		expect(first.results).toHaveLength(GROUP_PICK_PAGE);
		expect(first.results[0]).toEqual({
			name: expect.stringMatching(/^MarTech 交流 1群 #0 · 张三 · \d+ members$/),
			value: 'wrSANDBOX000000',
			description: expect.stringMatching(/^Owner 张三, \d+ members$/),
		});
		expect(first.paginationToken).toEqual(expect.any(String));
		const second = await listSearch.searchCustomerGroups.call(picker('app'), undefined, first.paginationToken as string);
		const third = await listSearch.searchCustomerGroups.call(picker('app'), undefined, second.paginationToken as string);
		expect(third.paginationToken).toBeUndefined();
		const all = [...first.results, ...second.results, ...third.results].map((r) => r.value);
		expect(new Set(all).size).toBe(45);
	});

	it('searches by name across pages and keeps paging for more matches', async () => {
		await ctx.control.reset({ groups: 45 });
		const res = await listSearch.searchCustomerGroups.call(picker('app'), '早报');
		expect(res.results.length).toBeGreaterThan(0);
		expect(res.results.every((r) => r.name.includes('B2B 营销早报群'))).toBe(true);
		// Group #4, #12, #20... hold that name: every one of the 45 is checked within the scan limit.
		expect(res.results.map((r) => r.value)).toEqual([
			'wrSANDBOX000004',
			'wrSANDBOX000012',
			'wrSANDBOX000020',
			'wrSANDBOX000028',
			'wrSANDBOX000036',
			'wrSANDBOX000044',
		]);
	});

	it('shows owners as user IDs when the secret may not read the address book, still listing groups', async () => {
		const res = await listSearch.searchCustomerGroups.call(picker('contact'));
		expect(res.results[0].name).toMatch(/ · zhangsan · \d+ members$/);
	});

	it('explains a refused list instead of showing an empty one', async () => {
		const ctxBadSecret = loadOptionsContext({ credentials: { wecomAppApi: { ...ctx.appCredentials, secret: 'wrong' } as IDataObject } });
		await expect(listSearch.searchCustomerGroups.call(ctxBadSecret)).rejects.toThrow(
			/WeCom would not list customer groups \(error 40001\): The secret is wrong/,
		);
	});
});

describe('staff pickers', () => {
	it('lists Customer Contact staff with names from the address book', async () => {
		const res = await listSearch.searchCustomerContactStaff.call(picker('app'), '李');
		expect(res.results).toEqual([{ name: '李四 (lisi)', value: 'lisi', description: 'lisi' }]);
	});

	it('falls back to user IDs with a reason when the Customer Contact secret may not read names (48002)', async () => {
		const res = await listSearch.searchCustomerContactStaff.call(picker('contact'));
		expect(res.results.map((r) => r.value)).toEqual(['zhangsan', 'lisi', 'wangwu', 'zhaoliu']);
		expect(res.results[0].description).toMatch(/name not readable \(WeCom 48002/);
	});

	it('an address-book list the secret may not read is a clear error naming the code and the fix', async () => {
		await expect(listSearch.searchAppStaff.call(picker('contact'))).rejects.toThrow(
			/WeCom would not list staff \(address book\) \(error 48002\): This API is not allowed for this app/,
		);
		await expect(loadOptions.getDepartments.call(picker('contact'))).rejects.toThrow(/error 48002/);
	});

	it('app message recipients offer everyone (@all) first, then staff by name', async () => {
		const res = await loadOptions.getAppMessageRecipients.call(picker('app'));
		expect(res[0].value).toBe('@all');
		expect(res.slice(1).map((r) => r.name)).toEqual(['张三 (zhangsan)', '李四 (lisi)', '王五 (wangwu)', '赵六 (zhaoliu)']);
		const departments = await loadOptions.getDepartments.call(picker('app'));
		expect(departments.find((d) => d.value === '2')).toEqual({ name: '市场部', value: '2', description: 'In 云帆示例公司' });
	});
});

describe('customer, tag and group pickers', () => {
	it('lists the customers of the picked staff member (locator value or legacy string), with company', async () => {
		const asLocator = await listSearch.searchCustomers.call(picker('contact', { userid: { __rl: true, mode: 'list', value: 'lisi' } }));
		const asString = await listSearch.searchCustomers.call(picker('contact', { userid: 'lisi' }));
		expect(asLocator.results).toEqual(asString.results);
		expect(asLocator.results.length).toBeGreaterThan(0);
		const sent = await calls(ctx, '/cgi-bin/externalcontact/batch/get_by_user');
		expect(sent.map((r) => (r.body as { userid_list: string[] }).userid_list)).toEqual([['lisi'], ['lisi']]);
		expect(asLocator.results.find((r) => r.value === 'wmCUST0009AAAA')?.name).toBe('客户9 · 远山制造');
	});

	it('without a staff member, lists the customers of everyone once each', async () => {
		const res = await listSearch.searchCustomers.call(picker('contact'));
		expect(res.results).toHaveLength(30);
		expect(new Set(res.results.map((r) => r.value)).size).toBe(30);
	});

	it('lists tags with their group, and tag groups as a dropdown', async () => {
		const tags = await listSearch.searchTags.call(picker('contact'), 'sql');
		expect(tags.results).toEqual([{ name: 'SQL (生命周期)', value: 'etGRP_STAGE_T6', description: 'Tag group 生命周期' }]);
		const groups = await loadOptions.getTagGroups.call(picker('contact'));
		expect(groups.map((g) => g.name)).toEqual(['生命周期', '来源渠道', '行业']);
	});

	it('loads every group (all pages) for multi-selects', async () => {
		await ctx.control.reset({ groups: 130 });
		const res = await loadOptions.getCustomerGroups.call(picker('contact'));
		expect(res).toHaveLength(130);
	});
});

describe('locator values and saved plain strings', () => {
	it('reads the ID from a locator, a plain string and a number', () => {
		expect(idFrom({ __rl: true, mode: 'list', value: 'wrSANDBOX000001', cachedResultName: 'x' })).toBe('wrSANDBOX000001');
		expect(idFrom(' wrSANDBOX000001 ')).toBe('wrSANDBOX000001');
		expect(idFrom(1000002)).toBe('1000002');
		expect(idFrom(undefined)).toBe('');
		expect(idsFrom(['zhangsan', 'lisi'])).toEqual(['zhangsan', 'lisi']);
		expect(idsFrom('zhangsan, lisi|wangwu')).toEqual(['zhangsan', 'lisi', 'wangwu']);
		expect(idsFrom('')).toEqual([]);
	});

	it('Customer Group → Get runs the same with a locator picked from the list and with a saved string', async () => {
		const base = { resource: 'customerGroup', operation: 'get', needName: true };
		const a = json(
			await runWeCom(ctx, {
				...base,
				chatId: { __rl: true, mode: 'list', value: 'wrSANDBOX000002', cachedResultName: 'MarTech 交流 1群' },
			}),
		);
		const b = json(await runWeCom(ctx, { ...base, chatId: 'wrSANDBOX000002' }));
		expect(a).toEqual(b);
		expect(a[0].chat_id).toBe('wrSANDBOX000002');
	});

	it('Mark Tags takes locators and multi-select arrays as well as the old comma strings', async () => {
		const base = { resource: 'customer', operation: 'markTags' };
		await runWeCom(ctx, {
			...base,
			userid: { __rl: true, mode: 'list', value: 'lisi' },
			externalUserId: { __rl: true, mode: 'id', value: 'wmCUST0001AAAA' },
			addTagIds: ['etGRP_STAGE_T5', 'etGRP_STAGE_T6'],
			removeTagIds: [],
		});
		await runWeCom(ctx, {
			...base,
			userid: 'lisi',
			externalUserId: 'wmCUST0001AAAA',
			addTagIds: 'etGRP_SOURCE_T1, etGRP_SOURCE_T2',
			removeTagIds: '',
		});
		const sent = (await calls(ctx, '/cgi-bin/externalcontact/mark_tag')).map((r) => r.body);
		expect(sent).toEqual([
			{ userid: 'lisi', external_userid: 'wmCUST0001AAAA', add_tag: ['etGRP_STAGE_T5', 'etGRP_STAGE_T6'] },
			{ userid: 'lisi', external_userid: 'wmCUST0001AAAA', add_tag: ['etGRP_SOURCE_T1', 'etGRP_SOURCE_T2'] },
		]);
	});

	it('every parameter that takes a WeCom ID is a locator or a list-backed dropdown', () => {
		const idLike =
			/(^|[a-z])(chatIds?|userids?|UserIds?|owner|newOwner|sender|creator|externalUserIds?|tagIds|TagIds|groupIds?|configId|templateId|toUsers|toParties|toTags)$/;
		const props = new WeCom().description.properties.filter((p) => idLike.test(p.name));
		expect(props.length).toBeGreaterThan(20);
		const offenders = props.filter((p) => p.type !== 'resourceLocator' && !p.typeOptions?.loadOptionsMethod);
		expect(offenders.map((p) => `${p.name} (${p.type})`)).toEqual([]);
	});
});

describe('customer group get many: readable by default', () => {
	it('returns name, owner with name and counts; "IDs Only" keeps the bare list', async () => {
		const summary = json(
			await runWeCom(
				ctx,
				{ resource: 'customerGroup', operation: 'getAll', status: 'all', ownerUserIds: [], returnAll: false, limit: 3 },
				{ secret: 'app' },
			),
		);
		expect(summary[0]).toEqual({
			chat_id: 'wrSANDBOX000000',
			name: 'MarTech 交流 1群 #0',
			owner: 'zhangsan',
			owner_name: '张三',
			member_count: expect.any(Number),
			customer_count: expect.any(Number),
			staff_count: 1,
			create_time: expect.any(Number),
			status: 0,
		});
		const ids = json(
			await runWeCom(ctx, {
				resource: 'customerGroup',
				operation: 'getAll',
				status: 'all',
				ownerUserIds: [],
				returnAll: false,
				limit: 3,
				output: 'ids',
			}),
		);
		expect(ids[0]).toEqual({ chat_id: 'wrSANDBOX000000', status: 0 });
	});
});
