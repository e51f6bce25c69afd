import type { IDataObject, INodeExecutionData, INodeProperties, INodePropertyCollection } from 'n8n-workflow';
import { fieldOf } from '../../../lib/scoring/lineFilter';
import { modelFromLines, modelToLines } from '../../../lib/scoring/lineForm';
import { parsePerDays, splitRuleName } from '../../../lib/scoring/lineRows';
import type { LineForm } from '../../../lib/scoring/lineForm';
import { PLAYBOOK_MODEL } from '../../../lib/scoring/playbook';
import type { ScoringModel } from '../../../lib/scoring/types';
import { LeadScore } from '../../../nodes/LeadScore/LeadScore.node';
import { gateMetExtra, lead, playbookEvents } from '../../helpers/formLeads';
import { runNode } from '../../helpers/runNode';

const node = new LeadScore();
const props = node.description.properties as INodeProperties[];
const NOW = '2025-06-12T10:00:00+08:00';
const v4 = (name: string) =>
	props.find((p) => p.name === name && (p.displayOptions?.show?.['@version'] as number[] | undefined)?.includes(4)) as INodeProperties;
const V4_FIELDS = [
	'communityPoints',
	'communityLimit',
	'contentPoints',
	'contentLimit',
	'intentPoints',
	'intentLimit',
	'ruleLimits',
	'repeats',
	'bantMarks',
	'eventConditions',
	'fitV4',
	'stagesV4',
	'stageMinFit',
	'gateStages',
	'outcomeStages',
	'gateBudget',
	'gateAuthority',
	'gateNeed',
	'gateTiming',
	'gateRequired',
];
/** Version 4's fields as n8n hands them to the node: each at its default (the playbook) unless changed. */
const defaults = (): IDataObject =>
	JSON.parse(JSON.stringify({ model: 'fields', ...Object.fromEntries(V4_FIELDS.map((n) => [n, v4(n).default])) }));
/** The parameters as the node reads them (version 4's field names → the form's shape). */
const formOf = (p: IDataObject): LineForm => ({
	points: { community: p.communityPoints, content: p.contentPoints, intent: p.intentPoints } as never,
	ruleLimits: p.ruleLimits as never,
	repeats: p.repeats as never,
	bantMarks: p.bantMarks as never,
	eventConditions: p.eventConditions as never,
	groupLimits: { assignments: ['community', 'content', 'intent'].map((g) => ({ name: g, value: p[`${g}Limit`] })) },
	fit: p.fitV4 as never,
	stages: p.stagesV4 as never,
	stageMinFit: p.stageMinFit as never,
	gateStages: p.gateStages as string,
	outcomeStages: p.outcomeStages as never,
	gate: { budget: p.gateBudget, authority: p.gateAuthority, need: p.gateNeed, timing: p.gateTiming } as never,
	gateRequired: p.gateRequired as number,
});
const run = (version: number, parameters: IDataObject, items: IDataObject[]) =>
	runNode(node, { parameters: { now: NOW, inputShape: 'perLead', ...parameters }, items, typeVersion: version });
const jsons = (out: INodeExecutionData[][]) => out[0].map((o) => o.json);
/** Engagement rules are listed by score group: compare them by ID. */
const byRuleId = (m: ScoringModel) => ({ ...m, engagementRules: [...m.engagementRules].sort((a, b) => a.id.localeCompare(b.id)) });
const sortedExplanation = (e: unknown) => {
	const x = e as { engagement: Array<{ rule: string }> };
	return { ...x, engagement: [...x.engagement].sort((a, b) => a.rule.localeCompare(b.rule)) };
};
type Rows = { assignments: Array<{ id?: string; name: string; value: unknown; type?: string }> };

