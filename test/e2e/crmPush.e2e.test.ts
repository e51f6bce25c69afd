import { SANDBOX_HUBSPOT_TOKEN } from '../../sandbox/crm/hubspot';
import { SANDBOX_SF_TOKEN } from '../../sandbox/crm/salesforce';
import { harness, nodeOutput, PACKAGE } from './harness';
import { webhookNode } from '../helpers/workflows';

const e2e = harness();

const sqlLead = {
	email: 'li.lei@example.cn',
	name: '李雷',
	company: '星河软件',
	title: '市场总监',
	externalUserId: 'wmEXT0001002',
	stage: 'sql',
	engagementScore: 42,
	fitScore: 30,
	salesReady: true,
	source: {
		channel: 'wecom_group',
		groupId: 'wrSANDBOX000006',
		groupName: 'MarTech 交流 6群',
		state: 'live_0612',
		campaign: 'live-0612',
		sdrUserId: 'zhangsan',
	},
};

async function getJson<T>(path: string): Promise<T> {
	return (await (await fetch(e2e.sandboxUrl + path)).json()) as T;
}

function pushWorkflow(
	path: string,
	crmParams: Record<string, unknown>,
	credType: string,
	cred: { id: string; name: string },
	crmNode: Record<string, unknown> = {},
) {
	return {
		name: `crm push ${path}`,
		nodes: [
			webhookNode(path, { responseMode: 'lastNode' }),
			{
				id: 'l',
				name: 'Lead',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: { mode: 'raw', jsonOutput: '={{ JSON.stringify($json.body) }}' },
			},
			{
				id: 'c',
				name: 'CRM Push',
				type: `${PACKAGE}.crmPush`,
				typeVersion: 1,
				position: [400, 0],
				parameters: { operation: 'upsertLead', createTask: true, ...crmParams },
				credentials: { [credType]: cred },
				...crmNode,
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Lead', type: 'main', index: 0 }]] },
			Lead: { main: [[{ node: 'CRM Push', type: 'main', index: 0 }]] },
		},
	};
}

async function push(path: string, body: unknown) {
	const res = await fetch(`${e2e.n8nUrl}/webhook/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	expect(res.status).toBe(200);
}

describe('CRM Push in a real n8n', () => {
	beforeAll(() => e2e.sandbox.reset());

	it('version 2: an SDR row (picked staff, listed CRM owner) makes the owner the contact’s and the task’s', async () => {
		const cred = await e2e.credential('crmPushHubSpotApi');
		const owners = {
			owner: [
				{ sdr: { __rl: true, mode: 'id', value: 'lisi' }, crmOwner: '75003' },
				{ sdr: { __rl: true, mode: 'list', value: 'zhangsan', cachedResultName: '张三 (zhangsan)' }, crmOwner: '75002' },
			],
		};
		const { id } = await e2e.deploy(
			pushWorkflow('crm-hubspot-v2', { target: 'hubspot', owners }, 'crmPushHubSpotApi', cred, { typeVersion: 2 }),
			{ crmPushHubSpotApi: cred },
		);
		await push('crm-hubspot-v2', { ...sqlLead, email: 'owner.v2@example.cn', externalUserId: 'wmEXTV2' });
		const [run] = await e2e.n8n.waitForExecutions(id, 1);
		expect(run.status).toBe('success');
		expect(nodeOutput(await e2e.n8n.execution(run.id), 'CRM Push')[0]).toMatchObject({ status: 'created' });
		const contacts = await getJson<Array<{ id: string; properties: Record<string, string> }>>('/_sandbox/hubspot/contacts');
		const contact = contacts.find((c) => c.properties.email === 'owner.v2@example.cn')!;
		expect(contact.properties.hubspot_owner_id).toBe('75002');
		const tasks = await getJson<Array<{ properties: Record<string, string>; contacts?: string[] }>>('/_sandbox/hubspot/objects/tasks');
		expect(tasks.filter((t) => t.contacts?.includes(contact.id)).map((t) => t.properties.hubspot_owner_id)).toEqual(['75002']);
		// The next tests count the records they create.
		await e2e.sandbox.reset();
	});

	it('pushes a lead turned SQL to HubSpot with its source and an SDR task; a second push changes nothing', async () => {
		const cred = await e2e.credential('crmPushHubSpotApi');
		const { id } = await e2e.deploy(pushWorkflow('crm-hubspot', { target: 'hubspot' }, 'crmPushHubSpotApi', cred), {
			crmPushHubSpotApi: cred,
		});
		await push('crm-hubspot', sqlLead);
		const [first] = await e2e.n8n.waitForExecutions(id, 1);
		expect(first.status).toBe('success');
		const out1 = nodeOutput(await e2e.n8n.execution(first.id), 'CRM Push');
		expect(out1).toHaveLength(1);
		expect(out1[0]).toMatchObject({ status: 'created' });

		const contacts = await getJson<Array<{ properties: Record<string, string> }>>('/_sandbox/hubspot/contacts');
		expect(contacts).toHaveLength(1);
		expect(contacts[0].properties).toMatchObject({
			email: 'li.lei@example.cn',
			company: '星河软件',
			wecom_group_id: 'wrSANDBOX000006',
			wecom_group_name: 'MarTech 交流 6群',
			wecom_join_state: 'live_0612',
			wecom_inviting_sdr: 'zhangsan',
		});
		const tasks = await getJson<Array<{ properties: Record<string, string> }>>('/_sandbox/hubspot/objects/tasks');
		expect(tasks).toHaveLength(1);
		expect(tasks[0].properties.hs_task_subject).toContain('李雷');
		const snapshot = JSON.stringify(contacts);

		await push('crm-hubspot', sqlLead);
		const runs = await e2e.n8n.waitForExecutions(id, 2);
		const out2 = nodeOutput(await e2e.n8n.execution(runs[1].id), 'CRM Push');
		expect(out2[0]).toMatchObject({ status: 'skipped' });
		expect(JSON.stringify(await getJson('/_sandbox/hubspot/contacts'))).toBe(snapshot);
		expect(await getJson<unknown[]>('/_sandbox/hubspot/objects/tasks')).toHaveLength(1);
	});

	it('a WeCom lead whose email is a website-form contact is linked to it; one whose email has another WeCom ID is reported', async () => {
		const cred = await e2e.credential('crmPushHubSpotApi');
		const hs = (path: string, body: unknown) =>
			fetch(`${e2e.sandboxUrl}/hubspot${path}`, {
				method: 'POST',
				headers: { authorization: `Bearer ${SANDBOX_HUBSPOT_TOKEN}`, 'content-type': 'application/json' },
				body: JSON.stringify(body),
			}).then(async (r) => (await r.json()) as any);
		// Made outside the pack: a website-form contact, and a contact of another WeCom customer.
		const made = await hs('/crm/v3/objects/contacts/batch/upsert', {
			inputs: [
				{ idProperty: 'email', id: 'han.meimei@example.cn', properties: { firstname: 'Meimei', lastname: 'Han' } },
				{ idProperty: 'email', id: 'shared@example.cn', properties: { wecom_external_userid: 'wmSOMEONE' } },
			],
		});
		const [formId, otherId] = made.results.map((r: { id: string }) => r.id);
		const params = { target: 'hubspot', matchOn: 'externalUserId', hubspotIdProperty: 'wecom_external_userid' };
		const { id } = await e2e.deploy(
			pushWorkflow('crm-hubspot-identity', params, 'crmPushHubSpotApi', cred, { onError: 'continueRegularOutput' }),
			{ crmPushHubSpotApi: cred },
		);
		await push('crm-hubspot-identity', { ...sqlLead, email: 'han.meimei@example.cn', name: '韩梅梅', externalUserId: 'wmEXT0002001' });
		await push('crm-hubspot-identity', { ...sqlLead, email: 'shared@example.cn', name: '王芳', externalUserId: 'wmEXT0002002' });
		const runs = await e2e.n8n.waitForExecutions(id, 2);
		const linked = nodeOutput(await e2e.n8n.execution(runs[0].id), 'CRM Push')[0];
		expect(linked).toMatchObject({ status: 'updated', crmId: formId, linkedBy: 'email' });
		const conflict = nodeOutput(await e2e.n8n.execution(runs[1].id), 'CRM Push')[0];
		expect(conflict).toMatchObject({ status: 'failed', code: 'IDENTITY_CONFLICT', conflictId: otherId });
		expect(String(conflict.error)).toMatch(new RegExp(`shared@example.cn already belongs to HubSpot contact ${otherId}`));
		const contacts = await getJson<Array<{ id: string; properties: Record<string, string> }>>('/_sandbox/hubspot/contacts');
		expect(contacts.filter((c) => c.properties.email === 'han.meimei@example.cn')).toEqual([
			expect.objectContaining({
				id: formId,
				properties: expect.objectContaining({ wecom_external_userid: 'wmEXT0002001', company: '星河软件' }),
			}),
		]);
		expect(contacts.filter((c) => c.properties.email === 'shared@example.cn')).toHaveLength(1);
		expect(contacts.some((c) => c.properties.wecom_external_userid === 'wmEXT0002002')).toBe(false);
		const tasks = await getJson<Array<{ contacts?: string[] }>>('/_sandbox/hubspot/objects/tasks');
		expect(tasks.filter((t) => t.contacts?.includes(formId))).toHaveLength(1);
	});

	it('pushes to Salesforce through an OAuth2 credential (token sent by n8n) without duplicating on re-push', async () => {
		const cred = await e2e.credential(
			'crmPushSalesforceOAuth2Api',
			{
				clientId: 'sandbox-client',
				clientSecret: 'sandbox-client-secret',
				environment: 'production',
				instanceUrl: `${e2e.sandboxUrl}/salesforce`,
				oauthTokenData: { access_token: SANDBOX_SF_TOKEN, token_type: 'Bearer', instance_url: `${e2e.sandboxUrl}/salesforce` },
			},
			'Salesforce OAuth2 (sandbox)',
		);
		const { id } = await e2e.deploy(
			pushWorkflow('crm-sf', { target: 'salesforce', salesforceAuthentication: 'oAuth2' }, 'crmPushSalesforceOAuth2Api', cred),
			{ crmPushSalesforceOAuth2Api: cred },
		);
		await push('crm-sf', sqlLead);
		await push('crm-sf', sqlLead);
		const runs = await e2e.n8n.waitForExecutions(id, 2);
		const first = await e2e.n8n.execution(runs[0].id);
		expect(runs[0].status).toBe('success');
		expect(nodeOutput(first, 'CRM Push')[0]).toMatchObject({ status: 'created' });
		expect(nodeOutput(await e2e.n8n.execution(runs[1].id), 'CRM Push')[0].status).toMatch(/skipped|updated/);
		const leads = await getJson<Array<Record<string, unknown>>>('/_sandbox/salesforce/leads');
		expect(leads).toHaveLength(1);
		expect(leads[0]).toMatchObject({
			Email: 'li.lei@example.cn',
			WeCom_Group_Name__c: 'MarTech 交流 6群',
			WeCom_Join_State__c: 'live_0612',
		});
		expect(await getJson<unknown[]>('/_sandbox/salesforce/tasks')).toHaveLength(1);
		const auth = (await e2e.sandbox.requests('/salesforce/services')).map((r) => r.headers.authorization);
		// The emulator answers 401 without a valid bearer token, so success means n8n sent it.
		expect(auth.length).toBeGreaterThan(0);
		expect(auth.every((a) => /^\*\*\*[0-9a-f]{8}$/.test(String(a)))).toBe(true); // redacted: never the token itself
	});
});
