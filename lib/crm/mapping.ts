import { displayName, leadKey, matchValueOf, refFor, splitName, toMs } from './lead';
import { CRM_TARGET_LIST, crmTarget } from './targets';
import type { ActivitySpec, CrmTarget, FieldValue, Lead, LeadField, MatchOn, PreparedLead, TaskSpec } from './types';

/**
 * Default lead field → CRM field per target (each target's `fieldMap`). Custom properties
 * (wecom_*, *__c) must exist in the CRM; docs/crm-push.md lists them. Users override any entry or
 * add custom fields.
 */
export const DEFAULT_FIELD_MAPS: Record<string, Partial<Record<LeadField, string>>> = Object.fromEntries(
	CRM_TARGET_LIST.map((t) => [t.id, t.fieldMap]),
);

export { DEFAULT_HUBSPOT_STAGE_MAP, HUBSPOT_LIFECYCLE_ORDER } from './targets/hubspot/stages';

export const stageKey = (s: string) => s.toLowerCase().replace(/[\s_-]/g, '');

export interface TaskOptions {
	enabled: boolean;
	/** `{name}`, `{company}`, `{groupName}`... are replaced by the lead's values. */
	subject: string;
	dueInHours: number;
	priority: 'HIGH' | 'MEDIUM' | 'LOW';
	/**
	 * One task per lead and key. Empty: one follow-up task per lead, ever. A template such as
	 * `{campaign}` gives one task per campaign.
	 */
	key?: string;
}

export interface MappingConfig {
	target: CrmTarget;
	matchOn: MatchOn;
	/** Lead field → CRM field; an empty CRM field drops the lead field. */
	fieldMap?: Partial<Record<LeadField, string>>;
	/** CRM field → fixed value, sent for every lead. */
	customFields?: Record<string, FieldValue>;
	/** Extra or replacement stage → CRM stage entries. */
	stageMap?: Record<string, string>;
	/** WeCom user ID of the SDR → CRM owner/user ID. */
	ownerMap?: Record<string, string>;
	task?: TaskOptions;
	logActivities?: boolean;
	/** Existing records keep their values; only empty fields are filled (unverified input). */
	fillEmptyOnly?: boolean;
	now?: number;
}

export const DEFAULT_TASK_SUBJECT = 'Follow up: {name} ({company}) from {groupName}';

/** Fills `{field}` placeholders; a missing value and the brackets around it disappear. */
export function renderTemplate(template: string, lead: Lead): string {
	const values: Record<string, string> = { name: displayName(lead) };
	for (const [k, v] of Object.entries(lead)) if (k !== 'activities' && v !== undefined) values[k] = String(v);
	return template
		.replace(/\{(\w+)\}/g, (_m, k: string) => values[k] ?? '')
		.replace(/\(\s*\)|\[\s*\]|（\s*）/g, '')
		.replace(/\s+(from|via|in)\s*$/i, '')
		.replace(/\s{2,}/g, ' ')
		.trim();
}

/** The attribution block every task body and webhook payload carries. */
export function attributionLines(lead: Lead): string[] {
	const line = (label: string, v: unknown) => (v === undefined || v === '' ? [] : [`${label}: ${String(v)}`]);
	return [
		...line('Channel', lead.channel),
		...line('WeCom group', [lead.groupName, lead.groupId ? `(${lead.groupId})` : ''].filter(Boolean).join(' ') || undefined),
		...line('Join code state', lead.state),
		...line('Campaign', lead.campaign),
		...line('UTM', [lead.utmSource, lead.utmMedium, lead.utmCampaign].filter(Boolean).join(' / ') || undefined),
		...line('Invited by SDR', lead.sdrUserId),
		...line('Stage', lead.stage),
		...line('Engagement score', lead.engagementScore),
		...line('Fit score', lead.fitScore),
		...line('Sales ready', lead.salesReady),
	];
}

export function mapStage(target: CrmTarget, stage: string, extra: Record<string, string> = {}): string {
	const custom = Object.fromEntries(Object.entries(extra).map(([k, v]) => [stageKey(k), v]));
	const key = stageKey(stage);
	if (custom[key] !== undefined) return custom[key];
	return crmTarget(target).stageMap?.[key] ?? stage;
}

/** Maps one validated lead to the target's fields, owner, task and activity records. */
export function prepareLead(index: number, lead: Lead, cfg: MappingConfig): PreparedLead {
	const matchValue = matchValueOf(lead, cfg.matchOn);
	const key = leadKey(cfg.target, cfg.matchOn, matchValue);
	const map = { ...DEFAULT_FIELD_MAPS[cfg.target], ...(cfg.fieldMap ?? {}) };
	// Names: CRMs with first/last fields get a split full name; Fxiaoke's `name` gets the display name.
	const names = splitName(lead);
	const source: Lead = { ...lead, ...names, name: lead.name ?? (names.lastName ? displayName(lead) : undefined) };
	const fields: Record<string, FieldValue> = {};
	for (const [leadField, crmField] of Object.entries(map) as Array<[LeadField, string | undefined]>) {
		if (!crmField) continue;
		let v = source[leadField];
		if (v === undefined || v === '') continue;
		if (leadField === 'stage') v = mapStage(cfg.target, String(v), cfg.stageMap);
		if (leadField === cfg.matchOn) v = matchValue;
		fields[crmField] = v;
	}
	for (const [k, v] of Object.entries(cfg.customFields ?? {})) if (k && v !== '') fields[k] = v;
	const ownerId = lead.sdrUserId ? cfg.ownerMap?.[String(lead.sdrUserId)] : undefined;
	const now = cfg.now ?? Date.now();

	let task: TaskSpec | undefined;
	if (cfg.task?.enabled) {
		const subject = renderTemplate(cfg.task.subject || DEFAULT_TASK_SUBJECT, lead);
		const ref = refFor(key, 'task', renderTemplate(cfg.task.key ?? '', lead));
		task = {
			ref,
			subject,
			body: [`New lead from the WeCom community: ${displayName(lead)}`, ...attributionLines(lead), '', `Ref: ${ref}`].join('\n'),
			dueAt: now + cfg.task.dueInHours * 3600_000,
			priority: cfg.task.priority,
			ownerId,
		};
	}
	const activities: ActivitySpec[] = cfg.logActivities
		? lead.activities.map((a) => {
				const at = toMs(a.at);
				const ref = refFor(key, 'activity', a.type, at, a.title ?? '');
				const subject = a.title ? `${a.type}: ${a.title}` : a.type;
				return {
					ref,
					subject,
					at,
					body: [subject, a.detail ?? '', `At: ${new Date(at).toISOString()}`, '', `Ref: ${ref}`].filter((l, i) => i !== 1 || l).join('\n'),
				};
			})
		: [];
	return { index, lead, matchValue, key, fields, ownerId, task, activities, ...(cfg.fillEmptyOnly ? { fillEmptyOnly: true } : {}) };
}

/** Parses "a=b" lines (or commas) into a map; used for owner and stage maps. */
export function parsePairs(text: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const part of text.split(/[\n,;]+/)) {
		const i = part.indexOf('=');
		if (i <= 0) continue;
		const k = part.slice(0, i).trim();
		const v = part.slice(i + 1).trim();
		if (k) out[k] = v;
	}
	return out;
}
