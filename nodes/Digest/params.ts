import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';
import type { DigestGroup, DigestOptions } from '../../lib/digest/assemble';
import { knowledgeCalendarSchema } from '../../lib/digest/calendar';
import { DEFAULT_DIGEST_TIME_ZONE, isDay, isTimeZone, todayIn } from '../../lib/digest/dates';
import { KNOWN_ENTRY_TYPES, typeKey } from '../../lib/digest/entry';
import { DIGEST_FORMATS } from '../../lib/digest/render';
import { OTHER_TYPES, sectionSchema } from '../../lib/digest/sections';
import { parseSentLog } from '../../lib/digest/sentLog';
import { TEXTS } from '../../lib/digest/texts';
import { parseHostList } from '../../lib/links/validate';
import { parseInput } from '../shared/errors';
import { groupNameFromPick } from '../shared/wecom/groupPickers';
import { idFrom } from '../shared/wecom/locators';

const list = (v: string) =>
	v
		.split(/[\n,，]+/)
		.map((s) => s.trim())
		.filter(Boolean);

const schema = z
	.object({
		date: z
			.string()
			.trim()
			.refine((d) => d === '' || isDay(d), 'must be a date like 2025-03-03, or empty for today'),
		timeZone: z.string().trim().refine(isTimeZone, 'is not a time zone (use an IANA name like Asia/Shanghai)'),
		groupsSource: z.enum(['list', 'entries', 'lines']),
		groups: z.string(),
		format: z.enum(DIGEST_FORMATS),
		outputMode: z.enum(['message', 'group']),
		titleLine: z.string(),
		sections: z.array(sectionSchema.extend({ heading: z.string().trim() })).min(1, 'add at least one section'),
		knowledgeCalendar: knowledgeCalendarSchema,
		options: z.object({
			alreadySent: z.string().default(''),
			allowedLinkHosts: z
				.string()
				.default('')
				.superRefine((v, ctx) => {
					const bad = parseHostList(v).invalid;
					if (bad.length) ctx.addIssue({ code: 'custom', message: `not a host: ${bad.join(', ')}` });
				}),
			calendarOrder: z.enum(['shuffled', 'inOrder']).default('shuffled'),
			carriedOutput: z.enum(['all', 'partlyShown']).default('all'),
			calendarStartDate: z.string().trim().refine(isDay, 'must be a date like 2024-01-01').default('2024-01-01'),
			recentlyUsed: z.string().default(''),
			footer: z.string().trim().default(''),
			language: z.enum(['zh', 'en']).default('zh'),
			maxBytes: z.number().int().min(256, 'must be at least 256').max(4096, 'must be at most 4096').optional(),
			maxAgeDays: z.number().int().min(0).default(0),
			titleSimilarity: z.number().min(0).max(1, 'must be between 0 and 1').default(0.85),
		}),
	})
	.superRefine((p, ctx) => {
		if (p.groupsSource !== 'entries' && !parseGroups(p.groups).length)
			ctx.addIssue({ code: 'custom', path: ['groups'], message: 'list at least one group' });
		if (p.format === 'text' && (p.options.maxBytes ?? 0) > 2048)
			ctx.addIssue({ code: 'custom', path: ['options', 'maxBytes'], message: "must be at most 2048 for text messages (WeCom's limit)" });
	});

export type DigestParams = z.infer<typeof schema>;

/** "id | name" lines, or "id" only. */
export function parseGroups(text: string): DigestGroup[] {
	const out = new Map<string, DigestGroup>();
	for (const line of text.split(/\n+/)) {
		const [id, ...name] = line.split('|');
		if (!id?.trim()) continue;
		out.set(id.trim(), { id: id.trim(), name: name.join('|').trim() || undefined });
	}
	return [...out.values()];
}

/**
 * Group List rows: the group's ID (or name) and a display name; a group picked from WeCom's list
 * without one shows under its WeCom name. A group listed twice keeps its last row.
 */
export function groupRows(value: IDataObject): DigestGroup[] {
	const out = new Map<string, DigestGroup>();
	for (const row of (value.group as IDataObject[] | undefined) ?? []) {
		const id = idFrom(row.group);
		if (!id) continue;
		const picked = row.group && typeof row.group === 'object' ? (row.group as IDataObject) : undefined;
		const name = String(row.displayName ?? '').trim() || (picked?.mode === 'list' ? groupNameFromPick(picked.cachedResultName) : '');
		out.set(id, { id, name: name || undefined });
	}
	return [...out.values()];
}

