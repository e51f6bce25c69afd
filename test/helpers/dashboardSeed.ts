/**
 * A small community history for the dashboard, as the Data table nodes return it: `lead_events`
 * rows as template 05 records them and `lead_profiles` rows, with the figures they must give
 * (worked out by hand, period = the 28 days ending END_DAY, weeks start on Monday, China time).
 */

export const NOW = Date.parse('2026-11-30T04:00:00Z'); // Monday 12:00 in Shanghai
export const PERIOD_DAYS = 28;
export const END_DAY = '2026-11-30';

export interface SeedGroups {
	/** Two chat IDs the events name; the first must be in the group list (members), the second too. */
	g1: { chatId: string; name: string };
	g2: { chatId: string; name: string };
}

/** The event as template 05's Record Events stores it (`event` = JSON of the scoring event). */
function row(leadId: string, type: string, id: string, time: string, e: Record<string, unknown> = {}) {
	return { lead_id: leadId, event_id: id, type, event: JSON.stringify({ leadId, type, id, time, ...e }) };
}

const joined = (leadId: string, g: { chatId: string; name: string }, time: string, state: string, sdr: string) =>
	row(leadId, 'groupMemberJoined', `j-${leadId}`, time, {
		chatId: g.chatId,
		state,
		lead: { externalUserId: leadId, channel: 'wecom_group', groupId: g.chatId, groupName: g.name, state, sdrUserId: sdr },
	});

export function seedEvents(g: SeedGroups) {
	return [
		joined('wmL1', g.g1, '2026-11-03T10:00:00+08:00', 'poster_a', 'zhangsan'),
		row('wmL1', 'sales_accepted', 'acc-L1', '2026-11-20T10:00:00+08:00'),
		row('wmL1', 'deal_won', 'won-L1', '2026-11-27T10:00:00+08:00', { attributes: { amount: 50000 } }),
		joined('wmL2', g.g1, '2026-11-10T09:00:00+08:00', 'poster_a', 'zhangsan'),
		joined('wmL3', g.g2, '2026-11-10T11:00:00+08:00', 'article_b', 'lisi'),
		row('wmL3', 'groupMemberLeft', 'left-L3', '2026-11-20T11:00:00+08:00', { chatId: g.g2.chatId, state: 'article_b' }),
		row('wmL4', 'customerAdded', 'add-L4', '2026-11-17T15:00:00+08:00', {
			state: 'article_b',
			lead: { externalUserId: 'wmL4', channel: 'wecom_contact', state: 'article_b', sdrUserId: 'lisi' },
		}),
		// Joined before the period: its join counts towards the members its state brought, not in the period.
		joined('wmL5', g.g2, '2026-10-01T10:00:00+08:00', '', ''),
		// <script> in a name and a state must reach the page escaped.
		row('wmL7', 'customerAdded', 'add-L7', '2026-10-02T10:00:00+08:00', {
			state: '<script>x</script>',
			lead: { externalUserId: 'wmL7', name: '<img src=x onerror=alert(1)>', state: '<script>x</script>' },
		}),
	];
}

export const SEED_PROFILES = [
	{ lead_id: 'wmL1', stage: 'customer', source_state: 'poster_a', updated_at: '2026-11-27T02:00:00.000Z' },
	{ lead_id: 'wmL2', stage: 'mql', source_state: 'poster_a', updated_at: '2026-11-12T02:00:00.000Z' },
	{ lead_id: 'wmL3', stage: 'engaged', source_state: 'article_b', updated_at: '2026-11-20T03:00:00.000Z' },
	{ lead_id: 'wmL4', stage: 'sql', source_state: 'article_b', updated_at: '2026-11-18T02:00:00.000Z' },
	{ lead_id: 'wmL5', stage: 'customer', source_state: '', updated_at: '2026-10-20T02:00:00.000Z' },
	// Returned by sales after acceptance (MRL), no events stored: counted from its profile.
	{ lead_id: 'wmL6', stage: 'recycled', source_state: 'poster_a', updated_at: '2026-11-25T02:00:00.000Z' },
	{ lead_id: 'wmL7', stage: 'firstContact', source_state: '<script>x</script>', updated_at: '2026-10-02T02:00:00.000Z' },
];

/** What the period's figures must be (groups' members come from the group list). */
export const EXPECTED = {
	totals: { leads: 5, mql: 4, sql: 3, accepted: 2, won: 1, pipeline: 50000, joins: 3, leaves: 1 },
	g1: { joins: 2, leaves: 0, leads: 2, mql: 2, sql: 1, accepted: 1, won: 1, pipeline: 50000 },
	g2: { joins: 1, leaves: 1, leads: 1, mql: 0, sql: 0, accepted: 0, won: 0, pipeline: 0 },
	states: {
		poster_a: { joins: 2, leaves: 0, members: 2, leads: 3, mql: 3, sql: 2, accepted: 2, won: 1, pipeline: 50000 },
		article_b: { joins: 1, leaves: 1, members: 0, leads: 2, mql: 1, sql: 1, accepted: 0, won: 0, pipeline: 0 },
	},
	sdrs: {
		zhangsan: { invites: 2, sql: 1, acceptedSql: 1, won: 1, pipeline: 50000 },
		lisi: { invites: 2, sql: 1, acceptedSql: 0, won: 0, pipeline: 0 },
	},
	weeks: [
		{ week: '2026-11-02', leads: 1, mql: 1, sql: 1, accepted: 1, won: 1, joins: 1, leaves: 0 },
		{ week: '2026-11-09', leads: 2, mql: 1, sql: 0, accepted: 0, won: 0, joins: 2, leaves: 0 },
		{ week: '2026-11-16', leads: 1, mql: 1, sql: 1, accepted: 0, won: 0, joins: 0, leaves: 1 },
		{ week: '2026-11-23', leads: 1, mql: 1, sql: 1, accepted: 1, won: 0, joins: 0, leaves: 0 },
	],
};
