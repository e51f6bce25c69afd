import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { modelToUi } from '../../../lib/scoring/uiModel';
import { PLAYBOOK_MODEL } from '../../../lib/scoring/playbook';
import { LeadScore } from '../../../nodes/LeadScore/LeadScore.node';
import { runNode } from '../../helpers/runNode';

const node = new LeadScore();
const NOW = '2025-06-12T10:00:00+08:00';
const run = (parameters: IDataObject, items: IDataObject[], continueOnFail = false) =>
	runNode(node, { parameters: { now: NOW, ...parameters }, items, continueOnFail });
const jsons = (out: INodeExecutionData[][], output = 0) => out[output].map((o) => o.json);
const catchError = (p: Promise<unknown>) =>
	p.then(
		() => {
			throw new Error('expected an error');
		},
		(e: unknown) => e as NodeOperationError,
	);

const LI_NA = { title: '市场总监', company: 'Acme 软件', email: 'li.na@acme.cn', companySize: 300, industry: 'SaaS' };
const lead = (leadId: string, events: IDataObject[], extra: IDataObject = {}): IDataObject => ({
	leadId,
	email: `${leadId}@acme.cn`,
	lead: LI_NA,
	events,
	...extra,
});

describe('Lead Score node: one item per lead', () => {
	it('scores each lead and outputs scores, stage, gate, explanation and the profile to store, paired to its item', async () => {
		const out = await run({}, [
			lead('L1', [
				{ id: 'e1', type: 'group_joined', time: '2025-06-10T09:00:00+08:00' },
				{ id: 'e2', type: 'trial_requested', time: '2025-06-11T15:00:00+08:00' },
			]),
			lead('L2', [{ id: 'e3', type: 'link_clicked', time: 1749600000 }], { lead: { title: 'Intern' } }),
		]);
		expect(out).toHaveLength(1);
		expect(out[0].map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const [a, b] = jsons(out);
		expect(a).toMatchObject({
			leadId: 'L1',
			email: 'L1@acme.cn',
			engagementScore: 29.7,
			fitScore: 60,
			stage: 'mql',
			stageLabel: 'MQL',
			previousStage: null,
			stageChanged: true,
			salesReady: false,
			lead: LI_NA,
		});
		expect(a.events).toBeUndefined();
		expect((a.explanation as IDataObject).summary).toBe(
			'Engagement 29.7 (+30 this run, 0.3 decayed), fit 60. Stage (new) → mql. BANT 2 met (authority, need), 4 needed: not sales-ready.',
		);
		expect((a.profile as IDataObject).stage).toBe('mql');
		expect(b).toMatchObject({ leadId: 'L2', engagementScore: 2, fitScore: 0, stage: 'activated' });
	});

	it('takes the stored profile back (object or JSON text) and never scores a replayed event twice', async () => {
		const events = [{ id: 'e1', type: 'discussion_joined', time: '2025-06-11T09:00:00+08:00' }];
		const [first] = jsons(await run({ options: { profileAsText: true }, modelOptions: { decayMode: 'none' } }, [lead('L1', events)]));
		expect(typeof first.profile).toBe('string');
		const [again] = jsons(
			await run({ modelOptions: { decayMode: 'none' } }, [
				lead('L1', [...events, { id: 'e2', type: 'discussion_joined', time: '2025-06-12T09:00:00+08:00' }], { profile: first.profile }),
			]),
		);
		expect([first.engagementScore, again.engagementScore]).toEqual([5, 10]);
		expect(((again.explanation as IDataObject).events as IDataObject[]).map((e) => e.note ?? e.points)).toEqual([
			'not scored: already scored (replayed event ID)',
			5,
		]);
		expect([again.previousStage, again.stage, again.stageChanged]).toEqual(['activated', 'activated', false]);
	});

	it('names the item and the field of a bad event, and stops', async () => {
		const e = await catchError(
			run({}, [
				lead('L1', []),
				lead('L2', [
					{ id: 'x', type: 'link_clicked' },
					{ id: 'y', type: 'link_clicked', time: 'yesterday' },
				]),
			]),
		);
		expect(e).toBeInstanceOf(NodeOperationError);
		expect(e.message).toBe(
			'Item 2: invalid lead item — events.1.time: "yesterday" is not a time (use ISO 8601, or epoch seconds or milliseconds)',
		);
		const noType = await catchError(run({}, [lead('L1', [{ id: 'x', kind: 'click' }])]));
		expect(noType.message).toBe('Item 1: invalid lead item — events.0.type: is required: the event type, a text (looked in type, trigger)');
		const badProfile = await catchError(run({}, [lead('L1', [], { profile: '{"stage": ' })]));
		expect(badProfile.message).toBe(
			'Item 1: invalid lead item — profile: is text but not valid JSON (expected the profile this node output last time)',
		);
		const notList = await catchError(run({}, [lead('L1', [], { events: { type: 'x' } })]));
		expect(notList.message).toBe('Item 1: invalid lead item — events: must be a list of events');
	});

	it('with Continue On Fail, a bad item becomes an error item paired to it and the others are scored', async () => {
		const out = await run(
			{},
			[lead('L1', [{ type: 'link_clicked' }]), lead('L2', [{ type: 'link_clicked', time: 'soon' }]), lead('L3', [], { profile: { v: 2 } })],
			true,
		);
		expect(out[0].map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const [ok, bad, newer] = jsons(out);
		expect(ok.stage).toBe('activated');
		expect(bad.error).toMatch(/^Item 2: invalid lead item — events\.0\.time/);
		expect(newer.error).toMatch(/^Item 3: invalid lead item — profile\.v: is not a Lead Score profile of version 1/);
	});

	it('reads other field names, and the explanation can be shortened or left out', async () => {
		const items = [
			{
				contact: { id: 'C9' },
				history: [{ eid: 'a', kind: 'trial_requested', at: '2025-06-12 08:00' }],
				person: LI_NA,
				state: '{"v":1,"stage":"engaged"}',
			},
		];
		const params = {
			leadIdField: 'contact.id',
			eventsField: 'history',
			attributesField: 'person',
			profileField: 'state',
			options: {
				eventTypeField: 'kind',
				eventIdField: 'eid',
				eventTimeField: 'at',
				timezone: 'Asia/Shanghai',
				explanation: 'summary',
				includeInputFields: false,
			},
		};
		const [r] = jsons(await run(params, items));
		expect(Object.keys(r)).toEqual([
			'leadId',
			'engagementScore',
			'fitScore',
			'stage',
			'stageLabel',
			'previousStage',
			'stageChanged',
			'salesReady',
			'explanation',
			'lead',
			'profile',
		]);
		expect(r).toMatchObject({ leadId: 'C9', previousStage: 'engaged', stage: 'mql', engagementScore: 30 });
		expect(Object.keys(r.explanation as IDataObject)).toEqual(['summary', 'stage', 'gate']);
		// "2025-06-12 08:00" in Asia/Shanghai is 00:00Z.
		expect(((r.profile as IDataObject).seen as IDataObject).ids).toEqual([['a', Date.parse('2025-06-12T00:00:00Z')]]);
		const [none] = jsons(await run({ ...params, options: { ...params.options, explanation: 'none' } }, items));
		expect(none.explanation).toBeUndefined();
	});
});

describe('Lead Score node: one item per event', () => {
	it('groups events by lead (WeCom Trigger items included), one output per lead paired with all its events', async () => {
		const items = [
			{ eventId: 'cb-1', trigger: 'customerAdded', externalUserId: 'wmA', createTime: 1749607200, state: 'live0612' },
			{ leadId: 'wmB', type: 'link_clicked', id: 'k1', time: '2025-06-11T10:00:00+08:00' },
			{ eventId: 'cb-2', trigger: 'groupMemberJoined', externalUserId: 'wmA', createTime: 1749610800 },
			{ leadId: 'wmA', type: 'trial_requested', id: 't1', time: '2025-06-12T09:00:00+08:00', lead: LI_NA },
		];
		const out = await run({ inputShape: 'perEvent' }, items);
		expect(out[0].map((o) => o.pairedItem)).toEqual([[{ item: 0 }, { item: 2 }, { item: 3 }], [{ item: 1 }]]);
		const [a, b] = jsons(out);
		expect(a).toMatchObject({ leadId: 'wmA', stage: 'mql', fitScore: 60 });
		expect(((a.explanation as IDataObject).events as IDataObject[]).map((e) => [e.id, e.rule])).toEqual([
			['cb-1', 'added_contact'],
			['cb-2', 'joined_group'],
			['t1', 'trial_request'],
		]);
		expect(a.state).toBeUndefined(); // per event, the output is the lead, not an event
		expect(b).toMatchObject({ leadId: 'wmB', stage: 'activated', engagementScore: 2 });
	});

	it("uses the profile carried by the lead's items", async () => {
		const [first] = jsons(await run({ inputShape: 'perEvent' }, [{ leadId: 'wmA', type: 'discussion_joined', id: 'd1' }]));
		const [second] = jsons(
			await run({ inputShape: 'perEvent' }, [
				{ leadId: 'wmA', type: 'discussion_joined', id: 'd1', profile: first.profile },
				{ leadId: 'wmA', type: 'good_question', id: 'q1', profile: first.profile },
			]),
		);
		expect([first.engagementScore, second.engagementScore]).toEqual([5, 15]);
	});

	it('an event without a lead ID fails alone with Continue On Fail, and stops the run without it', async () => {
		const items = [
			{ type: 'link_clicked', id: 'k1' },
			{ leadId: 'wmB', type: 'link_clicked', id: 'k2' },
		];
		const e = await catchError(run({ inputShape: 'perEvent' }, items));
		expect(e.message).toBe(
			'Item 1: invalid event item — leadId: is required: the lead this event belongs to (looked in leadId, externalUserId)',
		);
		const out = await run({ inputShape: 'perEvent' }, items, true);
		expect(jsons(out).map((j) => j.error ?? j.leadId)).toEqual([e.message, 'wmB']);
		expect(out[0].map((o) => o.pairedItem)).toEqual([{ item: 0 }, [{ item: 1 }]]);
	});
});

describe('Lead Score node: model and outputs', () => {
	it('loads the model from JSON and names the rule of a bad one (every item fails with Continue On Fail)', async () => {
		const model = JSON.stringify({ engagementRules: [{ id: 'demo', events: ['demo_requested'], points: 40, cap: { points: 10 } }] });
		const e = await catchError(run({ model: 'json', modelJson: model }, [lead('L1', [])]));
		expect(e.message).toBe('Invalid scoring model — engagement rule "demo" (engagementRules[0]) → cap.days: Required');
		const out = await run({ model: 'json', modelJson: model }, [lead('L1', []), lead('L2', [])], true);
		expect(jsons(out)).toEqual([0, 1].map(() => ({ error: e.message, description: e.description })));
		expect(out[0].map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const good = await run(
			{ model: 'json', modelJson: { engagementRules: [{ id: 'demo', events: ['demo_requested'], points: 40 }], decay: { mode: 'none' } } },
			[lead('L1', [{ type: 'demo_requested', id: 'd' }])],
		);
		expect(jsons(good)[0].engagementScore).toBe(40);
	});

	it('edits the playbook in the form (custom rules) and names the rule of a bad condition', async () => {
		const ui = modelToUi(PLAYBOOK_MODEL);
		ui.engagementRules[2].points = 4; // tracked link
		const [r] = jsons(
			await run(
				{ model: 'custom', engagementRules: { rule: ui.engagementRules }, fitRules: { rule: ui.fitRules }, stages: { stage: ui.stages } },
				[lead('L1', [{ type: 'link_clicked', id: 'k' }])],
			),
		);
		expect(r.engagementScore).toBe(4);
		ui.engagementRules[2].conditions = 'url startswith';
		const e = await catchError(run({ model: 'custom', engagementRules: { rule: ui.engagementRules } }, [lead('L1', [])]));
		expect(e.message).toBe(
			'Invalid scoring model — engagement rule "tracked_link_click" (#3) → conditions line 1 "url startswith" has no known operator after "url" (use =, !=, >, >=, <, <=, contains, contains any of, not contains, starts with, ends with, matches, in, exists, not exists, is true)',
		);
	});

	it('model options change the playbook: a gate of 2 makes the trial lead sales-ready', async () => {
		const [r] = jsons(await run({ modelOptions: { gateRequired: 2 } }, [lead('L1', [{ type: 'trial_requested', id: 't' }])]));
		expect([r.stage, r.salesReady]).toEqual(['sql', true]);
	});

	it('a second output carries only the leads whose stage changed', async () => {
		const [stored] = jsons(await run({}, [lead('L1', [{ type: 'link_clicked', id: 'k' }])]));
		const items = [
			lead('L1', [{ type: 'article_read', id: 'r' }], { profile: stored.profile }),
			lead('L2', [{ type: 'trial_requested', id: 't' }]),
		];
		const out = await run({ stageChangedOutput: true, modelOptions: { gateRequired: 2 } }, items);
		expect(out).toHaveLength(2);
		expect(jsons(out, 0).map((j) => [j.leadId, j.stage, j.stageChanged])).toEqual([
			['L1', 'activated', false],
			['L2', 'sql', true],
		]);
		expect(jsons(out, 1).map((j) => j.leadId)).toEqual(['L2']);
		expect(out[1].map((o) => o.pairedItem)).toEqual([{ item: 1 }]);
	});

	it('computes at the given now; a now that is not a time is an error', async () => {
		const item = lead('L1', [{ type: 'trial_requested', id: 't', time: '2025-06-12T10:00:00+08:00' }]);
		const [later] = jsons(await run({ now: '2025-08-11T10:00:00+08:00' }, [item]));
		expect(later.engagementScore).toBe(15); // one 60-day half-life
		const [millis] = jsons(await run({ now: Date.parse('2025-08-11T02:00:00Z') }, [item]));
		expect(millis.engagementScore).toBe(15);
		const e = await catchError(run({ now: 'tomorrow' }, [item]));
		expect(e.message).toBe(
			'Now: "tomorrow" is not a time (use ISO 8601 such as 2025-06-12T10:00:00+08:00, epoch seconds or milliseconds, or leave it empty)',
		);
		const tz = await catchError(run({ options: { timezone: 'Mars/Olympus' } }, [item]));
		expect(tz.message).toMatch(/^Timezone: "Mars\/Olympus" is not a timezone/);
	});
});
