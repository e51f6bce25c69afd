import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';
import { LeadIntake } from '../../../nodes/LeadIntake/LeadIntake.node';
import { WeCom } from '../../../nodes/WeCom/WeCom.node';
import { useRobotClock } from '../../../lib/wecom/robot';
import { SANDBOX_CORP, SANDBOX_ROBOT_KEYS } from '../../../sandbox/wecom/data';
import { loadOptionsContext } from '../../helpers/loadOptions';
import { runNode } from '../../helpers/runNode';
import { useSandbox } from '../../helpers/sandbox';
import { bodies, calls, json, runWeCom } from './support';

const ctx = useSandbox();
const wecom = new WeCom();
const leadIntake = new LeadIntake();
const appCredential = (secret: 'app' | 'contact') =>
	({ ...ctx.appCredentials, secret: secret === 'app' ? SANDBOX_CORP.appSecret : SANDBOX_CORP.contactSecret }) as IDataObject;
const picker = (credentials: Record<string, IDataObject>, parameters: IDataObject = {}): ILoadOptionsFunctions =>
	loadOptionsContext({ parameters, credentials });
const robotOnly = { wecomRobotApi: { webhook: 'unused-key' } };

let restoreClock: () => void;
beforeEach(() => {
	restoreClock = useRobotClock({
		now: () => ctx.sb.state.now(),
		sleep: async (ms) => {
			ctx.sb.state.clockOffsetMs += ms;
		},
	});
});
afterEach(() => restoreClock());

describe('Robot Message → Send: Mention Staff', () => {
	const mentionStaff = (c: ILoadOptionsFunctions) => wecom.methods.loadOptions.getRobotMentionStaff.call(c);

	it('is a list-backed multi-select, and the WeCom App credential is offered (optional) on robot messages', () => {
		const field = wecom.description.properties.find((p) => p.name === 'mentionedUserIds')!;
		expect(field.type).toBe('multiOptions');
		expect(field.typeOptions?.loadOptionsMethod).toBe('getRobotMentionStaff');
		const app = wecom.description.credentials!.filter((c) => c.name === 'wecomAppApi');
		// n8n reads a node's credential entry by type name: one entry, shown for robots too.
		expect(app).toHaveLength(1);
		expect(app[0].required).toBe(false);
		expect(app[0].displayOptions?.hide?.resource).toBeUndefined();
	});

	it('without a WeCom App credential: everyone (@all) and a hint how to pick staff, no WeCom call', async () => {
		const res = await mentionStaff(picker(robotOnly));
		expect(res).toEqual([
			expect.objectContaining({ name: 'Everyone in the Group (@All)', value: '@all' }),
			expect.objectContaining({ name: 'Add a WeCom App Credential to Pick Staff; or Type User IDs', value: '' }),
		]);
		expect(await calls(ctx, '/cgi-bin/gettoken')).toEqual([]);
	});

	it('with a WeCom App credential: everyone (@all) first, then staff by name from the address book', async () => {
		const res = await mentionStaff(picker({ ...robotOnly, wecomAppApi: appCredential('app') }));
		expect(res.map((r) => [r.name, r.value])).toEqual([
			['Everyone in the Group (@All)', '@all'],
			['张三 (zhangsan)', 'zhangsan'],
			['李四 (lisi)', 'lisi'],
			['王五 (wangwu)', 'wangwu'],
			['赵六 (zhaoliu)', 'zhaoliu'],
		]);
	});

	it('a credential that may not read the address book gets a clear message naming the code', async () => {
		await expect(mentionStaff(picker({ ...robotOnly, wecomAppApi: appCredential('contact') }))).rejects.toThrow(
			/WeCom would not list staff \(address book\) \(error 48002\)/,
		);
	});

	it('sends the same mentions from a multi-select, a saved comma string and an expression result; the hint entry adds nothing', async () => {
		const send = (mentionedUserIds: string | string[]) =>
			runWeCom(ctx, {
				resource: 'robotMessage',
				operation: 'send',
				messageType: 'text',
				content: '早报',
				mentionedUserIds,
				oversize: 'split',
			});
		await send(['zhangsan', '@all']);
		await send('zhangsan, @all');
		await send('zhangsan,@all');
		await send(['', 'lisi']);
		await send('');
		const sent = (await bodies(ctx, '/cgi-bin/webhook/send')).map((b) => b.text.mentioned_list);
		expect(sent).toEqual([['zhangsan', '@all'], ['zhangsan', '@all'], ['zhangsan', '@all'], ['lisi'], undefined]);
	});

	it('robot messages run without a WeCom App credential', async () => {
		const out = await runNode(wecom, {
			parameters: {
				resource: 'robotMessage',
				operation: 'send',
				messageType: 'text',
				content: 'hi',
				mentionedUserIds: ['@all'],
				oversize: 'split',
			},
			credentials: { wecomRobotApi: { webhook: SANDBOX_ROBOT_KEYS[0], baseUrl: ctx.sb.url } },
		});
		expect(json(out)[0]).toMatchObject({ sent: true, delivered: true });
	});

	it('an app operation without the credential stops with a clear error', async () => {
		await expect(
			runNode(wecom, { parameters: { resource: 'customerGroup', operation: 'get', chatId: 'wrSANDBOX000001' }, credentials: {} }),
		).rejects.toThrow(/No WeCom App credential selected/);
	});
});

