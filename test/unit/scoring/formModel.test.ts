import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { compileModel } from '../../../lib/scoring/compile';
import { scoreLead } from '../../../lib/scoring/engine';
import { modelFromForm, modelToForm } from '../../../lib/scoring/formModel';
import { PLAYBOOK_MODEL } from '../../../lib/scoring/playbook';
import type { LeadProfile } from '../../../lib/scoring/types';
import { LeadScore } from '../../../nodes/LeadScore/LeadScore.node';
import { runNode } from '../../helpers/runNode';

const node = new LeadScore();
const NOW = '2025-06-12T10:00:00+08:00';
const LI_NA = { title: 'Head of Growth', company: 'Acme', email: 'li.na@acme.cn', companySize: 300, industry: 'Software' };
const lead = (leadId: string, events: IDataObject[], extra: IDataObject = {}): IDataObject => ({ leadId, lead: LI_NA, events, ...extra });
/** The form as n8n hands it to a version 2 node: every field at its default (the playbook) unless changed. */
const defaults = () => JSON.parse(JSON.stringify(modelToForm(PLAYBOOK_MODEL)));
const run = (version: number, parameters: IDataObject, items: IDataObject[]) =>
	runNode(node, { parameters: { now: NOW, ...parameters }, items, typeVersion: version });
const formParams = (f = defaults()): IDataObject => ({
	model: 'fields',
	engagement: f.engagement,
	fit: f.fit,
	ladder: f.stages,
	gate: f.gate,
	gateRequired: f.gateRequired,
	groupLimits: f.groupLimits,
});
const jsons = (out: INodeExecutionData[][]) => out[0].map((o) => o.json);

