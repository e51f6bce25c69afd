/**
 * The Salesforce emulator driven by jsforce (the Salesforce JavaScript client) the way CRM Push uses
 * the REST API: SOQL query with a Tasks subquery, Lead upsert by external ID, update by Id, Task create,
 * composite, and the documented errors.
 *
 * Docs (REST API Developer Guide, developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/):
 * dome_upsert.htm (upsert by external ID: 201 created, 200 updated with body from v46, 300 multiple
 * matches), dome_update_fields.htm (PATCH by Id, 204), dome_sobject_create.htm, resources_composite_composite.htm
 * (25 subrequests, allOrNone, @{ref.id}), resources_query.htm, errorcodes.htm (DUPLICATE_VALUE:
 * "duplicate value found: <field> duplicates value on record with id: <id>", INVALID_FIELD,
 * INVALID_SESSION_ID, REQUEST_LIMIT_EXCEEDED), headers_duplicaterules.htm and the duplicate-rule
 * DuplicateResult (DUPLICATES_DETECTED on create and on edit, allowSave).
 */
import { Connection } from 'jsforce';
import { useSandbox } from '../../helpers/sandbox';
import { SANDBOX_SF_TOKEN } from '../../../sandbox/crm/salesforce';

const ctx = useSandbox();
const conn = (token = SANDBOX_SF_TOKEN, version = '62.0') =>
	new Connection({ instanceUrl: `${ctx.sb.url}/salesforce`, accessToken: token, version });

async function refused(p: PromiseLike<unknown>): Promise<{ errorCode: string; message: string; data?: any }> {
	try {
		await p;
	} catch (e: any) {
		return { errorCode: e.errorCode ?? e.name, message: e.message, data: e.data };
	}
	throw new Error('expected Salesforce to refuse the call');
}

/** A lead that exists before the push (website form, import): put straight into the org. */
function seed(id: string, fields: Record<string, unknown>): string {
	(ctx.sb.emulators.salesforce as any).leads.set(id, { Id: id, LastName: 'Form', Company: 'Web', ...fields });
	return id;
}

const lead = (extra: Record<string, unknown> = {}) => ({ LastName: 'Li', Company: 'Xinghe', ...extra });

