import { createHash } from 'crypto';
import { z } from 'zod';
import { dayOf } from './dates';
import type { Day } from './dates';
import { checkLink } from '../links/validate';
import type { LinkPolicy } from '../links/validate';

/** The entry types the playbook's morning report (营销早报) bundles; any other type is custom. */
export const KNOWN_ENTRY_TYPES = ['knowledge', 'event', 'goodNews', 'jobPost', 'jobSeeker', 'supplierRequest'] as const;

/** "Good News", "good_news" and "goodNews" are one type: people type these by hand. */
export function typeKey(type: string): string {
	return type.toLowerCase().replace(/[\s_-]+/g, '');
}

/** Empty cells (data tables, sheets) mean "not given". */
const blank = (v: unknown) => (v === null || v === '' ? undefined : v);
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(blank, schema.optional());

export function isHttpUrl(s: string): boolean {
	return checkLink(s).ok;
}

/** A link WeCom can open, checked like every other link of the pack; the value is the parsed form. */
export function linkSchema(policy: LinkPolicy = {}) {
	return z
		.string()
		.trim()
		.transform((value, ctx) => {
			const r = checkLink(value, policy);
			if (!r.ok) {
				ctx.addIssue({ code: 'custom', message: `${r.reason}` });
				return z.NEVER;
			}
			return r.url;
		});
}

/** A link WeCom can open: one message, one check. */
export const httpUrl = linkSchema();

/** Limits that keep one entry from taking over the report (or the machine). */
export const ENTRY_LIMITS = { id: 200, type: 64, title: 300, body: 20_000, author: 100, groups: 500, priority: 100 } as const;
const capped = (max: number) => z.string().max(max, `is longer than ${max} characters`);

const groupList = z.preprocess(
	(v) =>
		typeof v === 'string'
			? v
					.split(/[,\n，]+/)
					.map((s) => s.trim())
					.filter(Boolean)
			: v,
	z
		.array(z.union([z.string(), z.number()]).transform((g) => String(g).trim()))
		.max(ENTRY_LIMITS.groups, `lists more than ${ENTRY_LIMITS.groups} groups`)
		.transform((gs) => gs.filter(Boolean)),
);

/** What an input item must look like; the date is checked in the digest's time zone. */
export function entrySchema(zone: string, links: LinkPolicy = {}) {
	const L = ENTRY_LIMITS;
	return z.object({
		id: optional(z.union([capped(L.id).trim().min(1), z.number()]).transform(String)),
		type: z
			.string({ required_error: 'is required (knowledge, event, goodNews, jobPost, jobSeeker, supplierRequest or your own)' })
			.max(L.type, `is longer than ${L.type} characters`)
			.trim()
			.min(1, 'is empty'),
		title: z.string({ required_error: 'is required' }).max(L.title, `is longer than ${L.title} characters`).trim().min(1, 'is empty'),
		body: optional(capped(L.body)),
		link: optional(linkSchema(links)),
		author: optional(capped(L.author).trim()),
		date: optional(
			z.union([z.string(), z.number()]).transform((value, ctx) => {
				const day = dayOf(value, zone);
				if (day === undefined)
					ctx.addIssue({ code: 'custom', message: 'is not a date (use ISO 8601 like 2025-03-01 or 2025-03-01T08:00:00+08:00)' });
				return { value, day: day! };
			}),
		),
		groups: optional(groupList),
		priority: optional(
			z.coerce
				.number({ invalid_type_error: 'must be a number' })
				.finite('must be a number')
				.min(-L.priority, `must be between -${L.priority} and ${L.priority}`)
				.max(L.priority, `must be between -${L.priority} and ${L.priority}`),
		),
		carriedOver: optional(z.coerce.number().int().min(0, 'must be 0 or more')),
	});
}

export type EntryInput = z.infer<ReturnType<typeof entrySchema>>;

/** A validated entry, ready for the engine. */
export interface Entry {
	/** Given, or derived from the content so that it is stable across runs. */
	id: string;
	type: string;
	title: string;
	body?: string;
	link?: string;
	author?: string;
	/** The day the entry belongs to, in the digest's zone; undefined = due now. */
	day?: Day;
	/** Original date value, for sorting (older first) and output. */
	date?: string | number;
	/** Empty = every group. */
	groups: string[];
	priority: number;
	carriedOver: number;
	/** 0-based input items this entry came from (more than one after merging duplicates). */
	sourceItems: number[];
	/** Ids of duplicates merged into this entry. */
	mergedIds: string[];
}

export function toEntry(input: EntryInput, itemIndex: number): Entry {
	return {
		id: input.id ?? derivedId(input),
		type: input.type,
		title: input.title,
		body: input.body?.trim() ? input.body.replace(/\r\n?/g, '\n').trim() : undefined,
		link: input.link,
		author: input.author || undefined,
		day: input.date?.day,
		date: input.date?.value,
		groups: [...new Set(input.groups ?? [])],
		priority: input.priority ?? 0,
		carriedOver: input.carriedOver ?? 0,
		sourceItems: [itemIndex],
		mergedIds: [],
	};
}

function derivedId(e: EntryInput): string {
	const basis = [typeKey(e.type), e.title, e.link ?? '', e.author ?? '', String(e.date?.value ?? '')].join('\u0000');
	return `e-${createHash('sha1').update(basis).digest('hex').slice(0, 12)}`;
}

/** Sort key inside a section: higher priority first, then older first (carried ones), then input order. */
export function compareEntries(a: Entry, b: Entry): number {
	if (a.priority !== b.priority) return b.priority - a.priority;
	const ad = a.day ?? '9999-99-99';
	const bd = b.day ?? '9999-99-99';
	if (ad !== bd) return ad < bd ? -1 : 1;
	return a.sourceItems[0] - b.sourceItems[0];
}
