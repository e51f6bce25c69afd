import type { IDataObject } from 'n8n-workflow';

/**
 * The lead the Lead Score form tests score (versions 2–5 against each other): her attributes, an
 * item of one lead, and the history that meets every part of the playbook the forms show (a rule
 * with event conditions and repeats, a once-per-lead rule, a BANT criterion).
 */
export const LI_NA = { title: 'Head of Growth', company: 'Acme', email: 'li.na@acme.cn', companySize: 300, industry: 'Software' };

export const lead = (leadId: string, events: IDataObject[], extra: IDataObject = {}): IDataObject => ({
	leadId,
	lead: LI_NA,
	events,
	...extra,
});

/** A link click, a trial request, three pricing-page views, a discussion and a group join. */
export const playbookEvents = (): IDataObject[] => [
	{ type: 'link_clicked', id: 'a' },
	{ type: 'trial_requested', id: 'b' },
	{ type: 'page_viewed', id: 'c', url: '/pricing' },
	{ type: 'page_viewed', id: 'c2', url: '/pricing?x' },
	{ type: 'page_viewed', id: 'c3', url: '/价格' },
	{ type: 'discussion_joined', id: 'd' },
	{ type: 'group_joined', id: 'e' },
];

/** The item fields that give Li Na every BANT criterion (the hand-off gate passes). */
export const gateMetExtra = (): IDataObject => ({ lead: { ...LI_NA, budget: true, authority: '是', need: 1, purchaseTiming: 'yes' } });
