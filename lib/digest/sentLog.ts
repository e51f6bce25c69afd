/**
 * What each group was already sent: the state that replaces rewriting entries after a report.
 * Entries keep their row as submitted; every posted message adds one row to a sent log (group,
 * entry ids). The next report skips, per group, what that group already had, so an entry over a
 * cap simply comes back tomorrow in the groups that missed it, and nothing is written per entry.
 */
export type SentLog = Map<string, Set<string>>;

/** Lines "group | id, id, …" (one or more a group); ids comma-, space- or semicolon-separated. */
export function parseSentLog(text: string): SentLog {
	const log: SentLog = new Map();
	for (const line of text.split(/\n+/)) {
		const bar = line.indexOf('|');
		if (bar < 0) continue;
		const group = line.slice(0, bar).trim();
		if (!group) continue;
		const ids = line
			.slice(bar + 1)
			.split(/[\s,，;；]+/)
			.filter(Boolean);
		if (!ids.length) continue;
		const set = log.get(group) ?? new Set<string>();
		for (const id of ids) set.add(id);
		log.set(group, set);
	}
	return log;
}

/** True when the group already had this entry or one merged into it (the same news under another row). */
export function alreadySent(log: SentLog | undefined, group: string, ids: string[]): boolean {
	const sent = log?.get(group);
	return !!sent && ids.some((id) => sent.has(id));
}
