import { ZodError } from 'zod';
import { eventItemSchema, groupByLead, leadItemSchema, profileSchema } from '../../../lib/scoring/input';
import type { ItemFields } from '../../../lib/scoring/input';

const FIELDS: ItemFields = {
	profile: 'profile',
	events: 'events',
	leadId: ['leadId', 'externalUserId'],
	attributes: 'lead',
	event: { type: ['type', 'trigger'], id: ['id', 'eventId'], time: ['time', 'createTime'] },
};
const NOW = Date.parse('2025-06-12T02:00:00Z');
const issues = (schema: { safeParse: (v: unknown) => { success: boolean; error?: ZodError } }, v: unknown) => {
	const r = schema.safeParse(v);
	return r.success ? [] : r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('reading items', () => {
	it('checks a stored profile and names the broken part', () => {
		expect(issues(profileSchema, undefined)).toEqual([]);
		expect(issues(profileSchema, '')).toEqual([]);
		expect(
			issues(profileSchema, {
				v: 1,
				seen: {
					since: 1,
					ids: [
						['a', 1],
						['b', '2'],
					],
				},
			}),
		).toEqual(['seen.ids.1: must be a [event ID, time] pair']);
		expect(issues(profileSchema, { ledger: { click: { awarded: 2, entries: [[1, 2, 3]] } } })).toEqual([
			'ledger.click.entries.0: must be a [time, points] pair',
		]);
		expect(issues(profileSchema, { ledger: { click: 5 } })).toEqual(['ledger.click: must be { awarded, entries }']);
		expect(issues(profileSchema, { hits: { pricing: ['x'] } })).toEqual(['hits.pricing: must be a list of times']);
		expect(issues(profileSchema, { once: 'trial' })).toEqual(['once: must be a list of rule IDs']);
		expect(issues(profileSchema, [1, 2])).toEqual([': must be the profile object this node output last time (or empty for a new lead)']);
	});

	it('reads a per-lead item: events as a list or JSON text, attributes, lead ID alternatives', () => {
		const schema = leadItemSchema(FIELDS, 'Asia/Shanghai', NOW);
		const r = schema.parse({
			externalUserId: 'wmA',
			lead: '{"title":"CMO"}',
			events: JSON.stringify([{ trigger: 'customerAdded', eventId: 'cb1', createTime: 1749607200 }, { type: 'link_clicked' }]),
		});
		expect(r).toEqual({
			leadId: 'wmA',
			profile: null,
			attributes: { title: 'CMO' },
			events: [
				{
					id: 'cb1',
					type: 'customerAdded',
					time: 1749607200000,
					data: { trigger: 'customerAdded', eventId: 'cb1', createTime: 1749607200 },
				},
				{ type: 'link_clicked', time: NOW, data: { type: 'link_clicked' } },
			],
		});
		expect(issues(schema, { lead: ['x'] })).toEqual(['lead: must be an object of lead fields (title, company, companySize…)']);
		expect(issues(schema, { leadId: {} })).toEqual(['leadId: must be a text or a number']);
		expect(issues(schema, { events: [{ type: 'x', attributes: 'budget' }] })).toEqual([
			'events.0.attributes: must be an object of lead fields (e.g. {"budget": true})',
		]);
		expect(issues(schema, { events: [{ type: 'x', id: { a: 1 } }] })).toEqual(['events.0.id: must be a text or a number']);
	});

	it("groups per-event items by lead, keeping each lead's item indexes and the first profile", () => {
		const schema = eventItemSchema(FIELDS, 'UTC', NOW);
		const items = [
			{ leadId: 'a', type: 'x', id: '1', profile: { v: 1, stage: 'mql' } },
			{ leadId: 7, type: 'x', id: '2' },
			{ leadId: 'a', type: 'y', id: '3', lead: { title: 'CMO' } },
		].map((json, index) => ({ index, value: schema.parse(json) }));
		const groups = groupByLead(items);
		expect(groups.map((g) => [g.leadId, g.indexes, g.profile?.stage ?? null, g.events.map((e) => e.id), g.attributes])).toEqual([
			['a', [0, 2], 'mql', ['1', '3'], { title: 'CMO' }],
			['7', [1], null, ['2'], undefined],
		]);
		// The stored profile is not part of the event's data (a derived ID must not depend on it).
		expect(items[0].value.event.data.profile).toBeUndefined();
	});
});
