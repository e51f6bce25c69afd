import { SANDBOX_SF_TOKEN } from '../../sandbox/crm/salesforce';
import { harness, nodeOutput, PACKAGE } from './harness';

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
	source: { channel: 'wecom_group', groupId: 'wrSANDBOX000006', groupName: 'MarTech 交流 6群', state: 'live_0612', campaign: 'live-0612', sdrUserId: 'zhangsan' },
};

async function getJson<T>(path: string): Promise<T> {
	return (await (await fetch(e2e.sandboxUrl + path)).json()) as T;
}

function pushWorkflow(path: string, crmParams: Record<string, unknown>, credType: string, cred: { id: string; name: string }) {
	return {
		name: `crm push ${path}`,
		nodes: [
			{ id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: path, parameters: { path, httpMethod: 'POST', responseMode: 'lastNode' } },
			{ id: 'l', name: 'Lead', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: { mode: 'raw', jsonOutput: '={{ JSON.stringify($json.body) }}' } },
			{ id: 'c', name: 'CRM Push', type: `${PACKAGE}.crmPush`, typeVersion: 1, position: [400, 0], parameters: { operation: 'upsertLead', createTask: true, ...crmParams }, credentials: { [credType]: cred } },
		],
		connections: {
			Webhook: { main: [[{ node: 'Lead', type: 'main', index: 0 }]] },
			Lead: { main: [[{ node: 'CRM Push', type: 'main', index: 0 }]] },
		},
	};
}

async function push(path: string, body: unknown) {
	const res = await fetch(`${e2e.n8nUrl}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	expect(res.status).toBe(200);
}

describe('CRM Push in a real n8n', () => {
	beforeAll(() => e2e.sandbox.reset());

	it('pushes a lead turned SQL to HubSpot with its source and an SDR task; a second push changes nothing', async () => {
		const cred = await e2e.credential('crmPushHubSpotApi');
		const { id } = await e2e.deploy(pushWorkflow('crm-hubspot', { target: 'hubspot' }, 'crmPushHubSpotApi', cred), { crmPushHubSpotApi: cred });
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
		expect(leads[0]).toMatchObject({ Email: 'li.lei@example.cn', WeCom_Group_Name__c: 'MarTech 交流 6群', WeCom_Join_State__c: 'live_0612' });
		expect(await getJson<unknown[]>('/_sandbox/salesforce/tasks')).toHaveLength(1);
		const auth = (await e2e.sandbox.requests('/salesforce/services')).map((r) => r.headers.authorization);
		// The emulator answers 401 without a valid bearer token, so success means n8n sent it.
		expect(auth.length).toBeGreaterThan(0);
		expect(auth.every((a) => a === '***')).toBe(true);
	});
});
