import { readFileSync } from 'fs';
import { join } from 'path';
import { compileModel } from '../../../lib/scoring/compile';
import { parseConditionLine, parseConditions } from '../../../lib/scoring/conditionText';
import { ScoringModelError, validateModel } from '../../../lib/scoring/model';
import { resolveModel } from '../../../lib/scoring/resolve';
import { PLAYBOOK_MODEL } from '../../../lib/scoring/playbook';
import { modelFromUi, modelToUi } from '../../../lib/scoring/uiModel';
import { ev, score } from './support';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/scoring', name), 'utf8');
const errorOf = (fn: () => unknown) => {
	try {
		fn();
	} catch (e) {
		return e as ScoringModelError;
	}
	throw new Error('expected an error');
};

describe('scoring model', () => {
	it('the playbook model is valid, and round-trips through JSON', () => {
		expect(validateModel(JSON.parse(JSON.stringify(PLAYBOOK_MODEL)))).toEqual(PLAYBOOK_MODEL);
	});

	it('loads a model from JSON text (a file), keeping the playbook for keys it leaves out', () => {
		const m = resolveModel(fixture('linear-model.json'));
		expect(m.decay).toEqual({ mode: 'linear', percent: 25, periodDays: 30 });
		expect(m.engagementRules.map((r) => r.id)).toEqual(['webinar', 'demo', 'pricing_3x']);
		expect(m.gate.required).toBe(3);
		expect(m.gate.criteria).toEqual(PLAYBOOK_MODEL.gate.criteria); // merged key by key
		expect(m.stages).toEqual(PLAYBOOK_MODEL.stages);
		const r = score(compileModel(m), [ev('demo_requested', 31)]);
		expect(r.engagementScore).toBe(30); // 40, minus 25% after one full 30-day period
	});

	it('names the rule and the field of every problem', () => {
		const e = errorOf(() =>
			resolveModel({
				engagementRules: [
					{ id: 'ok', events: ['a'], points: 1 },
					{ id: 'pricing', events: ['page_viewed'], points: 'ten', conditions: [{ field: 'url', op: 'matches', value: '(' }] },
					{ id: 'ok', events: [], points: 1, cap: { points: 5, days: 0 } },
				],
				fitRules: [{ id: 'size', points: 5, conditions: [{ field: 'companySize', op: 'gte', value: 'big' }] }],
			}),
		);
		expect(e).toBeInstanceOf(ScoringModelError);
		expect(e.issues).toEqual([
			'engagement rule "pricing" (engagementRules[1]) → points: Expected number, received string',
			expect.stringMatching(
				/^engagement rule "pricing" \(engagementRules\[1\]\) → conditions\.0\.value: is not a valid regular expression/,
			),
			'engagement rule "ok" (engagementRules[2]) → events: needs at least one event type',
			'engagement rule "ok" (engagementRules[2]) → cap.days: must be more than 0',
			'fit rule "size" (fitRules[0]) → conditions.0.value: must be a number for "gte"',
		]);
		expect(e.message).toMatch(/^Invalid scoring model — engagement rule "pricing"/);
	});

	it('checks the model as a whole: unique IDs, known stages, reserved states, outcome events', () => {
		const e = errorOf(() =>
			resolveModel({
				fitRules: [{ id: 'trial_request', points: 5, conditions: [{ field: 'x', op: 'exists' }] }],
				stages: [{ id: 'new', outcomeOnly: true }, { id: 'rejected' }, { id: 'hot', minEngagement: 10 }, { id: 'hot' }],
				handoffStage: 'sql',
				outcomes: { won: { events: ['sales_accepted'], stage: 'hot' } },
			}),
		);
		expect(e.issues).toEqual([
			'fit rule "trial_request" (fitRules[0]) → id: "trial_request" is already used by engagementRules[10]; rule IDs must be unique (the profile stores points by rule ID)',
			'stage "rejected" (stages[1]) → id: "rejected" is reserved for the sales outcome state',
			'stage "hot" (stages[3]) → id: "hot" appears twice',
			'stage "new" (stages[0]) → outcomeOnly: the first stage is where every lead starts; it cannot be outcome-only',
			'handoffStage: "sql" is not one of the stages (new, rejected, hot)',
			'outcomes.requalifyStage: "mql" is not one of the stages (new, rejected, hot)',
			'outcomes.accepted.stage: "sal" is not one of the stages (new, rejected, hot)',
			'outcomes.opportunity.stage: "opportunity" is not one of the stages (new, rejected, hot)',
			'outcomes.won.events.0: "sales_accepted" is already the accepted outcome',
		]);
	});

	it('rejects unknown keys (a typo would otherwise be ignored) and unreadable JSON', () => {
		expect(errorOf(() => resolveModel({ engagementRules: [{ id: 'a', events: ['x'], points: 1, onec: true }] })).issues).toEqual([
			'engagement rule "a" (engagementRules[0]): Unrecognized key(s) in object: \'onec\'',
		]);
		expect(errorOf(() => resolveModel('{"decay": ')).message).toMatch(/^Invalid scoring model — the JSON cannot be read/);
		expect(errorOf(() => resolveModel({ decay: { mode: 'exponential' } })).issues[0]).toMatch(/^decay\.mode: Invalid discriminator value/);
		expect(errorOf(() => resolveModel('[1]')).issues).toEqual(['the model must be a JSON object']);
	});
});

