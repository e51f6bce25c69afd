import type { IDataObject } from 'n8n-workflow';
import { LeadScore } from '../../../nodes/LeadScore/LeadScore.node';
import { LinkCheck } from '../../../nodes/LinkCheck/LinkCheck.node';
import { runNode } from '../../helpers/runNode';
import { settingsOf, template } from './support';

const t = template('05-lead-scoring-pipeline.json');
const settings = settingsOf(t);
const node = (name: string) => t.json.nodes.find((n) => n.name === name)!;
/** Runs a Lead Score operation node of the template, with its expressions resolved to `values`. */
async function op(name: string, values: IDataObject, items: IDataObject[] = [{}]) {
	const params = node(name).parameters as IDataObject;
	expect(node(name).type).toBe('n8n-nodes-wecom-growth.leadScore');
	const [out] = await runNode(new LeadScore(), { parameters: { ...params, ...values }, items, typeVersion: node(name).typeVersion });
	return out.map((i) => i.json as any);
}

describe('template 05 holds no Code node', () => {
	it('turns events into scoring events, checks them and builds the CRM lead with Lead Score operations', () => {
		expect(t.json.nodes.filter((n) => n.type === 'n8n-nodes-base.code').map((n) => n.name)).toEqual([]);
		expect(
			['Customer Event', 'Group Events', 'Check Link', 'Check Event', 'Lead Score', 'CRM Lead'].map((n) => node(n).parameters.operation),
		).toEqual(['eventsFromWeCom', 'eventsFromWeCom', 'eventFromLinkClick', 'checkFormEvent', 'scoreEventLog', 'buildCrmLead']);
	});
});

describe('Lead scoring pipeline: Validate Link and Check Link', () => {
	const validateNode = node('Validate Link');
	/** Validate Link (the pack's Link Check node, with the template's fields), then Check Link. */
	const click = async (query: Record<string, string>, extra: Record<string, unknown> = {}) => {
		const s = { ...settings, ...extra } as IDataObject;
		expect(validateNode.parameters).toMatchObject({
			url: '={{ $json.query.url }}',
			allowedHosts: "={{ $('Settings').first().json.allowedLinkHosts }}",
		});
		expect(node('Check Link').parameters).toMatchObject({
			clickLeadId: '={{ $json.query.lid }}',
			linkResult: '={{ $json.link }}',
			clickCampaign: '={{ $json.query.c }}',
		});
		const [validated] = await runNode(new LinkCheck(), {
			parameters: { url: query.url ?? '', allowedHosts: s.allowedLinkHosts, fallbackUrl: s.fallbackUrl, field: 'link' },
			items: [{ query }],
		});
		const link = validated[0].json.link as IDataObject;
		return (await op('Check Link', { clickLeadId: query.lid ?? '', linkResult: link, clickCampaign: query.c ?? '' }))[0];
	};

	it('redirects to allowed hosts and their subdomains, and scores the click for the lead', async () => {
		const c = await click({ lid: 'wmA', url: 'https://www.example.com/pricing?x=1', c: 'spring' });
		expect(c).toMatchObject({
			redirectTo: 'https://www.example.com/pricing?x=1',
			tracked: true,
			leadId: 'wmA',
			type: 'link_clicked',
			url: 'https://www.example.com/pricing?x=1',
			campaign: 'spring',
			lead: { externalUserId: 'wmA', campaign: 'spring' },
		});
		expect((await click({ lid: 'wmA', url: 'http://example.com' })).redirectTo).toBe('http://example.com/');
	});

	it('never redirects elsewhere: other hosts, look-alikes, user-info tricks and other schemes go to the fallback, unscored', async () => {
		const tricky = [
			'https://evil.test/',
			'https://example.com.evil.test/',
			'https://notexample.com/',
			'https://example.com@evil.test/',
			'https://example.com:443@evil.test/',
			'https://evil.test\\@example.com/',
			'https://evil.test\\.example.com/',
			'https:\\\\evil.test',
			'https:evil.test',
			'https:///evil.test',
			'javascript:alert(1)//example.com',
			'//evil.test',
			'https://exаmple.com/',
			'https://example.com:8080/',
			'https://evil.test%2F@example.com/',
			'https://evil.test\t.example.com/',
			'https://example.com\u200b.evil.test/',
			'',
		];
		for (const url of tricky) {
			expect([url, await click({ lid: 'wmA', url })]).toEqual([
				url,
				expect.objectContaining({ redirectTo: settings.fallbackUrl, tracked: false }),
			]);
		}
	});

	it('follows unusual but equivalent spellings of an allowed host to the parsed link', async () => {
		expect((await click({ lid: 'wmA', url: 'HTTPS://WWW.EXAMPLE.COM./p' })).redirectTo).toBe('https://www.example.com./p');
		expect((await click({ lid: 'wmA', url: 'https://example.com:443/p' })).redirectTo).toBe('https://example.com/p');
	});

	it('redirects but scores nothing without a lead ID, and treats repeat clicks within a minute as one', async () => {
		expect(await click({ url: 'https://example.com/a' })).toMatchObject({ redirectTo: 'https://example.com/a', tracked: false });
		const first = await click({ lid: 'wmA', url: 'https://example.com/a' });
		const again = await click({ lid: 'wmA', url: 'https://example.com/a' });
		// The same minute (unless the test straddles a minute boundary): one click.
		if (Math.floor(Date.parse(first.time) / 60_000) === Math.floor(Date.parse(again.time) / 60_000)) expect(again.id).toBe(first.id);
		expect(node('Check Link').parameters.sameClickSeconds).toBe(60);
	});
});

