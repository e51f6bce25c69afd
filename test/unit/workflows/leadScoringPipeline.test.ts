import type { IDataObject } from 'n8n-workflow';
import { LinkCheck } from '../../../nodes/LinkCheck/LinkCheck.node';
import { runNode } from '../../helpers/runNode';
import { runCode } from './codeNode';
import { settingsOf, template } from './support';

const t = template('05-lead-scoring-pipeline.json');
const settings = settingsOf(t);
const NOW = '2025-06-12T10:15:30+08:00';

describe('Lead scoring pipeline: Validate Link and Check Link', () => {
	const validateNode = t.json.nodes.find((n) => n.name === 'Validate Link')!;
	/** Validate Link (the pack's Link Check node, with the template's fields), then the Check Link code. */
	const click = async (query: Record<string, string>, extra: Record<string, unknown> = {}) => {
		const s = { ...settings, ...extra } as IDataObject;
		expect(validateNode.parameters).toMatchObject({
			url: '={{ $json.query.url }}',
			allowedHosts: "={{ $('Settings').first().json.allowedLinkHosts }}",
		});
		const [validated] = await runNode(new LinkCheck(), {
			parameters: { url: query.url ?? '', allowedHosts: s.allowedLinkHosts, fallbackUrl: s.fallbackUrl, field: 'link' },
			items: [{ query }],
		});
		return runCode(t, 'Check Link', { input: validated.map((i) => i.json), nodes: { Settings: [s] }, now: NOW })[0].json;
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
		expect((await click({ lid: 'wmA', url: 'https://example.com/a' })).id).toBe(
			(await click({ lid: 'wmA', url: 'https://example.com/a' })).id,
		);
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
	const members = (e: Record<string, unknown>) =>
		runCode(t, 'Group Events', { input: [group], nodes: { Settings: [e] } }).map((i) => i.json);

	it('makes one event per customer who joined, with the state of their join code and who invited them', () => {
		const out = members({ ...event, memChangeList: ['wmA', 'zhangsan', 'wmB'] });
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

	it('scores leaving members although they are no longer in the group', () => {
		const out = members({ ...event, updateDetail: 'del_member', memChangeList: ['wmGONE'] });
		expect(out).toEqual([
			expect.objectContaining({
				leadId: 'wmGONE',
				type: 'groupMemberLeft',
				lead: { externalUserId: 'wmGONE', channel: 'wecom_group', groupId: 'wrG', groupName: 'MarTech 交流 1群' },
			}),
		]);
	});

	it("takes the new contact's name, company, title and phone from WeCom, and the staff member they added as SDR", () => {
		const customer = {
			name: '客户4',
			corp_name: '远山制造',
			corp_full_name: '远山制造有限公司',
			position: '市场总监',
			follow_user: [{ userid: 'lisi' }, { userid: 'zhangsan', remark_mobiles: ['13800000004'] }],
		};
		const [out] = runCode(t, 'Customer Event', {
			input: [customer],
			nodes: { Settings: [{ eventId: 'ev2', createdAt: 'T', userId: 'zhangsan', externalUserId: 'wmC4', state: 'sdr_0612' }] },
		}).map((i) => i.json);
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

describe('Lead scoring pipeline: Check Event, Attach Profiles, CRM Lead', () => {
	const check = (body: Record<string, unknown>) =>
		runCode(t, 'Check Event', { input: [{ body }], nodes: { Settings: [settings] }, now: NOW })[0].json;

	it('keeps BANT facts only as booleans and names every problem', () => {
		expect(
			check({ lid: 'wmA', type: 'demo_requested', attributes: { budget: true, timing: false, other: 'x' }, lead: { email: 'A@B.cn' } }),
		).toMatchObject({
			valid: true,
			attributes: { budget: true, timing: false },
			lead: { externalUserId: 'wmA', email: 'a@b.cn', channel: 'form' },
		});
		expect(check({ type: '1x', attributes: { need: 'yes' }, lead: { email: 'bad' } }).errors).toEqual([
			'lid (the WeCom external_userid of the lead) is required',
			'type must be an event name such as trial_requested or page_viewed',
			'lead.email is not a valid address',
			'attributes.need must be true or false',
		]);
	});

	it("gives each event its lead's stored profile, and new leads none", () => {
		const events = [
			{ leadId: 'wmA', type: 'link_clicked', redirectTo: 'x', tracked: true },
			{ leadId: 'wmB', type: 'groupMemberJoined' },
		];
		const out = runCode(t, 'Attach Profiles', { input: [{ lead_id: 'wmA', profile: '{"v":1}' }], nodes: { 'Collect Events': events } }).map(
			(i) => i.json,
		);
		expect(out).toEqual([
			{ leadId: 'wmA', type: 'link_clicked', profile: '{"v":1}' },
			{ leadId: 'wmB', type: 'groupMemberJoined', profile: '' },
		]);
		// No stored profile at all: the Data table node outputs one empty item.
		expect(runCode(t, 'Attach Profiles', { input: [{}], nodes: { 'Collect Events': events } }).map((i) => i.json.profile)).toEqual([
			'',
			'',
		]);
	});

	it('hands CRM Push the contact, the source and the score as an activity', () => {
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
		const [out] = runCode(t, 'CRM Lead', { input: [scored], now: NOW }).map((i) => i.json);
		expect(out).toMatchObject({
			externalUserId: 'wmA',
			email: 'a@b.cn',
			stage: 'sql',
			salesReady: true,
			source: { channel: 'wecom_contact', state: 's1', sdrUserId: 'zhangsan' },
			activities: [{ type: 'Lead Score', title: 'SQL：互动 34 · 匹配 40', detail: 'trial +30' }],
		});
	});
});
