import type { IDataObject, INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import type { CarriedEntry, DigestReport, DigestResult, GroupDigest } from '../../lib/digest/assemble';

/** Pairs an output item with the input items it was made from (n8n needs at least one). */
function paired(items: number[], fallback: number[]): IPairedItemData[] {
	const list = items.length ? items : fallback.length ? fallback : [0];
	return list.map((item) => ({ item }));
}

function reportSummary(r: DigestReport, skipped: IDataObject[]): IDataObject {
	return {
		entries: r.entries + skipped.length,
		rejected: skipped.length,
		// Left out (bad link, too long, bad date…): fix them in the source; the report went out without them.
		skipped,
		due: r.due,
		merged: r.merged,
		notYetDue: r.notYetDue.length,
		expired: r.expired.length,
		unsectioned: r.unsectioned,
		unknownGroup: r.unknownGroup,
		emptyGroups: r.emptyGroups,
		alreadySent: r.alreadySent,
	};
}

function common(d: GroupDigest): IDataObject {
	return { digestKey: d.key, group: d.group, groupName: d.groupName, date: d.date, format: d.format, title: d.title };
}

/** The body a robot send posts: {msgtype, markdown: {content}}. */
function robotMessage(d: GroupDigest, content: string): IDataObject | undefined {
	return d.format === 'html' ? undefined : { msgtype: d.format, [d.format]: { content } };
}

/**
 * One item per message (key = digest key + part) or one per group (key = digest key): both keys
 * are the same on every re-run of the day, for a "seen before" check ahead of the send.
 */
export function digestItems(result: DigestResult, mode: 'message' | 'group', skipped: IDataObject[]): INodeExecutionData[] {
	const report = reportSummary(result.report, skipped);
	const out: INodeExecutionData[] = [];
	for (const d of result.digests) {
		if (d.format === 'html') {
			const m = d.messages[0];
			out.push({
				json: {
					key: d.key,
					...common(d),
					subject: d.title,
					html: m.content,
					bytes: m.bytes,
					entryIds: d.entryIds,
					moreEntryIds: d.moreEntryIds,
					sections: d.sections as unknown as IDataObject[],
					knowledge: d.knowledge as IDataObject | undefined,
					report,
				},
				pairedItem: paired(d.sourceItems, []),
			});
			continue;
		}
		if (mode === 'group') {
			out.push({
				json: {
					key: d.key,
					...common(d),
					msgtype: d.format,
					parts: d.messages.length,
					messages: d.messages.map((m) => ({
						part: m.part,
						parts: m.parts,
						content: m.content,
						bytes: m.bytes,
						message: robotMessage(d, m.content),
					})) as IDataObject[],
					entryIds: d.entryIds,
					moreEntryIds: d.moreEntryIds,
					sections: d.sections as unknown as IDataObject[],
					knowledge: d.knowledge as IDataObject | undefined,
					report,
				},
				pairedItem: paired(d.sourceItems, []),
			});
			continue;
		}
		for (const m of d.messages) {
			out.push({
				json: {
					key: `${d.key}:${m.part}`,
					...common(d),
					msgtype: d.format,
					part: m.part,
					parts: m.parts,
					content: m.content,
					bytes: m.bytes,
					shortenedEntries: m.shortened,
					message: robotMessage(d, m.content),
					entryIds: m.entryIds,
					// The digest-wide lists go with the last part: mark entries sent once it went out.
					...(m.part === m.parts ? { digestEntryIds: d.entryIds, moreEntryIds: d.moreEntryIds } : {}),
					sections: d.sections as unknown as IDataObject[],
					knowledge: d.knowledge as IDataObject | undefined,
					report,
				},
				pairedItem: paired(m.sourceItems, d.sourceItems),
			});
		}
	}
	return out;
}

/** Carried entries as they should be stored for tomorrow: the input item, narrowed to the groups it missed. */
export function carriedItems(carried: CarriedEntry[], input: INodeExecutionData[]): INodeExecutionData[] {
	return carried.map((c) => ({
		json: {
			...input[c.entry.sourceItems[0]].json,
			id: c.entry.id,
			groups: c.groups,
			carriedOver: c.carriedOver,
			carriedFrom: c.carriedFrom,
			...(c.entry.mergedIds.length ? { mergedIds: c.entry.mergedIds } : {}),
		},
		pairedItem: paired(c.entry.sourceItems, []),
	}));
}
