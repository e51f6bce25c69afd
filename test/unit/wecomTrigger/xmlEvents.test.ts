import { TRIGGER_EVENT_VALUES, classifyEvent, memberList, normalizeEvent } from '../../../lib/wecom/callback/events';
import { CallbackRejectedError } from '../../../lib/wecom/callback/errors';
import { buildCallbackXml, parseCallbackXml, parseEnvelope } from '../../../lib/wecom/callback/xml';
import { SAMPLE_EVENT_NAMES, sampleEventXml } from '../../../sandbox/wecom/callbackSender';

/** WeCom's documented group-update example, whitespace and all, with the <Item> member list. */
const GROUP_UPDATE_XML = `<xml>
	<ToUserName><![CDATA[ww55ca070cb9b7eb22]]></ToUserName>
	<FromUserName><![CDATA[sys]]></FromUserName>
	<CreateTime>1403610513</CreateTime>
	<MsgType><![CDATA[event]]></MsgType>
	<Event><![CDATA[change_external_chat]]></Event>
	<ChatId><![CDATA[wrx7HUARsKwGRaQBVKPBTcEyzdHA4HrQ]]></ChatId>
	<ChangeType><![CDATA[update]]></ChangeType>
	<UpdateDetail><![CDATA[add_member]]></UpdateDetail>
	<JoinScene>3</JoinScene>
	<QuitScene>0</QuitScene>
	<MemChangeCnt>2</MemChangeCnt>
	<MemChangeList>
		<Item><![CDATA[wmJack]]></Item>
		<Item><![CDATA[wmRose]]></Item>
	</MemChangeList>
	<LastMemVer><![CDATA[9c3f97c2ada667dfb5f6d03308d963e1]]></LastMemVer>
	<CurMemVer><![CDATA[71217227bbd112ecfe3a49c482195cb4]]></CurMemVer>
</xml>`;

const rejected = (fn: () => unknown): CallbackRejectedError => {
	try {
		fn();
	} catch (e) {
		expect(e).toBeInstanceOf(CallbackRejectedError);
		return e as CallbackRejectedError;
	}
	throw new Error('expected a rejection');
};

describe('callback XML', () => {
	it('reads CDATA and plain fields as strings, and <Item> lists as arrays', () => {
		const f = parseCallbackXml(GROUP_UPDATE_XML);
		expect(f.ChatId).toBe('wrx7HUARsKwGRaQBVKPBTcEyzdHA4HrQ');
		expect(f.CreateTime).toBe('1403610513');
		expect(f.MemChangeList).toEqual(['wmJack', 'wmRose']);
	});

	it('keeps a single <Item> as a one-element list', () => {
		const f = parseCallbackXml('<xml><MemChangeList><Item><![CDATA[wmOnly]]></Item></MemChangeList></xml>');
		expect(f.MemChangeList).toEqual(['wmOnly']);
	});

	it('keeps the older single-text form as text (normalised later)', () => {
		const f = parseCallbackXml('<xml><MemChangeList><![CDATA[wmA,wmB]]></MemChangeList></xml>');
		expect(f.MemChangeList).toBe('wmA,wmB');
	});

	it('keeps digit-only IDs as strings (no number conversion, no lost zeros)', () => {
		const f = parseCallbackXml('<xml><UserID>00123</UserID><State><![CDATA[0612]]></State></xml>');
		expect(f).toEqual({ UserID: '00123', State: '0612' });
	});

	it('decodes XML entities in plain text', () => {
		expect(parseCallbackXml('<xml><Name>A &amp; B</Name></xml>').Name).toBe('A & B');
	});

	it.each([
		['not XML', 'hello'],
		['unclosed tags', '<xml><Encrypt>abc</xml>'],
		['empty', ''],
		['JSON', '{"Encrypt":"abc"}'],
	])('rejects %s as malformed (400)', (_what, body) => {
		const e = rejected(() => parseCallbackXml(body));
		expect(e.reason).toBe('malformed_body');
		expect(e.status).toBe(400);
	});

	it('rejects a document without an <xml> root', () => {
		expect(rejected(() => parseCallbackXml('<root><Encrypt>abc</Encrypt></root>')).reason).toBe('malformed_body');
	});

	it('rejects a DTD (entity expansion) outright', () => {
		const evil = '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaa">]><xml><Encrypt>&a;</Encrypt></xml>';
		expect(rejected(() => parseCallbackXml(evil)).reason).toBe('malformed_body');
	});

	it('reads the outer envelope and requires <Encrypt>', () => {
		const env = parseEnvelope(
			'<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[abc+/=]]></Encrypt></xml>',
		);
		expect(env).toEqual({ encrypt: 'abc+/=', toUserName: 'wwcorp', agentId: '1000002' });
		expect(rejected(() => parseEnvelope('<xml><ToUserName>ww</ToUserName></xml>')).reason).toBe('malformed_body');
	});

	it('builds XML that parses back to the same fields', () => {
		const xml = buildCallbackXml({ Event: 'change_external_chat', CreateTime: 1700000000, MemChangeList: ['a', 'b'], Name: 'x]]>y' });
		expect(parseCallbackXml(xml)).toEqual({
			Event: 'change_external_chat',
			CreateTime: '1700000000',
			MemChangeList: ['a', 'b'],
			Name: 'x]]>y',
		});
	});
});

