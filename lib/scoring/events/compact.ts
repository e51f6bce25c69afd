/** Drops empty fields (undefined, null, ''), so a lead's stored attributes are never blanked. */
export function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
	return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== '')) as Partial<T>;
}

export const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v).trim());
