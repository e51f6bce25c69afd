import { checkSignup, DEFAULT_SIGNUP_RULES } from '../../../lib/intake/signup';

const rules = { ...DEFAULT_SIGNUP_RULES, defaultCampaign: 'trial_form', sdrUserId: 'zhangsan', activityTitle: '申请试用' };
const NOW = '2025-06-11T09:30:00+08:00';
const valid = {
	name: ' 韩梅梅 ',
	company: '星河软件',
	title: '市场总监',
	phone: '+86 138-0013-8000',
	email: 'Han@Example.CN',
	companySize: '300人',
	utm_campaign: 'spring',
};
const check = (body: Record<string, unknown>, extra: { contentType?: string; clientIp?: string; now?: string } = {}) =>
	checkSignup({ body, contentType: 'application/json', now: NOW, ...extra }, rules);

describe('checkSignup', () => {
	it('normalizes the lead for Lead Score and CRM Push, with its source and intake keys', () => {
		const out = check(valid, { clientIp: '203.0.113.7, 10.0.0.1' });
		expect(out).toMatchObject({
			valid: true,
			leadId: 'han@example.cn',
			key: 'han@example.cn|13800138000|2025-06-11',
			phoneDay: '13800138000|2025-06-11',
			emailDay: 'han@example.cn|2025-06-11',
			ipDay: '203.0.113.7|2025-06-11',
			name: '韩梅梅',
			phone: '13800138000',
			companySize: 300,
			channel: 'website',
			campaign: 'spring',
			sdrUserId: 'zhangsan',
			htmlForm: false,
			lead: {
				name: '韩梅梅',
				company: '星河软件',
				title: '市场总监',
				phone: '13800138000',
				email: 'han@example.cn',
				companySize: 300,
				industry: '',
			},
		});
		expect(out.events).toEqual([
			{
				type: 'trial_requested',
				id: 'trial_requested:han@example.cn:2025-06-11',
				time: '2025-06-11T09:30:00.000+08:00',
				channel: 'website',
				campaign: 'spring',
			},
		]);
		expect(out.activities[0]).toMatchObject({
			type: 'Trial form',
			title: '申请试用',
			detail: '星河软件 · 市场总监 · 300 · website · spring',
		});
	});

	it('lists every problem of an invalid request', () => {
		expect(check({ name: '', company: 'X', phone: '12345', email: 'not-an-email' }).errors).toEqual([
			'name is required',
			'phone must be a mainland China mobile number',
			'email is not a valid address',
		]);
	});

	it('strips links and caps the text a stranger typed, and says so', () => {
		const out = check({ ...valid, name: '中奖通知 请点 http://evil.cn/pay 领取', company: 'X'.repeat(200) });
		expect(out.name).toBe('中奖通知 请点 领取');
		expect(out.company).toHaveLength(80);
		expect(out.cleaned).toEqual(['name', 'company']);
	});

	it('refuses a name that is only a link', () => {
		expect(check({ ...valid, name: 'https://evil.cn' }).errors).toContain('name is required');
	});

	it('keeps campaign and channel codes to plain characters', () => {
		expect(check({ ...valid, channel: '<script>x', utm_campaign: 'a b;c' })).toMatchObject({ channel: 'scriptx', campaign: 'abc' });
	});

	it('counts the day in the configured zone, and tells an HTML form post apart', () => {
		const late = check(valid, { now: '2025-06-11T17:30:00Z', contentType: 'application/x-www-form-urlencoded' });
		expect(late.day).toBe('2025-06-12');
		expect(late.htmlForm).toBe(true);
		expect(check(valid).ipDay).toBe('');
	});
});
