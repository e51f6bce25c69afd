import { DateTime } from 'luxon';
import { harness, nodeOutput, sandboxCredentialData } from '../harness';
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

/**
 * The journey test's own clock (Settings → timeScale): one day of the story takes about 17 s. Each
 * journey is scaled toward the moment it was planned (the launch, or a registration), so a
 * registration that n8n plans x seconds after the launch has its reminder x seconds later too
 * (x was 3–6 s on n8n 2.41 under load). The replay stays after the last reminder while x is under
 * the scaled gap between them, hence this slower clock and a replay two days after the event:
 * 5 + 90 + 2880 minutes, 36 s here (the template's 30-minute delay would leave 0.4 s at the
 * suite's 1/20000 clock).
 */
const JOURNEY_SCALE = 1 / 5000;
const REPLAY_DELAY_MINUTES = 2 * 24 * 60;
/**
 * A message leaves after its wait ends, never before. The look-ups and the claim after a wait took
 * 1–5 s on a busy 2-core machine, and up to 55 s with load average 20 and six n8n on two cores: a
 * bound only against a wait that never ends on time (what pins each time is the lower bound and
 * the order).
 */
const LATE_MS = 90_000;

/** Where a real time lands when n8n runs the template with `scale`, for a journey planned at `from`. */
const scaled = (from: number, real: DateTime, scale = JOURNEY_SCALE) => from + Math.round((real.toMillis() - from) * scale);

/** A message sent at `at` that was due at `due`: not before, and at most LATE_MS after. */
function expectOnTime(what: string, at: number | undefined, due: number): void {
	const late = at === undefined ? NaN : at - due;
	if (!(late >= 0 && late <= LATE_MS))
		throw new Error(`${what}: sent ${late} ms after it was due (expected 0 to ${LATE_MS} ms; due ${new Date(due).toISOString()})`);
}

