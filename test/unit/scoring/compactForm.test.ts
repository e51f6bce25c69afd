import type { IDataObject, INodeExecutionData, INodeProperties, INodePropertyCollection } from 'n8n-workflow';
import { formFromCompact } from '../../../lib/scoring/compactForm';
import { modelFromForm } from '../../../lib/scoring/formModel';
import { PLAYBOOK_MODEL } from '../../../lib/scoring/playbook';
import type { ScoringModel } from '../../../lib/scoring/types';
import { LeadScore } from '../../../nodes/LeadScore/LeadScore.node';
import { lead } from '../../helpers/formLeads';
import { runNode } from '../../helpers/runNode';

const node = new LeadScore();
const props = node.description.properties as INodeProperties[];
const NOW = '2025-06-12T10:00:00+08:00';
const forVersion = (version: number, name: string) =>
	props.find(
		(p) => p.name === name && (p.displayOptions?.show?.['@version'] as number[] | undefined)?.includes(version),
	) as INodeProperties;
const v3 = (name: string) => forVersion(3, name);
/** Version 3's fields as n8n hands them to the node: each at its default (the playbook) unless changed. */
const defaults = () =>
	JSON.parse(
		JSON.stringify({
			model: 'fields',
			engagementV3: v3('engagementV3').default,
			fitV3: v3('fitV3').default,
			ladderV3: v3('ladderV3').default,
			gateV3: v3('gateV3').default,
			gateRequired: v3('gateRequired').default,
			groupLimits: v3('groupLimits').default,
		}),
	);
const run = (version: number, parameters: IDataObject, items: IDataObject[]) =>
	runNode(node, { parameters: { now: NOW, inputShape: 'perLead', ...parameters }, items, typeVersion: version });
const jsons = (out: INodeExecutionData[][]) => out[0].map((o) => o.json);
const modelOf = (p: IDataObject) =>
	modelFromForm(
		formFromCompact({
			engagement: p.engagementV3 as never,
			fit: p.fitV3 as never,
			stages: p.ladderV3 as never,
			gate: p.gateV3 as never,
			gateRequired: p.gateRequired as number,
			groupLimits: p.groupLimits as never,
		}),
	);
/** Engagement rules are listed by score group in version 3: compare them by ID. */
const byRuleId = (m: ScoringModel) => ({ ...m, engagementRules: [...m.engagementRules].sort((a, b) => a.id.localeCompare(b.id)) });
const rowNames = (p: INodeProperties, option: string) =>
	((p.options as INodePropertyCollection[]).find((o) => o.name === option)!.values as INodeProperties[])
		.filter((f) => f.type !== 'hidden')
		.map((f) => f.name);

