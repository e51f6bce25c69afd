/**
 * The HubSpot emulator driven by HubSpot's official Node client (@hubspot/api-client), as an outside
 * integrator would: every endpoint CRM Push calls, happy path and documented errors. Responses go
 * through the client's generated models (dates parsed, 207 bodies typed "WithErrors").
 *
 * Docs: CRM contacts v3 https://developers.hubspot.com/docs/api/crm/contacts (batch read/upsert/update,
 * unique properties, "Contact already exists. Existing ID: n" 409), tasks
 * https://developers.hubspot.com/docs/api/crm/tasks (hs_task_status/priority/type options), notes
 * https://developers.hubspot.com/docs/api/crm/notes, associations v4
 * https://developers.hubspot.com/docs/api/crm/associations (batch read, 202 note→contact, 204 task→contact),
 * error bodies https://developers.hubspot.com/docs/api/error-handling ("status, message,
 * correlationId, category"), limits https://developers.hubspot.com/docs/api/usage-details.
 */
import { Client } from '@hubspot/api-client';
import { useSandbox } from '../../helpers/sandbox';
import { SANDBOX_HUBSPOT_TOKEN } from '../../../sandbox/crm/hubspot';

const ctx = useSandbox();
const hs = (token = SANDBOX_HUBSPOT_TOKEN) => new Client({ accessToken: token, basePath: `${ctx.sb.url}/hubspot` });
/** The documented error body: these fields and nothing the docs do not name. */
const ERROR_FIELDS = ['status', 'message', 'correlationId', 'category', 'subCategory', 'context', 'links', 'errors'];

async function refusal(p: Promise<unknown>): Promise<{ code: number; body: Record<string, any> }> {
	try {
		await p;
	} catch (e: any) {
		return { code: e.code, body: typeof e.body === 'string' ? JSON.parse(e.body) : e.body };
	}
	throw new Error('expected HubSpot to refuse the call');
}

