import type { DigestOptions } from '../../../lib/digest/assemble';
import type { Entry, EntryInput } from '../../../lib/digest/entry';
import { entrySchema, toEntry } from '../../../lib/digest/entry';
import { defaultSections } from '../../../lib/digest/sections';
import fixture from '../../fixtures/digest/entries.json';

export const ZONE = 'Asia/Shanghai';

/** Validates like the node does; throws on a bad entry. */
export function entries(list: Array<Record<string, unknown>>, zone = ZONE): Entry[] {
	const schema = entrySchema(zone);
	return list.map((raw, i) => toEntry(schema.parse(raw) as EntryInput, i));
}

export const fixtureEntries = () => entries(fixture as Array<Record<string, unknown>>);

export function options(over: Partial<DigestOptions> = {}): DigestOptions {
	return {
		date: '2025-03-03',
		timeZone: ZONE,
		groups: [{ id: 'martech-6', name: 'MarTech 6群' }, { id: 'saas-2' }],
		sections: defaultSections('zh'),
		format: 'markdown',
		language: 'zh',
		titleSimilarity: 0.85,
		maxAgeDays: 0,
		...over,
	};
}

export const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
