import { robotWebhookWorkflow } from '../helpers/workflows';
import { harness, PACKAGE } from './harness';

const e2e = harness();

describe('n8n loads the pack', () => {
	it('lists every node of the pack in the running n8n', async () => {
		await e2e.credential('wecomRobotApi');
		const types = await e2e.n8n.nodeTypes();
		const ours = types.filter((t) => t.name.startsWith(`${PACKAGE}.`)).map((t) => t.name);
		// Action nodes are also offered to AI agents as tools.
		expect(ours).toContain(`${PACKAGE}.weComTool`);
		expect(ours.filter((n) => !n.endsWith('Tool')).sort()).toEqual(
			[
				'communityPoints',
				'crmOutcomesTrigger',
				'crmOutcomesWebhookTrigger',
				'crmPush',
				'digest',
				'leadIntake',
				'leadScore',
				'linkCheck',
				'liveStream',
				'weCom',
				'weComTrigger',
			].map((n) => `${PACKAGE}.${n}`),
		);
		const credentialTypes = await e2e.n8n.request<Array<{ name: string }>>('GET', '/types/credentials.json');
		const names = credentialTypes.map((c) => c.name);
		const ourCredentials = [
			'wecomAppApi',
			'wecomRobotApi',
			'wecomCallbackApi',
			'crmPushHubSpotApi',
			'crmPushSalesforceApi',
			'crmPushSalesforceOAuth2Api',
			'crmPushFxiaokeApi',
			'crmPushWebhookApi',
		];
		expect(names.filter((n) => ourCredentials.includes(n)).sort()).toEqual([...ourCredentials].sort());
	});

	it('runs a WeCom robot message in a webhook workflow against the sandbox', async () => {
		const robot = await e2e.credential('wecomRobotApi');
		await e2e.sandbox.clearRequests();
		const { id } = await e2e.deploy(robotWebhookWorkflow('smoke-robot', robot), { wecomRobotApi: robot });
		const res = await fetch(`${e2e.n8nUrl}/webhook/smoke-robot`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ text: '早上好 👋' }),
		});
		expect(res.status).toBe(200);
		const [run] = await e2e.n8n.waitForExecutions(id, 1);
		expect(run.status).toBe('success');
		const sent = await e2e.sandbox.requests('/cgi-bin/webhook/send');
		expect(sent).toHaveLength(1);
		expect(sent[0].body).toEqual({ msgtype: 'text', text: { content: '早上好 👋' } });
	});
});
