import type { ScoringModel } from './types';

/** "Contains any of" lists: Latin words match whole words, Chinese anywhere; no regular expressions. */
const SENIOR_TITLE = [
	'总监',
	'总经理',
	'负责人',
	'总裁',
	'副总',
	'创始人',
	'合伙人',
	'vp',
	'vice president',
	'director',
	'head of',
	'chief',
	'cmo',
	'ceo',
	'coo',
	'cto',
	'founder',
];

/**
 * The playbook's model (seeds 000, 002, 003, 004), the node's default:
 * - seed 002 (Dmartech): joining the community scores 0 (first contact), a tracked link +2
 *   (activated), a trial form makes the lead SQL once the SDR confirms the need (a trial alone,
 *   +30, reaches MQL's 25 and stays above it for about two weeks of half-life decay);
 * - seed 000 (致趣百川): joining a discussion +5, a good question or shared material +10; sales
 *   only gets leads that meet budget, need, team/authority and timing — all four;
 * - seed 003 (Linkflow): trial requests and several pricing-page visits in a short time are key
 *   intent events;
 * - seed 004: MQL → SQL/SAL → opportunity → customer; a rejection and a return after acceptance
 *   (MRL) are different states.
 * Event types use snake_case; the WeCom Trigger's own names are listed too where they mean the same.
 */
export const PLAYBOOK_MODEL: ScoringModel = {
	engagementRules: [
		{
			id: 'joined_group',
			name: 'Joined a customer group (入群)',
			events: ['group_joined', 'groupMemberJoined'],
			points: 0,
			group: 'community',
			once: true,
		},
		{
			id: 'added_contact',
			name: 'Added the assistant or an SDR (加好友)',
			events: ['contact_added', 'customerAdded', 'customerAddedHalf'],
			points: 0,
			group: 'community',
			once: true,
		},
		{
			id: 'tracked_link_click',
			name: 'Clicked a tracked link (点击含参链接)',
			events: ['link_clicked'],
			points: 2,
			group: 'content',
			cap: { points: 10, days: 7 },
		},
		{
			id: 'article_read',
			name: 'Read an article (阅读文章)',
			events: ['article_read'],
			points: 1,
			group: 'content',
			cap: { points: 5, days: 7 },
		},
		{
			id: 'discussion',
			name: 'Joined a discussion (参与讨论)',
			events: ['discussion_joined'],
			points: 5,
			group: 'community',
			cap: { points: 20, days: 7 },
		},
		{
			id: 'good_question_or_material',
			name: 'Good question or shared material (好问题/分享资料)',
			events: ['good_question', 'material_shared'],
			points: 10,
			group: 'community',
			cap: { points: 30, days: 30 },
		},
		{
			id: 'live_registered',
			name: 'Registered for a live stream (直播报名)',
			events: ['live_registered'],
			points: 3,
			group: 'content',
			cap: { points: 6, days: 30 },
		},
		{
			id: 'live_attended',
			name: 'Attended a live stream (观看直播)',
			events: ['live_attended'],
			points: 10,
			group: 'content',
			cap: { points: 20, days: 30 },
		},
		{
			id: 'email_replied',
			name: 'Replied to a marketing email (回复邮件)',
			events: ['email_replied'],
			points: 5,
			group: 'intent',
			cap: { points: 10, days: 30 },
		},
		{
			id: 'pricing_page_visits',
			name: 'Pricing page 3 times in 7 days (多次访问报价页)',
			events: ['page_viewed'],
			conditions: [{ field: 'url', op: 'containsAny', value: ['pricing', 'price', '报价', '价格'] }],
			points: 15,
			group: 'intent',
			count: { times: 3, days: 7 },
			cap: { points: 15, days: 30 },
		},
		{
			id: 'trial_request',
			name: 'Requested a trial (申请试用)',
			events: ['trial_requested'],
			points: 30,
			group: 'intent',
			once: true,
			marks: 'need',
		},
		{ id: 'left_group', name: 'Left a customer group (退群)', events: ['group_left', 'groupMemberLeft'], points: -5, group: 'community' },
	],
	fitRules: [
		{
			id: 'fit_contactable',
			name: 'Reachable: phone or email (可联系)',
			conditions: [
				{ field: 'phone', op: 'exists' },
				{ field: 'email', op: 'exists' },
			],
			match: 'any',
			points: 10,
		},
		{ id: 'fit_company', name: 'Company known (公司)', conditions: [{ field: 'company', op: 'exists' }], points: 5 },
		{
			id: 'fit_decision_maker',
			name: 'Senior title (决策层)',
			conditions: [{ field: 'title', op: 'containsAny', value: SENIOR_TITLE }],
			points: 15,
		},
		{
			id: 'fit_marketing_role',
			name: 'Marketing role (市场/营销)',
			conditions: [
				{ field: 'title', op: 'containsAny', value: ['市场', '营销', '品牌', '增长', '运营', 'marketing', 'brand', 'growth', 'demand'] },
			],
			points: 10,
		},
		{
			id: 'fit_company_size',
			name: '100+ employees (公司规模)',
			conditions: [{ field: 'companySize', op: 'gte', value: 100 }],
			points: 10,
		},
		{
			id: 'fit_target_industry',
			name: 'Target industry (目标行业)',
			conditions: [
				{
					field: 'industry',
					op: 'containsAny',
					value: ['软件', '互联网', '企业服务', '科技', '制造', 'saas', 'it', 'software', 'technology', 'manufacturing'],
				},
			],
			points: 10,
		},
	],
	groupCaps: { community: 40, content: 30, intent: 60 },
	engagementCap: 100,
	fitCap: 100,
	decay: { mode: 'halfLife', halfLifeDays: 60 },
	stages: [
		{ id: 'firstContact', label: 'First Contact (初识留资)', minEngagement: 0 },
		{ id: 'activated', label: 'Activated (了解激活)', minEngagement: 2 },
		{ id: 'engaged', label: 'Engaged (熟悉留存)', minEngagement: 15 },
		{ id: 'mql', label: 'MQL', minEngagement: 25, minFit: 20 },
		{ id: 'sql', label: 'SQL', minEngagement: 25, minFit: 20, gate: true },
		{ id: 'sal', label: 'SAL (Sales Accepted)', outcomeOnly: true },
		{ id: 'opportunity', label: 'Opportunity (商机 / 决策转化)', outcomeOnly: true },
		{ id: 'customer', label: 'Customer (客户)', outcomeOnly: true },
	],
	gate: {
		required: 4,
		criteria: {
			budget: { conditions: [{ field: 'budget', op: 'isTrue' }] },
			authority: {
				conditions: [
					{ field: 'authority', op: 'isTrue' },
					{ field: 'title', op: 'containsAny', value: SENIOR_TITLE },
				],
				match: 'any',
			},
			need: { conditions: [{ field: 'need', op: 'isTrue' }] },
			timing: {
				conditions: [
					{ field: 'timing', op: 'isTrue' },
					{ field: 'purchaseTiming', op: 'isTrue' },
				],
				match: 'any',
			},
		},
	},
	handoffStage: 'mql',
	outcomes: {
		accepted: { events: ['sales_accepted'], stage: 'sal' },
		opportunity: { events: ['opportunity_created'], stage: 'opportunity' },
		won: { events: ['deal_won'], stage: 'customer' },
		disqualified: { events: ['sales_rejected', 'sales_returned', 'deal_lost'] },
		resetEngagement: true,
		requalifyStage: 'mql',
	},
	replay: { windowDays: 90, maxIds: 1000 },
};
