import { runCode } from './codeNode';
import { settingsOf, template } from './support';

const t = template('01-trial-signup.json');
const settings = settingsOf(t);
const NOW = '2025-06-11T09:30:00+08:00';
const check = (body: Record<string, unknown>, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
	runCode(t, 'Check Signup', { input: [{ body, headers }], nodes: { Settings: [settings] }, now: NOW })[0].json;

describe('Trial signup: Check Signup', () => {
	const valid = { name: ' 韩梅梅 ', company: '星河软件', title: '市场总监', phone: '+86 138-0013-8000', email: 'Han@Example.CN', companySize: '300人', utm_campaign: 'spring' };

	it('normalizes the lead for Lead Score and CRM Push, with its source', () => {
		const out = check(valid);
		expect(out).toMatchObject({
			valid: true,
			leadId: 'han@example.cn',
			name: '韩梅梅',
			phone: '13800138000',
			email: 'han@example.cn',
			companySize: 300,
			channel: settings.channel,
			campaign: 'spring',
			utm_campaign: 'spring',
			sdrUserId: settings.sdrUserId,
			htmlForm: false,
			lead: { name: '韩梅梅', company: '星河软件', title: '市场总监', phone: '13800138000', email: 'han@example.cn', companySize: 300, industry: '' },
		});
		expect(out.events).toEqual([{ type: 'trial_requested', id: 'trial:han@example.cn:2025-06-11', time: '2025-06-11T09:30:00.000+08:00', channel: 'website', campaign: 'spring' }]);
		expect(out.activities[0]).toMatchObject({ type: 'Trial form', title: '申请试用', detail: '星河软件 · 市场总监 · 300 人 · 来源 website · 活动 spring' });
	});

	it('gives a double submit on the same day the same event ID, and a later request a new one', () => {
		const a = check(valid).events[0].id;
		const b = check({ ...valid, email: 'han@example.cn' }).events[0].id;
		expect(a).toBe(b);
		const nextDay = runCode(t, 'Check Signup', { input: [{ body: valid, headers: {} }], nodes: { Settings: [settings] }, now: '2025-06-12T09:30:00+08:00' })[0].json;
		expect(nextDay.events[0].id).not.toBe(a);
	});

	it('names every missing or malformed field', () => {
		expect(check({ phone: '1234', email: 'x@' }).errors).toEqual(['name is required', 'company is required', 'phone must be a mainland China mobile number', 'email is not a valid address']);
	});

	it('recognizes a plain HTML form post (answered with the thank-you page)', () => {
		expect(check(valid, { 'content-type': 'application/x-www-form-urlencoded' }).htmlForm).toBe(true);
		expect(check(valid, { 'content-type': 'multipart/form-data; boundary=x' }).htmlForm).toBe(true);
	});
});