describe('Lead scoring pipeline: WeCom events', () => {
	const event = { eventId: 'ev1', createdAt: '2025-06-12T02:00:00.000Z', updateDetail: 'add_member' };
	const group = {
		chat_id: 'wrG',
		name: 'MarTech 交流 1群',
		member_list: [
			{ userid: 'wmA', type: 2, name: '客户A', state: 'live_0612', invitor: { userid: 'wangwu' } },
			{ userid: 'zhangsan', type: 1, name: '张三' },
			{ userid: 'wmB', type: 2, name: '客户B' },
		],
	};
	const members = (e: Record<string, unknown>) => op('Group Events', { weComEvent: e, details: group }, [group]);

	it('reads the WeCom Trigger event through Settings and the details from Get Customer / Get Group', () => {
		for (const n of ['Customer Event', 'Group Events'])
			expect(node(n).parameters).toMatchObject({ weComEvent: "={{ $('Settings').item.json }}", details: '={{ $json }}' });
	});

	it('makes one event per customer who joined, with the state of their join code and who invited them', async () => {
		const out = await members({ ...event, memChangeList: ['wmA', 'zhangsan', 'wmB'] });
		expect(out.map((o) => [o.leadId, o.type, o.state])).toEqual([
			['wmA', 'groupMemberJoined', 'live_0612'],
			['wmB', 'groupMemberJoined', ''],
		]);
		expect(out[0]).toMatchObject({
			id: 'ev1:wmA',
			time: event.createdAt,
			lead: {
				externalUserId: 'wmA',
				name: '客户A',
				channel: 'wecom_group',
				groupId: 'wrG',
				groupName: 'MarTech 交流 1群',
				state: 'live_0612',
				sdrUserId: 'wangwu',
			},
		});
		expect(out[1].lead).not.toHaveProperty('state');
	});

	it('scores leaving members although they are no longer in the group', async () => {
		const out = await members({ ...event, updateDetail: 'del_member', memChangeList: ['wmGONE'] });
		expect(out).toEqual([
			expect.objectContaining({
				leadId: 'wmGONE',
				type: 'groupMemberLeft',
				lead: { externalUserId: 'wmGONE', channel: 'wecom_group', groupId: 'wrG', groupName: 'MarTech 交流 1群' },
			}),
		]);
	});

	it("takes the new contact's name, company, title and phone from WeCom, and the staff member they added as SDR", async () => {
		const customer = {
			name: '客户4',
			corp_name: '远山制造',
			corp_full_name: '远山制造有限公司',
			position: '市场总监',
			follow_user: [{ userid: 'lisi' }, { userid: 'zhangsan', remark_mobiles: ['13800000004'] }],
		};
		const [out] = await op('Customer Event', {
			weComEvent: { eventId: 'ev2', createdAt: 'T', userId: 'zhangsan', externalUserId: 'wmC4', state: 'sdr_0612' },
			details: customer,
		});
		expect(out).toEqual({
			leadId: 'wmC4',
			type: 'customerAdded',
			id: 'ev2',
			time: 'T',
			state: 'sdr_0612',
			lead: {
				externalUserId: 'wmC4',
				name: '客户4',
				company: '远山制造有限公司',
				title: '市场总监',
				phone: '13800000004',
				channel: 'wecom_contact',
				state: 'sdr_0612',
				sdrUserId: 'zhangsan',
			},
		});
	});
});

