import { DateTime } from 'luxon';
import { TEMPLATE_TIME_SCALE } from '../globalSetup';
import { harness, sandboxCredentialData } from '../harness';
import {
	accepted,
	deployTemplate,
	emailText,
	eventually,
	failures,
	loadTemplate,
	requestMark,
	settingValue,
	withSettings,
} from './support';

const e2e = harness();
const template = loadTemplate(e2e, '02-live-stream-reminder.json');
const ZONE = 'Asia/Shanghai';
const AUDIENCE = 'live_audience';
const MESSAGES = 'live_messages';
const TOLERANCE_MS = 1500;
/** The replay is sent after per-registrant look-ups that follow its wait. */
const REPLAY_LATENESS_MS = 3000;

/** Where a real time lands when n8n runs the template with its time scale, counted from `from`. */
const scaled = (from: number, real: DateTime) => from + (real.toMillis() - from) * TEMPLATE_TIME_SCALE;

/** The Header Auth the live platform sends to /attendance (the sandbox credential, picked by type). */
const PLATFORM_KEY = (): Record<string, string> => {
	const c = sandboxCredentialData('httpHeaderAuth', e2e.sandboxUrl);
	return { [String(c.name)]: String(c.value) };
};
async function post(
	path: string,
	body: unknown,
	headers: Record<string, string> = path.endsWith('attendance') ? PLATFORM_KEY() : {},
): Promise<{ status: number; json: any; at: number }> {
	const at = Date.now();
	const r = await fetch(`${e2e.n8nUrl}/webhook/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	const text = await r.text();
	return { status: r.status, json: text && r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined, at };
}

describe('template 02: live-stream reminder in a real n8n, with real (scaled) times', () => {
	const eventId = `live_e2e_${Date.now()}`;
	// The event starts in two days: with the e2e time scale, about 8.6 s from the invitation.
	const start = DateTime.now().setZone(ZONE).plus({ days: 2 }).startOf('minute');
	// Invitee A is usually active six hours from now: guidance the next day at that hour.
	const activeHourA = DateTime.now().setZone(ZONE).plus({ hours: 6 }).hour;
	const A = { person_id: '13800000001', name: '陈晨', phone: '13800000001', email: '', channel: 'sms' };
	const B = { person_id: 'b.li@example.com', name: '李贝', phone: '', email: 'b.li@example.com', channel: 'email' };
	const C = { person_id: '13800000003', name: '周策', phone: '13800000003', email: '', channel: 'sms' };

	let workflowId = '';
	let launchedAt = 0;
	const registeredAt: Record<string, number> = {};
	let sms: Array<{ at: number; phone: string; templateId: string; text?: string }> = [];
	let emails: Array<{ at: number; to: string[]; subject: string; data: string }> = [];
	let mark = 0;

	beforeAll(async () => {
		await e2e.sandbox.reset();
		const workflow = withSettings(template, { eventId, eventStart: start.toISO()! });
		workflowId = (await deployTemplate(e2e, workflow)).id;
		// The invitee list, as imported into the data table from a CSV.
		await e2e.n8n.insertDataTableRows(
			AUDIENCE,
			[A, B, C].map((p, i) => ({
				event_id: eventId,
				...p,
				active_hour: i === 0 ? activeHourA : 9,
				registered: false,
				entered: false,
				status: 'invited',
			})),
		);
		mark = await requestMark(e2e);

		launchedAt = Date.now();
		const launch = await e2e.n8n.runManually(workflowId, 'Send Invitation');

		// B and C accept at once, D walks in from the group post; one registration is invalid.
		for (const [key, body] of Object.entries({
			B: { name: B.name, email: B.email, channel: 'email', person_id: B.person_id },
			C: { name: C.name, phone: '138 0000 0003' },
			D: { name: '丁迪', email: 'D.Ding@Example.com' },
		})) {
			const r = await post('live-stream/register', body);
			if (r.status !== 200)
				throw new Error(`registration ${key}: ${r.status} ${JSON.stringify(r.json)}; ${(await failures(e2e, workflowId)).join('; ')}`);
			expect([key, r.status, r.json?.ok]).toEqual([key, 200, true]);
			registeredAt[key] = r.at;
		}
		const bad = await post('live-stream/register', { name: '', phone: '12345' });
		expect(bad.status).toBe(422);
		expect(bad.json.errors).toEqual(['name is required', 'phone must be a mainland China mobile number']);
		// B enters the live room early (the live platform's callback).
		const entered = await post('live-stream/attendance', { email: B.email });
		if (entered.status !== 200)
			throw new Error(`attendance: ${entered.status} ${JSON.stringify(entered.json)}; ${(await failures(e2e, workflowId)).join('; ')}`);
		// Forged attendance: without the platform's key (403), or naming a person_id (matches nobody).
		expect((await post('live-stream/attendance', { phone: C.phone }, {})).status).toBe(403);
		expect((await post('live-stream/attendance', { person_id: C.person_id })).status).toBe(200);

		expect((await e2e.n8n.waitForExecution(launch, 60_000)).status).toBe('success');
		// Six messages in all: A guidance + reminder; C and D reminder + replay; none for B, already in the room.
		await eventually(
			async () => (await e2e.n8n.dataTableRows(MESSAGES)).filter((m) => m.event_id === eventId).length >= 6 || undefined,
			'six messages',
			30_000,
		);
		await new Promise((r) => setTimeout(r, 1500));
		sms = (await e2e.sandbox.sms()).filter((m) => m.at >= launchedAt);
		emails = (await e2e.sandbox.emails()).filter((m) => m.at >= launchedAt);
	}, 120_000);

	afterAll(async () => {
		if (workflowId) await e2e.n8n.deactivate(workflowId);
	});

	it('posts the invitation to the groups and gives each owner a mass-send to forward', async () => {
		const robot = (await accepted(e2e, '/cgi-bin/webhook/send', mark)).map((r) => r.body as any);
		expect(robot).toHaveLength(1);
		expect(robot[0].msgtype).toBe('markdown');
		expect(robot[0].markdown.content).toContain(settingValue(template, 'eventTitle'));
		expect(robot[0].markdown.content).toContain(start.toFormat('M月d日 HH:mm'));
		expect(robot[0].markdown.content).toContain(settingValue(template, 'registrationUrl'));
		const tasks = (await accepted(e2e, '/cgi-bin/externalcontact/add_msg_template', mark)).map((r) => r.body as any);
		expect(tasks.map((t) => t.sender).sort()).toEqual(['lisi', 'zhangsan']);
		for (const t of tasks)
			expect(t).toMatchObject({
				chat_type: 'group',
				attachments: [{ msgtype: 'link', link: { url: settingValue(template, 'registrationUrl') } }],
			});
	});

	it('guides the silent invitee at their active hour 1–3 days later, reminds them once 5 minutes before, then stops', () => {
		const toA = sms.filter((m) => m.phone === A.phone);
		expect(toA.map((m) => m.templateId)).toEqual(['LIVE_GUIDANCE', 'LIVE_REMINDER']);
		let guidance = DateTime.fromMillis(launchedAt, { zone: ZONE })
			.plus({ days: 1 })
			.set({ hour: activeHourA, minute: 0, second: 0, millisecond: 0 });
		if (guidance.toMillis() < launchedAt + 86400_000) guidance = guidance.plus({ days: 1 });
		expect(Math.abs(toA[0].at - scaled(launchedAt, guidance))).toBeLessThan(TOLERANCE_MS);
		expect(Math.abs(toA[1].at - scaled(launchedAt, start.minus({ minutes: 5 })))).toBeLessThan(TOLERANCE_MS);
		expect(toA[0].text).toContain(settingValue(template, 'registrationUrl'));
		expect(toA[1].text).toContain('现在报名还来得及');
	});

	it('reminds everyone who registered 5 minutes before the start, by the channel they chose, unless already in the room', () => {
		const reminderFor = (key: string) => scaled(registeredAt[key], start.minus({ minutes: 5 }));
		const toC = sms.filter((m) => m.phone === C.phone);
		expect(toC[0].templateId).toBe('LIVE_REMINDER');
		expect(Math.abs(toC[0].at - reminderFor('C'))).toBeLessThan(TOLERANCE_MS);
		expect(toC[0].text).toContain(settingValue(template, 'roomUrl'));
		const toD = emails.filter((m) => m.to.includes('d.ding@example.com'));
		expect(toD[0].subject).toBe(`5 分钟后开播：${settingValue(template, 'eventTitle')}`);
		expect(emailText(toD[0].data)).toContain(settingValue(template, 'roomUrl'));
		expect(Math.abs(toD[0].at - reminderFor('D'))).toBeLessThan(TOLERANCE_MS);
		// B entered the room early: no reminder, and no replay later.
		expect(emails.filter((m) => m.to.includes(B.email))).toHaveLength(0);
		// Guidance is only for people who have not accepted.
		expect(sms.filter((m) => m.phone === C.phone && m.templateId === 'LIVE_GUIDANCE')).toHaveLength(0);
	});

	it('sends the replay after the event only to registrants who never entered the room', () => {
		const end = start.plus({ minutes: settingValue(template, 'eventDurationMinutes') + settingValue(template, 'replayDelayMinutes') });
		const replays = [
			...sms.filter((m) => m.templateId === 'LIVE_REPLAY').map((m) => [m.phone, m.at] as const),
			...emails.filter((m) => m.subject.startsWith('直播回放')).map((m) => [m.to[0], m.at] as const),
		];
		expect(replays.map(([to]) => to).sort()).toEqual([C.phone, 'd.ding@example.com']);
		// Never before the event is over; after the wait, the replay path looks each registrant up
		// before sending, so it may land a little later than the scheduled messages.
		for (const [, at] of replays) {
			expect(at - scaled(launchedAt, end)).toBeGreaterThan(-TOLERANCE_MS);
			expect(at - scaled(launchedAt, end)).toBeLessThan(REPLAY_LATENESS_MS);
		}
		const lastReminder = Math.max(...sms.filter((m) => m.templateId === 'LIVE_REMINDER').map((m) => m.at));
		for (const [, at] of replays) expect(at).toBeGreaterThan(lastReminder);
		expect(emailText(emails.find((m) => m.subject.startsWith('直播回放'))!.data)).toContain(settingValue(template, 'replayUrl'));
	});

	it("keeps each person's status and every message in the data tables", async () => {
		const people = (await e2e.n8n.dataTableRows(AUDIENCE)).filter((p) => p.event_id === eventId);
		const status = Object.fromEntries(people.map((p) => [p.person_id, p.status]));
		expect(status).toEqual({
			[A.person_id]: 'stopped',
			[B.person_id]: 'attended',
			[C.person_id]: 'replay_sent',
			'd.ding@example.com': 'replay_sent',
		});
		expect(people.find((p) => p.person_id === 'd.ding@example.com')).toMatchObject({ registered: true, channel: 'email', name: '丁迪' });
		const log = (await e2e.n8n.dataTableRows(MESSAGES)).filter((m) => m.event_id === eventId);
		const stages = log.map((m) => `${m.person_id}:${m.stage}`).sort();
		expect(stages).toEqual(
			[
				`${A.person_id}:guidance`,
				`${A.person_id}:reminder_invitee`,
				`${C.person_id}:reminder_registrant`,
				`${C.person_id}:replay`,
				'd.ding@example.com:reminder_registrant',
				'd.ding@example.com:replay',
			].sort(),
		);
	});
});
