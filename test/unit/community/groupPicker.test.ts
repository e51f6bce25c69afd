import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';
import { CommunityPoints } from '../../../nodes/CommunityPoints/CommunityPoints.node';
import { SANDBOX_CORP } from '../../../sandbox/wecom/data';
import { loadOptionsContext } from '../../helpers/loadOptions';
import { runNode } from '../../helpers/runNode';
import { useSandbox } from '../../helpers/sandbox';

const ctx = useSandbox();
const node = new CommunityPoints();
const wecomApp = (secret = SANDBOX_CORP.appSecret) => ({ ...ctx.appCredentials, secret }) as IDataObject;
const picker = (credentials: Record<string, IDataObject>): ILoadOptionsFunctions =>
	loadOptionsContext({ parameters: { operation: 'awardFromForm' }, credentials });
const search = (credentials: Record<string, IDataObject>, filter?: string, page?: string) =>
	node.methods.listSearch.searchCustomerGroups.call(picker(credentials), filter, page);

const groups = [
	{ chat_id: 'wrA', name: 'MarTech 1群', member_list: [{ userid: 'wmCHEN', type: 2, name: '陈经理' }] },
	{ chat_id: 'wrB', name: 'SaaS 2群', member_list: [{ userid: 'wmCHEN', type: 2, name: '陈经理' }] },
];
const award = (group: unknown) =>
	runNode(node, {
		parameters: {
			operation: 'awardFromForm',
			member: '陈经理',
			group: group as IDataObject,
			reason: '好问题 Good question',
			note: '',
			submittedAt: '2026-11-03T10:00:00+08:00',
			reasons: { reason: [{ name: '好问题 Good question', points: 10 }] },
			timeZone: 'Asia/Shanghai',
		},
		items: groups,
	});

describe('Community Points → Award From Form: Group', () => {
	it('is a group locator (From List, By ID or Name) with an optional WeCom App credential', () => {
		const field = node.description.properties.find((p) => p.name === 'group')!;
		expect(field.type).toBe('resourceLocator');
		expect(field.modes!.map((m) => [m.name, m.typeOptions?.searchListMethod])).toEqual([
			['list', 'searchCustomerGroups'],
			['id', undefined],
		]);
		expect(node.description.credentials).toEqual([
			{ name: 'wecomAppApi', required: false, testedBy: 'wecomAppTest', displayOptions: { show: { operation: ['awardFromForm'] } } },
		]);
	});

	it('lists customer groups by name with owner and member count, searchable and paged', async () => {
		await ctx.control.reset({ groups: 45 });
		const first = await search({ wecomAppApi: wecomApp() });
		expect(first.results[0].name).toMatch(/^MarTech 交流 1群 #0 · 张三 · \d+ members$/);
		expect(first.paginationToken).toEqual(expect.any(String));
		const found = await search({ wecomAppApi: wecomApp() }, '早报');
		expect(found.results.length).toBeGreaterThan(0);
		expect(found.results.every((r) => r.name.startsWith('B2B 营销早报群'))).toBe(true);
	});

	it('without the credential the list says how to give the group anyway; a refusal shows WeCom’s error', async () => {
		await expect(search({})).rejects.toThrow(/^Add a WeCom App credential to pick groups from the list/);
		await expect(search({ wecomAppApi: wecomApp('wrong') })).rejects.toThrow(/WeCom would not list customer groups \(error 40001\)/);
	});

	it('a picked group, a chat ID, a name and a saved plain string all narrow the member to that group', async () => {
		const picked = await award({ __rl: true, mode: 'list', value: 'wrB', cachedResultName: 'SaaS 2群 · 张三 · 2 members' });
		const byId = await award({ __rl: true, mode: 'id', value: ' wrB ' });
		const byName = await award({ __rl: true, mode: 'id', value: 'SaaS 2群' });
		const saved = await award('wrB');
		for (const out of [picked, byId, byName, saved]) {
			expect(out[0][0].json).toMatchObject({ entries: [{ member_id: 'wmCHEN', chat_id: 'wrB' }] });
			expect(out[0][0].pairedItem).toEqual([{ item: 1 }]);
		}
		await expect(award({ __rl: true, mode: 'list', value: '' })).rejects.toThrow(/Member "陈经理" is in 2 groups/);
	});
});