describe('Lead Score form (version 3, compact)', () => {
	it('was the default version before version 4, and shows the playbook as its starting point: the defaults read back are the playbook model', () => {
		expect(node.description.version).toEqual([1, 2, 3, 4, 5]);
		expect(node.description.defaultVersion).toBe(5);
		expect(v3('model').default).toBe('fields');
		expect(byRuleId(modelOf(defaults()))).toEqual(byRuleId(PLAYBOOK_MODEL));
		// Every playbook rule is listed, under its score group.
		const engagement = defaults().engagementV3;
		expect(Object.keys(engagement)).toEqual(['community', 'content', 'intent']);
		expect(engagement.community.map((r: { id: string }) => r.id)).toEqual([
			'joined_group',
			'added_contact',
			'discussion',
			'good_question_or_material',
			'left_group',
		]);
		expect(JSON.stringify(defaults())).not.toMatch(/matches|\\\\b|\|/);
	});

	it('keeps rows short: the fields a marketer always sets, the rest under each row’s Options; IDs hidden', () => {
		expect(rowNames(v3('engagementV3'), 'community')).toEqual(['name', 'events', 'points', 'limit', 'limitPoints', 'limitDays', 'options']);
		expect(rowNames(v3('engagementV3'), 'other')).toEqual([
			'name',
			'group',
			'events',
			'points',
			'limit',
			'limitPoints',
			'limitDays',
			'options',
		]);
		expect(rowNames(v3('fitV3'), 'rule')).toEqual(['name', 'field', 'operator', 'value', 'points', 'options']);
		expect(rowNames(v3('ladderV3'), 'score')).toEqual(['label', 'minEngagement', 'minFit']);
		expect(rowNames(v3('ladderV3'), 'outcome')).toEqual(['label']);
		expect(rowNames(v3('gateV3'), 'authority')).toEqual(['field', 'operator', 'value']);
		const operators = ((v3('fitV3').options as INodePropertyCollection[])[0].values as INodeProperties[]).find(
			(f) => f.name === 'operator',
		)!;
		expect((operators.options as Array<{ value: string }>).map((o) => o.value)).not.toContain('matches');
		// The playbook rows carry only what differs from a row's defaults in their Options.
		const pricing = defaults().engagementV3.intent.find((r: { id: string }) => r.id === 'pricing_page_visits');
		expect(pricing.options).toEqual({
			conditions: { condition: [{ field: 'url', operator: 'containsAny', value: 'pricing, price, 报价, 价格' }] },
			countTimes: 3,
			countDays: 7,
		});
		const reachable = defaults().fitV3.rule.find((r: { id: string }) => r.id === 'fit_contactable');
		expect(reachable).toMatchObject({
			field: 'phone',
			operator: 'exists',
			options: { conditions: { condition: [{ field: 'email', operator: 'exists' }] }, match: 'any' },
		});
	});

	it('leaves version 1 and 2 fields to their versions and shares model, group limits, gate count and settings', () => {
		for (const name of ['engagement', 'fit', 'ladder', 'gate']) expect(forVersion(2, name).displayOptions?.show?.['@version']).toEqual([2]);
		for (const name of ['engagementRules', 'fitRules', 'stages'])
			expect(forVersion(1, name).displayOptions?.show?.['@version']).toEqual([1]);
		for (const name of ['groupLimits', 'modelOptions']) expect(v3(name).displayOptions?.show?.['@version']).toEqual([2, 3]);
		// Version 4 shows the model choice and the gate count as they are.
		for (const name of ['model', 'gateRequired']) expect(v3(name).displayOptions?.show?.['@version']).toEqual([2, 3, 4, 5]);
	});

	it('scores the playbook like versions 1 and 2', async () => {
		const events = [
			{ type: 'link_clicked', id: 'a' },
			{ type: 'trial_requested', id: 'b' },
			{ type: 'page_viewed', id: 'c', url: '/pricing' },
			{ type: 'discussion_joined', id: 'd' },
		];
		const strip = (rows: IDataObject[]) => JSON.parse(JSON.stringify(rows, (k, v) => (k === 'sig' ? undefined : v)));
		const [v1] = strip(jsons(await run(1, { model: 'playbook' }, [lead('L1', events)])));
		const [v2] = jsons(await run(2, {}, [lead('L1', events)]));
		const [three] = jsons(await run(3, defaults(), [lead('L1', events)]));
		const [empty] = jsons(await run(3, {}, [lead('L1', events)]));
		expect(three.engagementScore).toBe(37);
		for (const r of [strip([three])[0], strip([empty])[0], strip([v2])[0]]) {
			expect([r.engagementScore, r.fitScore, r.stage]).toEqual([v1.engagementScore, v1.fitScore, v1.stage]);
			expect(Object.keys((r.profile as { ledger: object }).ledger).sort()).toEqual(Object.keys(v1.profile.ledger).sort());
		}
	});

	it('renaming a rule keeps its points; a rule no longer in the model has its points dropped and named', async () => {
		const p = defaults();
		const [first] = jsons(await run(3, p, [lead('L1', [{ type: 'discussion_joined', id: 'd1' }])]));
		expect(first.engagementScore).toBe(5);
		p.engagementV3.community.find((r: { id: string }) => r.id === 'discussion').name = '群内讨论 (renamed)';
		const [renamed] = jsons(await run(3, p, [lead('L1', [], { profile: first.profile })]));
		expect(renamed.engagementScore).toBe(5);
		expect((renamed.explanation as IDataObject).droppedRules).toBeUndefined();

		// A rule added in the form: renamed, it keeps its points and "once per lead".
		p.engagementV3.other = [{ name: 'Webinar question', group: 'events', events: 'webinar_question', points: 4, limit: 'once' }];
		p.groupLimits.limit.push({ group: 'events', points: 8 });
		const [added] = jsons(await run(3, p, [lead('L2', [{ type: 'webinar_question', id: 'q1' }])]));
		expect(added.engagementScore).toBe(4);
		expect((added.explanation as { engagement: Array<{ rule: string; group?: string }> }).engagement).toEqual(
			expect.arrayContaining([expect.objectContaining({ rule: 'webinar_question' })]),
		);
		p.engagementV3.other[0].name = 'Asked a question in the webinar';
		const [again] = jsons(await run(3, p, [lead('L2', [{ type: 'webinar_question', id: 'q2' }], { profile: added.profile })]));
		expect(again.engagementScore).toBe(4);
		expect((again.explanation as IDataObject).renamedRules).toEqual([{ from: 'webinar_question', to: 'asked_a_question_in_the_webinar' }]);

		// Removed: its points go, and the explanation says so.
		p.engagementV3.community = p.engagementV3.community.filter((r: { id: string }) => r.id !== 'discussion');
		const [removed] = jsons(await run(3, p, [lead('L1', [], { profile: first.profile })]));
		expect(removed.engagementScore).toBe(0);
		expect((removed.explanation as IDataObject).droppedRules).toEqual([{ rule: 'discussion', awarded: 5 }]);
	});

	it('reads a fit rule’s row condition with its extra conditions, stages by how they are reached, gate tests by criterion', () => {
		const p = defaults();
		p.fitV3.rule = [
			{
				name: 'Big software company',
				field: 'companySize',
				operator: 'gte',
				value: '200',
				points: 12,
				options: { conditions: { condition: [{ field: 'industry', operator: 'in', value: 'software, saas' }] } },
			},
		];
		p.ladderV3.score.splice(1, 0, { label: 'Nurture (培育)', minEngagement: 1, minFit: 0 });
		p.gateV3.budget = [{ field: 'budgetConfirmed', operator: 'isTrue' }];
		const m = modelOf(p);
		expect(m.fitRules).toEqual([
			{
				id: 'big_software_company',
				name: 'Big software company',
				conditions: [
					{ field: 'companySize', op: 'gte', value: 200 },
					{ field: 'industry', op: 'in', value: ['software', 'saas'] },
				],
				points: 12,
			},
		]);
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
		expect(m.stages.find((s) => s.id === 'sal')).toEqual({ id: 'sal', label: 'SAL (Sales Accepted)', outcomeOnly: true });
		expect(m.gate.criteria.budget).toEqual({ conditions: [{ field: 'budgetConfirmed', op: 'isTrue' }] });
		expect(m.gate.criteria.authority).toEqual(PLAYBOOK_MODEL.gate.criteria.authority);
	});

	it('names the rule and the condition of a bad row', async () => {
		const p = defaults();
		p.fitV3.rule[0].operator = 'gte';
		p.fitV3.rule[0].value = 'many';
		await expect(run(3, p, [lead('L1', [])])).rejects.toThrow(
			/fit rule "Reachable: phone or email \(可联系\)" \(#1\) → condition 1 "phone" compares with "many"/,
		);
	});
});
