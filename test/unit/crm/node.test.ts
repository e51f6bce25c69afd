import type { ICredentialTestFunctions, ICredentialsDecrypted, IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { CRM_TARGET_LIST } from '../../../lib/crm/targets';
import { clearFxiaokePacing } from '../../../lib/crm/targets/fxiaoke/client';
import { CrmPush } from '../../../nodes/CrmPush/CrmPush.node';
import { SANDBOX_FXIAOKE } from '../../../sandbox/crm/fxiaoke';
import type { HubSpotEmulator } from '../../../sandbox/crm/hubspot';
import { SANDBOX_HUBSPOT_TOKEN } from '../../../sandbox/crm/hubspot';
import type { SalesforceEmulator } from '../../../sandbox/crm/salesforce';
import { SANDBOX_SF_TOKEN } from '../../../sandbox/crm/salesforce';
import { SANDBOX_SIGNED_HOOKS } from '../../../sandbox/crm/webhook';
import { runNode } from '../../helpers/runNode';
import { useSandbox } from '../../helpers/sandbox';
import { sqlLead } from './support';

const ctx = useSandbox();
const node = new CrmPush();
beforeEach(() => clearFxiaokePacing());

const credentials = () => ({
	crmPushHubSpotApi: { accessToken: SANDBOX_HUBSPOT_TOKEN, baseUrl: `${ctx.sb.url}/hubspot` },
	crmPushSalesforceApi: { accessToken: SANDBOX_SF_TOKEN, instanceUrl: `${ctx.sb.url}/salesforce` },
	crmPushWebhookApi: { url: `${ctx.sb.url}/crm-webhook/signed`, secret: SANDBOX_SIGNED_HOOKS.signed, signatureHeader: 'X-Signature-256' },
	crmPushFxiaokeApi: { ...SANDBOX_FXIAOKE, currentOpenUserId: SANDBOX_FXIAOKE.openUserId, baseUrl: `${ctx.sb.url}/fxiaoke` },
});
const run = (parameters: Record<string, unknown>, items: Array<Record<string, unknown>>, continueOnFail = false) =>
	runNode(node, {
		parameters: { salesforceAuthentication: 'accessToken', ...parameters },
		credentials: credentials(),
		items: items as IDataObject[],
		continueOnFail,
	});
const jsons = (out: INodeExecutionData[][]) => out[0].map((o) => o.json);

describe('CRM Push node', () => {
	it('pushes a lead turned SQL with its source and a task; pushing it again changes nothing', async () => {
		const items = [sqlLead(1), sqlLead(2)];
		const first = await run({ target: 'hubspot', ownerMap: 'sdr.wang=75001' }, items);
		expect(first[0].map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(jsons(first).map((j) => [j.status, (j.task as { status: string }).status])).toEqual([
			['created', 'created'],
			['created', 'created'],
		]);
		const hs = ctx.sb.emulators.hubspot as HubSpotEmulator;
		const contact = [...hs.contacts.values()][0];
		expect(contact.properties).toMatchObject({
			wecom_group_name: 'MarTech group 6',
			wecom_join_state: 'live0612',
			wecom_inviting_sdr: 'sdr.wang',
			hubspot_owner_id: '75001',
			lifecyclestage: 'salesqualifiedlead',
		});
		const before = { contacts: hs.contacts.size, tasks: hs.objects.tasks.size, updated: contact.updatedAt };
		const second = await run({ target: 'hubspot', ownerMap: 'sdr.wang=75001' }, items);
		expect(jsons(second).map((j) => [j.status, (j.task as { status: string }).status])).toEqual([
			['skipped', 'exists'],
			['skipped', 'exists'],
		]);
		expect({ contacts: hs.contacts.size, tasks: hs.objects.tasks.size, updated: [...hs.contacts.values()][0].updatedAt }).toEqual(before);
	});

	it('rejects a bad item before any call, naming the item and field', async () => {
		const e = await run({ target: 'hubspot' }, [sqlLead(1), sqlLead(2, { email: 'not-an-email' })]).catch((x) => x);
		expect(e).toBeInstanceOf(NodeOperationError);
		expect(e.message).toMatch(/^Item 2: invalid lead — email: is not a valid email address/);
		expect(await ctx.control.requests('/hubspot')).toHaveLength(0);
	});

	it('with Continue On Fail, a bad item fails alone and the others are pushed', async () => {
		const out = await run(
			{ target: 'hubspot' },
			[sqlLead(1), sqlLead(2, { email: undefined }), sqlLead(3, { source: { ...(sqlLead(3).source as object), state: 'x'.repeat(31) } })],
			true,
		);
		expect(jsons(out).map((j) => j.status)).toEqual(['created', 'failed', 'failed']);
		expect(jsons(out)[1].error).toMatch(/Item 2: invalid lead — email: is required to match leads on email/);
		expect(jsons(out)[2].error).toMatch(/Item 3: .*state: WeCom join-code states are at most 30 characters/);
		expect(out[0].map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('reports a CRM-side failure as a NodeApiError naming the item, or as a failed item with Continue On Fail', async () => {
		// An older lead holds lead 2's email under another external ID: two records would be one person.
		(ctx.sb.emulators.salesforce as SalesforceEmulator).leads.set('00Qold', {
			Id: '00Qold',
			LastName: 'Old',
			Company: 'Old',
			Email: 'lead2@example.com',
			WeCom_Lead_Key__c: 'form-0042',
		});
		const params = { target: 'salesforce' };
		const e = await run(params, [sqlLead(1), sqlLead(2)]).catch((x) => x);
		expect(e).toBeInstanceOf(NodeApiError);
		expect(e.message).toMatch(/^Item 2: Salesforce did not take the lead lead2@example.com: .*already belongs to Salesforce lead 00Qold/);
		expect(e.description).toMatch(/Merge them in Salesforce/);
		const out = await run(params, [sqlLead(1), sqlLead(2)], true);
		expect(jsons(out).map((j) => j.status)).toEqual(['skipped', 'failed']);
		expect(jsons(out)[1]).toMatchObject({
			code: 'IDENTITY_CONFLICT',
			conflictId: '00Qold',
			error: expect.stringMatching(/its WeCom_Lead_Key__c is form-0042/),
		});
	});

	it('dry run shows what would be sent and calls nothing; the HMAC secret stays hidden', async () => {
		const out = await run({ target: 'webhook', options: { dryRun: true } }, [sqlLead(1)]);
		const j = jsons(out)[0] as any;
		expect(j).toMatchObject({ dryRun: true, status: 'dryRun', target: 'webhook' });
		expect(j.requests[0].body.lead).toMatchObject({ email: 'lead1@example.com', groupName: 'MarTech group 6', state: 'live0612' });
		expect(j.requests[0].headers['x-signature-256']).toBe('(HMAC signature)');
		expect(JSON.stringify(out)).not.toContain(SANDBOX_SIGNED_HOOKS.signed);
		const sf = await run({ target: 'salesforce', options: { dryRun: true } }, [sqlLead(1)]);
		expect((jsons(sf)[0] as any).requests[0].body.compositeRequest[0].url).toBe(
			'/services/data/v62.0/sobjects/Lead/WeCom_Lead_Key__c/lead1%40example.com',
		);
		expect(JSON.stringify(sf)).not.toContain(SANDBOX_SF_TOKEN);
		expect((await ctx.control.requests('')).length).toBe(0);
	});

	it('skips leads that are not sales-ready when asked, without calling the CRM for them', async () => {
		const out = await run({ target: 'webhook', options: { onlySalesReady: true } }, [sqlLead(1), sqlLead(2, { salesReady: false })]);
		expect(jsons(out).map((j) => [j.status, j.reason])).toEqual([
			['created', undefined],
			['skipped', 'not sales-ready (salesReady is not true)'],
		]);
		expect(await ctx.control.requests('/crm-webhook')).toHaveLength(1);
	});

	it('applies field mapping, custom fields and lead field overrides', async () => {
		const out = await run(
			{
				target: 'hubspot',
				fieldMapping: {
					mappings: [
						{ leadField: 'groupName', crmField: 'company' },
						{ leadField: 'sdrUserId', crmField: '' },
					],
				},
				customFields: { fields: [{ name: 'wecom_campaign', value: 'override-campaign' }] },
				leadFields: { stage: 'mql' },
			},
			[sqlLead(1)],
		);
		expect(jsons(out)[0].status).toBe('created');
		const c = [...(ctx.sb.emulators.hubspot as HubSpotEmulator).contacts.values()][0];
		expect(c.properties).toMatchObject({
			company: 'MarTech group 6',
			wecom_campaign: 'override-campaign',
			lifecyclestage: 'marketingqualifiedlead',
		});
		expect(c.properties.wecom_inviting_sdr).toBeUndefined();
	});

	it('pushes to Fxiaoke through the node and tests the Fxiaoke credential for real', async () => {
		const out = await run({ target: 'fxiaoke' }, [sqlLead(1)]);
		expect(jsons(out)[0]).toMatchObject({ target: 'fxiaoke', status: 'created' });
		const test = node.methods.credentialTest.crmPushFxiaokeTest;
		const ok = await test.call(
			{} as ICredentialTestFunctions,
			{ data: credentials().crmPushFxiaokeApi } as unknown as ICredentialsDecrypted,
		);
		expect(ok.status).toBe('OK');
		const bad = await test.call(
			{} as ICredentialTestFunctions,
			{ data: { ...credentials().crmPushFxiaokeApi, appSecret: 'Sekr3t-XYZ' } } as unknown as ICredentialsDecrypted,
		);
		expect(bad).toMatchObject({ status: 'Error', message: expect.stringMatching(/10006/) });
		expect(bad.message).not.toContain('Sekr3t-XYZ');
	});

	it('lists every credential of every target, with its test and when it shows', () => {
		// Besides the targets' credentials: the optional WeCom App credential of the SDR picker.
		const listed = node.description
			.credentials!.filter((c) => c.name !== 'wecomAppApi')
			.map((c) => ({ name: c.name, testedBy: c.testedBy, show: c.displayOptions?.show }));
		const registry = CRM_TARGET_LIST.flatMap((t) =>
			t.credentials.map((c) => ({ name: c.name, testedBy: c.testedBy, show: { target: [t.id], ...c.show } })),
		);
		expect(listed).toEqual(expect.arrayContaining(registry));
		expect(listed).toHaveLength(registry.length);
		for (const c of listed) if (c.testedBy) expect(node.methods.credentialTest[c.testedBy as string]).toBeInstanceOf(Function);
	});

	it('tests the webhook credential by reaching the receiver, without delivering a lead', async () => {
		const test = node.methods.credentialTest.crmPushWebhookTest;
		const ok = await test.call(
			{} as ICredentialTestFunctions,
			{ data: credentials().crmPushWebhookApi } as unknown as ICredentialsDecrypted,
		);
		expect(ok.status).toBe('OK');
		expect((await ctx.control.requests('/crm-webhook')).map((r) => r.method)).toEqual(['HEAD']);
		expect(await (await fetch(`${ctx.sb.url}/_sandbox/crm-webhook/deliveries`)).json()).toEqual([]);
		const notUrl = await test.call(
			{} as ICredentialTestFunctions,
			{ data: { url: 'crm.example.com/hook' } } as unknown as ICredentialsDecrypted,
		);
		expect(notUrl).toMatchObject({ status: 'Error', message: expect.stringMatching(/not an http\(s\) URL/) });
		const unreachable = await test.call(
			{} as ICredentialTestFunctions,
			{ data: { url: 'http://127.0.0.1:1/crm-webhook/signed' } } as unknown as ICredentialsDecrypted,
		);
		expect(unreachable).toMatchObject({ status: 'Error', message: expect.stringMatching(/No answer from \/crm-webhook\/signed/) });
	});

	it('never puts the token into an error or output', async () => {
		const creds = credentials();
		const out = await runNode(node, {
			parameters: { target: 'hubspot' },
			credentials: { ...creds, crmPushHubSpotApi: { ...creds.crmPushHubSpotApi, accessToken: 'pat-na1-secret-1234' } },
			items: [sqlLead(1) as IDataObject],
			continueOnFail: true,
		});
		expect(jsons(out)[0]).toMatchObject({ status: 'failed', code: 'UNAUTHORIZED' });
		expect(JSON.stringify(out)).not.toContain('pat-na1-secret-1234');
	});
});
