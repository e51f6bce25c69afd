import { safeText } from '../intake/text';
import { fillPlaceholders } from '../liveStream/message';
import { groupLabel } from './reports';
import type { MemberStanding } from './ladder';

/** The level-up message: {name}, {level}, {previousLevel}, {points}, {group}; the name is cleaned. */
export function renderLevelUp(s: MemberStanding, wording: string): string {
	return fillPlaceholders(
		wording,
		{
			name: safeText(s.member_name, 30) || s.member_id,
			level: s.level,
			previousLevel: s.previous_level,
			points: String(s.total),
			group: groupLabel(s.group_name),
		},
		'Level-Up Text',
	);
}
