/**
 * A scored lead as CRM Push reads it: contact fields, source attribution (channel, group, join
 * code state, campaign, inviting SDR) and the score as an activity whose title the marketer words.
 */
export interface ScoredLead {
	leadId?: string;
	stage?: string;
	stageLabel?: string;
	engagementScore?: number;
	fitScore?: number;
	salesReady?: boolean;
	explanation?: { summary?: string };
	lead?: Record<string, unknown>;
}

export const DEFAULT_ACTIVITY_TITLE = '{stage}：互动 {engagementScore} · 匹配 {fitScore}';

const str = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : String(v));

/** `{stage}`, `{engagementScore}`, `{fitScore}`, `{name}`, `{company}`; unknown placeholders stay as written. */
export function fillTitle(template: string, values: Record<string, string | number | undefined>): string {
	return template.replace(/\{(\w+)\}/g, (all, k: string) => (values[k] === undefined ? all : String(values[k])));
}

export function crmLeadFrom(r: ScoredLead, o: { now: number; activityTitle: string; activityType: string }) {
	const l = r.lead ?? {};
	const stage = r.stageLabel || r.stage;
	return {
		externalUserId: str(l.externalUserId) ?? r.leadId,
		name: str(l.name),
		company: str(l.company),
		title: str(l.title),
		email: str(l.email),
		phone: str(l.phone),
		stage: r.stage,
		engagementScore: r.engagementScore,
		fitScore: r.fitScore,
		salesReady: r.salesReady,
		source: {
			channel: str(l.channel),
			groupId: str(l.groupId),
			groupName: str(l.groupName),
			state: str(l.state),
			campaign: str(l.campaign),
			sdrUserId: str(l.sdrUserId),
		},
		activities: [
			{
				type: o.activityType,
				at: new Date(o.now).toISOString(),
				title: fillTitle(o.activityTitle || DEFAULT_ACTIVITY_TITLE, {
					stage,
					engagementScore: r.engagementScore,
					fitScore: r.fitScore,
					name: str(l.name),
					company: str(l.company),
				}),
				detail: r.explanation?.summary ?? '',
			},
		],
	};
}
