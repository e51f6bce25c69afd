import { LeadIntake } from '../../../nodes/LeadIntake/LeadIntake.node';
import { LiveStream } from '../../../nodes/LiveStream/LiveStream.node';
import { runNode } from '../../helpers/runNode';

const node = new LiveStream();
const plan = {
	operation: 'planJourney',
	eventStart: '2025-06-12T19:30:00+08:00',
	durationMinutes: 90,
	reminderMinutesBefore: 5,
	replayDelayMinutes: 30,
	guidanceMinDays: 1,
	guidanceMaxDays: 3,
	defaultActiveHour: 20,
	plannedAt: '2025-06-09T10:00:00+08:00',
	timeScale: 1,
};

describe('Live Stream node', () => {
	it('Plan Journey: each input item with its times, paired to it', async () => {
		const [out] = await runNode(node, {
			parameters: (i) => ({ ...plan, activeHour: [8, ''][i] }),
			items: [{ person_id: 'a' }, { person_id: 'b' }],
		});
		expect(out.map((o) => [o.json.person_id, o.json.guidance_at, o.pairedItem])).toEqual([
			['a', '2025-06-11T08:00:00.000+08:00', { item: 0 }],
			['b', '2025-06-10T20:00:00.000+08:00', { item: 1 }],
		]);
		expect(out[0].json.replay_at).toBe('2025-06-12T21:30:00.000+08:00');
	});

	it('Plan Journey: a bad setting names the item and field; Continue On Fail keeps the others', async () => {
		await expect(runNode(node, { parameters: { ...plan, timeScale: 0 }, items: [{}] })).rejects.toThrow(
			/Item 1: invalid parameters — timeScale/,
		);
		const [out] = await runNode(node, {
			parameters: (i) => ({ ...plan, eventStart: i === 0 ? 'soon' : plan.eventStart }),
			items: [{}, {}],
			continueOnFail: true,
		});
		expect(out[0].json.error).toMatch(/Event Start is not an ISO date-time/);
		expect(out[1].json.reminder_at).toBe('2025-06-12T19:25:00.000+08:00');
	});

	it('Compose Message: wording filled per item, on the channel the person can be reached on', async () => {
		const [out] = await runNode(node, {
			parameters: (i) => ({
				operation: 'composeMessage',
				channel: 'sms',
				phone: ['13800138000', ''][i],
				email: ['', 'b@e.cn'][i],
				name: ['【客服】李雷', ''][i],
				nameFallback: '您好',
				text: '{name}，「{title}」回放：{link}',
				subject: '直播回放：{title}',
				smsParams: '{name},{title},{link}',
				values: {
					value: [
						{ key: 'title', value: '增长实战' },
						{ key: 'link', value: 'https://x.example.com/r' },
					],
				},
				maxNameLength: 20,
			}),
			items: [
				{ stage: 'replay', person_id: 'a' },
				{ stage: 'replay', person_id: 'b' },
			],
		});
		expect(out[0].json).toMatchObject({
			stage: 'replay',
			channel: 'sms',
			text: '客服 李雷，「增长实战」回放：https://x.example.com/r',
			sms_params: ['客服 李雷', '增长实战', 'https://x.example.com/r'],
		});
		expect(out[1].json).toMatchObject({
			channel: 'email',
			email: 'b@e.cn',
			subject: '直播回放：增长实战',
			text: '您好，「增长实战」回放：https://x.example.com/r',
		});
	});

	it('Lead Intake, Check Event Registration: one checked item per post, the key never from the caller', async () => {
		const [out] = await runNode(new LeadIntake(), {
			parameters: {
				operation: 'checkRegistration',
				formData: { name: '李雷', phone: '13800138000', person_id: 'x' },
				clientIp: '1.2.3.4',
				eventId: 'e1',
				registrationOptions: {},
			},
			items: [{ body: {} }],
		});
		expect(out[0].json).toMatchObject({
			valid: true,
			event_id: 'e1',
			person_id: '13800138000',
			ipDay: expect.stringMatching(/^1\.2\.3\.4\|/),
		});
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});
});
