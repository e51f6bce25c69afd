import { readMapping } from '../../../nodes/CrmOutcomesTrigger/poll';
import { properties } from '../../../nodes/CrmOutcomesTrigger/description';
import { hubspotDealOutcomes, hubspotOutcomes } from '../../../lib/crm/targets/hubspot/outcomes';

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

describe('CRM Outcomes Trigger: Watch (leads or deals)', () => {
	const prop = (name: string) => properties.find((p) => p.name === name)!;

	it('defaults to leads/contacts, so saved triggers keep their rules, fields and cursor', () => {
		expect(prop('watch').default).toBe('leads');
		for (const t of ['hubspot', 'salesforce', 'fxiaoke']) {
			expect(prop(`${t}Rules`).displayOptions?.show).toEqual({ target: [t], watch: ['leads'] });
			expect(prop(`${t}DealRules`).displayOptions?.show).toEqual({ target: [t], watch: ['deals'] });
			expect(prop(`${t}DealFields`).description).toMatch(/Fields starting with "(contact|Lead|lead)\."/);
		}
	});

	it('offers the deal stages as default rows: HubSpot closedwon → won, Salesforce IsWon → won, Fxiaoke sales_status 2 → won', () => {
		const first = (name: string) => (prop(name).default as any).rules[0];
		expect(first('hubspotDealRules')).toEqual({ field: 'dealstage', values: 'closedwon', outcome: 'won' });
		expect(first('salesforceDealRules')).toEqual({ field: 'IsWon', values: 'true', outcome: 'won' });
		expect(first('fxiaokeDealRules')).toEqual({ field: 'sales_status', values: '2', outcome: 'won' });
		const dealFields = readMapping(node, prop('hubspotDealRules').default, {}, hubspotDealOutcomes.defaultFields).fields;
		expect(dealFields).toMatchObject({ leadId: 'contact.wecom_external_userid', amount: 'amount' });
	});
});
