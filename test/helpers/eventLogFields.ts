import type { LogFields } from '../../lib/scoring/eventLog';
import type { EventFields } from '../../lib/scoring/read';
import { DEFAULT_EVENT_FIELDS, fieldList } from '../../lib/scoring/read';

/** The event's type, ID and time fields under Lead Score's default names. */
export function defaultEventFields(): EventFields {
	return {
		type: fieldList(DEFAULT_EVENT_FIELDS.type),
		id: fieldList(DEFAULT_EVENT_FIELDS.id),
		time: fieldList(DEFAULT_EVENT_FIELDS.time),
	};
}

/** An event-log row's columns as Lead Score's fields default them: the event in `event`, the lead in `leadId`, its attributes in `lead`. */
export function defaultLogFields(): LogFields {
	return { event: 'event', leadId: ['leadId'], attributes: 'lead', eventFields: defaultEventFields() };
}
