import { readMapping } from '../../../nodes/CrmOutcomesTrigger/poll';
import { hubspotOutcomes } from '../../../lib/crm/targets/hubspot/outcomes';

const node = {
	id: '1',
	name: 'CRM Outcomes',
	type: 'n8n-nodes-wecom-growth.crmOutcomesTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
} as any;
const defaults = hubspotOutcomes.defaultFields;

describe('CRM Outcomes Trigger: reading the editor rows', () => {
	it('reads rules (values split on commas, Chinese commas and lines) and keeps default fields unless set', () => {
		const m = readMapping(
			node,
			{ rules: [{ field: 'hs_lead_status', values: 'UNQUALIFIED， BAD_FIT\nJUNK', outcome: 'rejected' }] },
			{ reason: 'why_lost' },
			defaults,
		);
		expect(m.rules).toEqual([{ field: 'hs_lead_status', values: ['UNQUALIFIED', 'BAD_FIT', 'JUNK'], outcome: 'rejected' }]);
		expect(m.fields).toEqual({ ...defaults, reason: 'why_lost' });
		expect(readMapping(node, { rules: [{ field: 'x', values: 'a', outcome: 'won' }] }, { amount: '' }, defaults).fields.amount).toBe('');
	});

	it('names the rule row and field of a bad entry', () => {
		expect(() =>
			readMapping(
				node,
				{
					rules: [
						{ field: 'ok', values: 'a', outcome: 'won' },
						{ field: 'bad field', values: 'a', outcome: 'won' },
					],
				},
				{},
				defaults,
			),
		).toThrow('Outcome Rules → rule 2 → field: must be a CRM field name');
		expect(() => readMapping(node, { rules: [{ field: 'ok', values: ' , ', outcome: 'won' }] }, {}, defaults)).toThrow(
			'Outcome Rules → rule 1 → values: list at least one value',
		);
		expect(() => readMapping(node, { rules: [{ field: 'ok', values: 'a', outcome: 'maybe' }] }, {}, defaults)).toThrow(
			'Outcome Rules → rule 1 → outcome',
		);
		expect(() => readMapping(node, {}, {}, defaults)).toThrow('Outcome Rules: add at least one rule');
		expect(() =>
			readMapping(node, { rules: [{ field: 'ok', values: 'a', outcome: 'won' }] }, { leadId: '', fallbackLeadId: '' }, defaults),
		).toThrow('set the Lead ID Field or the Fallback Lead ID Field');
	});
});