describe('Salesforce emulator with jsforce', () => {
	it('upserts a Lead by external ID: created, then updated (UpsertResult), found by SOQL with its Tasks', async () => {
		const c = conn();
		const created: any = await c
			.sobject('Lead')
			.upsert({ WeCom_Lead_Key__c: 'li@example.cn', ...lead({ Email: 'li@example.cn' }) }, 'WeCom_Lead_Key__c');
		expect(created).toMatchObject({ id: expect.stringMatching(/^00Q/), success: true, created: true });
		const updated: any = await c.sobject('Lead').upsert({ WeCom_Lead_Key__c: 'li@example.cn', Title: 'CMO' }, 'WeCom_Lead_Key__c');
		expect(updated).toMatchObject({ id: created.id, success: true, created: false });
		const task: any = await c
			.sobject('Task')
			.create({ WhoId: created.id, Subject: 'Follow up', Description: 'ref:abc', Status: 'Not Started', Priority: 'High' });
		expect(task).toMatchObject({ id: expect.stringMatching(/^00T/), success: true, errors: [] });
		const q = await c.query<any>(
			"SELECT Id, Title, WeCom_Lead_Key__c, (SELECT Id, Description FROM Tasks) FROM Lead WHERE WeCom_Lead_Key__c IN ('li@example.cn', 'none')",
		);
		expect(q).toMatchObject({ totalSize: 1, done: true });
		expect(q.records[0]).toMatchObject({
			attributes: { type: 'Lead' },
			Id: created.id,
			Title: 'CMO',
			Tasks: { totalSize: 1, records: [{ Id: task.id, Description: 'ref:abc' }] },
		});
	});

	it('updates a Lead by Id (PATCH /sobjects/Lead/{Id}, 204)', async () => {
		const c = conn();
		const id = seed('00Qform', { Email: 'form@example.com' });
		const res: any = await c.sobject('Lead').update({ Id: id, WeCom_Lead_Key__c: 'wmFORM' });
		expect(res).toMatchObject({ id, success: true });
		expect((ctx.sb.emulators.salesforce as any).leads.get(id).WeCom_Lead_Key__c).toBe('wmFORM');
		expect((await refused(c.sobject('Lead').update({ Id: '00Qnone', Title: 'x' }))).errorCode).toBe('NOT_FOUND');
	});

	it('DUPLICATE_VALUE on a Unique external-ID field, on insert and on update, naming the record', async () => {
		const c = conn();
		const a: any = await c
			.sobject('Lead')
			.upsert({ WeCom_Lead_Key__c: 'a@example.com', ...lead({ WeCom_External_User_ID__c: 'wmA' }) }, 'WeCom_Lead_Key__c');
		const onInsert = await refused(
			c.sobject('Lead').upsert({ WeCom_Lead_Key__c: 'b@example.com', ...lead({ WeCom_External_User_ID__c: 'WMA' }) }, 'WeCom_Lead_Key__c'),
		);
		expect(onInsert.errorCode).toBe('DUPLICATE_VALUE');
		expect(onInsert.message).toBe(`duplicate value found: WeCom_External_User_ID__c duplicates value on record with id: ${a.id}`);
		await c.sobject('Lead').upsert({ WeCom_Lead_Key__c: 'c@example.com', ...lead() }, 'WeCom_Lead_Key__c');
		const onUpdate = await refused(
			c.sobject('Lead').upsert({ WeCom_Lead_Key__c: 'c@example.com', WeCom_External_User_ID__c: 'wmA' }, 'WeCom_Lead_Key__c'),
		);
		expect(onUpdate.errorCode).toBe('DUPLICATE_VALUE');
	});

	it('the lead duplicate rule blocks on create and on edit (DUPLICATES_DETECTED) unless allowSave is sent', async () => {
		const c = conn();
		const first = { id: seed('00Qfirst', { Email: 'dup@example.com' }) };
		const onCreate = await refused(
			c.sobject('Lead').upsert({ WeCom_Lead_Key__c: 'k2', ...lead({ Email: 'DUP@example.com' }) }, 'WeCom_Lead_Key__c'),
		);
		expect(onCreate.errorCode).toBe('DUPLICATES_DETECTED');
		const other = { id: seed('00Qother', { Email: 'other@example.com' }) };
		const onEdit = await refused(c.sobject('Lead').update({ Id: other.id, Email: 'dup@example.com' }));
		expect(onEdit.errorCode).toBe('DUPLICATES_DETECTED');
		// The raw body carries the DuplicateResult with the matching record.
		const raw = await fetch(`${ctx.sb.url}/salesforce/services/data/v62.0/sobjects/Lead/${other.id}`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${SANDBOX_SF_TOKEN}`, 'content-type': 'application/json' },
			body: '{"Email":"dup@example.com"}',
		});
		expect(raw.status).toBe(400);
		expect(await raw.json()).toMatchObject([
			{
				errorCode: 'DUPLICATES_DETECTED',
				duplicateResult: { allowSave: false, matchResults: [{ entityType: 'Lead', matchRecords: [{ record: { Id: first.id } }] }] },
			},
		]);
		const allowed = await fetch(`${ctx.sb.url}/salesforce/services/data/v62.0/sobjects/Lead/${other.id}`, {
			method: 'PATCH',
			headers: {
				authorization: `Bearer ${SANDBOX_SF_TOKEN}`,
				'content-type': 'application/json',
				'sforce-duplicate-rule-header': 'allowSave=true',
			},
			body: '{"Email":"dup@example.com"}',
		});
		expect(allowed.status).toBe(204);
	});

	it('300 Multiple Choices when the external ID matches two leads; 204 updates before v46', async () => {
		const c = conn();
		for (const id of ['00Qa', '00Qb'])
			(ctx.sb.emulators.salesforce as any).leads.set(id, { Id: id, LastName: 'T', Company: 'T', WeCom_Lead_Key__c: 'twin' });
		const res = await fetch(`${ctx.sb.url}/salesforce/services/data/v62.0/sobjects/Lead/WeCom_Lead_Key__c/twin`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${SANDBOX_SF_TOKEN}`, 'content-type': 'application/json' },
			body: '{"Title":"x"}',
		});
		expect(res.status).toBe(300);
		await c.sobject('Lead').upsert({ WeCom_Lead_Key__c: 'old', ...lead() }, 'WeCom_Lead_Key__c');
		const v45 = await fetch(`${ctx.sb.url}/salesforce/services/data/v45.0/sobjects/Lead/WeCom_Lead_Key__c/old`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${SANDBOX_SF_TOKEN}`, 'content-type': 'application/json' },
			body: '{"Title":"x"}',
		});
		expect(v45.status).toBe(204);
	});

	it('composite: 25 subrequests at most, @{ref.id} references, per-subrequest results', async () => {
		const c = conn();
		const body = {
			allOrNone: false,
			compositeRequest: [
				{
					method: 'PATCH',
					url: '/services/data/v62.0/sobjects/Lead/WeCom_Lead_Key__c/comp%40example.com',
					referenceId: 'L0',
					body: lead({ Email: 'comp@example.com' }),
				},
				{
					method: 'POST',
					url: '/services/data/v62.0/sobjects/Task',
					referenceId: 'L0_T0',
					body: { WhoId: '@{L0.id}', Subject: 'Follow up' },
				},
				{ method: 'PATCH', url: '/services/data/v62.0/sobjects/Lead/WeCom_Lead_Key__c/bad', referenceId: 'L1', body: { LastName: 'x' } },
			],
		};
		const res: any = await c.requestPost('/services/data/v62.0/composite', body);
		expect(res.compositeResponse.map((r: any) => [r.referenceId, r.httpStatusCode])).toEqual([
			['L0', 201],
			['L0_T0', 201],
			['L1', 400],
		]);
		expect(res.compositeResponse[2].body[0].errorCode).toBe('REQUIRED_FIELD_MISSING');
		const tooMany = await refused(
			c.requestPost('/services/data/v62.0/composite', {
				compositeRequest: Array.from({ length: 26 }, (_, i) => ({
					...body.compositeRequest[1],
					referenceId: `T${i}`,
					body: { Subject: 'x' },
				})),
			}),
		);
		expect(tooMany.errorCode).toBe('LIMIT_EXCEEDED');
	});

	it('INVALID_FIELD for unknown fields; NOT_FOUND for a field that is not an external ID; INVALID_SESSION_ID; REQUEST_LIMIT_EXCEEDED', async () => {
		const c = conn();
		// The credential test's call: GET /services/data/v62.0/limits.
		expect(await c.limits()).toMatchObject({ DailyApiRequests: { Max: expect.any(Number), Remaining: expect.any(Number) } });
		expect((await refused(c.query("SELECT Id, Nope__c FROM Lead WHERE Email IN ('a')"))).errorCode).toBe('INVALID_FIELD');
		expect((await refused(c.sobject('Lead').upsert({ Email: 'a@example.com', LastName: 'x' }, 'Email'))).errorCode).toBe('NOT_FOUND');
		expect((await refused(conn('00Dwrong!token').query("SELECT Id FROM Lead WHERE Email IN ('a')"))).errorCode).toMatch(
			/INVALID_SESSION_ID/,
		);
		await ctx.control.reset({ salesforce: { dailyApiLimit: 0 } });
		expect((await refused(c.query("SELECT Id FROM Lead WHERE Email IN ('a')"))).errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
	});
});

describe('Salesforce emulator with jsforce: changed-since SOQL (CRM Outcomes Trigger)', () => {
	it('queries leads by SystemModstamp and outcome status, and jsforce follows nextRecordsUrl', async () => {
		await ctx.control.reset({ salesforce: { queryBatchSize: 2 } });
		const c = conn();
		for (let i = 0; i < 5; i++)
			await c
				.sobject('Lead')
				.upsert(
					lead({ WeCom_External_User_ID__c: `wmQ${i}`, Status: i < 3 ? 'Working - Contacted' : 'Open - Not Contacted' }),
					'WeCom_External_User_ID__c',
				);
		const since = new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
		const soql = `SELECT Id, Status, WeCom_External_User_ID__c, SystemModstamp FROM Lead WHERE SystemModstamp >= ${since} AND (Status IN ('Working - Contacted')) ORDER BY SystemModstamp ASC, Id ASC`;
		const first = await c.query<any>(soql);
		expect([first.totalSize, first.done, first.records.length]).toEqual([3, false, 2]);
		const all = await c.query<any>(soql).run({ autoFetch: true, maxFetch: 100 });
		expect(all.totalSize).toBe(3);
		const fetched: any[] = [];
		await new Promise<void>((resolve, reject) =>
			c
				.query<any>(soql)
				.on('record', (r: any) => fetched.push(r))
				.on('end', () => resolve())
				.on('error', reject)
				.run({ autoFetch: true }),
		);
		expect(fetched.map((r) => r.WeCom_External_User_ID__c)).toEqual(['wmQ0', 'wmQ1', 'wmQ2']);
		expect((await refused(c.query("SELECT Id FROM Lead WHERE SystemModstamp >= '2026-01-01' ORDER BY SystemModstamp ASC"))).errorCode).toBe(
			'MALFORMED_QUERY',
		);
	});
});

describe('Salesforce emulator with jsforce: opportunities (CRM Outcomes Trigger, Watch → Deals)', () => {
	it('creates and updates an Opportunity (IsWon/IsClosed follow StageName), queries it by SystemModstamp and checkbox, finds the converted Lead', async () => {
		const c = conn();
		const up: any = await c
			.sobject('Lead')
			.upsert(lead({ WeCom_External_User_ID__c: 'wmO1', Email: 'o1@example.com' }), 'WeCom_External_User_ID__c');
		const conv = await fetch(`${ctx.sb.url}/_sandbox/salesforce/convert-lead`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ leadId: up.id, opportunity: { Amount: 9900 } }),
		});
		const oppId = ((await conv.json()) as any).opportunityId as string;
		expect(oppId).toMatch(/^006/);
		const other: any = await c.sobject('Opportunity').create({ Name: 'Direct', StageName: 'Prospecting', CloseDate: '2026-12-31' });
		expect(other).toMatchObject({ id: expect.stringMatching(/^006/), success: true });
		await c.sobject('Opportunity').update({ Id: oppId, StageName: 'Closed Won' });
		const since = new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
		const won = await c.query<any>(
			`SELECT Id, IsWon, IsClosed, Amount, SystemModstamp FROM Opportunity WHERE SystemModstamp >= ${since} AND (IsWon = true) ORDER BY SystemModstamp ASC, Id ASC`,
		);
		expect(won.records.map((r: any) => [r.Id, r.IsWon, r.IsClosed, r.Amount])).toEqual([[oppId, true, true, 9900]]);
		expect(won.records[0].attributes).toMatchObject({ type: 'Opportunity' });
		const leads = await c.query<any>(
			`SELECT Id, ConvertedOpportunityId, WeCom_External_User_ID__c FROM Lead WHERE ConvertedOpportunityId IN ('${oppId}')`,
		);
		expect(leads.records.map((r: any) => [r.Id, r.WeCom_External_User_ID__c])).toEqual([[up.id, 'wmO1']]);
		const quoted = await refused(
			c.query(`SELECT Id FROM Opportunity WHERE SystemModstamp >= ${since} AND (IsWon IN ('true')) ORDER BY SystemModstamp ASC`),
		);
		expect(quoted.errorCode).toBe('INVALID_FIELD');
		expect((await refused(c.sobject('Opportunity').create({ Name: 'x', StageName: 'Won!', CloseDate: '2026-12-31' }))).errorCode).toBe(
			'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
		);
		expect((await refused(c.sobject('Opportunity').create({ Name: 'x' }))).errorCode).toBe('REQUIRED_FIELD_MISSING');
		expect((await refused(c.sobject('Opportunity').update({ Id: oppId, IsWon: true } as any))).errorCode).toBe('INVALID_FIELD');
	});
});

describe('Salesforce emulator with jsforce: contact roles (Watch → Deals, opportunities no lead was converted into)', () => {
	it('creates Contacts and OpportunityContactRoles, one primary per opportunity, and queries them the way the trigger does', async () => {
		const c = conn();
		const up: any = await c
			.sobject('Lead')
			.upsert(lead({ WeCom_External_User_ID__c: 'wmR1', Email: 'r1@example.com', FirstName: 'Lei' }), 'WeCom_External_User_ID__c');
		// Converting without an opportunity leaves a Contact with the lead's fields and ConvertedContactId.
		const conv: any = await (
			await fetch(`${ctx.sb.url}/_sandbox/salesforce/convert-lead`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ leadId: up.id, opportunity: false }),
			})
		).json();
		expect(conv).toMatchObject({ opportunityId: null, contactId: expect.stringMatching(/^003/) });
		const other: any = await c.sobject('Contact').create({ LastName: 'Wang', Email: 'r2@example.com' });
		expect(other).toMatchObject({ id: expect.stringMatching(/^003/), success: true });
		const opp: any = await c.sobject('Opportunity').create({ Name: 'Renewal', StageName: 'Prospecting', CloseDate: '2026-12-31' });
		const first: any = await c
			.sobject('OpportunityContactRole')
			.create({ OpportunityId: opp.id, ContactId: other.id, IsPrimary: true, Role: 'Evaluator' });
		expect(first).toMatchObject({ id: expect.stringMatching(/^00K/), success: true });
		const second: any = await c
			.sobject('OpportunityContactRole')
			.create({ OpportunityId: opp.id, ContactId: conv.contactId, IsPrimary: true, Role: 'Decision Maker' });
		// A third without IsPrimary: it defaults to false, Role stays empty.
		await c.sobject('OpportunityContactRole').create({ OpportunityId: opp.id, ContactId: other.id });
		const roles = await c.query<any>(
			`SELECT OpportunityId, ContactId, IsPrimary, Role FROM OpportunityContactRole WHERE OpportunityId IN ('${opp.id}')`,
		);
		expect(roles.records.map((r: any) => [r.ContactId, r.IsPrimary, r.Role])).toEqual([
			[other.id, false, 'Evaluator'],
			[conv.contactId, true, 'Decision Maker'],
			[other.id, false, null],
		]);
		expect(roles.records[0].attributes).toMatchObject({ type: 'OpportunityContactRole' });
		const contacts = await c.query<any>(`SELECT Id, Email, FirstName FROM Contact WHERE Id IN ('${conv.contactId}', '${other.id}')`);
		expect(contacts.records.map((r: any) => [r.Id, r.Email, r.FirstName])).toEqual([
			[conv.contactId, 'r1@example.com', 'Lei'],
			[other.id, 'r2@example.com', null],
		]);
		const leads = await c.query<any>(
			`SELECT Id, ConvertedContactId, Email, WeCom_External_User_ID__c FROM Lead WHERE ConvertedContactId IN ('${conv.contactId}')`,
		);
		expect(leads.records.map((r: any) => [r.Id, r.WeCom_External_User_ID__c])).toEqual([[up.id, 'wmR1']]);
		// Marking the other one primary again unmarks the second (PATCH, 204).
		await c.sobject('OpportunityContactRole').update({ Id: first.id, IsPrimary: true });
		const after = await c.query<any>(`SELECT Id, IsPrimary FROM OpportunityContactRole WHERE Id IN ('${second.id}')`);
		expect(after.records[0].IsPrimary).toBe(false);
		// The documented refusals: required references, unknown IDs, OpportunityId cannot be updated, fields Contact lacks.
		expect((await refused(c.sobject('OpportunityContactRole').create({ OpportunityId: opp.id }))).errorCode).toBe('REQUIRED_FIELD_MISSING');
		expect(
			(await refused(c.sobject('OpportunityContactRole').create({ OpportunityId: opp.id, ContactId: '0035g00000NOPE' }))).errorCode,
		).toBe('INVALID_CROSS_REFERENCE_KEY');
		expect(
			(
				await refused(
					c.sobject('OpportunityContactRole').update({
						Id: first.id,
						OpportunityId: (
							(await c.sobject('Opportunity').create({ Name: 'y', StageName: 'Prospecting', CloseDate: '2026-12-31' })) as any
						).id,
					}),
				)
			).errorCode,
		).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
		expect((await refused(c.sobject('Contact').create({ Email: 'x@example.com' }))).errorCode).toBe('REQUIRED_FIELD_MISSING');
		expect((await refused(c.query(`SELECT Id, WeCom_External_User_ID__c FROM Contact WHERE Id IN ('${other.id}')`))).errorCode).toBe(
			'INVALID_FIELD',
		);
	});
});

describe('Salesforce emulator with jsforce: active users (CRM Push owner list)', () => {
	it('lists active Standard users by SOQL in name order, and jsforce follows nextRecordsUrl', async () => {
		await ctx.control.reset({ salesforce: { queryBatchSize: 2, extraUsers: 2 } });
		const c = conn();
		const soql = "SELECT Id, Name, Email FROM User WHERE IsActive = true AND UserType = 'Standard' ORDER BY Name ASC";
		const first = await c.query<any>(soql);
		expect([first.totalSize, first.done, first.records.length]).toEqual([4, false, 2]);
		expect(first.records[0]).toMatchObject({ attributes: { type: 'User' }, Id: '0055g00000SDRWANG', Name: 'Lei Wang' });
		const all = await c.query<any>(soql).run({ autoFetch: true, maxFetch: 100 });
		expect(all.records.map((r: any) => r.Name)).toEqual(['Lei Wang', 'Na Li', 'Sales Rep 0001', 'Sales Rep 0002']);
		expect((await refused(c.query("SELECT Id FROM User WHERE IsActive = 'true'"))).errorCode).toBe('INVALID_FIELD');
		expect((await refused(c.query('SELECT Id, Nickname FROM User WHERE IsActive = true'))).errorCode).toBe('INVALID_FIELD');
	});
});
