import { checkRegistration } from '../../../lib/intake/registration';

const NOW = '2025-06-09T10:00:00+08:00';
const rules = { eventId: 'live_0612', timezone: 'Asia/Shanghai', maxNameLength: 40 };
const check = (body: Record<string, unknown>, clientIp = '') => checkRegistration({ body, clientIp, now: NOW }, rules);

describe('checkRegistration', () => {
	it('normalizes the person and picks the channel they can be reached on', () => {
		expect(check({ name: '李雷', phone: '138 0013 8000' })).toMatchObject({
			valid: true,
			person_id: '13800138000',
			channel: 'sms',
			event_id: 'live_0612',
			registered_at: '2025-06-09T10:00:00.000+08:00',
		});
		expect(check({ name: '韩梅梅', email: 'Mei@Example.com' })).toMatchObject({
			valid: true,
			person_id: 'mei@example.com',
			channel: 'email',
		});
		expect(check({ name: 'x', phone: '13800138000', email: 'x@example.com', channel: 'email' }).channel).toBe('email');
		// Asked for SMS but gave only an email: email it is.
		expect(check({ name: 'x', email: 'x@example.com', channel: 'sms' }).channel).toBe('email');
	});

	it('never lets the caller choose the upsert key', () => {
		expect(check({ name: 'x', phone: '+86 138 0013 8000', person_id: 'crm-42' }).person_id).toBe('13800138000');
		expect(check({ name: 'x', email: 'x@example.com', person_id: '13800000001' }).person_id).toBe('x@example.com');
	});

	it('derives the keys that repeats and daily limits count on', () => {
		expect(check({ name: 'x', phone: '13800138000', email: 'X@e.cn' }, '10.0.0.9, 172.16.0.1')).toMatchObject({
			key: 'live_0612|13800138000|x@e.cn|2025-06-09',
			phoneDay: '13800138000|2025-06-09',
			emailDay: 'x@e.cn|2025-06-09',
			ipDay: '10.0.0.9|2025-06-09',
		});
		expect(check({ name: 'x', email: 'x@e.cn' })).toMatchObject({ phoneDay: '', ipDay: '' });
	});

	it('cleans the name of links and markup, and names every problem', () => {
		expect(check({ name: '张三 <b>www.evil.cn</b>', phone: '13800138000' })).toMatchObject({ name: '张三 b', cleaned: ['name'] });
		expect(check({ name: '', phone: '12345', email: 'nope', event_id: 'other' }).errors).toEqual([
			'name is required',
			'phone must be a mainland China mobile number',
			'email is not a valid address',
			'unknown event other',
		]);
		expect(check({ name: 'x' }).errors).toEqual(['phone or email is required']);
		expect(check({ name: 'http://x.cn', phone: '13800138000' }).errors).toEqual(['name is required']);
	});
});
