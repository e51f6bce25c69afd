/**
 * A lead matched on its WeCom external user ID whose email already belongs to another CRM record
 * (a website-form contact, an import): linked when that record has no WeCom ID yet, reported as
 * IDENTITY_CONFLICT with the record's ID when it has another — never a duplicate, never silent.
 * Run against the emulators, which refuse such writes as the real CRMs do.
 */
import { clearFxiaokePacing } from '../../../lib/crm/targets/fxiaoke/client';
import { decideIdentity } from '../../../lib/crm/identity';
import { pushLeads } from '../../../lib/crm/push';
import type { PushConfig } from '../../../lib/crm/push';
import type { PreparedLead } from '../../../lib/crm/types';
import type { FxiaokeEmulator } from '../../../sandbox/crm/fxiaoke';
import type { HubSpotEmulator } from '../../../sandbox/crm/hubspot';
import { SANDBOX_HUBSPOT_TOKEN } from '../../../sandbox/crm/hubspot';
import type { SalesforceEmulator } from '../../../sandbox/crm/salesforce';
import { useSandbox } from '../../helpers/sandbox';
import { sandboxCrmConfigs } from '../../helpers/crmSandboxConfigs';
import { leads, mapping, sqlLead, testIo } from './support';

const ctx = useSandbox();
const { hsCfg, sfCfg, fxCfg } = sandboxCrmConfigs(() => ctx.sb.url);
beforeEach(() => clearFxiaokePacing());
const hubspot = () => ctx.sb.emulators.hubspot as HubSpotEmulator;
const sf = () => ctx.sb.emulators.salesforce as SalesforceEmulator;
const fx = () => ctx.sb.emulators.fxiaoke as FxiaokeEmulator;
const byWeComId = (n: number, extra: Record<string, unknown> = {}) => leads(n, 'externalUserId', (i) => sqlLead(i, extra));

const hsConfig: () => PushConfig = () => ({
	mapping: mapping('hubspot', { matchOn: 'externalUserId' }),
	hubspot: { ...hsCfg(), idProperty: 'wecom_external_userid' },
});
const sfConfig: () => PushConfig = () => ({
	mapping: mapping('salesforce', { matchOn: 'externalUserId' }),
	salesforce: { ...sfCfg(), externalIdField: 'WeCom_Lead_Key__c' },
});
const fxConfig: () => PushConfig = () => ({
	mapping: mapping('fxiaoke', { matchOn: 'externalUserId', task: undefined }),
	fxiaoke: { ...fxCfg(), matchField: 'wecom_external_userid__c' },
});

/** A HubSpot contact made outside the pack (website form). */
async function hsFormContact(email: string, props: Record<string, string> = {}): Promise<string> {
	const res = await fetch(`${ctx.sb.url}/hubspot/crm/v3/objects/contacts/batch/upsert`, {
		method: 'POST',
		headers: { authorization: `Bearer ${SANDBOX_HUBSPOT_TOKEN}`, 'content-type': 'application/json' },
		body: JSON.stringify({ inputs: [{ idProperty: 'email', id: email, properties: { firstname: 'Form', ...props } }] }),
	});
	return ((await res.json()) as any).results[0].id;
}

describe('identity conflicts: decision', () => {
	const lead = { matchValue: 'wmEXT1' } as PreparedLead;
	it('links to the only record holding the other identity when its match field is empty; otherwise conflict', () => {
		const hit = { field: 'email', value: 'a@x.cn', id: '7', matchValue: '' };
		expect(decideIdentity(lead, undefined, [])).toEqual({ kind: 'none' });
		expect(decideIdentity(lead, '7', [hit])).toEqual({ kind: 'none' });
		expect(decideIdentity(lead, undefined, [hit])).toEqual({ kind: 'link', hit });
		expect(decideIdentity(lead, undefined, [{ ...hit, matchValue: 'wmOTHER' }]).kind).toBe('conflict');
		expect(decideIdentity(lead, '3', [hit]).kind).toBe('conflict');
		expect(decideIdentity(lead, undefined, [hit, { ...hit, field: 'mobile', id: '8' }]).kind).toBe('conflict');
	});
});

