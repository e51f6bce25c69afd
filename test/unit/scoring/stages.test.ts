import type { LeadProfile } from '../../../lib/scoring/types';
import { GOOD_FIT, NOW, DAY, ev, model, runs, score } from './support';

const BANT = { budget: '50万', authority: true, need: 'yes', timing: 'Q3' };
const noDecay = model({ decay: { mode: 'none' } });

describe('stages', () => {
	it('walks the playbook ladder by thresholds: first contact → activated → engaged → MQL → SQL', () => {
		const r = runs(noDecay, [
			{ events: [ev('group_joined', 9)], attributes: GOOD_FIT },
			{ events: [ev('link_clicked', 8)] },
			{ events: [ev('discussion_joined', 7), ev('good_question', 7)] },
			{ events: [ev('trial_requested', 5)] },
			{ events: [ev('sdr_call_logged', 4, { attributes: BANT })] },
		]);
		expect(r.map((x) => [x.previousStage, x.stage, x.stageChanged])).toEqual([
			[null, 'firstContact', true],
			['firstContact', 'activated', true],
			['activated', 'engaged', true],
			['engaged', 'mql', true],
			['mql', 'sql', true],
		]);
		// The trial request met "need"; the gate still wanted budget, authority (a 总监 meets it) and timing.
		expect(r[3].explanation.gate).toEqual({ required: 4, met: ['authority', 'need'], missing: ['budget', 'timing'], passed: false });
		expect(r[4].explanation.gate.passed).toBe(true);
		expect(r.map((x) => x.salesReady)).toEqual([false, false, false, false, true]);
	});

	it('stays below MQL while fit is low, however engaged the lead is (MQL needs fit ≥ 20)', () => {
		const r = score(noDecay, [ev('trial_requested', 2), ev('live_attended', 1)], { attributes: { title: 'student' } });
		expect([r.engagementScore, r.fitScore, r.stage]).toEqual([40, 0, 'engaged']);
	});

	it('a new lead may skip stages, and the explanation says which thresholds it met', () => {
		const r = score(noDecay, [ev('trial_requested', 1)], { attributes: { ...GOOD_FIT, ...BANT } });
		expect([r.previousStage, r.stage, r.stageChanged, r.salesReady]).toEqual([null, 'sql', true, true]);
		expect(r.explanation.stage).toBe('new lead → sql: engagement 30 ≥ 25, fit 60 ≥ 20, hand-off gate met');
	});

	it('a lead without events starts at the first stage', () => {
		const r = score(noDecay, []);
		expect([r.stage, r.previousStage, r.stageChanged, r.engagementScore]).toEqual(['firstContact', null, true, 0]);
		const again = score(noDecay, [], { profile: r.profile });
		expect([again.stage, again.previousStage, again.stageChanged]).toEqual(['firstContact', 'firstContact', false]);
	});

	it('sales rejected at once → "rejected"; accepted then returned → "recycled" (MRL): different states', () => {
		const sql = score(noDecay, [ev('trial_requested', 10)], { attributes: { ...GOOD_FIT, ...BANT } });
		const rejected = score(noDecay, [ev('sales_rejected', 9)], { profile: sql.profile });
		expect([rejected.previousStage, rejected.stage, rejected.stageChanged, rejected.salesReady]).toEqual(['sql', 'rejected', true, false]);
		expect(rejected.explanation.events[0].note).toBe(
			'sales rejected the lead without accepting it → rejected; engagement points reset, the lead requalifies from zero',
		);

		const accepted = score(noDecay, [ev('sales_accepted', 9)], { profile: sql.profile });
		expect([accepted.stage, accepted.profile.acceptedAt]).toEqual(['sal', NOW - 9 * DAY]);
		const returned = score(noDecay, [ev('sales_rejected', 2)], { profile: accepted.profile });
		expect([returned.previousStage, returned.stage]).toEqual(['sal', 'recycled']);
		expect(returned.explanation.events[0].note).toMatch(/^sales returned the lead after accepting it → recycled \(MRL\)/);
		// The event type does not decide it; acceptance does ("sales_returned" on a never-accepted lead is a rejection).
		expect(score(noDecay, [ev('sales_returned', 9)], { profile: sql.profile }).stage).toBe('rejected');
		expect(score(noDecay, [ev('opportunity_created', 8), ev('deal_lost', 1)], { profile: sql.profile }).stage).toBe('recycled');
	});

	it('a rejected or recycled lead stays there until it requalifies for MQL with new points', () => {
		const attributes = { ...GOOD_FIT, ...BANT };
		const [, , stillRejected, requalified] = runs(noDecay, [
			{ events: [ev('trial_requested', 20)], attributes },
			{ events: [ev('sales_rejected', 19)] },
			{ events: [ev('discussion_joined', 10), ev('good_question', 10)] },
			{ events: [ev('live_attended', 5)] },
		]);
		expect([stillRejected.stage, stillRejected.engagementScore, stillRejected.salesReady]).toEqual(['rejected', 15, false]);
		expect(stillRejected.explanation.stage).toBe('rejected: stays until its scores reach mql again');
		// Once-per-lead rules stay spent, so the new points come from new behaviour.
		expect([requalified.previousStage, requalified.stage, requalified.engagementScore]).toEqual(['rejected', 'sql', 25]);
		expect(requalified.explanation.stage).toMatch(/^requalified from rejected: engagement 25 ≥ 25/);
	});

	it('keeps the engagement points when resetting is turned off', () => {
		const m = model({ decay: { mode: 'none' }, outcomes: { resetEngagement: false } });
		const r = runs(m, [
			{ events: [ev('trial_requested', 5), ev('sales_accepted', 4)], attributes: { ...GOOD_FIT, ...BANT } },
			{ events: [ev('sales_returned', 1)] },
		]);
		// Still above MQL's threshold, so it requalifies at once: the reason resetting is the default.
		expect([r[0].stage, r[1].stage, r[1].engagementScore]).toEqual(['sal', 'sql', 30]);
	});

	it('outcomes move forward only: accepted, opportunity, won', () => {
		const r = runs(noDecay, [
			{ events: [ev('sales_accepted', 5)] },
			{ events: [ev('opportunity_created', 4)] },
			{ events: [ev('sales_accepted', 3)] },
			{ events: [ev('deal_won', 2)] },
		]);
		expect(r.map((x) => x.stage)).toEqual(['sal', 'opportunity', 'opportunity', 'customer']);
		expect(r[2].explanation.events[0].note).toBe('accepted: stays at opportunity (stages only move forward)');
	});

	it('outcome-only stages are never reached by score', () => {
		const r = score(
			model({ decay: { mode: 'none' }, engagementCap: 500, groupCaps: {} }),
			Array.from({ length: 30 }, (_, i) => ev('good_question', i)),
			{ attributes: { ...GOOD_FIT, ...BANT } },
		);
		expect([r.engagementScore, r.stage]).toEqual([30, 'sql']); // rule cap 30 per 30 days
	});

	it('custom stages and thresholds; a stage no longer in the model is replaced by the thresholds', () => {
		const m = model({
			decay: { mode: 'none' },
			stages: [{ id: 'cold' }, { id: 'warm', minEngagement: 5 }, { id: 'hot', minEngagement: 20, minFit: 10 }],
			handoffStage: 'hot',
			outcomes: {
				requalifyStage: 'warm',
				accepted: { events: ['sales_accepted'], stage: 'hot' },
				opportunity: { events: ['opportunity_created'], stage: 'hot' },
				won: { events: ['deal_won'], stage: 'hot' },
			},
		});
		const r = score(m, [ev('discussion_joined', 1)]);
		expect(r.stage).toBe('warm');
		const old = { ...r.profile, stage: 'mql' } as LeadProfile;
		const moved = score(m, [], { profile: old });
		expect([moved.previousStage, moved.stage]).toEqual(['mql', 'warm']);
		expect(moved.explanation.stage).toBe('"mql" (no longer a stage of this model) → warm: engagement 5 ≥ 5');
	});
});
