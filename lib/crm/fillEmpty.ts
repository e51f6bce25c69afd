import type { PreparedLead } from './types';

const blank = (v: unknown) => v === undefined || v === null || String(v).trim() === '';

/**
 * The fields an update may write. With `fillEmptyOnly` (input nobody vouches for, such as a
 * public form) an existing record keeps every value it has: only its empty fields are filled.
 */
export function writableFields(lead: PreparedLead, changed: string[], current: (field: string) => unknown): string[] {
	return lead.fillEmptyOnly ? changed.filter((f) => blank(current(f))) : changed;
}
