/** HubSpot lifecycle stages in funnel order; a move to a lower rank is "backward". */
export const HUBSPOT_LIFECYCLE_ORDER = [
	'subscriber',
	'lead',
	'marketingqualifiedlead',
	'salesqualifiedlead',
	'opportunity',
	'customer',
	'evangelist',
];

/**
 * The pack's stages (Lead Score node, seeds 002/004) → HubSpot lifecycle stage internal values.
 * Keys are compared lower-case without spaces, dashes or underscores.
 */
export const DEFAULT_HUBSPOT_STAGE_MAP: Record<string, string> = {
	subscriber: 'subscriber',
	firstcontact: 'subscriber',
	new: 'subscriber',
	lead: 'lead',
	activated: 'lead',
	nurture: 'lead',
	mrl: 'lead',
	returned: 'lead',
	// Lead Score's outcome states: accepted then returned (MRL) goes back to nurture as a lead;
	// rejected at once is parked outside the funnel.
	recycled: 'lead',
	rejected: 'other',
	mql: 'marketingqualifiedlead',
	engaged: 'marketingqualifiedlead',
	marketingqualifiedlead: 'marketingqualifiedlead',
	sql: 'salesqualifiedlead',
	sal: 'salesqualifiedlead',
	decision: 'salesqualifiedlead',
	salesqualifiedlead: 'salesqualifiedlead',
	opportunity: 'opportunity',
	customer: 'customer',
	evangelist: 'evangelist',
};
