import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeHelpers, NodeOperationError } from 'n8n-workflow';
import { modelToLines } from '../../../lib/scoring/lineForm';
import { PLAYBOOK_MODEL } from '../../../lib/scoring/playbook';
import { modelFromRows, modelToRows, parseRuleValue, parseStageValue } from '../../../lib/scoring/rowForm';
import type { RowForm } from '../../../lib/scoring/rowForm';
import type { ScoringModel } from '../../../lib/scoring/types';
import { LeadScore } from '../../../nodes/LeadScore/LeadScore.node';
import { gateMetExtra, lead, playbookEvents } from '../../helpers/formLeads';
import { runNode } from '../../helpers/runNode';

const node = new LeadScore();
const d = node.description;
const props = d.properties as INodeProperties[];
const NOW = '2025-06-12T10:00:00+08:00';

/** The parameters n8n gives a version's new node (every field at its default; "now" set by each run). */
function shown(typeVersion: number): IDataObject {
	const p = JSON.parse(JSON.stringify(NodeHelpers.getNodeParameters(props, {}, true, false, { typeVersion }, d))) as IDataObject;
	delete p.now;
	return p;
}
const defaults = () => shown(5);
/** The parameters as the node reads them (version 5's field names → the form's shape). */
const formOf = (p: IDataObject): RowForm => ({
	points: { community: p.communityPoints, content: p.contentPoints, intent: p.intentPoints } as never,
	eventConditions: p.eventConditions as never,
	groupLimits: { assignments: ['community', 'content', 'intent'].map((g) => ({ name: g, value: p[`${g}Limit`] })) },
	fit: p.fitV4 as never,
	stages: p.stagesV5 as never,
	outcomeStages: p.outcomeStages as never,
	gate: { budget: p.gateBudget, authority: p.gateAuthority, need: p.gateNeed, timing: p.gateTiming } as never,
	gateRequired: p.gateRequired as number,
});
const run = (version: number, parameters: IDataObject, items: IDataObject[], continueOnFail = false) =>
	runNode(node, { parameters: { now: NOW, inputShape: 'perLead', ...parameters }, items, typeVersion: version, continueOnFail });
const jsons = (out: INodeExecutionData[][]) => out[0].map((o) => o.json);
/** Engagement rules are listed by score group: compare them by ID. */
const byRuleId = (m: ScoringModel) => ({ ...m, engagementRules: [...m.engagementRules].sort((a, b) => a.id.localeCompare(b.id)) });
const sortedExplanation = (e: unknown) => {
	const x = e as { engagement: Array<{ rule: string }> };
	return { ...x, engagement: [...x.engagement].sort((a, b) => a.rule.localeCompare(b.rule)) };
};
type Rows = { assignments: Array<{ id?: string; name: string; value: unknown; type?: string }> };
const row = (p: IDataObject, list: string, id: string) => (p[list] as Rows).assignments.find((r) => r.id === id)!;

/** Template 11's candidate: the playbook with MQL and SQL at 35 engagement instead of 25. */
const CANDIDATE: ScoringModel = {
	...PLAYBOOK_MODEL,
	stages: PLAYBOOK_MODEL.stages.map((s) => (s.id === 'mql' || s.id === 'sql' ? { ...s, minEngagement: 35 } : s)),
};