describe('conditions as text', () => {
	it.each([
		['url contains /pricing', { field: 'url', op: 'contains', value: '/pricing' }],
		['companySize >= 100', { field: 'companySize', op: 'gte', value: 100 }],
		['companySize>=100', { field: 'companySize', op: 'gte', value: 100 }],
		['title matches 总监|Director', { field: 'title', op: 'matches', value: '总监|Director' }],
		['industry in SaaS, "IT services", 制造', { field: 'industry', op: 'in', value: ['SaaS', 'IT services', '制造'] }],
		['budget is true', { field: 'budget', op: 'isTrue' }],
		['page.tags not contains internal', { field: 'page.tags', op: 'notContains', value: 'internal' }],
		['email is not set', { field: 'email', op: 'notExists' }],
		['channel = "WeCom group"', { field: 'channel', op: 'equals', value: 'WeCom group' }],
		['source starts with live', { field: 'source', op: 'startsWith', value: 'live' }],
	])('%s', (line, condition) => {
		expect(parseConditionLine(line)).toEqual(condition);
	});

	it('names the rule and the line of a condition it cannot read', () => {
		expect(() => parseConditions('url contains /pricing\n\ncompanySize >= lots', 'engagement rule "pricing" (#10)')).toThrow(
			'engagement rule "pricing" (#10) → conditions line 3 "companySize >= lots" compares with "lots", which is not a number',
		);
		expect(() => parseConditionLine('url containz x')).toThrow(/has no known operator after "url"/);
		expect(() => parseConditionLine('budget exists yes')).toThrow('"exists" takes no value, but "yes" follows it');
		expect(() => parseConditionLine('url contains')).toThrow('needs a value after "contains"');
	});
});

describe('the node form', () => {
	it('holds the playbook exactly: form → model gives the playbook back', () => {
		const ui = modelToUi(PLAYBOOK_MODEL);
		expect(modelFromUi({ mode: 'custom', ...ui })).toEqual(PLAYBOOK_MODEL);
	});

	it('options override single settings in playbook mode', () => {
		const m = modelFromUi({
			mode: 'playbook',
			options: {
				decayMode: 'linear',
				linearPercent: 10,
				linearPeriodDays: 14,
				gateRequired: 3,
				groupCaps: 'community=20，content=10',
				budgetConditions: 'budgetCny >= 100000',
				disqualifiedEvents: 'sdr_rejected, sales_rejected',
				replayWindowDays: 30,
			},
		});
		expect(m.decay).toEqual({ mode: 'linear', percent: 10, periodDays: 14 });
		expect(m.gate.required).toBe(3);
		expect(m.groupCaps).toEqual({ community: 20, content: 10 });
		expect(m.gate.criteria.budget).toEqual({ conditions: [{ field: 'budgetCny', op: 'gte', value: 100000 }], match: 'any' });
		expect(m.outcomes.disqualified.events).toEqual(['sdr_rejected', 'sales_rejected']);
		expect(m.replay).toEqual({ windowDays: 30, maxIds: 1000 });
		expect(m.engagementRules).toEqual(PLAYBOOK_MODEL.engagementRules);
	});

	it('errors from the form name the rule and the condition line', () => {
		const ui = modelToUi(PLAYBOOK_MODEL);
		ui.engagementRules[9].conditions = 'url matches pricing\nurl contains';
		expect(() => modelFromUi({ mode: 'custom', ...ui })).toThrow(
			'engagement rule "pricing_page_visits" (#10) → conditions line 2 "url contains" needs a value after "contains"',
		);
		ui.engagementRules[9].conditions = 'url ~ (';
		expect(() => modelFromUi({ mode: 'custom', ...ui })).toThrow(
			/engagement rule "pricing_page_visits" \(engagementRules\[9\]\) → conditions\.0\.value: is not a valid regular expression/,
		);
		expect(() => modelFromUi({ mode: 'playbook', options: { groupCaps: 'community:forty' } })).toThrow(
			'group caps → "community:forty" should look like group=40',
		);
		ui.engagementRules[9].conditions = '';
		ui.stages[0].outcomeOnly = true;
		expect(() => modelFromUi({ mode: 'custom', ...ui })).toThrow(/stage "firstContact" \(stages\[0\]\) → outcomeOnly/);
	});
});
