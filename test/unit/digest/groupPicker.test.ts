import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { GROUP_PICK_PAGE } from '../../../lib/wecom/directory';
import { Digest } from '../../../nodes/Digest/Digest.node';
import { SANDBOX_CORP } from '../../../sandbox/wecom/data';
import calendar from '../../fixtures/digest/calendar.json';
import fixture from '../../fixtures/digest/entries.json';
import { loadOptionsContext } from '../../helpers/loadOptions';
import { runNode } from '../../helpers/runNode';
import { useSandbox } from '../../helpers/sandbox';

const ctx = useSandbox();
const node = new Digest();
const wecomApp = (secret = SANDBOX_CORP.appSecret) => ({ ...ctx.appCredentials, secret }) as IDataObject;
const searchGroups = (credentials: Record<string, IDataObject>, filter?: string, page?: string) =>
	node.methods.listSearch.searchCustomerGroups.call(loadOptionsContext({ credentials }), filter, page);

const base: IDataObject = { date: '2025-03-03', knowledgeCalendar: JSON.stringify(calendar) };
const run = (typeVersion: number, parameters: IDataObject) =>
	runNode(node, { typeVersion, parameters: { ...base, ...parameters }, items: fixture as IDataObject[] });
const reports = (out: INodeExecutionData[][]) => [
	...new Map(out[0].filter((i) => i.json.group).map((i) => [i.json.group, i.json.groupName ?? null])).entries(),
];
const rows = (...list: Array<{ group: unknown; displayName?: string }>) => ({ group: list });

describe('Digest → Group List (version 2)', () => {
	it('is rows of a group picker (From List, By ID or Name) and a display name; version 1 keeps the lines', () => {
		expect(node.description.version).toEqual([1, 2]);
		expect(node.description.defaultVersion).toBe(2);
		const byName = node.description.properties.filter((p) => p.name === 'groups');
		expect(byName.map((p) => p.displayOptions?.show)).toEqual([
			expect.objectContaining({ groupsSource: ['list'], '@version': [1] }),
			expect.objectContaining({ groupsSource: ['lines'] }),
		]);
		const list = node.description.properties.find((p) => p.name === 'groupList')!;
		expect(list.displayOptions?.show).toMatchObject({ groupsSource: ['list'], '@version': [2] });
		const [group, displayName] = (list.options![0] as { values: INodeProperties[] }).values;
		expect(group.type).toBe('resourceLocator');
		expect(group.modes!.map((m) => [m.name, m.displayName, m.typeOptions?.searchListMethod])).toEqual([
			['list', 'From List', 'searchCustomerGroups'],
			['id', 'By ID or Name', undefined],
		]);
		expect(displayName).toMatchObject({ name: 'displayName', type: 'string' });
		expect(node.description.credentials).toEqual([
			{
				name: 'wecomAppApi',
				required: false,
				testedBy: 'wecomAppTest',
				displayOptions: { show: { operation: ['morningReport'], groupsSource: ['list'] } },
			},
		]);
	});

	describe('the group list', () => {
		it('lists customer groups by name with owner and member count, a page at a time', async () => {
			await ctx.control.reset({ groups: 45 });
			const first = await searchGroups({ wecomAppApi: wecomApp() });
			expect(first.results).toHaveLength(GROUP_PICK_PAGE);
			expect(first.results[0]).toEqual({
				name: expect.stringMatching(/^MarTech 交流 1群 #0 · 张三 · \d+ members$/),
				value: 'wrSANDBOX000000',
				description: expect.stringMatching(/^Owner 张三, \d+ members$/),
			});
			const seen = first.results.map((r) => r.value);
			let token = first.paginationToken;
			while (token) {
				const next = await searchGroups({ wecomAppApi: wecomApp() }, undefined, String(token));
				seen.push(...next.results.map((r) => r.value));
				token = next.paginationToken;
			}
			expect(new Set(seen).size).toBe(45);
		});

		it('searches by name', async () => {
			await ctx.control.reset({ groups: 45 });
			const res = await searchGroups({ wecomAppApi: wecomApp() }, '早报');
			expect(res.results.length).toBeGreaterThan(0);
			expect(res.results.every((r) => r.name.startsWith('B2B 营销早报群'))).toBe(true);
		});

		it('without a WeCom App credential says how to pick anyway, calling nothing', async () => {
			await expect(searchGroups({})).rejects.toThrow(
				/^Add a WeCom App credential to pick groups from the list; or enter the chat ID with "By ID"/,
			);
			expect(await ctx.control.requests('/cgi-bin')).toEqual([]);
		});

		it('a refused list shows WeCom’s error', async () => {
			await expect(searchGroups({ wecomAppApi: wecomApp('wrong') })).rejects.toThrow(
				/WeCom would not list customer groups \(error 40001\)/,
			);
		});
	});

	describe('building the reports', () => {
		it('a picked group shows under its WeCom name unless a display name is given; any name may be typed', async () => {
			const out = await run(2, {
				groupsSource: 'list',
				groupList: rows(
					{ group: { __rl: true, mode: 'list', value: 'martech-6', cachedResultName: 'MarTech 6群 · 张三 · 38 members' } },
					{ group: { __rl: true, mode: 'id', value: ' saas-2 ' }, displayName: 'SaaS 2群' },
					{ group: { __rl: true, mode: 'list', value: 'wrSANDBOX000009', cachedResultName: '(unnamed group) · 李四 · 3 members' } },
					{ group: 'ops-1' },
					{ group: { __rl: true, mode: 'id', value: '' } },
				),
			});
			expect(reports(out)).toEqual([
				['martech-6', 'MarTech 6群'],
				['saas-2', 'SaaS 2群'],
				// No display name: the report names the group by its key.
				['wrSANDBOX000009', 'wrSANDBOX000009'],
				['ops-1', 'ops-1'],
			]);
		});

		it('rows, version 1 lines and "From Lines" build the same reports', async () => {
			const v2 = await run(2, {
				groupsSource: 'list',
				groupList: rows({ group: { __rl: true, mode: 'id', value: 'martech-6' }, displayName: 'MarTech 6群' }, { group: 'saas-2' }),
			});
			const v1 = await run(1, { groupsSource: 'list', groups: 'martech-6 | MarTech 6群\nsaas-2' });
			const lines = await run(2, { groupsSource: 'lines', groups: 'martech-6 | MarTech 6群\nsaas-2' });
			const content = (o: INodeExecutionData[][]) => o[0].map((i) => [i.json.group, i.json.content]);
			expect(reports(v2)).toEqual([
				['martech-6', 'MarTech 6群'],
				['saas-2', 'saas-2'],
			]);
			expect(content(v1)).toEqual(content(v2));
			expect(content(lines)).toEqual(content(v2));
		});

		it('an empty list is a clear error', async () => {
			await expect(run(2, { groupsSource: 'list', groupList: rows({ group: { __rl: true, mode: 'list', value: '' } }) })).rejects.toThrow(
				'groups: list at least one group',
			);
			await expect(run(2, { groupsSource: 'list', groupList: {} })).rejects.toThrow('groups: list at least one group');
		});
	});
});
