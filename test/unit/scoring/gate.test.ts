import { GOOD_FIT, ev, model, score } from './support';

const mqlLead = [ev('trial_requested', 1)];

describe('BANT hand-off gate', () => {
	it('needs all four criteria by default (the playbook: budget, need, team/authority, timing)', () => {
		const m = model();
		const three = score(m, mqlLead, { attributes: { ...GOOD_FIT, budget: 'approved', timing: '' } });
		expect(three.explanation.gate).toEqual({ required: 4, met: ['budget', 'authority', 'need'], missing: ['timing'], passed: false });
		expect([three.stage, three.salesReady]).toEqual(['mql', false]);
		const four = score(m, mqlLead, { attributes: { ...GOOD_FIT, budget: 'approved', purchaseTiming: '2025Q3' } });
		expect([four.stage, four.salesReady, four.explanation.gate.passed]).toEqual(['sql', true, true]);
	});

	it('how many criteria must be met is configurable', () => {
		const two = model({ gate: { required: 2 } });
		const r = score(two, mqlLead, { attributes: GOOD_FIT });
		expect([r.explanation.gate.met, r.salesReady, r.stage]).toEqual([['authority', 'need'], true, 'sql']);
		const none = score(model({ gate: { required: 0 } }), mqlLead, { attributes: { title: 'Marketing Manager', email: 'x@y.z' } });
		expect([none.stage, none.salesReady]).toEqual(['sql', true]);
	});

	it('"no"-like answers do not meet a criterion (否, 无, no, false, 0, empty)', () => {
		const m = model({ gate: { required: 1 } });
		for (const budget of ['否', '无', 'no', 'FALSE', 0, '', false, null]) {
			const r = score(m, [], { attributes: { budget } });
			expect([budget, r.explanation.gate.met]).toEqual([budget, []]);
		}
		expect(score(m, [], { attributes: { budget: '50万' } }).explanation.gate.met).toEqual(['budget']);
	});

	it('criteria can be any conditions on the lead, and rules can meet them (a trial request shows need)', () => {
		const m = model({
			gate: {
				required: 2,
				criteria: {
					budget: { conditions: [{ field: 'budgetCny', op: 'gte', value: 100000 }] },
					authority: { conditions: [{ field: 'role', op: 'in', value: ['decision maker', 'economic buyer'] }] },
					need: { conditions: [] },
					timing: { conditions: [{ field: 'timing', op: 'in', value: ['this quarter', 'next quarter'] }] },
				},
			},
		});
		const r = score(m, [], { attributes: { budgetCny: '200000', role: 'user', timing: 'Next Quarter' } });
		expect(r.explanation.gate.met).toEqual(['budget', 'timing']);
		const marked = score(m, [ev('trial_requested', 0)], { attributes: { role: 'user' } });
		expect(marked.explanation.gate.met).toEqual(['need']);
		expect(marked.explanation.events[0].note).toBe('meets "need"');
	});

	it('sales-ready needs the gate and at least the hand-off stage', () => {
		const attributes = { ...GOOD_FIT, budget: true, timing: 'Q4' };
		const early = score(model(), [ev('link_clicked', 0)], { attributes });
		expect([early.explanation.gate.passed, early.stage, early.salesReady]).toEqual([false, 'activated', false]); // need not met yet
		const gateOnly = score(model(), [ev('link_clicked', 0)], { attributes: { ...attributes, need: 'yes' } });
		expect([gateOnly.explanation.gate.passed, gateOnly.stage, gateOnly.salesReady]).toEqual([true, 'activated', false]);
		const lowHandoff = score(model({ handoffStage: 'activated' }), [ev('link_clicked', 0)], { attributes: { ...attributes, need: 'yes' } });
		expect(lowHandoff.salesReady).toBe(true);
	});
});
