import { barChart, clip, esc, formatNumber, funnelChart, timeSeriesChart } from '../../../lib/dashboard/svg';

/** Every element carrying data-* attributes, as objects. */
function marks(svg: string, cls: string): Array<Record<string, string>> {
	const out: Array<Record<string, string>> = [];
	for (const m of svg.matchAll(new RegExp(`<g class="${cls}"([^>]*)>([\\s\\S]*?)</g>`, 'g'))) {
		const attrs: Record<string, string> = {};
		for (const a of m[1].matchAll(/data-(\w+)="([^"]*)"/g)) attrs[a[1]] = a[2];
		attrs.printed = /<text class="value"[^>]*>([^<]*)<\/text>/.exec(m[2])?.[1] ?? '';
		out.push(attrs);
	}
	return out;
}

describe('dashboard SVG: bar chart', () => {
	const svg = barChart({
		id: 'c1',
		title: 'Leads per group',
		categories: ['MarTech 1群', 'SaaS 增长群'],
		series: [
			{ name: 'Leads', values: [12, 30] },
			{ name: 'SQL', values: [3, 0] },
		],
	});

	it('draws one bar per category and series, with its number printed beside it', () => {
		expect(marks(svg, 'bar')).toEqual([
			{ category: 'MarTech 1群', series: 'Leads', value: '12', printed: '12' },
			{ category: 'MarTech 1群', series: 'SQL', value: '3', printed: '3' },
			{ category: 'SaaS 增长群', series: 'Leads', value: '30', printed: '30' },
			{ category: 'SaaS 增长群', series: 'SQL', value: '0', printed: '0' },
		]);
	});

	it('scales bars to the largest value', () => {
		const widths = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="14"/g)].map((m) => Number(m[1]));
		expect(widths[2]).toBeGreaterThan(widths[0]);
		expect(widths[0] / widths[2]).toBeCloseTo(12 / 30, 2);
		expect(widths[3]).toBe(0);
	});

	it('is accessible: role img, a title and a description naming the figures', () => {
		expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="c1-title c1-desc"/);
		expect(svg).toContain('<title id="c1-title">Leads per group</title>');
		expect(svg).toContain('<desc id="c1-desc">MarTech 1群: Leads 12, SQL 3; SaaS 增长群: Leads 30, SQL 0</desc>');
	});

	it('escapes text from outside in labels, titles and attributes', () => {
		const evil = barChart({
			id: 'x"y',
			title: '<b>t</b>',
			categories: ['<script>alert(1)</script>"&\''],
			series: [{ name: 'a<b', values: [1] }],
		});
		expect(evil).not.toMatch(/<script|<b>|id="x"y"/);
		expect(evil).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&#39;');
		expect(evil).toContain('data-series="a&lt;b"');
	});

	it('says so when there is nothing to draw', () => {
		expect(barChart({ id: 'e', title: 'T', categories: [], series: [], emptyText: 'Nothing yet' })).toContain('>Nothing yet</text>');
	});
});

describe('dashboard SVG: funnel', () => {
	it('prints each step with its conversion from the step before', () => {
		const svg = funnelChart({
			id: 'f',
			title: 'Funnel',
			steps: [
				{ label: 'Leads', value: 200 },
				{ label: 'MQL', value: 50 },
				{ label: 'SQL', value: 0 },
				{ label: 'Won', value: 0 },
			],
		});
		expect(marks(svg, 'step')).toEqual([
			{ step: 'Leads', value: '200', printed: '200' },
			{ step: 'MQL', value: '50', printed: '50 (25%)' },
			{ step: 'SQL', value: '0', printed: '0 (0%)' },
			{ step: 'Won', value: '0', printed: '0 (–)' },
		]);
		expect(svg).toContain('<desc id="f-desc">Leads 200, MQL 50, SQL 0, Won 0</desc>');
	});
});

describe('dashboard SVG: time series', () => {
	it('draws a point per period and series with its value, and one line per series', () => {
		const svg = timeSeriesChart({
			id: 't',
			title: 'Weekly',
			periods: ['2026-11-02', '2026-11-09'],
			series: [
				{ name: 'Leads', values: [4, 9] },
				{ name: 'SQL', values: [1, 2] },
			],
		});
		expect(marks(svg, 'point')).toEqual([
			{ series: 'Leads', period: '2026-11-02', value: '4', printed: '4' },
			{ series: 'Leads', period: '2026-11-09', value: '9', printed: '9' },
			{ series: 'SQL', period: '2026-11-02', value: '1', printed: '1' },
			{ series: 'SQL', period: '2026-11-09', value: '2', printed: '2' },
		]);
		expect(svg.match(/<polyline/g)).toHaveLength(2);
		// Higher values sit higher (smaller y).
		const ys = [...svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => Number(m[1]));
		expect(ys[1]).toBeLessThan(ys[0]);
	});
});

describe('dashboard SVG: helpers', () => {
	it('escapes the five HTML characters', () => {
		expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
	});
	it('formats numbers with separators and one decimal', () => {
		expect(formatNumber(1234567)).toBe('1,234,567');
		expect(formatNumber(12.345)).toBe('12.3');
		expect(formatNumber(NaN)).toBe('–');
	});
	it('clips long labels, counting CJK characters as two', () => {
		expect(clip('abcdef', 4)).toBe('abcd…');
		expect(clip('营销增长群', 6)).toBe('营销增…');
		expect(clip('abc', 4)).toBe('abc');
	});
});
