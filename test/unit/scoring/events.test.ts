import { crmLeadFrom, fillTitle } from '../../../lib/scoring/crmLead';
import { checkFormEvent } from '../../../lib/scoring/events/form';
import { clickEvent } from '../../../lib/scoring/events/link';
import { contactEvent, groupEvents } from '../../../lib/scoring/events/wecom';

const NOW = Date.parse('2025-06-12T02:00:30Z');

describe('scoring events: tracked link clicks', () => {
	const click = (o: Partial<Parameters<typeof clickEvent>[0]> = {}) =>
		clickEvent({ leadId: 'wmA', url: 'https://example.com/a', allowed: true, campaign: 'spring', now: NOW, sameClickSeconds: 60, ...o });

	it('tracks an allowed link clicked by a known lead, and nothing else', () => {
		expect(click()).toMatchObject({
			tracked: true,
			redirectTo: 'https://example.com/a',
			type: 'link_clicked',
			time: '2025-06-12T02:00:30.000Z',
		});
		expect(click({ allowed: false }).tracked).toBe(false);
		expect(click({ leadId: '  ' }).tracked).toBe(false);
		expect(click({ allowed: 'true' }).tracked).toBe(false);
	});

	it('gives clicks within the window one event ID, and clicks in the next window another', () => {
		expect(click({ now: NOW + 20_000 }).id).toBe(click().id);
		expect(click({ now: NOW + 40_000 }).id).not.toBe(click().id);
		expect(click({ now: NOW + 200_000, sameClickSeconds: 600 }).id).toBe(click({ sameClickSeconds: 600 }).id);
		expect(click({ url: 'https://example.com/b' }).id).not.toBe(click().id);
	});
});

describe('scoring events: form and website events', () => {
	const o = { now: NOW, futureMinutes: 5, defaultChannel: 'form' };

	it('shapes a valid event: lower-case email, phone without spaces, the default channel, no empty fields', () => {
		expect(
			checkFormEvent({ lid: ' wmA ', type: 'demo_requested', id: 7, lead: { email: ' A@B.cn', phone: '138 0000-0001', name: '' } }, o),
		).toEqual({
			valid: true,
			errors: [],
			leadId: 'wmA',
			type: 'demo_requested',
			id: '7',
			time: new Date(NOW).toISOString(),
			lead: { externalUserId: 'wmA', email: 'a@b.cn', phone: '13800000001', channel: 'form' },
		});
	});

	it('names every problem, and refuses times that are not ISO 8601 or beyond the allowed clock skew', () => {
		expect(checkFormEvent(null, o).errors).toEqual([
			'lid (the WeCom external_userid of the lead) is required',
			'type must be an event name such as trial_requested or page_viewed',
		]);
		for (const time of ['yesterday', '12/06/2025', '1749693600'])
			expect(checkFormEvent({ lid: 'wmA', type: 'page_viewed', time }, o).errors).toEqual(['time must be an ISO 8601 date-time']);
		expect(checkFormEvent({ lid: 'wmA', type: 'page_viewed', time: new Date(NOW + 6 * 60_000).toISOString() }, o).errors).toEqual([
			'time must not be in the future',
		]);
		expect(checkFormEvent({ lid: 'wmA', type: 'page_viewed', time: '2025-06-12T10:04:00+08:00' }, o)).toMatchObject({
			valid: true,
			time: '2025-06-12T02:04:00.000Z',
		});
	});
});

describe('scoring events: WeCom', () => {
	it('refuses an event without the customer', () => {
		expect(() => contactEvent({ eventId: 'e' }, {})).toThrow('externalUserId is missing');
	});

	it('makes no event for a group change without customers', () => {
		expect(
			groupEvents({ updateDetail: 'add_member', memChangeList: ['zhangsan'] }, { member_list: [{ userid: 'zhangsan', type: 1 }] }),
		).toEqual([]);
		expect(groupEvents({ updateDetail: 'add_member' }, {})).toEqual([]);
	});
});

describe('the CRM lead', () => {
	it('fills the placeholders it knows and leaves the others as written', () => {
		expect(fillTitle('{stage}: {engagementScore} {nope}', { stage: 'SQL', engagementScore: 34 })).toBe('SQL: 34 {nope}');
	});

	it('takes the stage label over the stage ID, and the lead ID when the lead has no external_userid', () => {
		const lead = crmLeadFrom(
			{ leadId: 'wmX', stage: 'sql', engagementScore: 1, fitScore: 2 },
			{ now: NOW, activityTitle: '', activityType: 'Lead Score' },
		);
		expect(lead).toMatchObject({ externalUserId: 'wmX', activities: [{ title: 'sql：互动 1 · 匹配 2', at: new Date(NOW).toISOString() }] });
	});
});