describe('identity conflicts: HubSpot', () => {
	it('links a WeCom lead to the form contact that has its email and no WeCom ID: one contact, updated, task on it', async () => {
		const formId = await hsFormContact('lead1@example.com');
		const res = await pushLeads(testIo('hubspot', ctx.control).io, hsConfig(), byWeComId(2));
		expect(res.map((r) => r.status)).toEqual(['updated', 'created']);
		expect(res[0]).toMatchObject({ crmId: formId, linkedBy: 'email', task: { status: 'created' } });
		expect(res[0].warnings?.[0]).toMatch(new RegExp(`Linked to existing contact ${formId} found by email`));
		expect(hubspot().contacts.size).toBe(2);
		expect(hubspot().contacts.get(formId)!.properties).toMatchObject({
			wecom_external_userid: 'wmEXT1',
			firstname: 'Li Na',
			company: 'Acme 1',
		});
		const again = await pushLeads(testIo('hubspot', ctx.control).io, hsConfig(), byWeComId(2));
		expect(again.map((r) => [r.status, r.task?.status])).toEqual([
			['skipped', 'exists'],
			['skipped', 'exists'],
		]);
	});

	it('reports IDENTITY_CONFLICT with the contact ID when the email belongs to a contact with another WeCom ID', async () => {
		const otherId = await hsFormContact('lead1@example.com', { wecom_external_userid: 'wmSOMEONE' });
		const res = await pushLeads(testIo('hubspot', ctx.control).io, hsConfig(), byWeComId(2));
		expect(res.map((r) => r.status)).toEqual(['failed', 'created']);
		expect(res[0]).toMatchObject({ code: 'IDENTITY_CONFLICT', conflictId: otherId });
		expect(res[0].reason).toMatch(
			new RegExp(`email lead1@example.com already belongs to HubSpot contact ${otherId} \\(its wecom_external_userid is wmSOMEONE\\)`),
		);
		expect(res[0].hint).toMatch(/Merge them in HubSpot/);
		expect(hubspot().contacts.size).toBe(2);
	});

	it("an existing WeCom contact whose new email is another contact's: conflict, neither contact changed", async () => {
		await pushLeads(testIo('hubspot', ctx.control).io, hsConfig(), byWeComId(1));
		const otherId = await hsFormContact('new.mail@example.com');
		const before = JSON.stringify([...hubspot().contacts.values()]);
		const res = await pushLeads(testIo('hubspot', ctx.control).io, hsConfig(), byWeComId(1, { email: 'new.mail@example.com' }));
		expect(res[0]).toMatchObject({ status: 'failed', code: 'IDENTITY_CONFLICT', conflictId: otherId });
		expect(res[0].reason).toMatch(/while wecom_external_userid = wmEXT1 is contact \d+/);
		expect(JSON.stringify([...hubspot().contacts.values()])).toBe(before);
	});

	it('two new WeCom leads with the email of one form contact: the first is linked, the second reported', async () => {
		const formId = await hsFormContact('shared@example.com');
		const input = leads(2, 'externalUserId', (i) => sqlLead(i, { email: 'shared@example.com' }));
		const res = await pushLeads(testIo('hubspot', ctx.control).io, hsConfig(), input);
		expect(res.map((r) => r.status)).toEqual(['updated', 'failed']);
		expect(res[1]).toMatchObject({ code: 'IDENTITY_CONFLICT', conflictId: formId });
		expect(hubspot().contacts.get(formId)!.properties.wecom_external_userid).toBe('wmEXT1');
		expect(hubspot().contacts.size).toBe(1);
	});

	it("two leads of one batch sharing an email: the first is created, the second refused with the first one's ID (409 from HubSpot)", async () => {
		const input = leads(2, 'externalUserId', (i) => sqlLead(i, { email: 'shared@example.com' }));
		const res = await pushLeads(testIo('hubspot', ctx.control).io, hsConfig(), input);
		expect(res.map((r) => r.status)).toEqual(['created', 'failed']);
		expect(res[1]).toMatchObject({ code: 'IDENTITY_CONFLICT', conflictId: res[0].crmId });
		expect(res[1].reason).toMatch(/Contact already exists. Existing ID/);
		expect(hubspot().contacts.size).toBe(1);
	});
});

describe('identity conflicts: Salesforce (matched on the WeCom ID)', () => {
	it('links to the lead with the email and no key; reports a lead with another key', async () => {
		sf().leads.set('00Qform', { Id: '00Qform', LastName: 'Form', Company: 'Web', Email: 'lead1@example.com' });
		sf().leads.set('00Qtaken', {
			Id: '00Qtaken',
			LastName: 'Other',
			Company: 'Web',
			Email: 'lead2@example.com',
			WeCom_Lead_Key__c: 'wmSOMEONE',
		});
		const res = await pushLeads(testIo('salesforce', ctx.control).io, sfConfig(), byWeComId(3));
		expect(res.map((r) => r.status)).toEqual(['updated', 'failed', 'created']);
		expect(res[0]).toMatchObject({ crmId: '00Qform', linkedBy: 'Email', task: { status: 'created' } });
		expect(sf().leads.get('00Qform')).toMatchObject({
			WeCom_Lead_Key__c: 'wmEXT1',
			WeCom_External_User_ID__c: 'wmEXT1',
			Company: 'Acme 1',
		});
		expect(res[1]).toMatchObject({ code: 'IDENTITY_CONFLICT', conflictId: '00Qtaken' });
		expect(sf().leads.size).toBe(3);
	});
});

describe('identity conflicts: Fxiaoke (matched on the WeCom ID)', () => {
	it('links to the lead with the email and no WeCom ID; reports a lead with another; the duplicate rule is never tripped', async () => {
		fx().leads.set('f0rm', { _id: 'f0rm', name: 'Form', email: 'lead1@example.com', is_deleted: false });
		fx().leads.set('t4ken', {
			_id: 't4ken',
			name: 'Other',
			email: 'lead2@example.com',
			wecom_external_userid__c: 'wmSOMEONE',
			is_deleted: false,
		});
		const res = await pushLeads(testIo('fxiaoke', ctx.control).io, fxConfig(), byWeComId(3));
		expect(res.map((r) => r.status)).toEqual(['updated', 'failed', 'created']);
		expect(res[0]).toMatchObject({ crmId: 'f0rm', linkedBy: 'email' });
		expect(fx().leads.get('f0rm')).toMatchObject({ wecom_external_userid__c: 'wmEXT1', company: 'Acme 1' });
		expect(res[1]).toMatchObject({ code: 'IDENTITY_CONFLICT', conflictId: 't4ken' });
		expect(fx().leads.size).toBe(3);
		const calls = await ctx.control.requests('/fxiaoke/cgi/crm/v2/data');
		expect(calls.every((c) => (c.response as any).errorCode === 0)).toBe(true);
		const again = await pushLeads(testIo('fxiaoke', ctx.control).io, fxConfig(), byWeComId(3));
		expect(again.map((r) => r.status)).toEqual(['skipped', 'failed', 'skipped']);
	});
});