describe('member list forms', () => {
	it.each([
		[
			['wmA', 'wmB'],
			['wmA', 'wmB'],
		],
		[['wmA'], ['wmA']],
		['wmA,wmB', ['wmA', 'wmB']],
		['wmA', ['wmA']],
		[' wmA , wmB ,', ['wmA', 'wmB']],
		['', []],
		[undefined, undefined],
	])('%j → %j', (input, expected) => {
		expect(memberList(input as string | string[] | undefined)).toEqual(expected);
	});
});

describe('event classification', () => {
	it('offers every documented event once', () => {
		expect(new Set(TRIGGER_EVENT_VALUES).size).toBe(TRIGGER_EVENT_VALUES.length);
		expect(TRIGGER_EVENT_VALUES).toEqual(
			expect.arrayContaining([
				'groupCreated',
				'groupMemberJoined',
				'groupMemberLeft',
				'groupRenamed',
				'groupOwnerChanged',
				'groupNoticeChanged',
				'groupDismissed',
				'customerAdded',
				'customerEdited',
				'customerDeleted',
				'tagCreated',
				'tagUpdated',
				'tagDeleted',
				'tagShuffled',
			]),
		);
	});

	it.each(SAMPLE_EVENT_NAMES.map((n) => [n]))('classifies the WeCom sample for %s', (name) => {
		const expected = name === 'customerRemovedStaff' ? 'customerDeleted' : name;
		expect(classifyEvent(parseCallbackXml(sampleEventXml(name)))).toBe(expected);
	});

	it('does not offer events it does not know (app messages, other change types)', () => {
		expect(classifyEvent({ MsgType: 'text', Content: 'hi' })).toBeUndefined();
		expect(classifyEvent({ Event: 'change_external_contact', ChangeType: 'transfer_fail' })).toBeUndefined();
		expect(classifyEvent({ Event: 'change_external_chat', ChangeType: 'update', UpdateDetail: 'something_new' })).toBeUndefined();
		expect(classifyEvent({ Event: 'change_contact', ChangeType: 'create_user' })).toBeUndefined();
	});

	it('compares event names case-insensitively', () => {
		expect(classifyEvent({ Event: 'CHANGE_EXTERNAL_CHAT', ChangeType: 'Dismiss' })).toBe('groupDismissed');
	});
});

describe('normalisation', () => {
	it('turns the group update into clean camelCase JSON', () => {
		expect(normalizeEvent(parseCallbackXml(GROUP_UPDATE_XML))).toEqual({
			corpId: 'ww55ca070cb9b7eb22',
			fromUserName: 'sys',
			createTime: 1403610513,
			createdAt: '2014-06-24T11:48:33.000Z',
			msgType: 'event',
			event: 'change_external_chat',
			chatId: 'wrx7HUARsKwGRaQBVKPBTcEyzdHA4HrQ',
			changeType: 'update',
			updateDetail: 'add_member',
			joinScene: 3,
			joinMethod: 'qrCode',
			quitScene: 0,
			quitMethod: 'left',
			memChangeCnt: 2,
			memChangeList: ['wmJack', 'wmRose'],
			lastMemVer: '9c3f97c2ada667dfb5f6d03308d963e1',
			curMemVer: '71217227bbd112ecfe3a49c482195cb4',
		});
	});

	it('gives the same member list for the older comma-separated form', () => {
		const legacy = normalizeEvent(parseCallbackXml(sampleEventXml('groupMemberJoined', { legacyMemberList: true })));
		const items = normalizeEvent(parseCallbackXml(sampleEventXml('groupMemberJoined')));
		expect(legacy.memChangeList).toEqual(['wmCUST0001AAAA', 'wmCUST0002AAAA']);
		expect(legacy.memChangeList).toEqual(items.memChangeList);
	});

	it('maps member-left scenes', () => {
		const n = normalizeEvent(parseCallbackXml(sampleEventXml('groupMemberLeft', { set: { QuitScene: 1 } })));
		expect(n).toMatchObject({ updateDetail: 'del_member', quitScene: 1, quitMethod: 'removedByAdmin', memChangeList: ['wmCUST0001AAAA'] });
	});

	it('keeps State and WelcomeCode of a customer added through a join way', () => {
		const n = normalizeEvent(parseCallbackXml(sampleEventXml('customerAdded', { set: { State: 'poster-0612' } })));
		expect(n).toMatchObject({
			changeType: 'add_external_contact',
			userId: 'zhangsan',
			externalUserId: 'wmCUST0001AAAA',
			state: 'poster-0612',
			welcomeCode: 'WELCOMECODE-SANDBOX',
		});
	});

	it('says who deleted whom', () => {
		expect(normalizeEvent(parseCallbackXml(sampleEventXml('customerDeleted'))).deletedBy).toBe('staff');
		expect(normalizeEvent(parseCallbackXml(sampleEventXml('customerRemovedStaff'))).deletedBy).toBe('customer');
	});

	it("names a tag event's Id tagId", () => {
		expect(normalizeEvent(parseCallbackXml(sampleEventXml('tagDeleted')))).toMatchObject({
			tagId: 'etSANDBOXTAG01',
			tagType: 'tag_group',
			changeType: 'delete',
		});
	});

	it('keeps unknown fields, camelCased', () => {
		expect(normalizeEvent({ Event: 'change_external_contact', FailReason: 'customer_refused', NewFieldID: 'x' })).toMatchObject({
			failReason: 'customer_refused',
			newFieldId: 'x',
		});
	});
});