describe('Lead Score form (version 5, one row per rule and per stage)', () => {
	it('is the default version, and its defaults read back are the playbook model', () => {
		expect(d.version).toEqual([1, 2, 3, 4, 5]);
		expect(d.defaultVersion).toBe(5);
		expect(byRuleId(modelFromRows(formOf(defaults())))).toEqual(byRuleId(PLAYBOOK_MODEL));
	});

	it('shows each rule’s settings after its points and each stage’s after its min score; no lists repeat their names', () => {
		const p = defaults();
		expect(Object.keys(p)).toEqual(expect.arrayContaining(['communityPoints', 'communityLimit', 'eventConditions', 'fitV4', 'stagesV5']));
		for (const gone of ['ruleLimits', 'repeats', 'bantMarks', 'stageMinFit', 'gateStages', 'stagesV4']) expect(p).not.toHaveProperty(gone);
		expect(row(p, 'communityPoints', 'joined_group')).toEqual({
			id: 'joined_group',
			name: 'Joined a customer group (入群): group_joined, groupMemberJoined',
			value: '0, once',
			type: 'string',
		});
		expect(row(p, 'communityPoints', 'left_group').value).toBe('-5');
		expect(row(p, 'communityPoints', 'good_question_or_material').value).toBe('10, max 30 per 30 days');
		expect(row(p, 'contentPoints', 'live_attended').value).toBe('10, max 20 per 30 days');
		expect(row(p, 'intentPoints', 'pricing_page_visits').value).toBe('15, needs 3 in 7 days, max 15 per 30 days');
		expect(row(p, 'intentPoints', 'trial_request').value).toBe('30, once, meets need');
		expect((p.stagesV5 as Rows).assignments.map((r) => [r.id, r.name, r.value])).toEqual([
			['firstContact', 'First Contact (初识留资)', '0'],
			['activated', 'Activated (了解激活)', '2'],
			['engaged', 'Engaged (熟悉留存)', '15'],
			['mql', 'MQL', '25, fit 20'],
			['sql', 'SQL', '25, fit 20, BANT gate'],
		]);
		const points = props.find((x) => x.name === 'communityPoints' && (x.displayOptions?.show?.['@version'] as number[]).includes(5))!;
		expect(points.typeOptions?.assignment).toEqual({ defaultType: 'string', disableType: true });
	});

	it('reads each setting, in any order and case, with Chinese commas; version 4’s "N per D days" is a limit', () => {
		const at = (v: unknown) => parseRuleValue(v, 'Intent Points', 'Rule');
		expect(at('0, once')).toEqual({ points: 0, limit: 'once' });
		expect(at(12)).toEqual({ points: 12 });
		expect(at('-5')).toEqual({ points: -5 });
		expect(at('10, max 20 per 30 days')).toEqual({ points: 10, limit: { n: 20, days: 30 } });
		expect(at('10, 20 per 30 days')).toEqual({ points: 10, limit: { n: 20, days: 30 } });
		expect(at('10，MAX 20 PER 30 DAYS')).toEqual({ points: 10, limit: { n: 20, days: 30 } });
		expect(at('15, needs 3 in 7 days, max 15 per 30 days')).toEqual({ points: 15, repeats: { n: 3, days: 7 }, limit: { n: 15, days: 30 } });
		expect(at('15, Max 15 per 30 days, Needs 3 times in 7 days')).toEqual(at('15, needs 3 in 7 days, max 15 per 30 days'));
		expect(at('30, once, meets need')).toEqual({ points: 30, limit: 'once', bant: 'need' });
		expect(at(' 30 ,Meets Timing, Once per lead ')).toEqual({ points: 30, limit: 'once', bant: 'timing' });
		expect(at('2.5, max 5/7')).toEqual({ points: 2.5, limit: { n: 5, days: 7 } });
		expect(parseStageValue('25, fit 20, BANT gate', 'SQL')).toEqual({ minEngagement: 25, minFit: 20, gate: true });
		expect(parseStageValue('25, bant gate, Fit 20', 'SQL')).toEqual({ minEngagement: 25, minFit: 20, gate: true });
		expect(parseStageValue('25，gate', 'SQL')).toEqual({ minEngagement: 25, gate: true });
		expect(parseStageValue(0, 'First Contact')).toEqual({ minEngagement: 0 });
	});

	it('names the list, the row and the value, and says what is expected', () => {
		const bad = (v: string) => () => parseRuleValue(v, 'Intent Points', 'Requested a trial (申请试用)');
		expect(bad('thirty')).toThrow(
			/^Invalid scoring model — Intent Points → "Requested a trial \(申请试用\)" → "thirty": "thirty" is not a number of points\. Expected points, then any of: once \| max 20 per 30 days/,
		);
		expect(bad('')).toThrow(/"Requested a trial \(申请试用\)" → "": no points/);
		expect(bad('30, twice')).toThrow(/→ "30, twice": "twice" is not a setting\. Expected/);
		expect(bad('30, meets money')).toThrow(/"money" is not budget, authority, need or timing/);
		expect(bad('30, max lots')).toThrow(/"max lots" cannot be read/);
		expect(bad('30, once, max 5 per 7 days')).toThrow(/the limit is set twice/);
		expect(() => parseStageValue('25, fit', 'MQL')).toThrow(
			/Stages → "MQL" → "25, fit": "fit" is not a setting\. Expected min engagement score/,
		);
		expect(() => parseStageValue('high', 'MQL')).toThrow(/"high" is not a min engagement score/);

		const p = defaults();
		row(p, 'contentPoints', 'article_read').value = '1, max 5 a week';
		expect(() => modelFromRows(formOf(p))).toThrow(
			/Content Points → "Read an article \(阅读文章\)" → "1, max 5 a week": "max 5 a week" cannot be read/,
		);
	});

	it('a bad row fails the run with a NodeOperationError naming it, or every item with Continue On Fail', async () => {
		const p = defaults();
		row(p, 'stagesV5', 'sql').value = '25, fit 20, BANT';
		row(p, 'stagesV5', 'mql').value = '25, fits 20';
		const err = await run(5, p, [lead('L1', [])]).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(NodeOperationError);
		expect((err as Error).message).toMatch(/Stages → "MQL" → "25, fits 20": "fits 20" is not a setting/);
		const [out] = await run(5, p, [lead('L1', []), lead('L2', [])], true);
		expect(out.map((o) => [o.json.error, o.pairedItem])).toEqual([
			[expect.stringContaining('Stages → "MQL"'), { item: 0 }],
			[expect.stringContaining('Stages → "MQL"'), { item: 1 }],
		]);
	});

	it('round trips: model → version 5 rows → model, for the playbook, the backtest candidate and a changed model', () => {
		const changed: ScoringModel = {
			...PLAYBOOK_MODEL,
			engagementRules: PLAYBOOK_MODEL.engagementRules.map(({ cap, ...r }) =>
				r.id === 'article_read' ? { ...r, count: { times: 2, days: 3 }, marks: 'timing' as const } : { ...r, ...(cap ? { cap } : {}) },
			),
			stages: PLAYBOOK_MODEL.stages.map((s) => (s.id === 'engaged' ? { ...s, minFit: 5, gate: true } : s)),
		};
		for (const m of [PLAYBOOK_MODEL, CANDIDATE, changed]) expect(byRuleId(modelFromRows(modelToRows(m)))).toEqual(byRuleId(m));
		expect(modelToRows(CANDIDATE).stages.assignments!.map((r) => r.value)).toEqual(['0', '2', '15', '35, fit 20', '35, fit 20, BANT gate']);
		// The rows keep version 4's IDs and names; only the values carry more.
		const v4 = modelToLines(PLAYBOOK_MODEL);
		for (const g of ['community', 'content', 'intent'] as const)
			expect(modelToRows(PLAYBOOK_MODEL).points[g]!.assignments!.map((r) => [r.id, r.name])).toEqual(
				v4.points[g]!.assignments!.map((r) => [r.id, r.name]),
			);
	});

	it('scores the playbook like version 4 (and an unchanged form like an empty one); a change scores like the same change in version 4', async () => {
		const events = playbookEvents();
		const extra = gateMetExtra();
		const [four] = jsons(await run(4, shown(4), [lead('L1', events, extra)]));
		const [five] = jsons(await run(5, defaults(), [lead('L1', events, extra)]));
		const [empty] = jsons(await run(5, {}, [lead('L1', events, extra)]));
		expect(four.engagementScore).toBe(52);
		for (const r of [five, empty])
			// An empty form scores with the playbook's rules in its own order, so the explanation is compared by rule.
			expect([r.engagementScore, r.fitScore, r.stage, r.bant, r.profile, sortedExplanation(r.explanation)]).toEqual([
				four.engagementScore,
				four.fitScore,
				four.stage,
				four.bant,
				four.profile,
				sortedExplanation(four.explanation),
			]);
		expect(five.explanation).toEqual(four.explanation);

		const p4 = shown(4);
		(p4.intentPoints as Rows).assignments.push({ name: 'Booked a demo (预约演示): demo_booked', value: 12, type: 'number' });
		(p4.ruleLimits as Rows).assignments.push({ name: 'Booked a demo (预约演示)', value: 'once', type: 'string' });
		(p4.bantMarks as Rows).assignments.push({ name: 'Booked a demo (预约演示)', value: 'timing', type: 'string' });
		const p5 = defaults();
		(p5.intentPoints as Rows).assignments.push({
			name: 'Booked a demo (预约演示): demo_booked',
			value: '12, Meets Timing, once',
			type: 'string',
		});
		const demo = [
			lead('L1', [
				{ type: 'demo_booked', id: 'a' },
				{ type: 'demo_booked', id: 'b' },
			]),
		];
		const [a] = jsons(await run(4, p4, demo));
		const [b] = jsons(await run(5, p5, demo));
		expect(b.engagementScore).toBe(12);
		expect([b.engagementScore, b.bant, b.explanation]).toEqual([a.engagementScore, a.bant, a.explanation]);
	});

	it('leaves versions 1–4 their fields: version 4 still shows its keyed lists, version 5 only in version 5', () => {
		expect(Object.keys(shown(4))).toEqual(
			expect.arrayContaining(['ruleLimits', 'repeats', 'bantMarks', 'stagesV4', 'stageMinFit', 'gateStages', 'communityPoints']),
		);
		expect(shown(4)).not.toHaveProperty('stagesV5');
		expect((shown(4).communityPoints as Rows).assignments[0].value).toBe(0);
		for (const v of [1, 2, 3]) expect([v, Object.keys(shown(v)).filter((k) => /Points$|V5$/.test(k))]).toEqual([v, []]);
	});
});