/** The node's parameters, read once: the digest aggregates all items. */
export function readParams(ctx: IExecuteFunctions, now?: Date): { params: DigestParams; options: DigestOptions; linkHosts: string[] } {
	// No fallbacks: n8n fills in the declared defaults. Only "groups" can be hidden (and absent).
	const get = (name: string, fallback?: unknown) =>
		fallback === undefined ? ctx.getNodeParameter(name, 0) : ctx.getNodeParameter(name, 0, fallback);
	const calendar = parseJson(get('knowledgeCalendar'));
	if (!calendar.ok)
		throw new NodeOperationError(ctx.getNode(), `Knowledge Calendar (JSON) is not valid JSON: ${calendar.problem}`, {
			description: 'Write an array such as [{"title": "…", "link": "https://…"}] or ["title 1", "title 2"].',
		});
	const source = get('groupsSource');
	// Version 2's "From a List" is rows (a picked group or any key, a display name); lines otherwise.
	const rows = source === 'list' && ctx.getNode().typeVersion >= 2 ? groupRows(get('groupList', {}) as IDataObject) : undefined;
	const raw = {
		date: String(get('date') ?? ''),
		timeZone: String(get('timeZone') || DEFAULT_DIGEST_TIME_ZONE),
		groupsSource: get('groupsSource'),
		groups: rows ? rows.map((g) => g.id).join('\n') : String(source === 'entries' ? '' : (get('groups', '') ?? '')),
		format: get('format'),
		outputMode: get('outputMode'),
		titleLine: String(get('titleLine') ?? ''),
		sections: ((get('sections') as IDataObject).section as IDataObject[] | undefined) ?? [],
		knowledgeCalendar: calendar.value,
		options: (get('options') ?? {}) as IDataObject,
	};
	const params = parseInput(ctx.getNode(), schema, raw, 0, 'parameters');
	const texts = TEXTS[params.options.language];
	const builtIn = new Map(Object.entries(texts.headings).map(([type, heading]) => [type === OTHER_TYPES ? type : typeKey(type), heading]));
	const known = new Set<string>(KNOWN_ENTRY_TYPES.map(typeKey));
	const options: DigestOptions = {
		date: params.date || todayIn(params.timeZone, now),
		timeZone: params.timeZone,
		groups: rows ?? (params.groupsSource === 'entries' ? undefined : parseGroups(params.groups)),
		sections: params.sections.map((s) => {
			const k = s.type === OTHER_TYPES ? OTHER_TYPES : typeKey(s.type);
			const heading = s.heading || builtIn.get(k) || (known.has(k) ? k : s.type);
			return { ...s, heading, moreUrl: s.overflow === 'more' ? s.moreUrl : undefined };
		}),
		format: params.format,
		language: params.options.language,
		titleLine: params.titleLine || undefined,
		footer: params.options.footer || undefined,
		calendar: params.knowledgeCalendar.length
			? {
					points: params.knowledgeCalendar,
					order: params.options.calendarOrder,
					startDate: params.options.calendarStartDate,
					recentlyUsed: list(params.options.recentlyUsed),
				}
			: undefined,
		titleSimilarity: params.options.titleSimilarity,
		maxAgeDays: params.options.maxAgeDays,
		maxBytes: params.format === 'html' ? undefined : params.options.maxBytes,
		sent: params.options.alreadySent.trim() ? parseSentLog(params.options.alreadySent) : undefined,
	};
	return { params, options, linkHosts: parseHostList(params.options.allowedLinkHosts).hosts };
}

/** The JSON field arrives as text (typed) or as a value (from an expression). */
function parseJson(value: unknown): { ok: true; value: unknown } | { ok: false; problem: string } {
	if (typeof value !== 'string') return { ok: true, value: value ?? [] };
	if (!value.trim()) return { ok: true, value: [] };
	try {
		return { ok: true, value: JSON.parse(value) };
	} catch (e) {
		return { ok: false, problem: (e as Error).message };
	}
}
