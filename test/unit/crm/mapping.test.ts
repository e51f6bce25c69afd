import { leadKey, leadSchemaFor, rawLeadFromItem, refFor, splitName } from '../../../lib/crm/lead';
import { mapStage, parsePairs, prepareLead, renderTemplate } from '../../../lib/crm/mapping';
import type { Lead } from '../../../lib/crm/types';
import { idempotencyKey, stableStringify } from '../../../lib/crm/targets/webhook/client';
import { mapping, sqlLead } from './support';

const parse = (json: Record<string, unknown>, matchOn: 'email' | 'externalUserId' | 'phone' = 'email') =>
	leadSchemaFor(matchOn).parse(rawLeadFromItem(json)) as Lead;

describe('lead profile from an item', () => {
	it('reads a WeCom customer and a join event by their own field names', () => {
		const lead = parse(
			{
				external_userid: 'wmABC',
				name: '张伟',
				corp_name: '某某科技',
				chat_id: 'wrG1',
				group_name: '营销交流6群',
				state: 'poster-0612',
				inviterUserId: 'sdr.li',
				engagement_score: '37',
				sales_ready: 'true',
			},
			'externalUserId',
		);
		expect(lead).toMatchObject({
			externalUserId: 'wmABC',
			name: '张伟',
			company: '某某科技',
			groupId: 'wrG1',
			groupName: '营销交流6群',
			state: 'poster-0612',
			sdrUserId: 'sdr.li',
			engagementScore: 37,
			salesReady: true,
		});
	});

	it('lets node overrides win over the item and normalises the email', () => {
		const lead = leadSchemaFor('email').parse(
			rawLeadFromItem({ email: ' Li@Example.COM ', stage: 'mql' }, { stage: 'sql', company: '' }),
		) as Lead;
		expect(lead).toMatchObject({ email: 'li@example.com', stage: 'sql' });
		expect(lead.company).toBeUndefined();
	});

	it('names the bad field and requires the match field', () => {
		const r = leadSchemaFor('phone').safeParse(
			rawLeadFromItem({ email: 'x@y.com', engagementScore: 'lots', activities: [{ type: 'click', at: 'yesterday' }] }),
		);
		expect(r.success).toBe(false);
		const paths = r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
		expect(paths).toEqual(
			expect.arrayContaining([
				'engagementScore: must be a number',
				'activities.0.at: must be an ISO date or epoch milliseconds',
				'phone: is required to match leads on phone',
			]),
		);
	});

	it('splits western names and keeps Chinese names whole', () => {
		expect(splitName({ name: 'Ada King Lovelace', activities: [] })).toEqual({ firstName: 'Ada King', lastName: 'Lovelace' });
		expect(splitName({ name: '张伟', activities: [] })).toEqual({ lastName: '张伟' });
	});
});

describe('mapping', () => {
	it('maps the pack stages to HubSpot lifecycle stages, with user overrides', () => {
		expect(
			['firstContact', 'activated', 'MQL', 'engaged', 'SQL', 'decision', 'MRL', 'customer'].map((s) => mapStage('hubspot', s)),
		).toEqual([
			'subscriber',
			'lead',
			'marketingqualifiedlead',
			'marketingqualifiedlead',
			'salesqualifiedlead',
			'salesqualifiedlead',
			'lead',
			'customer',
		]);
		expect(mapStage('hubspot', 'mrl', { MRL: 'other' })).toBe('other');
		// Lead Score's two outcome states are kept apart in HubSpot too.
		expect(['recycled', 'rejected'].map((s) => mapStage('hubspot', s))).toEqual(['lead', 'other']);
		expect(mapStage('salesforce', 'sql')).toBe('sql');
	});

	it('never sends empty values, and drops a lead field mapped to nothing', () => {
		const lead = parse(sqlLead(1, { title: '' }));
		const p = prepareLead(0, lead, mapping('hubspot', { fieldMap: { sdrUserId: '' }, customFields: { hs_lead_status: 'NEW' } }));
		expect(p.fields.jobtitle).toBeUndefined();
		expect(p.fields.wecom_inviting_sdr).toBeUndefined();
		expect(p.fields.hs_lead_status).toBe('NEW');
		expect(p.fields.email).toBe('lead1@example.com');
	});

	it('renders task subjects without leftovers when values are missing', () => {
		expect(renderTemplate('Follow up: {name} ({company}) from {groupName}', { name: 'Li', activities: [] })).toBe('Follow up: Li');
		expect(renderTemplate('{name} – {campaign}', { email: 'a@b.c', campaign: 'spring', activities: [] })).toBe('a@b.c – spring');
	});

	it('parses owner and stage maps from lines or commas', () => {
		expect(parsePairs('sdr.wang=75001\n sdr.li = 75002, bad, =x')).toEqual({ 'sdr.wang': '75001', 'sdr.li': '75002' });
	});
});

describe('idempotency keys', () => {
	it('are stable for the same lead, differ by target and match value, and never use time', () => {
		expect(leadKey('hubspot', 'email', 'a@b.c')).toBe(leadKey('hubspot', 'email', 'a@b.c'));
		expect(leadKey('hubspot', 'email', 'a@b.c')).not.toBe(leadKey('salesforce', 'email', 'a@b.c'));
		const lead = parse(sqlLead(1));
		const a = prepareLead(0, lead, mapping('webhook', { now: 1 }));
		const b = prepareLead(5, lead, mapping('webhook', { now: 999999999 }));
		expect(idempotencyKey(a)).toBe(idempotencyKey(b));
		expect(a.task!.ref).toBe(b.task!.ref);
		const changed = prepareLead(0, parse(sqlLead(1, { fitScore: 10 })), mapping('webhook'));
		expect(idempotencyKey(changed)).not.toBe(idempotencyKey(a));
		expect(changed.task!.ref).toBe(a.task!.ref);
		expect(refFor('k', 'task', '')).toMatch(/^wg-[0-9a-f]{16}$/);
	});

	it('one task per campaign when the task key says so', () => {
		const withKey = (campaign: string) =>
			prepareLead(
				0,
				parse(sqlLead(1, { source: { campaign } })),
				mapping('hubspot', { task: { enabled: true, subject: 'x', dueInHours: 1, priority: 'LOW', key: '{campaign}' } }),
			).task!.ref;
		expect(withKey('spring')).not.toBe(withKey('autumn'));
		expect(withKey('spring')).toBe(withKey('spring'));
	});

	it('serialises objects with sorted keys', () => {
		expect(stableStringify({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
	});
});