describe('Lead Score form (version 4, one line per rule)', () => {
	it('was the default version before version 5, is in the wide panel, and its defaults read back are the playbook model', () => {
		expect(node.description.version).toEqual([1, 2, 3, 4, 5]);
		expect(node.description.defaultVersion).toBe(5);
		expect(node.description.parameterPane).toBe('wide');
		expect(byRuleId(modelFromLines(formOf(defaults())))).toEqual(byRuleId(PLAYBOOK_MODEL));
		expect(JSON.stringify(defaults())).not.toMatch(/regex|matches|\\\\b|\|/);
	});

	it('shows every playbook rule as one row: "Name: event types" → points, under its score group; limits keyed by rule name', () => {
		const p = defaults();
		const community = p.communityPoints as Rows;
		expect(community.assignments.map((r) => r.id)).toEqual([
			'joined_group',
			'added_contact',
			'discussion',
			'good_question_or_material',
			'left_group',
		]);
		expect(community.assignments[0]).toEqual({
			id: 'joined_group',
			name: 'Joined a customer group (入群): group_joined, groupMemberJoined',
			value: 0,
			type: 'number',
		});
		expect((p.ruleLimits as Rows).assignments.map((r) => [r.name, r.value])).toEqual(
			expect.arrayContaining([
				['Clicked a tracked link (点击含参链接)', '10 per 7 days'],
				['Requested a trial (申请试用)', 'once'],
				['Good question or shared material (好问题/分享资料)', '30 per 30 days'],
			]),
		);
		expect((p.repeats as Rows).assignments.map((r) => [r.name, r.value])).toEqual([
			['Pricing page 3 times in 7 days (多次访问报价页)', '3 in 7 days'],
		]);
		expect((p.bantMarks as Rows).assignments.map((r) => [r.name, r.value])).toEqual([['Requested a trial (申请试用)', 'need']]);
		expect((p.stagesV4 as Rows).assignments.map((r) => [r.id, r.value])).toEqual([
			['firstContact', 0],
			['activated', 2],
			['engaged', 15],
			['mql', 25],
			['sql', 25],
		]);
		expect(p.gateStages).toBe('SQL');
		expect((p.outcomeStages as Rows).assignments.map((r) => r.value)).toEqual(['sales_accepted', 'opportunity_created', 'deal_won']);
	});

	it('uses n8n’s one-line field types: assignment rows with the type fixed, filter conditions without regular expressions', () => {
		for (const name of ['communityPoints', 'stagesV4', 'stageMinFit'])
			expect([name, v4(name).type, v4(name).typeOptions?.assignment]).toEqual([
				name,
				'assignmentCollection',
				{ defaultType: 'number', disableType: true },
			]);
		for (const name of ['gateBudget', 'gateAuthority']) expect(v4(name).type).toBe('filter');
		// Group limits are one number per score group, right after the group's rules.
		expect(
			props
				.filter((x) => V4_FIELDS.includes(x.name) && x.name !== 'gateRequired' && x === v4(x.name))
				.map((x) => x.name)
				.slice(0, 6),
		).toEqual(V4_FIELDS.slice(0, 6));
		expect(['communityLimit', 'contentLimit', 'intentLimit'].map((n) => v4(n).default)).toEqual([40, 30, 60]);
		const fitRow = (v4('fitV4').options as INodePropertyCollection[])[0].values as INodeProperties[];
		expect(fitRow.filter((f) => f.type !== 'hidden').map((f) => [f.name, f.type])).toEqual([
			['name', 'string'],
			['points', 'number'],
			['conditions', 'filter'],
		]);
		const senior = (defaults().fitV4 as { rule: IDataObject[] }).rule.find((r) => r.id === 'fit_decision_maker')!;
		expect(senior.conditions).toMatchObject({
			combinator: 'and',
			conditions: [{ leftValue: 'title', operator: { type: 'string', operation: 'contains' } }],
		});
		const authority = defaults().gateAuthority as { combinator: string; conditions: IDataObject[] };
		expect(authority.combinator).toBe('or');
		expect(authority.conditions.map((c) => [c.leftValue, (c.operator as IDataObject).operation])).toEqual([
			['authority', 'true'],
			['title', 'contains'],
		]);
		// Versions 1–3 keep their own fields; model and the gate count are shared.
		for (const name of ['model', 'gateRequired']) expect(v4(name).displayOptions?.show?.['@version']).toEqual([2, 3, 4, 5]);
		expect(v4('modelOptions').displayOptions?.show?.['@version']).toEqual([4, 5]);
		const settings = (v4('modelOptions').options as INodeProperties[]).map((o) => o.name);
		expect(settings).not.toContain('acceptedEvents');
		expect(settings).toContain('decayMode');
	});

	it('scores the playbook like version 3 (and an unchanged form like an empty one)', async () => {
		const events = playbookEvents();
		const extra = gateMetExtra();
		const [three] = jsons(await run(3, {}, [lead('L1', events, extra)]));
		const [four] = jsons(await run(4, defaults(), [lead('L1', events, extra)]));
		const [empty] = jsons(await run(4, {}, [lead('L1', events, extra)]));
		expect(three.engagementScore).toBe(52);
		for (const r of [four, empty]) {
			expect([r.engagementScore, r.fitScore, r.stage, r.bant]).toEqual([three.engagementScore, three.fitScore, three.stage, three.bant]);
			expect(r.profile).toEqual(three.profile);
			// Rules are listed by score group in versions 3 and 4, so the explanation lists them in that order.
			expect(sortedExplanation(r.explanation)).toEqual(sortedExplanation(three.explanation));
		}
	});

	it('scores a changed model like version 3 with the same changes', async () => {
		const p = defaults();
		(p.intentPoints as Rows).assignments.push({ name: 'Booked a demo: demo_booked', value: 12, type: 'number' });
		(p.ruleLimits as Rows).assignments.push({ name: 'Booked a demo', value: 'once', type: 'string' });
		(p.bantMarks as Rows).assignments.push({ name: 'Booked a demo', value: 'Timing', type: 'string' });
		const v3 = { engagementV3: node.description.properties.find((x) => x.name === 'engagementV3')!.default } as IDataObject;
		const intent = (v3.engagementV3 as { intent: IDataObject[] }).intent;
		intent.push({ name: 'Booked a demo', events: 'demo_booked', points: 12, limit: 'once', options: { bant: 'timing' } });
		const events = [
			{ type: 'demo_booked', id: 'a' },
			{ type: 'demo_booked', id: 'b' },
		];
		const [three] = jsons(await run(3, JSON.parse(JSON.stringify(v3)), [lead('L1', events)]));
		const [four] = jsons(await run(4, p, [lead('L1', events)]));
		expect(four.engagementScore).toBe(12);
		expect([four.engagementScore, four.bant, four.explanation]).toEqual([three.engagementScore, three.bant, three.explanation]);
	});

	it('renaming a rule keeps its points (its row keeps its hidden ID); a rule added in the form keeps them too', async () => {
		const p = defaults();
		const [first] = jsons(await run(4, p, [lead('L1', [{ type: 'discussion_joined', id: 'd1' }])]));
		expect(first.engagementScore).toBe(5);
		const discussion = (p.communityPoints as Rows).assignments.find((r) => r.id === 'discussion')!;
		discussion.name = '群内讨论 (renamed): discussion_joined';
		(p.ruleLimits as Rows).assignments.find((r) => r.name === 'Joined a discussion (参与讨论)')!.name = '群内讨论 (renamed)';
		const [renamed] = jsons(await run(4, p, [lead('L1', [], { profile: first.profile })]));
		expect(renamed.engagementScore).toBe(5);
		expect((renamed.explanation as IDataObject).droppedRules).toBeUndefined();

		// Added in the editor (n8n gives the row a random UUID): its ID comes from its name, and a rename is recognised.
		(p.intentPoints as Rows).assignments.push({
			id: '0b9f7c55-1f3e-4a0c-9d7e-2f1c7a3b4d5e',
			name: 'Webinar question: webinar_question',
			value: 4,
		});
		const [added] = jsons(await run(4, p, [lead('L2', [{ type: 'webinar_question', id: 'q1' }])]));
		expect(added.engagementScore).toBe(4);
		(p.intentPoints as Rows).assignments.at(-1)!.name = 'Asked a question in the webinar: webinar_question';
		const [again] = jsons(await run(4, p, [lead('L2', [], { profile: added.profile })]));
		expect(again.engagementScore).toBe(4);
		expect((again.explanation as IDataObject).renamedRules).toEqual([{ from: 'webinar_question', to: 'asked_a_question_in_the_webinar' }]);
	});

	it('reads filter conditions as the model’s: contains a list, is equal to a list, numbers, yes; fields typed or as {{ $json.x }}', () => {
		const p = defaults();
		p.fitV4 = {
			rule: [
				{
					name: 'Big software company',
					points: 12,
					conditions: {
						combinator: 'and',
						conditions: [
							{ leftValue: '={{ $json.companySize }}', rightValue: 200, operator: { type: 'number', operation: 'gte' } },
							{ leftValue: 'industry', rightValue: 'software, saas', operator: { type: 'string', operation: 'equals' } },
							{ leftValue: 'title', rightValue: '总监, director', operator: { type: 'string', operation: 'contains' } },
							{ leftValue: '{{ $json["profile"].wechat }}', operator: { type: 'string', operation: 'exists', singleValue: true } },
						],
					},
				},
			],
		};
		expect(modelFromLines(formOf(p)).fitRules).toEqual([
			{
				id: 'big_software_company',
				name: 'Big software company',
				conditions: [
					{ field: 'companySize', op: 'gte', value: 200 },
					{ field: 'industry', op: 'in', value: ['software', 'saas'] },
					{ field: 'title', op: 'containsAny', value: ['总监', 'director'] },
					{ field: 'profile.wechat', op: 'exists' },
				],
				points: 12,
			},
		]);
		expect(fieldOf('title')).toBe('title');
		expect(fieldOf("={{ $json['a'].b }}")).toBe('a.b');
	});

	it('names what is wrong: an operator the model has no equivalent for, a setting for no rule, a limit it cannot read', () => {
		const p = defaults();
		(p.fitV4 as { rule: Array<{ conditions: { conditions: IDataObject[] } }> }).rule[2].conditions.conditions[0].operator = {
			type: 'string',
			operation: 'regex',
		};
		expect(() => modelFromLines(formOf(p))).toThrow(/fit rule "Senior title \(决策层\)" → condition 1 "title": the operator "regex"/);
		const q = defaults();
		(q.ruleLimits as Rows).assignments.push({ name: 'Watched a webinar', value: 'once' });
		expect(() => modelFromLines(formOf(q))).toThrow(/Rule Limits → "Watched a webinar" is not the name of an engagement rule/);
		const r = defaults();
		(r.ruleLimits as Rows).assignments[0].value = 'ten a week';
		expect(() => modelFromLines(formOf(r))).toThrow(/should look like "10 per 7 days"/);
		const s = defaults();
		(s.outcomeStages as Rows).assignments.pop();
		expect(() => modelFromLines(formOf(s))).toThrow(/Sales Outcome Stages → needs 3 rows/);
	});

	it('reads stages, min fit scores, gate stages and outcome stages; a new stage gets its ID from its name', () => {
		const p = defaults();
		(p.stagesV4 as Rows).assignments.splice(1, 0, { id: '5d1e8a4c-0000-4000-8000-000000000001', name: 'Nurture (培育)', value: 1 });
		(p.outcomeStages as Rows).assignments[2].value = 'deal_won, contract_signed';
		const m = modelFromLines(formOf(p));
		expect(m.stages.map((s) => s.id)).toEqual([
			'firstContact',
			'nurture',
			'activated',
			'engaged',
			'mql',
			'sql',
			'sal',
			'opportunity',
			'customer',
		]);
		expect(m.stages.find((s) => s.id === 'sql')).toEqual({ id: 'sql', label: 'SQL', minEngagement: 25, minFit: 20, gate: true });
		expect(m.outcomes.won).toEqual({ events: ['deal_won', 'contract_signed'], stage: 'customer' });
		// A group limit of 0: the group is not limited.
		expect(modelFromLines(formOf({ ...p, contentLimit: 0, intentLimit: 80 })).groupCaps).toEqual({ community: 40, intent: 80 });
	});

	it('helpers: rule names split at the last colon; "N per D days" in several spellings', () => {
		expect(splitRuleName('Read (阅读)：article_read, post_read')).toEqual({ name: 'Read (阅读)', events: 'article_read, post_read' });
		expect(splitRuleName('article_read')).toEqual({ name: 'article_read', events: 'article_read' });
		for (const s of ['10 per 7 days', '10/7', '10 / 7d', '10 in 7 days', '10 points per 7 days', '10每7天'])
			expect([s, parsePerDays(s, 'x')]).toEqual([s, { n: 10, days: 7 }]);
		expect(modelToLines(PLAYBOOK_MODEL).ruleLimits.assignments).toHaveLength(11);
	});
});