describe('Lead Intake → Check Web Signup: SDR', () => {
	const searchSdr = (c: ILoadOptionsFunctions, filter?: string) => leadIntake.methods.listSearch.searchCustomerContactStaff.call(c, filter);

	it('is a staff resource locator (From List, By ID) with an optional WeCom App credential', () => {
		const field = leadIntake.description.properties.find((p) => p.name === 'sdrUserId')!;
		expect(field.type).toBe('resourceLocator');
		expect(field.modes!.map((m) => [m.name, m.typeOptions?.searchListMethod])).toEqual([
			['list', 'searchCustomerContactStaff'],
			['id', undefined],
		]);
		expect(leadIntake.description.credentials).toEqual([
			{ name: 'wecomAppApi', required: false, testedBy: 'wecomAppTest', displayOptions: { show: { operation: ['checkSignup'] } } },
		]);
	});

	it('lists Customer Contact staff by name with the WeCom node’s code, searchable', async () => {
		const res = await searchSdr(picker({ wecomAppApi: appCredential('app') }), '张');
		expect(res.results).toEqual([{ name: '张三 (zhangsan)', value: 'zhangsan', description: 'zhangsan' }]);
		const all = await searchSdr(picker({ wecomAppApi: appCredential('app') }));
		expect(all.results.map((r) => r.value)).toEqual(['zhangsan', 'lisi', 'wangwu', 'zhaoliu']);
	});

	it('without a WeCom App credential the list says how to pick anyway (no blank list)', async () => {
		await expect(searchSdr(picker({}))).rejects.toThrow(
			/Add a WeCom App credential to pick staff from the list; or enter the user ID with "By ID"/,
		);
	});

	it('a refused list names the WeCom error and its hint', async () => {
		await expect(searchSdr(picker({ wecomAppApi: { ...appCredential('app'), secret: 'wrong' } }))).rejects.toThrow(
			/WeCom would not list staff with Customer Contact \(error 40001\)/,
		);
	});

	it('a picked locator, a By ID locator and a saved plain string give the same signup', async () => {
		const run = (sdrUserId: IDataObject | string) =>
			runNode(leadIntake, {
				parameters: {
					operation: 'checkSignup',
					formData: { name: '韩梅梅', company: '星河', phone: '13800138000', email: 'h@e.cn' },
					contentType: 'application/json',
					clientIp: '1.2.3.4',
					defaultChannel: 'website',
					defaultCampaign: '',
					sdrUserId,
					signupOptions: {},
				},
				items: [{ body: {} }],
			});
		// The submission time differs between runs; everything else must be equal.
		const untimed = (out: Awaited<ReturnType<typeof run>>) =>
			JSON.parse(JSON.stringify(json(out)).replace(/\d{4}-\d{2}-\d{2}T[\d:.]+\+08:00/g, 'T'));
		const picked = untimed(await run({ __rl: true, mode: 'list', value: 'zhangsan', cachedResultName: '张三 (zhangsan)' }));
		const byId = untimed(await run({ __rl: true, mode: 'id', value: ' zhangsan ' }));
		const saved = untimed(await run('zhangsan'));
		expect(picked[0].sdrUserId).toBe('zhangsan');
		expect(byId).toEqual(picked);
		expect(saved).toEqual(picked);
		expect(json(await run(''))[0].sdrUserId).toBe('');
	});
});
