import { DateTime } from 'luxon';

/** When a live stream's messages go out; every value a marketer sets in the template's Settings. */
export interface JourneyRules {
	/** ISO date-time of the start, with its offset (e.g. 2025-06-12T19:30:00+08:00). */
	eventStart: string;
	durationMinutes: number;
	reminderMinutesBefore: number;
	replayDelayMinutes: number;
	/** Guidance goes out this many days after planning at the earliest … */
	guidanceMinDays: number;
	/** … and is dropped when the person's hour does not come before this many days. */
	guidanceMaxDays: number;
	/** The hour (0–23) used when a person's active hour is unknown. */
	defaultActiveHour: number;
	/** Waits run this much faster (tests); 1 is real time. */
	timeScale: number;
	timezone: string;
}

export interface JourneyPlan {
	planned_at: string;
	active_hour: number;
	/** Real times (what the person experiences). */
	guidance_due: string | null;
	reminder_due: string;
	replay_due: string;
	/** What the Wait nodes wait until (the real times, scaled toward planned_at); null: nothing to wait for. */
	guidance_at: string | null;
	reminder_at: string | null;
	replay_at: string | null;
}

export class JourneyError extends Error {}

function validHour(v: unknown): number | undefined {
	if (v === null || v === undefined || v === '') return undefined;
	const n = Number(v);
	return Number.isInteger(n) && n >= 0 && n <= 23 ? n : undefined;
}

/**
 * Plans one person's journey from one moment (the launch, or their registration): guidance at
 * their active hour 1–3 days later (only before the reminder), the reminder N minutes before the
 * start, the replay after the end. Planning every time at once keeps them on schedule however long
 * the steps before a wait take.
 */
export function planJourney(rules: JourneyRules, plannedAt: string | number, activeHour?: unknown): JourneyPlan {
	const zone = rules.timezone;
	const now = (typeof plannedAt === 'number' ? DateTime.fromMillis(plannedAt) : DateTime.fromISO(plannedAt)).setZone(zone);
	if (!now.isValid) throw new JourneyError(`Planned At is not a date-time: ${String(plannedAt)}`);
	const start = DateTime.fromISO(rules.eventStart, { setZone: true }).setZone(zone);
	if (!start.isValid) throw new JourneyError(`Event Start is not an ISO date-time (e.g. 2025-06-12T19:30:00+08:00): ${rules.eventStart}`);
	if (!(rules.timeScale > 0)) throw new JourneyError(`Time Scale must be above 0, got ${rules.timeScale}`);
	const defaultHour = validHour(rules.defaultActiveHour);
	if (defaultHour === undefined)
		throw new JourneyError(`Default Active Hour must be a whole hour from 0 to 23, got ${rules.defaultActiveHour}`);
	if (rules.guidanceMaxDays < rules.guidanceMinDays)
		throw new JourneyError(`Guidance Latest (${rules.guidanceMaxDays} days) is before Guidance Earliest (${rules.guidanceMinDays} days)`);

	const scaled = (t: DateTime) => now.plus({ milliseconds: Math.round((t.toMillis() - now.toMillis()) * rules.timeScale) }).toISO()!;
	const ahead = (t: DateTime) => (t > now ? scaled(t) : null);
	const hour = validHour(activeHour) ?? defaultHour;
	const reminder = start.minus({ minutes: rules.reminderMinutesBefore });
	const replay = start.plus({ minutes: rules.durationMinutes + rules.replayDelayMinutes });

	const earliest = now.plus({ days: rules.guidanceMinDays });
	let guidance = earliest.set({ hour, minute: 0, second: 0, millisecond: 0 });
	if (guidance < earliest) guidance = guidance.plus({ days: 1 });
	const guidanceDue = guidance <= now.plus({ days: rules.guidanceMaxDays }) ? guidance : undefined;
	return {
		planned_at: now.toISO()!,
		active_hour: hour,
		guidance_due: guidanceDue ? guidanceDue.toISO()! : null,
		reminder_due: reminder.toISO()!,
		replay_due: replay.toISO()!,
		// Too close to the start: no guidance, only the reminder.
		guidance_at: guidanceDue && guidanceDue < reminder ? ahead(guidanceDue) : null,
		reminder_at: ahead(reminder),
		replay_at: ahead(replay),
	};
}
