import type { INodeProperties, INodePropertyCollection } from 'n8n-workflow';
import { modelFromForm } from '../../../lib/scoring/formModel';
import { PLAYBOOK_MODEL } from '../../../lib/scoring/playbook';
import { LeadScore } from '../../../nodes/LeadScore/LeadScore.node';

/** The version 2 form as the editor lays it out: what a marketer sees and edits. */
const props = new LeadScore().description.properties as INodeProperties[];
const v2 = (name: string) =>
	props.find((p) => p.name === name && (p.displayOptions?.show?.['@version'] as number[] | undefined)?.includes(2)) as INodeProperties;
const v1 = (name: string) =>
	props.find((p) => p.name === name && (p.displayOptions?.show?.['@version'] as number[] | undefined)?.includes(1)) as INodeProperties;
const rowFields = (p: INodeProperties) => ((p.options as INodePropertyCollection[])[0].values as INodeProperties[]).map((f) => f);
const names = (fields: INodeProperties[]) => fields.filter((f) => f.type !== 'hidden').map((f) => f.name);
const byName = (fields: INodeProperties[], name: string) => fields.find((f) => f.name === name) as INodeProperties;
const more = (fields: INodeProperties[]) => byName(fields, 'more').options as INodeProperties[];

describe('Lead Score form layout (version 2)', () => {
	it('shows the playbook as its starting point: every list field defaults to the playbook, nothing hidden behind a mode', () => {
		expect((v2('model').options as Array<{ value: string }>).map((o) => o.value)).toEqual(['fields', 'json']);
		expect(v2('model').default).toBe('fields');
		const form = {
			engagement: v2('engagement').default,
			fit: v2('fit').default,
			stages: v2('ladder').default,
			gate: v2('gate').default,
			gateRequired: v2('gateRequired').default,
			groupLimits: v2('groupLimits').default,
		};
		expect(modelFromForm(form as never)).toEqual(PLAYBOOK_MODEL);
	});

	it('keeps a rule row short: name, events, points, group, limit up front; the rest under More', () => {
		const engagement = rowFields(v2('engagement'));
		expect(names(engagement)).toEqual(['name', 'events', 'points', 'group', 'limit', 'limitPoints', 'limitDays', 'more']);
		expect(byName(engagement, 'limitPoints').displayOptions).toEqual({ show: { limit: ['custom'] } });
		expect(more(engagement).map((f) => f.name)).toEqual([
			'conditions',
			'match',
			'conditionsText',
			'countTimes',
			'countDays',
			'bant',
			'ruleId',
		]);
		const fit = rowFields(v2('fit'));
		expect(names(fit)).toEqual(['name', 'points', 'conditions', 'match', 'more']);
	});

	it('takes conditions as rows (field, operator, value) with operators that need no regular expression', () => {
		const conditions = byName(rowFields(v2('fit')), 'conditions');
		expect(conditions.type).toBe('fixedCollection');
		const row = (conditions.options as INodePropertyCollection[])[0].values as INodeProperties[];
		expect(row.map((f) => [f.name, f.type])).toEqual([
			['field', 'string'],
			['operator', 'options'],
			['value', 'string'],
		]);
		const operators = (byName(row, 'operator').options as Array<{ value: string }>).map((o) => o.value);
		expect(operators).toEqual(expect.arrayContaining(['containsAny', 'in', 'gte', 'lte', 'equals', 'exists', 'isTrue']));
		expect(operators).not.toContain('matches');
		// Operators without a value hide the value field.
		expect(byName(row, 'value').displayOptions?.hide?.operator).toEqual(['exists', 'notExists', 'isTrue']);
		// The text language stays as the advanced option.
		expect(byName(more(rowFields(v2('fit'))), 'conditionsText').displayName).toBe('Conditions as Text (Advanced)');
	});

	it('has group limits and the hand-off gate as rows, not text', () => {
		const limits = rowFields(v2('groupLimits'));
		expect(limits.map((f) => [f.name, f.type])).toEqual([
			['group', 'string'],
			['points', 'number'],
		]);
		expect(rowFields(v2('gate')).map((f) => f.name)).toEqual(['criterion', 'field', 'operator', 'value']);
	});

	it('builds the rule rows of both versions from one builder: shared fields are the same field, version 1 keeps its parameters', () => {
		const [e1, e2] = [rowFields(v1('engagementRules')), rowFields(v2('engagement'))];
		for (const name of ['events', 'points', 'group', 'name']) expect([name, byName(e1, name).type]).toEqual([name, byName(e2, name).type]);
		expect(byName(e1, 'match')).toEqual(byName(more(e2), 'match'));
		expect(byName(e1, 'countDays')).toEqual(byName(more(e2), 'countDays'));
		expect({ ...byName(e1, 'marks'), name: 'bant', default: 'need', options: undefined }).toEqual({
			...byName(more(e2), 'bant'),
			options: undefined,
		});
		// Version 1's parameters (saved workflows read them) are unchanged.
		expect(names(e1)).toEqual([
			'id',
			'name',
			'events',
			'points',
			'group',
			'frequency',
			'conditions',
			'match',
			'capPoints',
			'capDays',
			'countTimes',
			'countDays',
			'marks',
		]);
		expect(names(rowFields(v1('fitRules')))).toEqual(['id', 'name', 'conditions', 'match', 'points', 'group']);
		expect([byName(e1, 'points').default, byName(e1, 'countTimes').default, byName(e1, 'marks').default]).toEqual([1, 1, 'none']);
	});

	it("offers an engagement rule the same optional settings in version 2's More and every version 3 rule list's Options", () => {
		const v2Settings = more(rowFields(v2('engagement')));
		const v3Lists = props.find((p) => p.name === 'engagementV3')!.options as INodePropertyCollection[];
		expect(v3Lists.map((l) => l.name)).toEqual(['community', 'content', 'intent', 'other']);
		for (const list of v3Lists) {
			const v3Settings = byName(list.values as INodeProperties[], 'options').options as INodeProperties[];
			expect(v3Settings.map((f) => [f.name, f.type, f.default])).toEqual([
				['conditions', 'fixedCollection', {}],
				['match', 'options', 'all'],
				['conditionsText', 'string', ''],
				['countTimes', 'number', 3],
				['countDays', 'number', 7],
				['bant', 'options', 'need'],
				['ruleId', 'string', ''],
			]);
			expect(v3Settings).toEqual(v2Settings);
		}
	});
});
