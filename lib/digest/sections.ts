import { z } from 'zod';
import type { Entry } from './entry';
import { httpUrl, typeKey } from './entry';
import type { Language } from './texts';
import { TEXTS } from './texts';

/** The section that takes every type no other section lists. */
export const OTHER_TYPES = '*';

export const sectionSchema = z.object({
	type: z.string().trim().min(1, 'is empty'),
	heading: z.string().trim().min(1, 'is empty'),
	/** Entries shown per group and day; 0 = no cap. */
	cap: z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more'),
	/** carry: kept for tomorrow; more: replaced by "…and N more" with an optional link. */
	overflow: z.enum(['carry', 'more']),
	moreUrl: z.preprocess((v) => (v === '' || v === null ? undefined : v), httpUrl.optional()),
});
export type SectionConfig = z.infer<typeof sectionSchema>;

const DEFAULT_CAPS: Array<[string, number]> = [
	['knowledge', 1],
	['event', 5],
	['goodNews', 5],
	['jobPost', 10],
	['jobSeeker', 10],
	['supplierRequest', 10],
	[OTHER_TYPES, 5],
];

/** The playbook's order: knowledge, events, good news, then every member request. */
export function defaultSections(language: Language = 'zh'): SectionConfig[] {
	return DEFAULT_CAPS.map(([type, cap]) => ({ type, heading: TEXTS[language].headings[type], cap, overflow: 'carry' }));
}

/** Finds each entry's section: its type, else the "*" section, else none (reported). */
export function sectionFinder(sections: SectionConfig[]): (e: Entry) => number | undefined {
	const byType = new Map<string, number>();
	sections.forEach((s, i) => {
		const k = s.type === OTHER_TYPES ? OTHER_TYPES : typeKey(s.type);
		if (!byType.has(k)) byType.set(k, i);
	});
	const other = byType.get(OTHER_TYPES);
	return (e) => byType.get(typeKey(e.type)) ?? other;
}

/** Duplicate section types would make an entry's place ambiguous. */
export function duplicateSectionType(sections: SectionConfig[]): string | undefined {
	const seen = new Set<string>();
	for (const s of sections) {
		const k = s.type === OTHER_TYPES ? OTHER_TYPES : typeKey(s.type);
		if (seen.has(k)) return s.type;
		seen.add(k);
	}
	return undefined;
}
