import { pushLeads } from '../../../lib/crm/push';
import type { PushConfig } from '../../../lib/crm/push';
import type { CrmWebhookEmulator } from '../../../sandbox/crm/webhook';
import type { FxiaokeEmulator } from '../../../sandbox/crm/fxiaoke';
import type { HubSpotEmulator } from '../../../sandbox/crm/hubspot';
import type { SalesforceEmulator } from '../../../sandbox/crm/salesforce';
import { useSandbox } from '../../helpers/sandbox';
import { sandboxCrmConfigs } from '../../helpers/crmSandboxConfigs';
import { leads, mapping, sqlLead, testIo } from './support';

/**
 * "Only Fill Empty Fields": a public form (nobody vouches for its input) must not overwrite an
 * existing customer's name, company or phone, but may fill what the CRM does not have yet.
 */
const ctx = useSandbox();
const { hsCfg, sfCfg, fxCfg } = sandboxCrmConfigs(() => ctx.sb.url);
const target = {
	hubspot: (): PushConfig => ({
		mapping: mapping('hubspot', { fillEmptyOnly: true }),
		hubspot: hsCfg(),
	}),
	salesforce: (): PushConfig => ({
		mapping: mapping('salesforce', { fillEmptyOnly: true }),
		salesforce: { ...sfCfg(), externalIdField: 'WeCom_Lead_Key__c' },
	}),
	fxiaoke: (): PushConfig => ({
		mapping: mapping('fxiaoke', { fillEmptyOnly: true, task: undefined }),
		fxiaoke: fxCfg(),
	}),
};
const trusted = (cfg: PushConfig): PushConfig => ({ ...cfg, mapping: { ...cfg.mapping, fillEmptyOnly: false } });
const customer = leads(1);
const forged = leads(1, 'email', (n) => sqlLead(n, { name: 'Mallory', company: 'Evil Corp', phone: '13900000000', title: 'CTO' }));

describe('CRM Push, Only Fill Empty Fields', () => {
	it("HubSpot: keeps the contact's name, company and phone, fills its empty job title", async () => {
		await pushLeads(testIo('hubspot', ctx.control).io, trusted(target.hubspot()), customer);
		const [r] = await pushLeads(testIo('hubspot', ctx.control).io, target.hubspot(), forged);
		expect(r).toMatchObject({ status: 'updated', changed: ['jobtitle'] });
		const c = [...(ctx.sb.emulators.hubspot as HubSpotEmulator).contacts.values()].find((x) => x.properties.email === 'lead1@example.com')!;
		expect(c.properties).toMatchObject({ firstname: 'Li Na', company: 'Acme 1', jobtitle: 'CTO' });
		expect(c.properties.phone).toContain('0001');
	});

	it('HubSpot: without the option the same push overwrites (the option is what protects)', async () => {
		await pushLeads(testIo('hubspot', ctx.control).io, trusted(target.hubspot()), customer);
		await pushLeads(testIo('hubspot', ctx.control).io, trusted(target.hubspot()), forged);
		const c = [...(ctx.sb.emulators.hubspot as HubSpotEmulator).contacts.values()].find((x) => x.properties.email === 'lead1@example.com')!;
		expect(c.properties.company).toBe('Evil Corp');
	});

	it('HubSpot: a new contact is created with every field', async () => {
		const [r] = await pushLeads(testIo('hubspot', ctx.control).io, target.hubspot(), forged);
		expect(r.status).toBe('created');
		const c = [...(ctx.sb.emulators.hubspot as HubSpotEmulator).contacts.values()][0];
		expect(c.properties).toMatchObject({ company: 'Evil Corp', jobtitle: 'CTO' });
	});

	it("Salesforce: keeps the lead's company and phone, fills its empty title", async () => {
		await pushLeads(testIo('salesforce', ctx.control).io, trusted(target.salesforce()), customer);
		const [r] = await pushLeads(testIo('salesforce', ctx.control).io, target.salesforce(), forged);
		expect(r).toMatchObject({ status: 'updated', changed: ['Title'] });
		const l = [...(ctx.sb.emulators.salesforce as SalesforceEmulator).leads.values()][0];
		expect(l).toMatchObject({ Company: 'Acme 1', Title: 'CTO' });
		expect(String(l.Phone)).toContain('0001');
	});

	it("Fxiaoke: keeps the lead's company and phone, fills its empty job title", async () => {
		await pushLeads(testIo('fxiaoke', ctx.control).io, trusted(target.fxiaoke()), customer);
		const [r] = await pushLeads(testIo('fxiaoke', ctx.control).io, target.fxiaoke(), forged);
		expect(r).toMatchObject({ status: 'updated', changed: ['job_title'] });
		const l = [...(ctx.sb.emulators.fxiaoke as FxiaokeEmulator).leads.values()][0];
		expect(l).toMatchObject({ company: 'Acme 1', job_title: 'CTO' });
	});

	it('Webhook: tells the receiver not to overwrite an existing record', async () => {
		const cfg: PushConfig = {
			mapping: mapping('webhook', { fillEmptyOnly: true }),
			webhook: { url: `${ctx.sb.url}/crm-webhook/xiaoshouyi` },
		};
		await pushLeads(testIo('webhook', ctx.control).io, cfg, forged);
		expect((ctx.sb.emulators.crmWebhook as CrmWebhookEmulator).deliveries[0].body).toMatchObject({ onExisting: 'fillEmptyOnly' });
	});
});
