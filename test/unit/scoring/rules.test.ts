import { PLAYBOOK_MODEL } from '../../../lib/scoring/playbook';
import type { EngagementRule } from '../../../lib/scoring/types';
import { GOOD_FIT, NOW, DAY, ev, model, pointsOf, runs, score } from './support';

const noDecay = { decay: { mode: 'none' } };
const rules = (...engagementRules: EngagementRule[]) => model({ ...noDecay, engagementRules });

describe('engagement rules', () => {
	it('scores the playbook events: tracked link +2, discussion +5, good question or shared material +10', () => {
		const r = score(model(noDecay), [
			ev('link_clicked', 1),
			ev('discussion_joined', 1),
			ev('good_question', 1),
			ev('material_shared', 1),
			ev('group_joined', 2),
		]);
		expect(r.explanation.events.map((e) => [e.type, e.rule, e.points])).toEqual([
			['group_joined', 'joined_group', 0],
			// Same time: ordered by event ID, so any input order scores the same.
			['link_clicked', 'tracked_link_click', 2],
			['discussion_joined', 'discussion', 5],
			['good_question', 'good_question_or_material', 10],
			['material_shared', 'good_question_or_material', 10],
		]);
		expect(r.engagementScore).toBe(27);
	});

	it("matches event types case-insensitively and scores the WeCom Trigger's own event names", () => {
		const r = score(model(noDecay), [ev('Link_Clicked', 1), ev('groupMemberJoined', 1), ev('groupMemberLeft', 0)]);
		expect(r.explanation.events.map((e) => e.rule)).toEqual(['tracked_link_click', 'joined_group', 'left_group']);
		expect(r.engagementScore).toBe(0); // +2 +0 −5, floored at 0
	});

	it('a once-per-lead rule scores the first time only, across runs too; a repeatable rule every time', () => {
		const m = rules(
			{ id: 'trial', events: ['trial_requested'], points: 30, once: true },
			{ id: 'click', events: ['link_clicked'], points: 2 },
		);
		const [first, second] = runs(m, [
			{ events: [ev('trial_requested', 3), ev('trial_requested', 2), ev('link_clicked', 2), ev('link_clicked', 2)] },
			{ events: [ev('trial_requested', 1), ev('link_clicked', 1)] },
		]);
		expect(first.engagementScore).toBe(34);
		expect(first.explanation.events.filter((e) => e.rule === 'trial').map((e) => e.note ?? e.points)).toEqual([
			30,
			'not scored: once per lead, already awarded',
		]);
		expect(second.engagementScore).toBe(36);
		expect(second.explanation.events.find((e) => e.rule === 'trial')?.note).toBe('not scored: once per lead, already awarded');
	});

	it('applies conditions on event fields (all or any) and lets several rules score one event', () => {
		const m = rules(
			{ id: 'pricing', events: ['page_viewed'], points: 5, conditions: [{ field: 'url', op: 'contains', value: '/pricing' }] },
			{
				id: 'docs_or_case',
				events: ['page_viewed'],
				points: 3,
				match: 'any',
				conditions: [
					{ field: 'url', op: 'startsWith', value: '/docs' },
					{ field: 'page.tags', op: 'in', value: ['case-study', 'whitepaper'] },
				],
			},
			{ id: 'any_page', events: ['page_viewed'], points: 1 },
			{
				id: 'long_read',
				events: ['article_read'],
				points: 4,
				conditions: [
					{ field: 'seconds', op: 'gte', value: 120 },
					{ field: 'channel', op: 'equals', value: 'WeCom' },
				],
			},
		);
		const r = score(m, [
			ev('page_viewed', 1, { url: 'https://x.cn/Pricing?utm=1' }),
			ev('page_viewed', 1, { url: '/docs/api' }),
			ev('page_viewed', 1, { url: '/blog', page: { tags: ['news', 'Case-Study'] } }),
			ev('article_read', 1, { seconds: '180', channel: 'wecom' }),
			ev('article_read', 1, { seconds: 30, channel: 'wecom' }),
		]);
		expect(pointsOf(r, 'pricing')).toBe(5);
		expect(pointsOf(r, 'docs_or_case')).toBe(6);
		expect(pointsOf(r, 'any_page')).toBe(3);
		expect(pointsOf(r, 'long_read')).toBe(4);
		expect(r.explanation.events.filter((e) => e.type === 'article_read').map((e) => e.rule ?? e.note)).toEqual([
			'long_read',
			'no rule scores this event',
		]);
	});

	it('"*" scores every event type, in rule order with the others', () => {
		const m = rules({ id: 'click', events: ['link_clicked'], points: 2 }, { id: 'any', events: ['*'], points: 1 });
		const r = score(m, [ev('link_clicked', 1), ev('whatever', 1)]);
		expect(r.explanation.events.map((e) => e.rule)).toEqual(['click', 'any', 'any']);
		expect(r.engagementScore).toBe(4);
	});

	it('a count rule scores when enough matching events fall in the window: pricing page 3 times in 7 days', () => {
		const m = model(noDecay);
		const spread = score(m, [
			ev('page_viewed', 20, { url: '/pricing' }),
			ev('page_viewed', 10, { url: '/pricing' }),
			ev('page_viewed', 1, { url: '/pricing' }),
		]);
		expect(pointsOf(spread, 'pricing_page_visits')).toBe(0);
		expect(spread.explanation.events.map((e) => e.note)).toEqual([
			'counted 1 of 3 within 7 days',
			'counted 1 of 3 within 7 days',
			'counted 1 of 3 within 7 days',
		]);
		const burst = score(m, [
			ev('page_viewed', 6, { url: '/pricing' }),
			ev('page_viewed', 3, { url: '/about' }),
			ev('page_viewed', 2, { url: '/报价' }),
			ev('page_viewed', 1, { url: '/pricing' }),
		]);
		expect(pointsOf(burst, 'pricing_page_visits')).toBe(15);
	});

	it('a count spans runs: the profile keeps the hits still inside the window', () => {
		const [a, b] = runs(model(noDecay), [
			{ events: [ev('page_viewed', 3, { url: '/pricing' }), ev('page_viewed', 2, { url: '/pricing' })] },
			{ events: [ev('page_viewed', 1, { url: '/pricing' })] },
		]);
		expect(a.profile.hits.pricing_page_visits).toHaveLength(2);
		expect(pointsOf(b, 'pricing_page_visits')).toBe(15);
		expect(b.profile.hits.pricing_page_visits).toBeUndefined();
	});

	it('caps a rule per rolling period: +2 clicks, at most 10 points in any 7 days', () => {
		const clicks = Array.from({ length: 8 }, (_, i) => ev('link_clicked', 6 - i * 0.1));
		const r = score(model(noDecay), clicks);
		expect(pointsOf(r, 'tracked_link_click')).toBe(10);
		expect(r.explanation.events.slice(5).map((e) => e.note)).toEqual(Array(3).fill('not scored: rule cap 10 per 7 days'));
		// A week later the window has moved on.
		const later = runs(model(noDecay), [{ events: clicks }, { events: [ev('link_clicked', -7)], now: NOW + 7 * DAY }]);
		expect(pointsOf(later[1], 'tracked_link_click')).toBe(12);
	});

	it('reduces an award that would pass the rule cap and says so', () => {
		const m = rules({ id: 'q', events: ['good_question'], points: 10, cap: { points: 25, days: 30 } });
		const r = score(m, [ev('good_question', 3), ev('good_question', 2), ev('good_question', 1)]);
		expect(r.explanation.events.map((e) => [e.points, e.note])).toEqual([
			[10, undefined],
			[10, undefined],
			[5, 'reduced from 10: rule cap 25 per 30 days'],
		]);
	});

	it('caps per group and in total (HubSpot-style group and score limits)', () => {
		const m = model({
			...noDecay,
			groupCaps: { community: 12, intent: 100 },
			engagementCap: 45,
			engagementRules: [
				{ id: 'talk', events: ['discussion_joined'], points: 5, group: 'community' },
				{ id: 'question', events: ['good_question'], points: 10, group: 'community' },
				{ id: 'trial', events: ['trial_requested'], points: 30, group: 'intent' },
				{ id: 'demo', events: ['demo_requested'], points: 30, group: 'intent' },
			],
		});
		const r = score(m, [
			ev('discussion_joined', 4),
			ev('good_question', 3),
			ev('discussion_joined', 2),
			ev('trial_requested', 2),
			ev('demo_requested', 1),
		]);
		expect(r.explanation.events.map((e) => [e.rule, e.points])).toEqual([
			['talk', 5],
			['question', 7],
			['talk', 0],
			['trial', 30],
			['demo', 3],
		]);
		expect(r.explanation.events.map((e) => e.note)).toEqual([
			undefined,
			'reduced from 10: group "community" limit 12',
			'not scored: group "community" limit 12',
			undefined,
			'reduced from 30: engagement limit 45',
		]);
		expect(r.engagementScore).toBe(45);
		const more = score(m, [ev('demo_requested', 0)], { profile: r.profile });
		expect([more.explanation.events[0].note, more.engagementScore]).toEqual(['not scored: engagement limit 45', 45]);
	});

	it('negative points subtract and are not limited by caps; the score never goes below 0', () => {
		const r = score(model(noDecay), [ev('discussion_joined', 3), ev('group_left', 2), ev('group_left', 1)]);
		expect(pointsOf(r, 'left_group')).toBe(-10);
		expect(r.engagementScore).toBe(0);
	});

	it('a rule removed from the model takes its points with it', () => {
		const [first] = runs(model(noDecay), [{ events: [ev('link_clicked', 1), ev('discussion_joined', 1)] }]);
		const without = model({ ...noDecay, engagementRules: PLAYBOOK_MODEL.engagementRules.filter((r) => r.id !== 'discussion') });
		const r = score(without, [], { profile: first.profile });
		expect(r.engagementScore).toBe(2);
		expect(Object.keys(r.profile.ledger)).toEqual(['tracked_link_click']);
	});

	it("fit comes from the lead's attributes (kept in the profile), does not decay, and is capped", () => {
		const m = model();
		const r = score(m, [], { attributes: GOOD_FIT });
		expect(r.fitScore).toBe(60);
		expect(r.explanation.fit.map((f) => f.rule)).toEqual([
			'fit_contactable',
			'fit_company',
			'fit_decision_maker',
			'fit_marketing_role',
			'fit_company_size',
			'fit_target_industry',
		]);
		// A year later, without attributes in the item, fit is unchanged: attributes live in the profile.
		const later = score(m, [], { profile: r.profile, now: NOW + 365 * DAY });
		expect(later.fitScore).toBe(60);
		// Events can update attributes (a form with a new title).
		const changed = score(m, [ev('form_submitted', 0, { attributes: { title: 'Intern' } })], { profile: r.profile });
		expect(changed.fitScore).toBe(35);
		const capped = score(model({ fitCap: 30 }), [], { attributes: GOOD_FIT });
		expect(capped.fitScore).toBe(30);
	});

	it('fit groups are limited too, and text numbers compare as numbers ("200-499 人" ≥ 100)', () => {
		const m = model({
			groupCaps: { firmographic: 15 },
			fitRules: [
				{ id: 'size', points: 10, group: 'firmographic', conditions: [{ field: 'companySize', op: 'gte', value: 100 }] },
				{ id: 'industry', points: 10, group: 'firmographic', conditions: [{ field: 'industry', op: 'equals', value: 'saas' }] },
			],
		});
		const r = score(m, [], { attributes: { companySize: '200-499 人', industry: 'SaaS' } });
		expect(r.explanation.fit).toEqual([
			{ rule: 'size', group: 'firmographic', points: 10 },
			{ rule: 'industry', group: 'firmographic', points: 5, note: 'group "firmographic" limit 15' },
		]);
		expect(r.fitScore).toBe(15);
	});
});
