import { compact, text } from './compact';

/**
 * A tracked link click (/webhook/t?lid=<external_userid>&url=<target>&c=<campaign>) as a scoring
 * event. Only a click on an allowed link by a known lead is tracked; the redirect happens anyway
 * (to the fallback when the link was refused). Link previews and double taps within the window
 * are one click: the event ID names the window.
 */
export interface LinkClick {
	leadId: unknown;
	/** The checked link (Link Check's url: the parsed link, or the fallback). */
	url: unknown;
	/** Whether Link Check accepted the link. */
	allowed: unknown;
	campaign?: unknown;
	now: number;
	/** Clicks on the same link by the same lead within this many seconds count once. */
	sameClickSeconds: number;
}

export interface ClickEvent {
	tracked: boolean;
	redirectTo: string;
	leadId: string;
	type: 'link_clicked';
	id: string;
	time: string;
	url: string;
	campaign: string;
	lead: Record<string, unknown>;
}

export function clickEvent(c: LinkClick): ClickEvent {
	const leadId = text(c.leadId);
	const url = text(c.url);
	const campaign = text(c.campaign);
	const windowMs = Math.max(1, Math.round(c.sameClickSeconds)) * 1000;
	return {
		tracked: c.allowed === true && !!leadId && !!url,
		redirectTo: url,
		leadId,
		type: 'link_clicked',
		id: `click:${leadId}:${url}:${Math.floor(c.now / windowMs)}`,
		time: new Date(c.now).toISOString(),
		url,
		campaign,
		lead: compact({ externalUserId: leadId, campaign }),
	};
}
