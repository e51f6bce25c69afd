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

/**
 * `getPath` for one path, worked out once (conditions run per event): a plain key is one property
 * read, a dotted path is split once instead of on every call. Reads what `getPath` reads.
 */
export function pathGetter(path: string): (obj: unknown) => unknown {
	if (!path.includes('.')) return (obj) => (obj === null || typeof obj !== 'object' ? undefined : (obj as Record<string, unknown>)[path]);
	const keys = path.split('.');
	return (obj) => {
		if (obj === null || typeof obj !== 'object') return undefined;
		const rec = obj as Record<string, unknown>;
		if (path in rec) return rec[path];
		let v: unknown = obj;
		for (const key of keys) {
			if (v === null || typeof v !== 'object') return undefined;
			v = (v as Record<string, unknown>)[key];
		}
		return v;
	};
}
