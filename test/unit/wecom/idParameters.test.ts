import type { INodeProperties, INodeType } from 'n8n-workflow';
import { CommunityPoints } from '../../../nodes/CommunityPoints/CommunityPoints.node';
import { CrmOutcomesTrigger } from '../../../nodes/CrmOutcomesTrigger/CrmOutcomesTrigger.node';
import { CrmOutcomesWebhookTrigger } from '../../../nodes/CrmOutcomesWebhookTrigger/CrmOutcomesWebhookTrigger.node';
import { CrmPush } from '../../../nodes/CrmPush/CrmPush.node';
import { Digest } from '../../../nodes/Digest/Digest.node';
import { LeadIntake } from '../../../nodes/LeadIntake/LeadIntake.node';
import { LeadScore } from '../../../nodes/LeadScore/LeadScore.node';
import { LinkCheck } from '../../../nodes/LinkCheck/LinkCheck.node';
import { LiveStream } from '../../../nodes/LiveStream/LiveStream.node';
import { WeCom } from '../../../nodes/WeCom/WeCom.node';
import { WeComTrigger } from '../../../nodes/WeComTrigger/WeComTrigger.node';

/**
 * Every parameter of the pack that takes a WeCom ID (user, chat, tag, external_userid, config_id,
 * template_id) is a picker, unless it is a value of the incoming item (an attendee, a callback's
 * contact), where an expression is what a marketer puts there; NOT_PICKED says why for each.
 */
const ID_LIKE =
	/(^|[a-z])(chatIds?|userids?|UserIds?|owner|newOwner|sender|creator|externalUserIds?|tagIds|TagIds|groupIds?|configId|templateId|toUsers|toParties|toTags|memberId)$/;

/** WeCom-ID parameters whose names do not look like IDs: caught by name here. */
const ID_PARAMETERS_BY_NAME = [
	// CRM Push v2 → SDR to CRM Owner: the WeCom SDR and the CRM owner of each row.
	'crmPush.sdr',
	'crmPush.crmOwner',
	// Digest v2 → Group List: each row's group.
	'digest.group',
	// Community Points → Award From Form: the group, and the member the operator typed.
	'communityPoints.group',
	'communityPoints.member',
	// Their text forms: version 1 nodes, and Digest's lines built from a data table.
	'crmPush.ownerMap',
	'digest.groups',
];

const NOT_PICKED: Record<string, string> = {
	// Community Points → Award From Form: the member as the operator typed them in the form (name,
	// group nickname or user ID), per submission; the node finds them among the groups' members.
	'communityPoints.member': 'the member named in each form submission (a name or nickname, found among the group members)',
	// Version 1's text forms, kept for saved nodes and templates; version 2 shows the rows above.
	'crmPush.ownerMap': 'version 1 only ("user=owner" lines); version 2 has SDR to CRM Owner rows',
	'digest.groups':
		'version 1\'s group lines, and "From Lines": groups read from a data table by an expression (version 2 lists them as rows)',
	// Community Points → Points From Attendance: the attendee and group of each attendance record.
	'communityPoints.memberId': 'the attendee of the incoming attendance record',
	'communityPoints.chatId': 'the group of the incoming attendance record',
	// Lead Intake → Match Lead: the contact of the WeCom Trigger event being matched.
	'leadIntake.externalUserId': "the contact of the incoming callback (default: the WeCom Trigger's externalUserId)",
	// CRM Push → Lead Fields: optional overrides of the lead read from each input item.
	'crmPush.externalUserId': "an override of the input lead's WeCom contact",
	'crmPush.groupId': "an override of the input lead's group",
	'crmPush.sdrUserId': "an override of the input lead's inviting SDR",
	// Not WeCom IDs: the CRM field that holds a record's owner (per CRM target).
	'crmOutcomesTrigger.owner': 'a CRM field name',
	'crmOutcomesWebhookTrigger.owner': 'a CRM field name',
};

const nodes: INodeType[] = [
	new CommunityPoints(),
	new CrmOutcomesTrigger(),
	new CrmOutcomesWebhookTrigger(),
	new CrmPush(),
	new Digest(),
	new LeadIntake(),
	new LeadScore(),
	new LinkCheck(),
	new LiveStream(),
	new WeCom(),
	new WeComTrigger(),
];

function walk(props: INodeProperties[]): INodeProperties[] {
	return props.flatMap((p) => [
		p,
		...walk(
			((p.options ?? []) as Array<INodeProperties | { values?: INodeProperties[] }>).flatMap((o) =>
				'values' in o && o.values ? o.values : 'type' in o ? [o as INodeProperties] : [],
			),
		),
	]);
}

describe('WeCom IDs across the pack', () => {
	const found = nodes.flatMap((n) =>
		walk(n.description.properties)
			.filter((p) => ID_LIKE.test(p.name) || ID_PARAMETERS_BY_NAME.includes(`${n.description.name}.${p.name}`))
			.map((p) => ({ node: n.description.name, p })),
	);

	it('every WeCom-ID parameter is a resource locator or a list-backed dropdown, or a documented per-item value', () => {
		const offenders = found
			.filter(({ p }) => p.type !== 'resourceLocator' && !p.typeOptions?.loadOptionsMethod)
			.map(({ node, p }) => `${node}.${p.name}`)
			.filter((key) => !NOT_PICKED[key]);
		expect(offenders).toEqual([]);
		expect(found.map(({ node, p }) => `${node}.${p.name}`)).toEqual(
			expect.arrayContaining(['leadIntake.sdrUserId', 'weCom.mentionedUserIds', ...ID_PARAMETERS_BY_NAME]),
		);
	});

	it('the per-item exceptions still exist (a removed field must leave the list)', () => {
		const keys = new Set(found.map(({ node, p }) => `${node}.${p.name}`));
		expect(Object.keys(NOT_PICKED).filter((k) => !keys.has(k))).toEqual([]);
	});
});
