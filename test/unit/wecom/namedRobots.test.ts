import { NamedRobots } from '../../../lib/wecom/namedRobots';

describe('NamedRobots', () => {
	it('reads "name = URL or key" lines, skipping blanks and # comments', () => {
		const r = new NamedRobots(
			'# groups\nMarTech 1群 = https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-1\n\n a=b 群 = k-2 ',
			'http://127.0.0.1:8787',
		);
		expect(r.names()).toEqual(['MarTech 1群', 'a']);
		expect(r.resolve(' MarTech 1群 ')).toEqual({ baseUrl: 'https://qyapi.weixin.qq.com', key: 'k-1' });
		expect(r.resolve('a')).toEqual({ baseUrl: 'http://127.0.0.1:8787', key: 'b 群 = k-2' });
	});

	it('names the line of a malformed entry and the unknown robot', () => {
		expect(() => new NamedRobots('ok = k\nno separator')).toThrow('Named Robots, line 2');
		expect(() => new NamedRobots('empty =')).toThrow('"empty" has no webhook');
		expect(() => new NamedRobots('a = k').resolve('b')).toThrow('No robot named "b"');
	});
});
