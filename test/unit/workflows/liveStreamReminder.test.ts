import { runCode } from './codeNode';
import { settingsOf, template } from './support';

const t = template('02-live-stream-reminder.json');
const defaults = settingsOf(t);
// Invitation sent on Monday 9 June 2025, 10:00 China time; the event starts Thursday 12 June, 19:30.
const NOW = '2025-06-09T10:00:00+08:00';
const settings: Record<string, any> = { ...defaults, eventStart: '2025-06-12T19:30:00+08:00', timeScale: 1 };

const journeys = (people: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) =>
	runCode(t, 'Plan Journeys', { input: people, nodes: { Settings: [{ ...settings, ...extra }] }, now: NOW }).map((i) => i.json);

describe('Live-stream reminder: Plan Journeys', () => {
	it("schedules guidance 1–3 days later at each person's active hour, China time, and the reminder 5 minutes before the start", () => {
		const [evening, morning] = journeys([
			{ event_id: 'e', person_id: 'a', active_hour: 20 },
			{ event_id: 'e', person_id: 'b', active_hour: 8 },
		]);
		// 20:00 the next day is more than a day away; 08:00 the next day is not, so the day after.
		expect(evening).toMatchObject({
			guidance_due: '2025-06-10T20:00:00.000+08:00',
			guidance_at: '2025-06-10T20:00:00.000+08:00',
			reminder_at: '2025-06-12T19:25:00.000+08:00',
		});
		expect(morning.guidance_at).toBe('2025-06-11T08:00:00.000+08:00');
		expect(morning.reminder_at).toBe('2025-06-12T19:25:00.000+08:00');
	});

	it('starts journeys only for people who have not registered, with the default hour when none is known', () => {
		const out = journeys([
			{ event_id: 'e', person_id: 'registered', registered: true, active_hour: 9 },
			{ event_id: 'e', person_id: 'unknown-hour', active_hour: null },
		]);
		expect(out.map((j) => j.person_id)).toEqual(['unknown-hour']);
		expect(out[0].active_hour).toBe(settings.defaultActiveHour);
	});

	it('skips guidance that would come after the reminder (event too close), keeping the reminder', () => {
		const [j] = journeys([{ event_id: 'e', person_id: 'a', active_hour: 21 }], { eventStart: '2025-06-10T20:00:00+08:00' });
		expect(j.guidance_due).toBe('2025-06-10T21:00:00.000+08:00');
		expect(j.guidance_at).toBeNull();
		expect(j.reminder_at).toBe('2025-06-10T19:55:00.000+08:00');
	});

	it('compresses every wait toward now by the time scale, keeping their order', () => {
		const [j] = journeys([{ event_id: 'e', person_id: 'a', active_hour: 20 }], { timeScale: 1 / 20000 });
		const now = Date.parse(NOW);
		expect(Date.parse(j.guidance_at) - now).toBe(Math.round((Date.parse('2025-06-10T20:00:00+08:00') - now) / 20000));
		expect(Date.parse(j.reminder_at) - now).toBe(Math.round((Date.parse('2025-06-12T19:25:00+08:00') - now) / 20000));
	});
});

describe('Live-stream reminder: Check Registration', () => {
	const check = (body: Record<string, unknown>, now = NOW) =>
		runCode(t, 'Check Registration', { input: [{ body }], nodes: { Settings: [settings] }, now })[0].json;

	it('normalizes the person and picks the channel they can be reached on', () => {
		expect(check({ name: '李雷', phone: '138 0013 8000' })).toMatchObject({
			valid: true,
			person_id: '13800138000',
			channel: 'sms',
			event_id: settings.eventId,
		});
		expect(check({ name: '韩梅梅', email: 'Mei@Example.com' })).toMatchObject({
			valid: true,
			person_id: 'mei@example.com',
			channel: 'email',
		});
		expect(check({ name: 'x', phone: '13800138000', email: 'x@example.com', channel: 'email' }).channel).toBe('email');
		// Asked for SMS but gave only an email: email it is.
		expect(check({ name: 'x', email: 'x@example.com', channel: 'sms' }).channel).toBe('email');
		// The upsert key is never the caller's: a posted person_id is ignored (no hijacking someone's reminders).
		expect(check({ name: 'x', phone: '+86 138 0013 8000', person_id: 'crm-42' }).person_id).toBe('13800138000');
		expect(check({ name: 'x', email: 'x@example.com', person_id: '13800000001' }).person_id).toBe('x@example.com');
	});

	it('names every problem', () => {
		expect(check({ name: '', phone: '12345', email: 'nope', event_id: 'other' }).errors).toEqual([
			'name is required',
			'phone must be a mainland China mobile number',
			'email is not a valid address',
			'unknown event other',
		]);
		expect(check({ name: 'x' }).errors).toEqual(['phone or email is required']);
	});

	it('schedules no reminder for a registration after the reminder time', () => {
		expect(check({ name: 'x', phone: '13800138000' }).reminder_at).toBe('2025-06-12T19:25:00.000+08:00');
		expect(check({ name: 'x', phone: '13800138000' }, '2025-06-12T19:26:00+08:00').reminder_at).toBeNull();
	});
});

describe('Live-stream reminder: Compose Message', () => {
	const compose = (person: Record<string, unknown>) =>
		runCode(t, 'Compose Message', { input: [person], nodes: { Settings: [settings] } })[0].json;

	it("writes each stage's message with the right link and the status it leads to", () => {
		const base = { event_id: 'e', person_id: 'p', name: '李雷', phone: '13800138000', channel: 'sms' };
		const guidance = compose({ ...base, stage: 'guidance' });
		expect(guidance).toMatchObject({ status: 'guided', sms_template_id: settings.smsTemplateGuidance, channel: 'sms' });
		expect(guidance.text).toContain('6月12日 19:30');
		expect(guidance.text).toContain(settings.registrationUrl);
		expect(compose({ ...base, stage: 'reminder_registrant' })).toMatchObject({
			status: 'reminded',
			sms_params: ['李雷', settings.eventTitle, settings.roomUrl],
		});
		expect(compose({ ...base, stage: 'reminder_invitee' }).status).toBe('stopped');
		expect(compose({ ...base, stage: 'replay' }).text).toContain(settings.replayUrl);
	});

	it('falls back to the channel the person can be reached on, and refuses an unknown stage', () => {
		expect(compose({ person_id: 'p', name: 'x', email: 'x@example.com', channel: 'sms', stage: 'replay' }).channel).toBe('email');
		expect(() => compose({ person_id: 'p', stage: 'spam' })).toThrow('Unknown stage "spam"');
	});
});