/** The Header Auth the live platform sends to /attendance (the sandbox credential, picked by type). */
const PLATFORM_KEY = (): Record<string, string> => {
	const c = sandboxCredentialData('httpHeaderAuth', e2e.sandboxUrl);
	return { [String(c.name)]: String(c.value) };
};
async function post(
	path: string,
	body: unknown,
	headers: Record<string, string> = path.endsWith('attendance') ? PLATFORM_KEY() : {},
): Promise<{ status: number; json: any; at: number; done: number }> {
	const at = Date.now();
	const r = await fetch(`${e2e.n8nUrl}/webhook/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	const text = await r.text();
	return {
		status: r.status,
		json: text && r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined,
		at,
		done: Date.now(),
	};
}

describe('template 02: live-stream reminder in a real n8n, with real (scaled) times', () => {
	const eventId = `live_e2e_${Date.now()}`;
	// The event starts in two days: about 35 s after the invitation on this test's clock; the replay, 36 s later.
	const start = DateTime.now().setZone(ZONE).plus({ days: 2 }).startOf('minute');
	// Invitee A is usually active six hours from now: guidance the next day at that hour.
	const activeHourA = DateTime.now().setZone(ZONE).plus({ hours: 6 }).hour;
	const A = { person_id: '13800000001', name: '陈晨', phone: '13800000001', email: '', channel: 'sms' };
	const B = { person_id: 'b.li@example.com', name: '李贝', phone: '', email: 'b.li@example.com', channel: 'email' };
	const C = { person_id: '13800000003', name: '周策', phone: '13800000003', email: '', channel: 'sms' };
	const D_ID = 'd.ding@example.com';

	let workflowId = '';
	let since = 0;
	let launchedAt = 0;
	/** When n8n planned each journey, as the template recorded it: the launch, and each registration by person_id. */
	let launchPlannedAt = 0;
	const registrationPlannedAt: Record<string, number> = {};
	const registrations: Record<string, { at: number; done: number }> = {};
	let sms: Array<{ at: number; phone: string; templateId: string; text?: string }> = [];
	let emails: Array<{ at: number; to: string[]; subject: string; data: string }> = [];
	let mark = 0;

	beforeAll(async () => {
		await e2e.sandbox.reset();
		const workflow = withSettings(template, {
			eventId,
			eventStart: start.toISO()!,
			timeScale: JOURNEY_SCALE,
			replayDelayMinutes: REPLAY_DELAY_MINUTES,
		});
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
		since = Date.now();

		// B registered on the event page before the invitation and is already in the live room (the
		// live platform's callback), before any reminder is due however slow the machine.
		const early = await post('live-stream/register', { name: B.name, email: B.email, channel: 'email', person_id: B.person_id });
		expect([early.status, early.json?.ok]).toEqual([200, true]);
		const entered = await post('live-stream/attendance', { email: B.email });
		if (entered.status !== 200)
			throw new Error(`attendance: ${entered.status} ${JSON.stringify(entered.json)}; ${(await failures(e2e, workflowId)).join('; ')}`);
		await eventually(
			async () =>
				(await e2e.n8n.dataTableRows(AUDIENCE)).find((p) => p.event_id === eventId && p.person_id === B.person_id)?.entered === true ||
				undefined,
			'B in the room',
			60_000,
		);

		launchedAt = Date.now();
		const launch = await e2e.n8n.runManually(workflowId, 'Send Invitation');

		// C accepts at once, D walks in from the group post (both within the same moment); one
		// registration is invalid.
		const answers = await Promise.all(
			Object.entries({
				C: { name: C.name, phone: '138 0000 0003' },
				D: { name: '丁迪', email: 'D.Ding@Example.com' },
			}).map(async ([key, body]) => [key, await post('live-stream/register', body)] as const),
		);
		for (const [key, r] of answers) {
			if (r.status !== 200)
				throw new Error(`registration ${key}: ${r.status} ${JSON.stringify(r.json)}; ${(await failures(e2e, workflowId)).join('; ')}`);
			expect([key, r.status, r.json?.ok]).toEqual([key, 200, true]);
			registrations[key] = r;
		}
		const bad = await post('live-stream/register', { name: '', phone: '12345' });
		expect(bad.status).toBe(422);
		expect(bad.json.errors).toEqual(['name is required', 'phone must be a mainland China mobile number']);
		// Forged attendance: without the platform's key (403), or naming a person_id (matches nobody).
		expect((await post('live-stream/attendance', { phone: C.phone }, {})).status).toBe(403);
		expect((await post('live-stream/attendance', { person_id: C.person_id })).status).toBe(200);

		expect((await e2e.n8n.waitForExecution(launch, 300_000)).status).toBe('success');
		// Six messages in all: A guidance + reminder; C and D reminder + replay; none for B, already in the room.
		await eventually(
			async () => (await e2e.n8n.dataTableRows(MESSAGES)).filter((m) => m.event_id === eventId).length >= 6 || undefined,
			'six messages',
			90_000,
		);
		await new Promise((r) => setTimeout(r, 3000));
		sms = (await e2e.sandbox.sms()).filter((m) => m.at >= since);
		emails = (await e2e.sandbox.emails()).filter((m) => m.at >= since);
		// The moments the template planned from (Plan Event at the launch, Plan Reminder per registration).
		launchPlannedAt = Date.parse(nodeOutput(await e2e.n8n.execution(launch), 'Plan Event')[0]?.planned_at);
		for (const run of await e2e.n8n.executions(workflowId))
			for (const plan of nodeOutput(await e2e.n8n.execution(run.id), 'Plan Reminder'))
				registrationPlannedAt[plan.person_id] = Date.parse(plan.planned_at);
	}, 600_000);

	afterAll(async () => {
		if (workflowId) await e2e.n8n.deactivate(workflowId);
	});

	it('plans the invitee journeys when the invitation goes out, and each reminder when its registration arrives', async () => {
		const robot = await accepted(e2e, '/cgi-bin/webhook/send', mark);
		expect(launchPlannedAt).toBeGreaterThanOrEqual(launchedAt);
		expect(launchPlannedAt).toBeLessThanOrEqual(robot[0].at);
		for (const [key, id] of [
			['C', C.person_id],
			['D', D_ID],
		]) {
			expect([key, registrationPlannedAt[id] >= registrations[key].at]).toEqual([key, true]);
			expect([key, registrationPlannedAt[id] <= registrations[key].done]).toEqual([key, true]);
		}
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
		let guidance = DateTime.fromMillis(launchPlannedAt, { zone: ZONE })
			.plus({ days: 1 })
			.set({ hour: activeHourA, minute: 0, second: 0, millisecond: 0 });
		if (guidance.toMillis() < launchPlannedAt + 86400_000) guidance = guidance.plus({ days: 1 });
		expectOnTime('guidance to A', toA[0].at, scaled(launchPlannedAt, guidance));
		expectOnTime('reminder to A', toA[1].at, scaled(launchPlannedAt, start.minus({ minutes: 5 })));
		expect(toA[0].text).toContain(settingValue(template, 'registrationUrl'));
		expect(toA[1].text).toContain('现在报名还来得及');
	});

	it('reminds everyone who registered 5 minutes before the start, by the channel they chose, unless already in the room', () => {
		const reminderFor = (id: string) => scaled(registrationPlannedAt[id], start.minus({ minutes: 5 }));
		const toC = sms.filter((m) => m.phone === C.phone);
		expect(toC[0].templateId).toBe('LIVE_REMINDER');
		expectOnTime('reminder to C', toC[0].at, reminderFor(C.person_id));
		expect(toC[0].text).toContain(settingValue(template, 'roomUrl'));
		const toD = emails.filter((m) => m.to.includes(D_ID));
		expect(toD[0].subject).toBe(`5 分钟后开播：${settingValue(template, 'eventTitle')}`);
		expect(emailText(toD[0].data)).toContain(settingValue(template, 'roomUrl'));
		expectOnTime('reminder to D', toD[0].at, reminderFor(D_ID));
		// B entered the room early: no reminder, and no replay later.
		expect(emails.filter((m) => m.to.includes(B.email))).toHaveLength(0);
		// Guidance is only for people who have not accepted.
		expect(sms.filter((m) => m.phone === C.phone && m.templateId === 'LIVE_GUIDANCE')).toHaveLength(0);
	});

	it('sends the replay after the event, planned at the launch, only to registrants who never entered the room', () => {
		const end = start.plus({ minutes: settingValue(template, 'eventDurationMinutes') + REPLAY_DELAY_MINUTES });
		const replays = [
			...sms.filter((m) => m.templateId === 'LIVE_REPLAY').map((m) => [m.phone, m.at] as const),
			...emails.filter((m) => m.subject.startsWith('直播回放')).map((m) => [m.to[0], m.at] as const),
		];
		expect(replays.map(([to]) => to).sort()).toEqual([C.phone, D_ID]);
		for (const [to, at] of replays) expectOnTime(`replay to ${to}`, at, scaled(launchPlannedAt, end));
		const lastReminder = Math.max(
			...sms.filter((m) => m.templateId === 'LIVE_REMINDER').map((m) => m.at),
			...emails.filter((m) => m.subject.startsWith('5 分钟后开播')).map((m) => m.at),
		);
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
			[D_ID]: 'replay_sent',
		});
		expect(people.find((p) => p.person_id === D_ID)).toMatchObject({ registered: true, channel: 'email', name: '丁迪' });
		const log = (await e2e.n8n.dataTableRows(MESSAGES)).filter((m) => m.event_id === eventId);
		const stages = log.map((m) => `${m.person_id}:${m.stage}`).sort();
		expect(stages).toEqual(
			[
				`${A.person_id}:guidance`,
				`${A.person_id}:reminder_invitee`,
				`${C.person_id}:reminder_registrant`,
				`${C.person_id}:replay`,
				`${D_ID}:reminder_registrant`,
				`${D_ID}:replay`,
			].sort(),
		);
	});
});

describe('template 02: the public registration form is limited by default', () => {
	const eventId = `live_limits_${Date.now()}`;
	// Reminders come about 4 s (scaled) after each registration.
	const start = DateTime.now().setZone(ZONE).plus({ days: 1 }).startOf('minute');
	const limited = settingValue(template, 'limitedMessage');
	let workflowId = '';
	let since = 0;
	const answers: Record<string, Array<{ status: number; json: any }>> = { network: [], email: [], phone: [], repeat: [] };
	const phone = (n: number) => `1390000${String(n).padStart(4, '0')}`;

	beforeAll(async () => {
		await e2e.sandbox.reset();
		workflowId = (await deployTemplate(e2e, withSettings(template, { eventId, eventStart: start.toISO()! }))).id;
		since = Date.now();
		const register = (body: Record<string, unknown>, ip?: string) =>
			post('live-stream/register', body, ip ? { 'x-forwarded-for': `${ip}, 10.0.0.1` } : {});
		// 22 different people from one network (a script): 20 a day are let in.
		for (let i = 1; i <= 22; i++) answers.network.push(await register({ name: `访客${i}`, phone: phone(i) }, '203.0.113.7'));
		// One email behind four phones, from four networks: 3 a day.
		for (let i = 31; i <= 34; i++)
			answers.email.push(await register({ name: `同邮箱${i}`, phone: phone(i), email: 'shared@example.com' }, `198.51.100.${i}`));
		// One phone with four emails: 3 a day, and still one reminder for the person.
		for (let i = 1; i <= 4; i++)
			answers.phone.push(await register({ name: '同手机', phone: phone(41), email: `p${i}@example.com` }, `192.0.2.${i}`));
		// A double click: the second is a repeat, answered but not registered again.
		for (let i = 0; i < 2; i++) answers.repeat.push(await register({ name: '双击', phone: phone(51) }, '192.0.2.51'));
		// Every accepted registration's reminder (SMS), then a moment for anything that should not come.
		await eventually(
			async () =>
				(await e2e.sandbox.sms()).filter((m) => m.at >= since && m.templateId === 'LIVE_REMINDER').length >= 20 + 3 + 1 + 1 || undefined,
			'the reminders of the accepted registrations',
			60_000,
		);
		await new Promise((r) => setTimeout(r, 3000));
	}, 180_000);

	afterAll(async () => {
		if (workflowId) await e2e.n8n.deactivate(workflowId);
	});

	it('answers 429 with a clear message past 20 registrations a day from one network, and texts only those let in', async () => {
		expect(answers.network.map((a) => a.status)).toEqual([...Array(20).fill(200), 429, 429]);
		expect(answers.network[21].json).toEqual({ ok: false, errors: [limited] });
		const sms = (await e2e.sandbox.sms()).filter((m) => m.at >= since);
		expect(sms.filter((m) => m.phone === phone(21) || m.phone === phone(22))).toEqual([]);
		for (let i = 1; i <= 20; i++) expect([phone(i), sms.filter((m) => m.phone === phone(i)).length]).toEqual([phone(i), 1]);
	});

	it('limits registrations per email and per phone, and a phone gets one reminder however often it registers', async () => {
		expect(answers.email.map((a) => a.status)).toEqual([200, 200, 200, 429]);
		expect(answers.phone.map((a) => a.status)).toEqual([200, 200, 200, 429]);
		const sms = (await e2e.sandbox.sms()).filter((m) => m.at >= since);
		expect(sms.filter((m) => m.phone === phone(34))).toEqual([]);
		expect(sms.filter((m) => m.phone === phone(41)).map((m) => m.templateId)).toEqual(['LIVE_REMINDER']);
	});

	it('answers a double click as received, without a second registration or message', async () => {
		expect(answers.repeat.map((a) => [a.status, a.json.ok, a.json.person_id])).toEqual([
			[200, true, phone(51)],
			[200, true, phone(51)],
		]);
		const sms = (await e2e.sandbox.sms()).filter((m) => m.at >= since && m.phone === phone(51));
		expect(sms).toHaveLength(1);
	});

	it('never fails an execution over a refused request', async () => {
		expect(await failures(e2e, workflowId)).toEqual([]);
	});
});

describe('template 02: no phone gets more SMS a day than its budget', () => {
	const eventId = `live_budget_${Date.now()}`;
	const start = DateTime.now().setZone(ZONE).plus({ days: 2 }).startOf('minute');
	const X = { person_id: '13700000001', name: '许夕', phone: '13700000001', email: '', channel: 'sms' };
	const Y = '13700000002';
	let workflowId = '';
	let launchedAt = 0;

	beforeAll(async () => {
		await e2e.sandbox.reset();
		// A budget of one SMS per phone per day: the invitee's guidance and the registrant's reminder
		// go out; the invitee's last call and the registrant's replay would be the second of the day.
		const workflow = withSettings(template, { eventId, eventStart: start.toISO()!, maxSmsPerPhonePerDay: 1 });
		workflowId = (await deployTemplate(e2e, workflow)).id;
		const activeHour = DateTime.now().setZone(ZONE).plus({ hours: 6 }).hour;
		await e2e.n8n.insertDataTableRows(AUDIENCE, [
			{ event_id: eventId, ...X, active_hour: activeHour, registered: false, entered: false, status: 'invited' },
		]);
		launchedAt = Date.now();
		const launch = await e2e.n8n.runManually(workflowId, 'Send Invitation');
		expect((await post('live-stream/register', { name: '余叶', phone: Y })).status).toBe(200);
		expect((await e2e.n8n.waitForExecution(launch, 60_000)).status).toBe('success');
		// Past the replay (about 9 s after the launch) and every wait before it.
		await eventually(
			async () => (await e2e.n8n.dataTableRows(MESSAGES)).filter((m) => m.event_id === eventId).length >= 4 || undefined,
			'four planned messages',
			60_000,
		);
		await new Promise((r) => setTimeout(r, 3000));
	}, 120_000);

	afterAll(async () => {
		if (workflowId) await e2e.n8n.deactivate(workflowId);
	});

	it('sends each phone one SMS on that day, and logs the other as over the budget', async () => {
		// Which of the two comes first depends on how fast the machine runs the (scaled) waits; the budget does not.
		const sms = (await e2e.sandbox.sms()).filter((m) => m.at >= launchedAt);
		expect(sms.filter((m) => m.phone === X.phone)).toHaveLength(1);
		expect(sms.filter((m) => m.phone === Y)).toHaveLength(1);
		const log = (await e2e.n8n.dataTableRows(MESSAGES)).filter((m) => m.event_id === eventId);
		const stages = (phone: string) => log.filter((m) => m.person_id === phone);
		expect(
			stages(X.phone)
				.map((m) => m.stage)
				.sort(),
		).toEqual(['guidance', 'reminder_invitee']);
		expect(
			stages(Y)
				.map((m) => m.stage)
				.sort(),
		).toEqual(['reminder_registrant', 'replay']);
		for (const phone of [X.phone, Y]) {
			expect(
				stages(phone)
					.map((m) => m.status)
					.sort(),
			).toEqual(['over_budget', 'sent']);
			const sent = stages(phone).find((m) => m.status === 'sent')!;
			expect(sms.find((m) => m.phone === phone)?.templateId).toBe(
				{ guidance: 'LIVE_GUIDANCE', reminder_invitee: 'LIVE_REMINDER', reminder_registrant: 'LIVE_REMINDER', replay: 'LIVE_REPLAY' }[
					sent.stage as string
				],
			);
		}
		expect(await failures(e2e, workflowId)).toEqual([]);
	});
});
