import { compileCondition, compileConditions, getPath, isYes } from '../../../lib/scoring/conditions';
import type { Condition } from '../../../lib/scoring/types';

const test1 = (c: Condition, obj: Record<string, unknown>) => compileCondition(c)(obj);

describe('conditions', () => {
	it.each<[Condition, Record<string, unknown>, boolean]>([
		[{ field: 'channel', op: 'equals', value: 'WeCom' }, { channel: 'wecom' }, true],
		[{ field: 'channel', op: 'equals', value: 'WeCom' }, { channel: 'wechat' }, false],
		[{ field: 'count', op: 'equals', value: 3 }, { count: '3' }, true],
		[{ field: 'channel', op: 'notEquals', value: 'email' }, {}, true],
		[{ field: 'tags', op: 'contains', value: 'VIP' }, { tags: ['new', 'vip-2025'] }, true],
		[{ field: 'tags', op: 'notContains', value: 'internal' }, { tags: ['new', 'Internal'] }, false],
		[{ field: 'url', op: 'startsWith', value: '/docs' }, { url: '/Docs/api' }, true],
		[{ field: 'email', op: 'endsWith', value: '@acme.cn' }, { email: 'LI@ACME.CN' }, true],
		[{ field: 'title', op: 'matches', value: '^(cmo|vp)' }, { title: 'VP Marketing' }, true],
		[{ field: 'industry', op: 'in', value: 'SaaS, 制造' }, { industry: '制造' }, true],
		[{ field: 'industry', op: 'in', value: ['SaaS'] }, { industry: 'retail' }, false],
		[{ field: 'companySize', op: 'gt', value: 99 }, { companySize: '100-499' }, true],
		[{ field: 'companySize', op: 'lte', value: 50 }, { companySize: 'unknown' }, false],
		[{ field: 'companySize', op: 'lt', value: 50 }, {}, false],
		[{ field: 'phone', op: 'exists' }, { phone: '  ' }, false],
		[{ field: 'phone', op: 'notExists' }, { phone: [] }, true],
		[{ field: 'budget', op: 'isTrue' }, { budget: '有' }, true],
		[{ field: 'data.url', op: 'contains', value: 'pricing' }, { data: { url: '/pricing' } }, true],
		[{ field: 'source.state', op: 'equals', value: 'live0612' }, { 'source.state': 'live0612' }, true],
	])('%j on %j → %s', (c, obj, expected) => {
		expect(test1(c, obj)).toBe(expected);
	});

	it('all vs any, and no conditions always match', () => {
		const cs: Condition[] = [
			{ field: 'a', op: 'exists' },
			{ field: 'b', op: 'exists' },
		];
		expect(compileConditions(cs, 'all')({ a: 1 })).toBe(false);
		expect(compileConditions(cs, 'any')({ a: 1 })).toBe(true);
		expect(compileConditions([], 'all')({})).toBe(true);
	});

	it('lists in the data: numbers and patterns match when any element does, holes are skipped, tests are reusable', () => {
		const atLeast = compileCondition({ field: 'sizes', op: 'gte', value: 100 });
		expect([atLeast({ sizes: [5, '120 人'] }), atLeast({ sizes: [5, 99] }), atLeast({ sizes: [] })]).toEqual([true, false, false]);
		// eslint-disable-next-line no-sparse-arrays
		expect(atLeast({ sizes: [, 150] })).toBe(true);
		// eslint-disable-next-line no-sparse-arrays
		expect(compileCondition({ field: 'tags', op: 'notExists' })({ tags: [, ,] })).toBe(false);
		const pattern = compileCondition({ field: 'tags', op: 'matches', value: '^vip' });
		expect([pattern({ tags: ['new', 'VIP-2025'] }), pattern({ tags: ['new'] }), pattern({ tags: 'vip' })]).toEqual([true, false, true]);
		// The same compiled test, called again and again (it keeps no state between calls).
		const all = compileConditions([
			{ field: 'sizes', op: 'gt', value: 10 },
			{ field: 'tags', op: 'matches', value: 'vip' },
		]);
		expect([all({ sizes: [11], tags: ['vip'] }), all({ sizes: [9], tags: ['vip'] }), all({ sizes: [11], tags: ['vip'] })]).toEqual([
			true,
			false,
			true,
		]);
	});

	it('yes-like values', () => {
		expect([true, 1, 'yes', '是', '50万', ['x']].map(isYes)).toEqual([true, true, true, true, true, true]);
		expect([false, 0, '', ' no ', '否', '无', 'FALSE', null, undefined, NaN, []].map(isYes)).toEqual(Array(11).fill(false));
	});

	it('reads dot paths and keys that contain dots', () => {
		expect(getPath({ a: { b: [1, 2] } }, 'a.b.1')).toBe(2);
		expect(getPath({ 'a.b': 3 }, 'a.b')).toBe(3);
		expect(getPath(null, 'a')).toBeUndefined();
	});
});
