import { composeMessage } from '../../../lib/liveStream/message';
import { settingsOf, template } from './support';

const t = template('02-live-stream-reminder.json');
const settings: Record<string, any> = settingsOf(t);
const node = (name: string) => t.json.nodes.find((n) => n.name === name)!;
/** What a stage node sets, with its Settings references read from the template's Settings. */
const stage = (name: string): Record<string, string> =>
	Object.fromEntries(
		node(name).parameters.assignments.assignments.map((a: { name: string; value: string }) => {
			const ref = /\$\('Settings'\)\.first\(\)\.json\.(\w+)/.exec(a.value);
			return [a.name, ref ? settings[ref[1]] : a.value];
		}),
	);
const values = {
	title: settings.eventTitle,
	time: '6月12日 19:30',
	teaser: settings.teaser,
	registrationUrl: settings.registrationUrl,
	roomUrl: settings.roomUrl,
	replayUrl: settings.replayUrl,
};
const compose = (stageNode: string, name = '李雷') => {
	const s = stage(stageNode);
	return {
		...s,
		...composeMessage({ text: s.wording_text, subject: s.wording_subject, smsParams: s.wording_sms_params }, 'sms', {
			name,
			nameFallback: settings.nameFallback,
			maxNameLength: 20,
			values,
		}),
	};
};

describe('Live-stream reminder: no code, wording in Settings', () => {
	it('holds no Code node: journeys, registrations and messages are pack nodes and n8n nodes', () => {
		expect(t.json.nodes.filter((n) => n.type === 'n8n-nodes-base.code').map((n) => n.name)).toEqual([]);
		expect(node('Plan Journeys').type).toBe('n8n-nodes-wecom-growth.liveStream');
		expect(node('Compose Message').type).toBe('n8n-nodes-wecom-growth.liveStream');
		expect(node('Check Registration').parameters.operation).toBe('checkRegistration');
	});

	it("writes each stage's message from the Settings wording, with the right link, template and the status it leads to", () => {
		const guidance = compose('Stage: Guidance');
		expect(guidance).toMatchObject({ status: 'guided', sms_template_id: settings.smsTemplateGuidance });
		expect(guidance.text).toContain('6月12日 19:30');
		expect(guidance.text).toContain(settings.registrationUrl);
		expect(compose('Stage: Reminder (Registrant)')).toMatchObject({
			status: 'reminded',
			subject: `5 分钟后开播：${settings.eventTitle}`,
			sms_params: ['李雷', settings.eventTitle, settings.roomUrl],
		});
		expect(compose('Stage: Reminder (Invitee)')).toMatchObject({ status: 'stopped' });
		expect(compose('Stage: Reminder (Invitee)').text).toContain('现在报名还来得及');
		expect(compose('Stage: Replay').text).toContain(settings.replayUrl);
		expect(compose('Stage: Replay', '').text.startsWith(`${settings.nameFallback}，`)).toBe(true);
	});

	it('offers every placeholder the wording uses (a typo in Settings would stop the message)', () => {
		const composeNode = node('Compose Message').parameters.values.value.map((v: { key: string }) => v.key);
		expect(composeNode.sort()).toEqual(Object.keys(values).sort());
		for (const [name, value] of Object.entries(settings))
			if (/Text$|Subject$|SmsParams$/.test(name) && !['groupPostText', 'ownerTaskText'].includes(name))
				for (const [, key] of String(value).matchAll(/\{(\w+)\}/g))
					expect([name, key, [...composeNode, 'name'].includes(key)]).toEqual([name, key, true]);
	});

	it('has the registration limits and the SMS budget on by default', () => {
		expect(settings).toMatchObject({
			maxRegistrationsPerPhonePerDay: 3,
			maxRegistrationsPerEmailPerDay: 3,
			maxRegistrationsPerNetworkPerDay: 20,
			maxSmsPerPhonePerDay: 3,
		});
		expect(node('Check Limits and Repeats').parameters.perIp).toContain('maxRegistrationsPerNetworkPerDay');
		expect(node('Check SMS Budget').parameters.smsPerPhone).toContain('maxSmsPerPhonePerDay');
	});
});