/** Raw body of a refused call (the client's Error model drops unknown fields, so check on the wire). */
async function raw(path: string, body: unknown): Promise<{ status: number; json: Record<string, any> }> {
	const res = await fetch(`${ctx.sb.url}/hubspot${path}`, {
		method: 'POST',
		headers: { authorization: `Bearer ${SANDBOX_HUBSPOT_TOKEN}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: res.status, json: (await res.json()) as Record<string, any> };
}

function expectDocumentedError(json: Record<string, any>, category: string) {
	expect(json).toMatchObject({
		status: 'error',
		category,
		message: expect.any(String),
		correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
	});
	for (const k of Object.keys(json)) expect(ERROR_FIELDS).toContain(k);
	for (const e of json.errors ?? []) expect(e.code).toBeUndefined();
}

async function twoContacts() {
	const res = await hs().crm.contacts.batchApi.upsert({
		inputs: [
			{ idProperty: 'email', id: 'form.lead@example.com', properties: { firstname: 'Form' } },
			{ idProperty: 'wecom_external_userid', id: 'wmB', properties: { email: 'b@example.com' } },
		],
	});
	return res.results.map((r) => r.id);
}

describe('HubSpot emulator with @hubspot/api-client', () => {
	it('batch upsert creates, then updates, by a unique property (BatchResponseSimplePublicUpsertObject)', async () => {
		const first = await hs().crm.contacts.batchApi.upsert({
			inputs: [{ idProperty: 'email', id: 'Li.Lei@Example.cn', properties: { firstname: 'Lei', lifecyclestage: 'lead' } }],
		});
		expect(first.status).toBe('COMPLETE');
		expect(first.results[0]).toMatchObject({
			id: expect.any(String),
			_new: true,
			properties: { email: 'li.lei@example.cn', firstname: 'Lei' },
		});
		expect(first.results[0].createdAt).toBeInstanceOf(Date);
		expect(first.completedAt).toBeInstanceOf(Date);
		const again = await hs().crm.contacts.batchApi.upsert({
			inputs: [{ idProperty: 'email', id: 'li.lei@example.cn', properties: { jobtitle: 'CMO' } }],
		});
		expect(again.results[0]).toMatchObject({ id: first.results[0].id, _new: false, properties: { jobtitle: 'CMO' } });
	});

	it('batch read by idProperty: found contacts, and 207 OBJECT_NOT_FOUND listing the missing IDs', async () => {
		const [formId] = await twoContacts();
		const res: any = await hs().crm.contacts.batchApi.read({
			idProperty: 'email',
			properties: ['email', 'firstname'],
			propertiesWithHistory: [],
			inputs: [{ id: 'form.lead@example.com' }, { id: 'nobody@example.com' }],
		});
		expect(res.results.map((r: any) => r.id)).toEqual([formId]);
		expect(res.numErrors).toBe(1);
		expect(res.errors[0]).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND', context: { ids: ['nobody@example.com'] } });
	});

	it('refuses idProperty values that are not unique properties (400 VALIDATION_ERROR)', async () => {
		const r = await refusal(
			hs().crm.contacts.batchApi.read({
				idProperty: 'company',
				properties: ['email'],
				propertiesWithHistory: [],
				inputs: [{ id: 'Acme' }],
			}),
		);
		expect(r.code).toBe(400);
		expect(r.body.category).toBe('VALIDATION_ERROR');
	});

	it('keeps contact emails unique: a write giving a second contact an email answers 409 CONFLICT "Existing ID"', async () => {
		const [formId, bId] = await twoContacts();
		// Matched on the WeCom ID (new), carrying the email of the website-form contact.
		const viaUpsert = await refusal(
			hs().crm.contacts.batchApi.upsert({
				inputs: [{ idProperty: 'wecom_external_userid', id: 'wmNEW', properties: { email: 'Form.Lead@example.com' } }],
			}),
		);
		expect(viaUpsert.code).toBe(409);
		expect(viaUpsert.body.message).toBe(`Contact already exists. Existing ID: ${formId}`);
		expect(viaUpsert.body.category).toBe('CONFLICT');
		const viaUpdate = await refusal(
			hs().crm.contacts.batchApi.update({ inputs: [{ id: bId, properties: { email: 'form.lead@example.com' } }] }),
		);
		expect(viaUpdate.code).toBe(409);
		expect(viaUpdate.body.message).toMatch(new RegExp(`Existing ID: ${formId}$`));
		const contacts = await (await fetch(`${ctx.sb.url}/_sandbox/hubspot/contacts`)).json();
		expect(contacts).toHaveLength(2);
	});

	it('keeps a property declared with unique values unique (wecom_external_userid)', async () => {
		const [, bId] = await twoContacts();
		const r = await refusal(
			hs().crm.contacts.batchApi.upsert({
				inputs: [{ idProperty: 'email', id: 'c@example.com', properties: { wecom_external_userid: 'wmB' } }],
			}),
		);
		expect(r.code).toBe(409);
		expect(r.body.message).toMatch(new RegExp(`Existing ID: ${bId}$`));
		const both = await raw('/crm/v3/objects/contacts/batch/upsert', {
			inputs: [
				{ idProperty: 'email', id: 'x@example.com', properties: { wecom_external_userid: 'wmX' } },
				{ idProperty: 'email', id: 'y@example.com', properties: { wecom_external_userid: 'wmX' } },
			],
		});
		expect(both.status).toBe(400);
		expectDocumentedError(both.json, 'VALIDATION_ERROR');
	});

	it('batch update by record ID clears a property with "" (the lifecycle-stage reset)', async () => {
		const [formId] = await twoContacts();
		await hs().crm.contacts.batchApi.update({ inputs: [{ id: formId, properties: { lifecyclestage: 'customer' } }] });
		const res = await hs().crm.contacts.batchApi.update({ inputs: [{ id: formId, properties: { lifecyclestage: '' } }] });
		expect(res.results[0].properties.lifecyclestage ?? null).toBeNull();
		const missing = await refusal(hs().crm.contacts.batchApi.update({ inputs: [{ id: '999999', properties: { firstname: 'x' } }] }));
		expect(missing.code).toBe(400);
	});

	it('validation errors carry the documented body only: the property detail is inside message', async () => {
		const r = await raw('/crm/v3/objects/contacts/batch/upsert', {
			inputs: [{ idProperty: 'email', id: 'a@example.com', properties: { no_such_prop: 'x' } }],
		});
		expect(r.status).toBe(400);
		expectDocumentedError(r.json, 'VALIDATION_ERROR');
		expect(r.json.message).toMatch(/^Property values were not valid: .*"error":"PROPERTY_DOESNT_EXIST","name":"no_such_prop"/);
		const stage = await raw('/crm/v3/objects/contacts/batch/upsert', {
			inputs: [{ idProperty: 'email', id: 'a@example.com', properties: { lifecyclestage: 'hot' } }],
		});
		expectDocumentedError(stage.json, 'VALIDATION_ERROR');
		expect(stage.json.message).toMatch(/"error":"INVALID_OPTION","name":"lifecyclestage"/);
	});

	it('tasks: batch create with the 204 association, enumerations checked, batch read 207 for unknown IDs', async () => {
		const [formId] = await twoContacts();
		const task = (props: Record<string, string>) => ({
			properties: {
				hs_timestamp: '2025-06-13T02:00:00.000Z',
				hs_task_subject: 'Follow up',
				hs_task_body: 'ref',
				hs_task_status: 'NOT_STARTED',
				hs_task_priority: 'HIGH',
				hs_task_type: 'TODO',
				...props,
			},
			associations: [{ to: { id: formId }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as any, associationTypeId: 204 }] }],
		});
		const created = await hs().crm.objects.tasks.batchApi.create({ inputs: [task({})] });
		expect(created.results[0]).toMatchObject({ id: expect.any(String), properties: { hs_task_priority: 'HIGH' } });
		expect(created.results[0].createdAt).toBeInstanceOf(Date);
		for (const bad of [{ hs_task_priority: 'URGENT' }, { hs_task_status: 'OPEN' }, { hs_task_type: 'TASK' }] as Array<
			Record<string, string>
		>) {
			const r = await raw('/crm/v3/objects/tasks/batch/create', { inputs: [task(bad)] });
			expect(r.status).toBe(400);
			expectDocumentedError(r.json, 'VALIDATION_ERROR');
			expect(r.json.message).toMatch(new RegExp(`"error":"INVALID_OPTION","name":"${Object.keys(bad)[0]}"`));
		}
		const wrongType = await raw('/crm/v3/objects/tasks/batch/create', {
			inputs: [
				{
					...task({}),
					associations: [{ to: { id: formId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] }],
				},
			],
		});
		expect(wrongType.status).toBe(400);
		const read: any = await hs().crm.objects.tasks.batchApi.read({
			properties: ['hs_task_body'],
			propertiesWithHistory: [],
			inputs: [{ id: created.results[0].id }, { id: '424242' }],
		});
		expect(read.results.map((r: any) => r.id)).toEqual([created.results[0].id]);
		expect(read.errors[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['424242'] } });
	});

	it('notes: batch create with the 202 association and batch read', async () => {
		const [formId] = await twoContacts();
		const created = await hs().crm.objects.notes.batchApi.create({
			inputs: [
				{
					properties: { hs_timestamp: '2025-06-11T08:00:00.000Z', hs_note_body: 'Trial form' },
					associations: [{ to: { id: formId }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as any, associationTypeId: 202 }] }],
				},
			],
		});
		const read = await hs().crm.objects.notes.batchApi.read({
			properties: ['hs_note_body'],
			propertiesWithHistory: [],
			inputs: [{ id: created.results[0].id }],
		});
		expect(read.results[0].properties.hs_note_body).toBe('Trial form');
		const noTimestamp = await raw('/crm/v3/objects/notes/batch/create', { inputs: [{ properties: { hs_note_body: 'x' } }] });
		expect(noTimestamp.status).toBe(400);
		expectDocumentedError(noTimestamp.json, 'VALIDATION_ERROR');
	});

	it('associations v4 batch read: contact → tasks (204) and notes (202), 207 for a contact without any', async () => {
		const [formId, bId] = await twoContacts();
		const t = await hs().crm.objects.tasks.batchApi.create({
			inputs: [
				{
					properties: { hs_timestamp: '2025-06-13T02:00:00.000Z', hs_task_body: 'x' },
					associations: [{ to: { id: formId }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as any, associationTypeId: 204 }] }],
				},
			],
		});
		const res: any = await hs().crm.associations.v4.batchApi.getPage('contacts', 'tasks', { inputs: [{ id: formId }, { id: bId }] });
		// The v4 API sends toObjectId as a JSON number (the client's model passes it through as is).
		expect(res.results[0]).toMatchObject({
			_from: { id: formId },
			to: [{ toObjectId: Number(t.results[0].id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 204 }] }],
		});
		expect(res.errors[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { fromObjectId: [bId] } });
		const n = await hs().crm.objects.notes.batchApi.create({
			inputs: [
				{
					properties: { hs_timestamp: '2025-06-11T08:00:00.000Z', hs_note_body: 'x' },
					associations: [{ to: { id: bId }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as any, associationTypeId: 202 }] }],
				},
			],
		});
		const notes: any = await hs().crm.associations.v4.batchApi.getPage('contacts', 'notes', { inputs: [{ id: bId }] });
		expect(notes.results[0]).toMatchObject({
			_from: { id: bId },
			to: [{ toObjectId: Number(n.results[0].id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 202 }] }],
		});
	});

	it('401 INVALID_AUTHENTICATION for a wrong token; 429 with policyName and Retry-After past the 10-second limit', async () => {
		const r = await refusal(
			hs('pat-na1-wrong').crm.contacts.batchApi.read({
				idProperty: 'email',
				properties: [],
				propertiesWithHistory: [],
				inputs: [{ id: 'a@example.com' }],
			}),
		);
		expect(r.code).toBe(401);
		expect(r.body.category).toBe('INVALID_AUTHENTICATION');
		// The credential test's call: GET /crm/v3/objects/contacts?limit=1 (CollectionResponseSimplePublicObjectWithAssociations).
		const page = await hs().crm.contacts.basicApi.getPage(1);
		expect(Array.isArray(page.results)).toBe(true);
		expect((await refusal(hs('pat-na1-wrong').crm.contacts.basicApi.getPage(1))).code).toBe(401);
		await ctx.control.reset({ hubspot: { tenSecondlyLimit: 2 } });
		for (let i = 0; i < 2; i++)
			await raw('/crm/v3/objects/contacts/batch/read', { idProperty: 'email', inputs: [{ id: 'a@example.com' }] });
		const res = await fetch(`${ctx.sb.url}/hubspot/crm/v3/objects/contacts/batch/read`, {
			method: 'POST',
			headers: { authorization: `Bearer ${SANDBOX_HUBSPOT_TOKEN}`, 'content-type': 'application/json' },
			body: '{"idProperty":"email","inputs":[{"id":"a@example.com"}]}',
		});
		expect(res.status).toBe(429);
		expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(await res.json()).toMatchObject({ status: 'error', policyName: 'TEN_SECONDLY_ROLLING' });
	});
});

describe('HubSpot emulator with @hubspot/api-client: CRM search (CRM Outcomes Trigger)', () => {
	it('searches contacts changed since a time in an outcome state, oldest first, paged by `after`', async () => {
		const client = hs();
		const inputs = Array.from({ length: 3 }, (_, i) => ({
			idProperty: 'wecom_external_userid',
			id: `wmC${i}`,
			properties: { email: `c${i}@example.com`, lifecyclestage: i < 2 ? 'salesqualifiedlead' : 'lead' },
		}));
		await client.crm.contacts.batchApi.upsert({ inputs } as any);
		const since = String(Date.now() - 60_000);
		const request = {
			filterGroups: [
				{
					filters: [
						{ propertyName: 'lastmodifieddate', operator: 'GTE', value: since },
						{ propertyName: 'lifecyclestage', operator: 'IN', values: ['salesqualifiedlead'] },
					],
				},
			],
			sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }] as any,
			properties: ['wecom_external_userid', 'lifecyclestage'],
			limit: 1,
		};
		const first = await client.crm.contacts.searchApi.doSearch(request as any);
		expect(first.total).toBe(2);
		expect(first.results.map((r) => r.properties.wecom_external_userid)).toEqual(['wmC0']);
		expect(first.results[0].updatedAt).toBeInstanceOf(Date);
		expect(first.paging?.next?.after).toBe('1');
		const second = await client.crm.contacts.searchApi.doSearch({ ...request, after: first.paging!.next!.after } as any);
		expect(second.results.map((r) => r.properties.wecom_external_userid)).toEqual(['wmC1']);
		expect(second.paging).toBeUndefined();
		const bad = await refusal(client.crm.contacts.searchApi.doSearch({ ...request, limit: 500 } as any));
		expect([bad.code, bad.body.category]).toEqual([400, 'VALIDATION_ERROR']);
	});
});

describe('HubSpot emulator with @hubspot/api-client: deals (CRM Outcomes Trigger, Watch → Deals)', () => {
	it('creates a deal associated with a contact (type 3), searches deals on hs_lastmodifieddate and reads deal → contacts (v4)', async () => {
		const client = hs();
		const [formId, bId] = await twoContacts();
		const deal = await client.crm.deals.basicApi.create({
			properties: { dealname: '远山制造', dealstage: 'contractsent', amount: '1200' },
			associations: [{ to: { id: bId }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as any, associationTypeId: 3 }] }],
		});
		expect(deal).toMatchObject({ id: expect.any(String), properties: { dealstage: 'contractsent', amount: '1200' } });
		expect(deal.updatedAt).toBeInstanceOf(Date);
		const orphan = await client.crm.deals.basicApi.create({
			properties: { dealname: 'No contact', dealstage: 'qualifiedtobuy' },
			associations: [],
		});
		const won = await client.crm.deals.basicApi.update(deal.id, { properties: { dealstage: 'closedwon' } });
		expect(won.properties).toMatchObject({ dealstage: 'closedwon', hs_is_closed_won: 'true' });
		const found = await client.crm.deals.searchApi.doSearch({
			filterGroups: [
				{
					filters: [
						{ propertyName: 'hs_lastmodifieddate', operator: 'GTE' as any, value: String(Date.now() - 60_000) },
						{ propertyName: 'dealstage', operator: 'IN' as any, values: ['closedwon', 'closedlost'] },
					],
				},
			],
			sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }] as any,
			properties: ['dealstage', 'amount', 'hs_lastmodifieddate'],
			limit: 200,
			after: '0',
		});
		expect(found.total).toBe(1);
		expect(found.results[0]).toMatchObject({ id: deal.id, properties: { dealstage: 'closedwon', amount: '1200' } });
		const links: any = await client.crm.associations.v4.batchApi.getPage('deals', 'contacts', {
			inputs: [{ id: deal.id }, { id: orphan.id }],
		});
		expect(links.results).toEqual([
			expect.objectContaining({ _from: { id: deal.id }, to: [expect.objectContaining({ toObjectId: Number(bId) })] }),
		]);
		expect(links.errors[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND' });
		expect(formId).not.toBe(bId);
	});

	it('refuses an unknown stage, a read-only property and a wrong association type, as documented errors', async () => {
		const client = hs();
		const [formId] = await twoContacts();
		const stage = await refusal(client.crm.deals.basicApi.create({ properties: { dealname: 'x', dealstage: 'won' }, associations: [] }));
		expect([stage.code, stage.body.category, stage.body.message]).toEqual([
			400,
			'VALIDATION_ERROR',
			expect.stringContaining('INVALID_OPTION'),
		]);
		const ro = await raw('/crm/v3/objects/deals', { properties: { dealname: 'x', hs_lastmodifieddate: '1' } });
		expect(ro.status).toBe(400);
		expect(ro.json.message).toContain('READ_ONLY_VALUE');
		expectDocumentedError(ro.json, 'VALIDATION_ERROR');
		const assoc = await raw('/crm/v3/objects/deals', {
			properties: { dealname: 'x', dealstage: 'closedwon' },
			associations: [{ to: { id: formId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }] }],
		});
		expect(assoc.status).toBe(400);
		const search = await refusal(
			client.crm.deals.searchApi.doSearch({ filterGroups: [], properties: ['deal_status'], sorts: [], limit: 10, after: '0' } as any),
		);
		expect([search.code, search.body.message]).toEqual([400, expect.stringContaining('PROPERTY_DOESNT_EXIST')]);
	});
});

describe('HubSpot emulator with @hubspot/api-client: owners (CRM Push owner list)', () => {
	it('pages active owners by after; archived=true lists the deactivated ones; a token without the scope gets 403 MISSING_SCOPES', async () => {
		await ctx.control.reset({ hubspot: { extraOwners: 3 } });
		const first = await hs().crm.owners.ownersApi.getPage(undefined, undefined, 4, false);
		expect(first.results.map((o) => [o.id, o.firstName, o.lastName, o.archived])).toEqual([
			['75001', 'Lei', 'Wang', false],
			['75002', 'Na', 'Li', false],
			['75003', 'Wei', 'Zhang', false],
			['76001', 'Sales Rep', '1', false],
		]);
		expect(first.results[0].createdAt).toBeInstanceOf(Date);
		const next = await hs().crm.owners.ownersApi.getPage(undefined, first.paging!.next!.after, 4, false);
		expect(next.results.map((o) => o.id)).toEqual(['76002', '76003']);
		expect(next.paging).toBeUndefined();
		const archived = await hs().crm.owners.ownersApi.getPage(undefined, undefined, 100, true);
		expect(archived.results.map((o) => [o.id, o.archived])).toEqual([['75009', true]]);
		const byEmail = await hs().crm.owners.ownersApi.getPage('LI.NA@example.com');
		expect(byEmail.results.map((o) => o.id)).toEqual(['75002']);
		expect((await refusal(hs().crm.owners.ownersApi.getPage(undefined, undefined, 501))).code).toBe(400);
		await ctx.control.reset({ hubspot: { ownersScope: false } });
		const denied = await refusal(hs().crm.owners.ownersApi.getPage());
		expect(denied.code).toBe(403);
		expect(denied.body.category).toBe('MISSING_SCOPES');
		expect(Object.keys(denied.body).every((k) => ERROR_FIELDS.includes(k))).toBe(true);
	});
});
