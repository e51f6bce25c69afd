/** Reads a dot path ("data.url"); a key that itself contains dots is tried whole first. */
export function getPath(obj: unknown, path: string): unknown {
	if (obj === null || typeof obj !== 'object') return undefined;
	const rec = obj as Record<string, unknown>;
	if (path in rec) return rec[path];
	let v: unknown = obj;
	for (const key of path.split('.')) {
		if (v === null || typeof v !== 'object') return undefined;
		v = (v as Record<string, unknown>)[key];
	}
	return v;
}
