import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { compileModel } from '../../../lib/scoring/compile';
import { scoreLead } from '../../../lib/scoring/engine';
import { modelFromForm, modelToForm } from '../../../lib/scoring/formModel';
import { PLAYBOOK_MODEL } from '../../../lib/scoring/playbook';
import type { LeadProfile } from '../../../lib/scoring/types';
import { LeadScore } from '../../../nodes/LeadScore/LeadScore.node';
import { lead } from '../../helpers/formLeads';
import { runNode } from '../../helpers/runNode';

const node = new LeadScore();
const NOW = '2025-06-12T10:00:00+08:00';
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
		// Version 2 profiles also note what each rule scores (so a renamed rule keeps its points).
		const withoutSignatures = (rows: IDataObject[]) => JSON.parse(JSON.stringify(rows, (k, v) => (k === 'sig' ? undefined : v)));
		expect(withoutSignatures(v2)).toEqual(v1);
		expect(withoutSignatures(v2Empty)).toEqual(v1);
		expect((v2[0].profile as LeadProfile).ledger.trial_request.sig).toMatch(/^[0-9a-f]{16}$/);
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

	it('a rule added in the editor keeps its points when renamed (version 2 nodes): the profile knows what it scores', async () => {
		const f = defaults();
		f.engagement.rule.push({ name: 'Webinar question', events: 'webinar_question', points: 4, limit: 'once' });
		const events = [{ type: 'webinar_question', id: 'q1' }];
		const [first] = jsons(await run(2, { inputShape: 'perLead', ...formParams(f) }, [lead('L1', events)]));
		expect(first.engagementScore).toBe(4);
		const profile = first.profile as LeadProfile;
		expect(Object.keys(profile.ledger)).toEqual(['webinar_question']);

		f.engagement.rule[f.engagement.rule.length - 1].name = 'Asked a question in the webinar';
		const again = [{ type: 'webinar_question', id: 'q2' }];
		const [renamed] = jsons(await run(2, { inputShape: 'perLead', ...formParams(f) }, [lead('L1', again, { profile })]));
		// Same points, and "once per lead" still holds under the new ID: q2 gives nothing.
		expect(renamed.engagementScore).toBe(4);
		const explanation = renamed.explanation as { renamedRules?: unknown; droppedRules?: unknown; events: Array<{ note?: string }> };
		expect(explanation.renamedRules).toEqual([{ from: 'webinar_question', to: 'asked_a_question_in_the_webinar' }]);
		expect(explanation.droppedRules).toBeUndefined();
		expect(explanation.events[0].note).toBe('not scored: once per lead, already awarded');
		expect(Object.keys((renamed.profile as LeadProfile).ledger)).toEqual(['asked_a_question_in_the_webinar']);

		// Renamed and scoring other events at once: a different rule, whose points are dropped and named.
		f.engagement.rule[f.engagement.rule.length - 1].events = 'webinar_question, webinar_poll';
		f.engagement.rule[f.engagement.rule.length - 1].name = 'Webinar interaction';
		const [changed] = jsons(await run(2, { inputShape: 'perLead', ...formParams(f) }, [lead('L1', [], { profile })]));
		expect(changed.engagementScore).toBe(0);
		expect((changed.explanation as { droppedRules?: unknown }).droppedRules).toEqual([{ rule: 'webinar_question', awarded: 4 }]);
	});

	it('version 1 nodes keep explicit rule IDs: a changed ID drops its points, and profiles carry no rule signatures', async () => {
		const rule = { id: 'webinar_q', name: 'Webinar question', events: 'webinar_question', points: 4 };
		const params = (id: string) => ({ inputShape: 'perLead', model: 'custom', engagementRules: { rule: [{ ...rule, id }] } });
		const [first] = jsons(await run(1, params('webinar_q'), [lead('L1', [{ type: 'webinar_question', id: 'q1' }])]));
		expect(first.engagementScore).toBe(4);
		expect((first.profile as LeadProfile).ledger.webinar_q.sig).toBeUndefined();
		const [changed] = jsons(await run(1, params('webinar_question'), [lead('L1', [], { profile: first.profile })]));
		expect(changed.engagementScore).toBe(0);
		expect((changed.explanation as { droppedRules?: unknown }).droppedRules).toEqual([{ rule: 'webinar_q', awarded: 4 }]);
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
		expect(node.description.version).toEqual([1, 2, 3, 4, 5]);
	});
});

describe('stages added in the editor', () => {
	it('get an ID from their name (stage IDs are hidden fields; the playbook keeps its own)', () => {
		const f = JSON.parse(JSON.stringify(modelToForm(PLAYBOOK_MODEL)));
		f.stages.stage.splice(3, 0, { id: '', label: 'Nurture (培育)', reachedBy: 'score', minEngagement: 20, minFit: 0 });
		const ids = modelFromForm(f).stages.map((s) => s.id);
		expect(ids).toEqual(['firstContact', 'activated', 'engaged', 'nurture', 'mql', 'sql', 'sal', 'opportunity', 'customer']);
	});
});
