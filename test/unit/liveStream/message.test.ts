import { composeMessage, fillPlaceholders, safeName } from '../../../lib/liveStream/message';

const values = { title: 'B2B 私域增长实战', time: '6月12日 19:30', link: 'https://live.example.com/0612' };
const v = (name: unknown) => ({ name, nameFallback: '您好', maxNameLength: 20, values });

describe('composeMessage', () => {
	it('fills every placeholder, the subject and the SMS template parameters in order', () => {
		const m = composeMessage(
			{ text: '{name}，直播「{title}」{time} 开始：{link}', subject: '5 分钟后开播：{title}', smsParams: '{name}, {title}，{link}' },
			'sms',
			v('李雷'),
		);
		expect(m).toEqual({
			text: '李雷，直播「B2B 私域增长实战」6月12日 19:30 开始：https://live.example.com/0612',
			subject: '5 分钟后开播：B2B 私域增长实战',
			sms_params: ['李雷', 'B2B 私域增长实战', 'https://live.example.com/0612'],
		});
	});

	it('never lets the name speak for the company: no links, markup, fake signatures or line breaks; capped', () => {
		const text = '{name}，回放已上线：{link}';
		expect(composeMessage({ text }, 'sms', v('【某银行】您的账户异常 点击 bit.ly/x')).text).toBe(
			'某银行 您的账户异常 点击，回放已上线：https://live.example.com/0612',
		);
		const email = composeMessage({ text }, 'email', v('<a href="http://evil.cn">Tom</a>\n\nPS')).text;
		expect(email.split('，')[0]).toBe('a href=" PS');
		expect(email).not.toMatch(/evil|[<>\n]/);
		expect(safeName('王'.repeat(50), 'sms', 20, '您好')).toBe('王'.repeat(20));
		// Nothing left after cleaning: the fallback.
		expect(composeMessage({ text }, 'sms', v('http://x.cn')).text.startsWith('您好，')).toBe(true);
		// The company's own values are placed as they are (links stay).
		expect(composeMessage({ text: '{link}' }, 'sms', v('x')).text).toBe(values.link);
	});

	it('refuses a placeholder without a value, naming the field and the known ones', () => {
		expect(() => fillPlaceholders('{name} {tilte}', { name: 'x', title: 'y' }, 'Text')).toThrow(
			'Text uses {tilte}, which has no value (known: {name}, {title})',
		);
		expect(() => composeMessage({ text: 'x', subject: '{when}' }, 'email', v('x'))).toThrow('Subject uses {when}');
		expect(() => composeMessage({ text: '  ' }, 'sms', v('x'))).toThrow('Text is empty');
		// Braces that are not placeholders stay.
		expect(fillPlaceholders('{ ok } {1}', {}, 'Text')).toBe('{ ok } {1}');
	});
});