describe('Lead scoring pipeline: Check Event and CRM Lead', () => {
	const check = async (body: Record<string, unknown>) => (await op('Check Event', { formEvent: body }))[0];

	it('keeps BANT facts only as booleans and names every problem', async () => {
		expect(
			await check({
				lid: 'wmA',
				type: 'demo_requested',
				attributes: { budget: true, timing: false, other: 'x' },
				lead: { email: 'A@B.cn' },
			}),
		).toMatchObject({
			valid: true,
			attributes: { budget: true, timing: false },
			lead: { externalUserId: 'wmA', email: 'a@b.cn', channel: 'form' },
		});
		expect((await check({ type: '1x', attributes: { need: 'yes' }, lead: { email: 'bad' } })).errors).toEqual([
			'lid (the WeCom external_userid of the lead) is required',
			'type must be an event name such as trial_requested or page_viewed',
			'lead.email is not a valid address',
			'attributes.need must be true or false',
		]);
	});

	it('refuses unreadable and future times, and accepts a sender clock a little ahead', async () => {
		expect((await check({ lid: 'wmA', type: 'page_viewed', time: 'yesterday' })).errors).toEqual(['time must be an ISO 8601 date-time']);
		expect((await check({ lid: 'wmA', type: 'page_viewed', time: '2999-01-01T00:00:00Z' })).errors).toEqual([
			'time must not be in the future',
		]);
		const soon = new Date(Date.now() + 60_000).toISOString();
		expect(await check({ lid: 'wmA', type: 'page_viewed', time: soon })).toMatchObject({ valid: true, time: soon });
	});

	it('hands CRM Push the contact, the source and the score as an activity worded in the node', async () => {
		const scored = {
			leadId: 'wmA',
			stage: 'sql',
			stageLabel: 'SQL',
			engagementScore: 34,
			fitScore: 40,
			salesReady: true,
			explanation: { summary: 'trial +30' },
			lead: { externalUserId: 'wmA', name: 'A', email: 'a@b.cn', channel: 'wecom_contact', state: 's1', sdrUserId: 'zhangsan' },
		};
		const [out] = await op('CRM Lead', {}, [scored]);
		expect(out).toMatchObject({
			externalUserId: 'wmA',
			email: 'a@b.cn',
			stage: 'sql',
			salesReady: true,
			source: { channel: 'wecom_contact', state: 's1', sdrUserId: 'zhangsan' },
			activities: [{ type: 'Lead Score', title: 'SQL：互动 34 · 匹配 40', detail: 'trial +30' }],
		});
		const [worded] = await op('CRM Lead', { activityTitle: '{name}: {stage} ({engagementScore}/{fitScore}) {unknown}' }, [scored]);
		expect(worded.activities[0].title).toBe('A: SQL (34/40) {unknown}');
	});
});

describe('Lead scoring pipeline: the event log', () => {
	const row = (id: number, event: IDataObject): IDataObject => ({
		id,
		lead_id: event.leadId,
		event_id: event.id,
		type: event.type,
		event: JSON.stringify(event),
		createdAt: new Date(Date.now() - (10 - id) * 60_000).toISOString(),
	});
	const rows = [
		row(1, { leadId: 'wmA', id: 'c1', type: 'customerAdded', lead: { title: '市场总监', company: '远山' } }),
		row(2, { leadId: 'wmA', id: 't1', type: 'trial_requested', attributes: { budget: true } }),
		row(3, { leadId: 'wmA', id: 'l1', type: 'link_clicked' }),
	];
	const score = async (own: (i: number) => number, items = rows) => {
		const params = node('Lead Score').parameters as IDataObject;
		expect(params).toMatchObject({ ownRowId: "={{ $('Record Events').item.json.id }}", eventColumn: 'event' });
		return runNode(new LeadScore(), {
			parameters: (i) => ({ ...params, ownRowId: own(i) }),
			items,
			typeVersion: node('Lead Score').typeVersion,
		});
	};

	it('scores the lead from all its rows, whoever inserted them, and reports only its own stage change', async () => {
		const [all, changed] = await score(() => 2);
		expect(all.map((i) => i.json)).toEqual([
			expect.objectContaining({
				leadId: 'wmA',
				engagementScore: 32,
				stage: 'mql',
				lastRow: 3,
				firstRow: 1,
				lead: { title: '市场总监', company: '远山', budget: true },
			}),
		]);
		expect(changed.map((i) => [i.json.rowId, i.json.previousStage, i.json.stage])).toEqual([[2, 'firstContact', 'mql']]);
		const [, byOthers] = await score(() => 3);
		expect(byOthers).toEqual([]);
	});

	it('saves a profile only over an older one, and the lead’s first event creates its row', () => {
		expect(node('Save Profiles').parameters).toMatchObject({
			operation: 'update',
			filters: {
				conditions: [
					{ keyName: 'lead_id', condition: 'eq', keyValue: '={{ $json.leadId }}' },
					{ keyName: 'ledger_row', condition: 'lt', keyValue: '={{ $json.lastRow }}' },
				],
			},
		});
		expect(t.json.connections['New Lead?'].main.map((b: any[]) => b.map((c) => c.node))).toEqual([
			['Create Profile Row'],
			['Read Lead Events'],
		]);
	});

	it('names the row and field of a broken row', async () => {
		await expect(score(() => 1, [{ ...rows[0], event: '{oops' }])).rejects.toThrow('Item 1: event is text but not valid JSON');
		await expect(score(() => 0)).rejects.toThrow('Item 1: Own Row ID must be the ID of the row this execution inserted');
	});
});