describe('Lead Score form (version 2)', () => {
	it('shows the playbook as fields: the form read back is the playbook model itself', () => {
		expect(modelFromForm(defaults())).toEqual(PLAYBOOK_MODEL);
	});

	it('has no regular expression anywhere in the default form', () => {
		const text = JSON.stringify(defaults());
		expect(text).not.toMatch(/matches|\\\\b|\|/);
		const rule = defaults().fit.rule.find((r: { id: string }) => r.id === 'fit_decision_maker');
		expect(rule.conditions.condition).toEqual([
			{ field: 'title', operator: 'containsAny', value: expect.stringContaining('总监, 总经理') },
		]);
	});

	it('scores the same as version 1 with the playbook, for a saved version 1 node and a new version 2 node', async () => {
		const events = [
			{ type: 'link_clicked', id: 'a' },
			{ type: 'trial_requested', id: 'b' },
			{ type: 'page_viewed', id: 'c', url: '/pricing' },
		];
		const v1 = jsons(await run(1, { inputShape: 'perLead', model: 'playbook' }, [lead('L1', events)]));
		const v2 = jsons(await run(2, { inputShape: 'perLead', ...formParams() }, [lead('L1', events)]));
		const v2Empty = jsons(await run(2, { inputShape: 'perLead' }, [lead('L1', events)]));
		expect(v2).toEqual(v1);
		expect(v2Empty).toEqual(v1);
		expect(v1[0].engagementScore).toBe(32);
	});

	it('takes structured condition rows: contains any of (whole Latin words), is one of, at least, is empty', async () => {
		const f = defaults();
		f.fit.rule = [
			{
				name: 'Decision maker',
				points: 20,
				conditions: { condition: [{ field: 'title', operator: 'containsAny', value: 'CTO, head of, 总监' }] },
				match: 'all',
			},
			{
				name: 'Big company',
				points: 7,
				conditions: {
					condition: [
						{ field: 'companySize', operator: 'gte', value: '200' },
						{ field: 'industry', operator: 'in', value: 'software, saas' },
					],
				},
				match: 'all',
			},
			{ name: 'No phone', points: 1, conditions: { condition: [{ field: 'phone', operator: 'notExists' }] } },
			{ name: 'IT industry', points: 100, conditions: { condition: [{ field: 'title', operator: 'containsAny', value: 'it' }] } },
		];
		const [r] = jsons(await run(2, { inputShape: 'perLead', ...formParams(f), options: { explanation: 'full' } }, [lead('L1', [])]));
		// "it" is a whole word only: "Head of Growth" has none.
		expect(r.fitScore).toBe(28);
		expect((r.explanation as { fit: Array<{ rule: string }> }).fit.map((l) => l.rule)).toEqual([
			'decision_maker',
			'big_company',
			'no_phone',
		]);
	});

	it('limits come from a list (once per lead, N per period, custom) and group limits are rows', async () => {
		const f = defaults();
		const link = f.engagement.rule.find((r: { id: string }) => r.id === 'tracked_link_click');
		expect(link.limit).toBe('10/7');
		link.limit = 'custom';
		link.limitPoints = 4;
		link.limitDays = 7;
		f.groupLimits.limit = [{ group: 'content', points: 3 }];
		const clicks = [1, 2, 3].map((n) => ({ type: 'link_clicked', id: `k${n}` }));
		const [r] = jsons(await run(2, { inputShape: 'perLead', ...formParams(f) }, [lead('L1', clicks)]));
		expect(r.engagementScore).toBe(3);
		const m = modelFromForm(f);
		expect(m.engagementRules.find((x) => x.id === 'tracked_link_click')!.cap).toEqual({ points: 4, days: 7 });
		expect(m.groupCaps).toEqual({ content: 3 });
	});

	it('renaming a rule keeps its points (the ID stays); an ID that changes says which points were dropped', () => {
		const f = defaults();
		const first = scoreLead(compileModel(modelFromForm(f)), {
			events: [{ id: 'e1', type: 'discussion_joined', time: Date.parse(NOW), data: {} }],
			now: Date.parse(NOW),
		});
		expect(first.engagementScore).toBe(5);
		const profile = JSON.parse(JSON.stringify(first.profile)) as LeadProfile;
		f.engagement.rule.find((r: { id: string }) => r.id === 'discussion').name = '群内讨论 (renamed)';
		const renamed = scoreLead(compileModel(modelFromForm(f)), { events: [], now: Date.parse(NOW), profile });
		expect(renamed.engagementScore).toBe(5);
		expect(renamed.explanation.droppedRules).toBeUndefined();
		// A rule added in the editor has no stored ID: its ID comes from its name, so renaming it needs the Rule ID setting.
		f.engagement.rule.find((r: { id: string }) => r.id === 'discussion').more = { ruleId: 'discussion_v2' };
		const changed = scoreLead(compileModel(modelFromForm(f)), { events: [], now: Date.parse(NOW), profile });
		expect(changed.engagementScore).toBe(0);
		expect(changed.explanation.droppedRules).toEqual([{ rule: 'discussion', awarded: 5 }]);
		expect(changed.explanation.summary).toContain('Dropped the points of rules no longer in the model: discussion (5)');
	});

	it('gives rules added without an ID distinct IDs from their names', () => {
		const f = defaults();
		f.engagement.rule.push(
			{ name: 'Webinar Q&A (直播提问)', events: 'webinar_question', points: 3, limit: 'none' },
			{ name: 'Webinar Q&A', events: 'webinar_question_2', points: 3, limit: 'none' },
		);
		const ids = modelFromForm(f).engagementRules.map((r) => r.id);
		expect(ids.slice(-2)).toEqual(['webinar_q_a', 'webinar_q_a_2']);
	});

	it('names the rule and the condition of a bad row', async () => {
		const f = defaults();
		f.fit.rule[4].conditions.condition[0].value = 'many';
		const e = (await run(2, { inputShape: 'perLead', ...formParams(f) }, [lead('L1', [])]).catch((x: unknown) => x)) as NodeOperationError;
		expect(e).toBeInstanceOf(NodeOperationError);
		expect(e.message).toContain(
			'fit rule "100+ employees (公司规模)" (#5) → condition 1 "companySize" compares with "many", which is not a number',
		);
	});

	it('version 1 nodes keep their form and parameters (templates saved before)', () => {
		const props = node.description.properties as INodeProperties[];
		const v1 = props.filter((p) => (p.displayOptions?.show?.['@version'] as number[] | undefined)?.includes(1)).map((p) => p.name);
		expect(v1).toEqual(['model', 'engagementRules', 'fitRules', 'stages', 'modelOptions']);
		expect(node.description.version).toEqual([1, 2]);
		expect(node.description.defaultVersion).toBe(2);
	});
});
