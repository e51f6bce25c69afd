import type { IDataObject, ILoadOptionsFunctions, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { clearFxiaokePacing } from '../../../lib/crm/targets/fxiaoke/client';
import { CrmPush } from '../../../nodes/CrmPush/CrmPush.node';
import { SANDBOX_FXIAOKE } from '../../../sandbox/crm/fxiaoke';
import type { HubSpotEmulator } from '../../../sandbox/crm/hubspot';
import { SANDBOX_HUBSPOT_TOKEN } from '../../../sandbox/crm/hubspot';
import { SANDBOX_SF_TOKEN } from '../../../sandbox/crm/salesforce';
import { SANDBOX_SIGNED_HOOKS } from '../../../sandbox/crm/webhook';
import { SANDBOX_CORP } from '../../../sandbox/wecom/data';
import { loadOptionsContext } from '../../helpers/loadOptions';
import { runNode } from '../../helpers/runNode';
import { useSandbox } from '../../helpers/sandbox';
import { sqlLead } from './support';

const ctx = useSandbox();
const node = new CrmPush();
beforeEach(() => clearFxiaokePacing());

const crmCredentials = () => ({
	crmPushHubSpotApi: { accessToken: SANDBOX_HUBSPOT_TOKEN, baseUrl: `${ctx.sb.url}/hubspot` },
	crmPushSalesforceApi: { accessToken: SANDBOX_SF_TOKEN, instanceUrl: `${ctx.sb.url}/salesforce` },
	crmPushFxiaokeApi: { ...SANDBOX_FXIAOKE, currentOpenUserId: SANDBOX_FXIAOKE.openUserId, baseUrl: `${ctx.sb.url}/fxiaoke` },
	crmPushWebhookApi: { url: `${ctx.sb.url}/crm-webhook/signed`, secret: SANDBOX_SIGNED_HOOKS.signed, signatureHeader: 'X-Signature-256' },
});
const wecomApp = () => ({ ...ctx.appCredentials, secret: SANDBOX_CORP.appSecret }) as IDataObject;
const picker = (parameters: IDataObject, credentials: Record<string, IDataObject>): ILoadOptionsFunctions =>
	loadOptionsContext({ parameters: { salesforceAuthentication: 'accessToken', ...parameters }, credentials });
const owners = (target: string, credentials: Record<string, IDataObject> = crmCredentials()) =>
	node.methods.loadOptions.getCrmOwners.call(picker({ target }, credentials));

describe('CRM Push → SDR to CRM Owner (version 2)', () => {
	const field = (name: string) => node.description.properties.find((p) => p.name === name)!;

	it('is rows of a staff picker and a CRM owner dropdown of the target; version 1 keeps the text map', () => {
		expect(node.description.version).toEqual([1, 2]);
		expect(node.description.defaultVersion).toBe(2);
		expect(field('ownerMap').displayOptions?.show?.['@version']).toEqual([1]);
		const rows = field('owners');
		expect(rows).toMatchObject({ type: 'fixedCollection', typeOptions: { multipleValues: true } });
		expect(rows.displayOptions?.show?.['@version']).toEqual([2]);
		const [sdr, owner] = (rows.options![0] as { values: INodeProperties[] }).values;
		expect(sdr.type).toBe('resourceLocator');
		expect(sdr.modes!.map((m) => [m.name, m.typeOptions?.searchListMethod])).toEqual([
			['list', 'searchCustomerContactStaff'],
			['id', undefined],
		]);
		expect(owner).toMatchObject({
			name: 'crmOwner',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getCrmOwners', loadOptionsDependsOn: ['/target'] },
		});
		expect(node.description.credentials!.find((c) => c.name === 'wecomAppApi')).toEqual({
			name: 'wecomAppApi',
			required: false,
			testedBy: 'wecomAppTest',
			// Not keyed on the target: n8n's editor would offer only CRM credentials in its field.
			displayOptions: { show: { operation: ['upsertLead'] }, hide: { '@version': [1] } },
		});
		expect(node.methods.credentialTest.wecomAppTest).toBeInstanceOf(Function);
	});

	it("n8n's display rule (NodeHelpers.displayParameter, as the editor and the credential lookup apply it) hides the WeCom App credential on version 1, shows it from version 2", () => {
		const wecom = node.description.credentials!.find((c) => c.name === 'wecomAppApi')!;
		const hubspot = node.description.credentials!.find((c) => c.name === 'crmPushHubSpotApi')!;
		const shown = (typeVersion: number, c = wecom) =>
			NodeHelpers.displayParameter({ operation: 'upsertLead', target: 'hubspot' }, c, { typeVersion }, node.description);
		expect([shown(1), shown(2), shown(3)]).toEqual([false, true, true]);
		expect([shown(1, hubspot), shown(2, hubspot)]).toEqual([true, true]);
	});

	describe('CRM owners', () => {
		it('HubSpot: active owners by name with email (archived ones left out), from /crm/v3/owners', async () => {
			expect(await owners('hubspot')).toEqual([
				{ name: 'Lei Wang (wang.lei@example.com)', value: '75001', description: '75001' },
				{ name: 'Na Li (li.na@example.com)', value: '75002', description: '75002' },
				{ name: 'Wei Zhang (zhang.wei@example.com)', value: '75003', description: '75003' },
			]);
			const [call] = await ctx.control.requests('/hubspot/crm/v3/owners');
			expect(call.query).toMatchObject({ limit: '100', archived: 'false' });
		});

		it('HubSpot: follows paging.next.after through every page', async () => {
			await ctx.control.reset({ hubspot: { extraOwners: 250 } });
			const list = await owners('hubspot');
			expect(list).toHaveLength(253);
			expect(list[252]).toMatchObject({ name: 'Sales Rep 250 (rep250@example.com)', value: String(76001 + 249) });
			expect(new Set(list.map((o) => o.value)).size).toBe(253);
			const calls = await ctx.control.requests('/hubspot/crm/v3/owners');
			expect(calls.map((c) => c.query.after)).toEqual([undefined, '100', '200']);
		});

		it('HubSpot: a token without the owners scope shows HubSpot’s refusal and the scope to add', async () => {
			await ctx.control.reset({ hubspot: { ownersScope: false } });
			const e = await owners('hubspot').catch((x) => x);
			expect(e.message).toMatch(
				/^HubSpot would not list owners: HubSpot refused the call: This app hasn't been granted all required scopes/,
			);
			expect(e.description).toMatch(/crm\.objects\.owners\.read.*You can still enter the owner ID with an expression/);
		});

		it('HubSpot: a rejected token is said, without the token', async () => {
			const e = await owners('hubspot', { crmPushHubSpotApi: { accessToken: 'pat-wrong-Sekr3t', baseUrl: `${ctx.sb.url}/hubspot` } }).catch(
				(x) => x,
			);
			expect(e.message).toMatch(/^HubSpot would not list owners: HubSpot rejected the token/);
			expect(JSON.stringify({ m: e.message, d: e.description })).not.toContain('Sekr3t');
		});

		it('without the target’s credential the list says which one to select', async () => {
			await expect(owners('hubspot', {})).rejects.toThrow(/^Select a HubSpot credential to list CRM owners/);
		});

		it('Salesforce: active Standard users (not inactive or Automated Process), by SOQL', async () => {
			expect(await owners('salesforce')).toEqual([
				{ name: 'Lei Wang (wang.lei@example.com)', value: '0055g00000SDRWANG', description: '0055g00000SDRWANG' },
				{ name: 'Na Li (li.na@example.com)', value: '0055g00000SDRLINA', description: '0055g00000SDRLINA' },
			]);
			const [call] = await ctx.control.requests('/salesforce/services/data');
			expect(call.query.q).toBe("SELECT Id, Name, Email FROM User WHERE IsActive = true AND UserType = 'Standard' ORDER BY Name ASC");
		});

		it('Salesforce: follows nextRecordsUrl through every batch', async () => {
			await ctx.control.reset({ salesforce: { queryBatchSize: 2, extraUsers: 3 } });
			const list = await owners('salesforce');
			expect(list.map((o) => o.name.replace(/ \(.*/, ''))).toEqual([
				'Lei Wang',
				'Na Li',
				'Sales Rep 0001',
				'Sales Rep 0002',
				'Sales Rep 0003',
			]);
			expect((await ctx.control.requests('/salesforce/services/data')).map((c) => c.path.replace(/.*\/query/, 'query'))).toEqual([
				'query',
				expect.stringMatching(/^query\/01gSANDBOX\d+-2$/),
				expect.stringMatching(/^query\/01gSANDBOX\d+-4$/),
			]);
		});

		it('Salesforce: an invalid session shows Salesforce’s error code and hint', async () => {
			const e = await owners('salesforce', {
				crmPushSalesforceApi: { accessToken: 'wrong', instanceUrl: `${ctx.sb.url}/salesforce` },
			}).catch((x) => x);
			expect(e.message).toBe('Salesforce would not list owners: Salesforce: Session expired or invalid');
			expect(e.description).toMatch(/session expired or the access token is wrong/);
		});

		it('Fxiaoke: the whole company’s staff (openUserId), sub-departments included', async () => {
			expect((await owners('fxiaoke')).map((o) => [o.name, o.value])).toEqual([
				['管理员', 'FSUID_SANDBOX_ADMIN'],
				['王磊', 'FSUID_SDR_WANG'],
				['李娜', 'FSUID_SDR_LI'],
			]);
			const [call] = await ctx.control.requests('/fxiaoke/cgi/user/simpleList');
			expect(call.body).toMatchObject({ departmentId: 999999, fetchChild: true, corpId: SANDBOX_FXIAOKE.corpId });
		});

		it('Fxiaoke: wrong app credentials show Fxiaoke’s errorCode, without the secret', async () => {
			const bad = { crmPushFxiaokeApi: { ...crmCredentials().crmPushFxiaokeApi, appSecret: 'Sekr3t-XYZ' } };
			const e = await owners('fxiaoke', bad).catch((x) => x);
			expect(e.message).toMatch(/^Fxiaoke would not list owners: Fxiaoke error 10006/);
			expect(e.description).toMatch(/App ID, App Secret or Permanent Code is wrong/);
			expect(JSON.stringify({ m: e.message, d: e.description })).not.toContain('Sekr3t-XYZ');
		});

		it('Fxiaoke: an app that may not read the address book shows Fxiaoke’s refusal and what the admin grants', async () => {
			await ctx.control.reset({ fxiaoke: { addressBook: false } });
			const e = await owners('fxiaoke').catch((x) => x);
			expect(e.message).toMatch(
				/^Fxiaoke would not list owners: Fxiaoke error 20023 on \/cgi\/user\/simpleList: APP没有访问department的权限/,
			);
			expect(e.description).toMatch(/address book \(通讯录\).*admin console\. You can still enter the owner ID with an expression\.$/);
			// The switch is per reset: the next run lists the staff again.
			await ctx.control.reset();
			expect(await owners('fxiaoke')).toHaveLength(3);
		});

		it('Webhook: no owner list; says to type the ID', async () => {
			await expect(owners('webhook')).rejects.toThrow(/^Webhook .*has no owner list: enter the owner ID with an expression/);
		});
	});

	describe('SDR', () => {
		const searchSdr = (credentials: Record<string, IDataObject>, filter?: string) =>
			node.methods.listSearch.searchCustomerContactStaff.call(picker({ target: 'hubspot' }, credentials), filter);

		it('lists Customer Contact staff by name through the optional WeCom App credential, searchable', async () => {
			expect((await searchSdr({ wecomAppApi: wecomApp() }, '李')).results).toEqual([
				{ name: '李四 (lisi)', value: 'lisi', description: 'lisi' },
			]);
			expect((await searchSdr({ wecomAppApi: wecomApp() })).results.map((r) => r.value)).toEqual(['zhangsan', 'lisi', 'wangwu', 'zhaoliu']);
		});

		it('without a WeCom App credential the list says how to pick anyway', async () => {
			await expect(searchSdr({})).rejects.toThrow(
				/Add a WeCom App credential to pick staff from the list; or enter the user ID with "By ID"/,
			);
		});

		it('a refused list names the WeCom error', async () => {
			await expect(searchSdr({ wecomAppApi: { ...wecomApp(), secret: 'wrong' } })).rejects.toThrow(
				/WeCom would not list staff with Customer Contact \(error 40001\)/,
			);
		});
	});

	describe('pushing with the rows', () => {
		const push = (typeVersion: number, parameters: IDataObject, items = [sqlLead(1)] as IDataObject[]) =>
			runNode(node, {
				typeVersion,
				parameters: { target: 'hubspot', createTask: false, logActivities: false, ...parameters },
				credentials: crmCredentials(),
				items,
			});
		const ownerOf = () => [...(ctx.sb.emulators.hubspot as HubSpotEmulator).contacts.values()].map((c) => c.properties.hubspot_owner_id);
		const row = (sdr: unknown, crmOwner: unknown) => ({ sdr, crmOwner });

		it('a picked SDR, one typed By ID and a plain string all give the lead their CRM owner', async () => {
			const sdrs = [
				{ __rl: true, mode: 'list', value: 'sdr.wang', cachedResultName: '王磊 (sdr.wang)' },
				{ __rl: true, mode: 'id', value: ' sdr.wang ' },
				'sdr.wang',
			];
			for (const sdr of sdrs) {
				await ctx.control.reset();
				await push(2, { owners: { owner: [row({ __rl: true, mode: 'id', value: 'sdr.li' }, '75003'), row(sdr, '75002')] } });
				expect(ownerOf()).toEqual(['75002']);
			}
		});

		it('leads of an SDR without a row keep the CRM’s default owner; empty rows are ignored', async () => {
			await push(2, { owners: { owner: [row('sdr.li', '75003'), row('', '')] } });
			expect(ownerOf()).toEqual([undefined]);
		});

		it('version 1 nodes (and templates) still read the text map', async () => {
			await push(1, { ownerMap: 'sdr.li=75003\nsdr.wang=75001' });
			expect(ownerOf()).toEqual(['75001']);
		});

		it('a half-filled row or an SDR given two owners stops with the row named, before any call', async () => {
			await expect(push(2, { owners: { owner: [row('sdr.wang', '')] } })).rejects.toThrow(
				'SDR to CRM Owner, row 1: pick the CRM owner of SDR sdr.wang',
			);
			await expect(push(2, { owners: { owner: [row('', '75001')] } })).rejects.toThrow(
				'SDR to CRM Owner, row 1: pick the SDR whose leads go to CRM owner 75001',
			);
			await expect(push(2, { owners: { owner: [row('sdr.wang', '75001'), row('sdr.wang', '75002')] } })).rejects.toThrow(
				'SDR to CRM Owner, row 2: SDR sdr.wang already goes to CRM owner 75001; keep one row per SDR',
			);
			expect(await ctx.control.requests('/hubspot')).toHaveLength(0);
		});
	});
});
